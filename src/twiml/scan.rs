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

/// The bytes of `block` for which `flag` holds, one bit each (bit `i` for
/// byte `i`): `0` for a block without any. The flags are computed with
/// vector compares, one byte each (0 or 1), and each half's eight are
/// gathered into a byte by one multiplication.
#[inline(always)]
pub(crate) fn block_mask(block: &[u8; BLOCK], flag: impl Fn(u8) -> bool) -> u16 {
    let flags = block.map(|byte| u8::from(flag(byte)));
    let (halves, _) = flags.as_chunks::<8>();
    halves.iter().enumerate().fold(0, |mask, (i, half)| {
        mask | u16::from(gather_bits(u64::from_le_bytes(*half))) << (8 * i)
    })
}

/// The low bit of each byte of `flags` (each byte 0 or 1), as a byte: bit
/// `i` is byte `i`'s. The multiplier adds each byte shifted so that byte
/// `i` lands on bit 56 + `i`; no two terms share a bit, so nothing carries.
#[inline(always)]
fn gather_bits(flags: u64) -> u8 {
    let [.., top] = flags.wrapping_mul(0x0102_0408_1020_4080).to_le_bytes();
    top
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
    fn block_mask_has_a_bit_per_flagged_byte() {
        let flag = |byte: u8| byte == b'!';
        let mut block = [b'a'; BLOCK];
        assert_eq!(block_mask(&block, flag), 0);
        block[0] = b'!';
        block[5] = b'!';
        block[15] = b'!';
        assert_eq!(block_mask(&block, flag), 1 | 1 << 5 | 1 << 15);
        for bit in 0..BLOCK {
            let mut block = [b'a'; BLOCK];
            block[bit] = b'!';
            assert_eq!(block_mask(&block, flag), 1 << bit);
            let mut block = [b'!'; BLOCK];
            block[bit] = b'a';
            assert_eq!(block_mask(&block, flag), !(1 << bit));
        }
    }

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
