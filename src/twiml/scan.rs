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

/// Whether `flag` holds for any byte of `bytes`. `pad` is a byte `flag` does
/// not hold for: a short value is padded with it to a whole block.
#[inline(always)]
pub(crate) fn any_byte(bytes: &[u8], pad: u8, flag: impl Fn(u8) -> bool + Copy) -> bool {
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    if blocks.iter().any(|block| block_has(block, flag)) {
        return true;
    }
    if rest.is_empty() {
        return false;
    }
    // The last whole block overlapping the rest (no copy), or the short
    // value padded to a block.
    match bytes.last_chunk::<BLOCK>() {
        Some(last) => block_has(last, flag),
        None => block_has(&padded(rest, pad), flag),
    }
}

/// `rest` (shorter than a block) followed by `pad` up to a whole block.
#[inline(always)]
pub(crate) fn padded(rest: &[u8], pad: u8) -> [u8; BLOCK] {
    let mut block = [pad; BLOCK];
    let len = rest.len().min(BLOCK);
    block[..len].copy_from_slice(&rest[..len]);
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_flagged_byte_in_every_position() {
        let flag = |byte: u8| byte == b'!';
        for len in 0..50 {
            let clean = vec![b'a'; len];
            assert!(!any_byte(&clean, b'a', flag), "{len}");
            for at in 0..len {
                let mut bytes = clean.clone();
                bytes[at] = b'!';
                assert!(any_byte(&bytes, b'a', flag), "{len} {at}");
            }
        }
    }
}
