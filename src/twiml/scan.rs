//! Byte scans 16 bytes at a time: whether a value holds any byte of a class
//! (a byte to escape, a byte that may start a character XML cannot carry).
//!
//! Each block is a fixed-size array tested byte by byte without stopping
//! early, which the compiler turns into a few vector compares (~1
//! instruction per byte, against ~5–8 for a byte loop that stops at the
//! first match).

/// How many bytes are tested at once.
pub(crate) const BLOCK: usize = 16;

/// Whether `flag` holds for any byte of `block`; looks at every byte.
#[inline(always)]
pub(crate) fn block_has(block: &[u8; BLOCK], flag: impl Fn(u8) -> bool) -> bool {
    block.iter().fold(false, |found, &byte| found | flag(byte))
}

/// Whether `flag` holds for any byte of `bytes`.
#[inline(always)]
pub(crate) fn any_byte(bytes: &[u8], flag: impl Fn(u8) -> bool + Copy) -> bool {
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    if blocks.iter().any(|block| block_has(block, flag)) {
        return true;
    }
    !rest.is_empty() && rest_has(bytes, rest, flag)
}

/// Whether `flag` holds for any byte of `rest`, the bytes after the whole
/// blocks of `bytes`: tests the last block of `bytes` (overlapping bytes
/// already tested, no copy), or, in a value shorter than a block, each byte.
#[inline(always)]
pub(crate) fn rest_has(bytes: &[u8], rest: &[u8], flag: impl Fn(u8) -> bool) -> bool {
    match bytes.last_chunk::<BLOCK>() {
        Some(last) => block_has(last, flag),
        None => rest.iter().fold(false, |found, &byte| found | flag(byte)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_flagged_byte_in_every_position() {
        let flag = |byte: u8| byte == b'!';
        for len in 0..50 {
            let clean = vec![b'a'; len];
            assert!(!any_byte(&clean, flag), "{len}");
            for at in 0..len {
                let mut bytes = clean.clone();
                bytes[at] = b'!';
                assert!(any_byte(&bytes, flag), "{len} {at}");
            }
        }
    }
}
