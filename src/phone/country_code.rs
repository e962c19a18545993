//! Splitting the country calling code off a canonical E.164 number without
//! libphonenumber's metadata.
//!
//! ITU-T E.164 country codes form a prefix-free set: `1` and `7` are the only
//! one-digit codes, a fixed list of two-digit codes follows, and every other
//! code has three digits. That is enough to find where the code ends in a
//! number Twilio already wrote in canonical form. A test checks the rule
//! against every code in libphonenumber's metadata.

/// The two-digit country calling codes (ITU-T E.164 assignment).
const TWO_DIGIT_CODES: [u16; 44] = [
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// The country code at the start of `digits` (E.164 digits without the `+`),
/// or `None` when there are fewer than three digits or the first is `0`.
pub(super) fn split(digits: &[u8]) -> Option<u16> {
    let value = |n: usize| -> Option<u16> {
        digits.get(..n)?.iter().try_fold(0u16, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u16::from(d - b'0'))
        })
    };
    match digits.first()? {
        b'0' => None,
        b'1' | b'7' => value(1),
        _ => {
            let two = value(2)?;
            if TWO_DIGIT_CODES.binary_search(&two).is_ok() {
                Some(two)
            } else {
                value(3)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_libphonenumber_metadata() {
        let mut checked = 0;
        // Every calling code of the metadata compiled into the crate (which
        // `tests/phone_metadata.rs` keeps equal to libphonenumber's).
        for code in super::super::metadata::CODES.iter().map(|c| c.code) {
            let number = format!("{code}123456789");
            assert_eq!(split(number.as_bytes()), Some(code), "{code}");
            checked += 1;
        }
        assert!(
            checked > 210,
            "only {checked} calling codes in the metadata"
        );
        assert!(TWO_DIGIT_CODES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn splits_known_codes() {
        assert_eq!(split(b"12025551234"), Some(1));
        assert_eq!(split(b"442071234567"), Some(44));
        assert_eq!(split(b"35312345678"), Some(353));
        assert_eq!(split(b"79161234567"), Some(7));
        assert_eq!(split(b"0123"), None);
        assert_eq!(split(b"35"), None);
    }
}
