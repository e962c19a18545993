//! Counting SMS segments as carriers do ([`sms_segments`]).

use std::fmt;

/// Characters per single GSM-7 SMS.
pub const GSM7_SINGLE: usize = 160;
/// Septets per part of a multi-part GSM-7 SMS.
pub const GSM7_PART: usize = 153;
/// UTF-16 units per single UCS-2 SMS.
pub const UCS2_SINGLE: usize = 70;
/// UTF-16 units per part of a multi-part UCS-2 SMS.
pub const UCS2_PART: usize = 67;

/// The GSM 03.38 basic character set (each one septet).
const GSM7_BASIC: &str = concat!(
    "@£$¥èéùìòÇ\nØø\rÅå",
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ",
    " !\"#¤%&'()*+,-./",
    "0123456789:;<=>?",
    "¡ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZÄÖÑÜ§",
    "¿abcdefghijklmno",
    "pqrstuvwxyzäöñüà",
);

/// The GSM 03.38 extension table (each two septets: escape + character).
const GSM7_EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// How an SMS text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SmsEncoding {
    /// The GSM 03.38 7-bit alphabet.
    Gsm7,
    /// UCS-2 (UTF-16 on the wire).
    Ucs2,
}

impl fmt::Display for SmsEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Gsm7 => "GSM-7",
            Self::Ucs2 => "UCS-2",
        })
    }
}

/// The SMS cost of a text, from [`sms_segments`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SmsSegments {
    /// The encoding the text needs.
    pub encoding: SmsEncoding,
    /// How many SMS it is sent as (0 for an empty text).
    pub segments: u32,
    /// Its length in the encoding's units: septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// The characters that forced UCS-2, each once, in order of first use
    /// (empty for GSM-7).
    pub ucs2_chars: Vec<char>,
}

/// Septets `c` takes in GSM-7, or `None` when it is not in the alphabet.
fn gsm7_septets(c: char) -> Option<usize> {
    if GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// Parts of at most `part` units, never splitting one character's units.
fn pack(units: impl Iterator<Item = usize>, part: usize) -> u32 {
    let (mut parts, mut used) = (1u32, 0usize);
    for u in units {
        if used + u > part {
            parts += 1;
            used = 0;
        }
        used += u;
    }
    parts
}

/// Counts the SMS segments of `text` as carriers count them.
///
/// A text that only uses the GSM-7 alphabet (GSM 03.38) is sent 7 bits per
/// character: 160 characters fit one SMS; a longer text is split into parts
/// of 153 (7 characters go to the header that joins them). Characters of the
/// GSM-7 extension table (`^ { } \ [ ~ ] | €` and form feed) take two
/// septets (an escape, then the character). Any other character makes the
/// whole text UCS-2: 70 UTF-16 code units in one SMS, 67 per part, and a
/// character outside the Basic Multilingual Plane (most emoji) takes two.
/// An escape pair or a surrogate pair is never split across two parts, so a
/// part may hold one unit fewer.
///
/// Twilio's `SmartEncoded` option may replace some Unicode characters (curly
/// quotes, long dashes) with GSM-7 look-alikes before counting; this count is
/// of the text as given.
///
/// ```
/// use twilio_typed::{sms_segments, SmsEncoding};
///
/// let count = sms_segments("Deploy finished ✅");
/// assert_eq!(count.encoding, SmsEncoding::Ucs2);
/// assert_eq!(count.ucs2_chars, ['✅']);
/// assert_eq!(count.segments, 1);
/// assert_eq!(sms_segments(&"a".repeat(161)).segments, 2);
/// ```
pub fn sms_segments(text: &str) -> SmsSegments {
    let mut ucs2_chars: Vec<char> = Vec::new();
    for c in text.chars() {
        if gsm7_septets(c).is_none() && !ucs2_chars.contains(&c) {
            ucs2_chars.push(c);
        }
    }
    let (encoding, single, part, sizes): (_, _, _, Vec<usize>) = if ucs2_chars.is_empty() {
        let sizes = text.chars().filter_map(gsm7_septets).collect();
        (SmsEncoding::Gsm7, GSM7_SINGLE, GSM7_PART, sizes)
    } else {
        let sizes = text.chars().map(char::len_utf16).collect();
        (SmsEncoding::Ucs2, UCS2_SINGLE, UCS2_PART, sizes)
    };
    let units: usize = sizes.iter().sum();
    let segments = match units {
        0 => 0,
        n if n <= single => 1,
        _ => pack(sizes.into_iter(), part),
    };
    SmsSegments {
        encoding,
        segments,
        units,
        ucs2_chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_tables_have_their_standard_sizes() {
        // 128 code points minus ESC (0x1B), which is not a character.
        assert_eq!(GSM7_BASIC.chars().count(), 127);
        assert_eq!(GSM7_EXTENSION.chars().count(), 10);
    }

    #[test]
    fn tricky_texts() {
        let a = |n: usize| "a".repeat(n);
        let zh = |n: usize| "ж".repeat(n);
        let cases: Vec<(String, SmsEncoding, u32, usize)> = vec![
            (String::new(), SmsEncoding::Gsm7, 0, 0),
            (a(160), SmsEncoding::Gsm7, 1, 160),
            (a(161), SmsEncoding::Gsm7, 2, 161),
            (a(306), SmsEncoding::Gsm7, 2, 306),
            (a(307), SmsEncoding::Gsm7, 3, 307),
            // Extension characters count twice.
            ("€".repeat(80), SmsEncoding::Gsm7, 1, 160),
            ("{".repeat(81), SmsEncoding::Gsm7, 2, 162),
            // An escape pair is not split: 152 + [€ starts part 2] + 151 + 1.
            (format!("{}€{}", a(152), a(152)), SmsEncoding::Gsm7, 3, 306),
            // Greek capitals of GSM-7 stay GSM-7; others do not.
            ("ΔΦΓΛΩΠΨΣΘΞ".to_owned(), SmsEncoding::Gsm7, 1, 10),
            ("ΑΒΓ".to_owned(), SmsEncoding::Ucs2, 1, 3),
            (zh(70), SmsEncoding::Ucs2, 1, 70),
            (zh(71), SmsEncoding::Ucs2, 2, 71),
            (zh(134), SmsEncoding::Ucs2, 2, 134),
            (zh(135), SmsEncoding::Ucs2, 3, 135),
            // Surrogate pairs count 2 and are not split.
            ("😀".repeat(35), SmsEncoding::Ucs2, 1, 70),
            ("😀".repeat(36), SmsEncoding::Ucs2, 2, 72),
            (format!("{}😀{}", zh(66), zh(66)), SmsEncoding::Ucs2, 3, 134),
            // One emoji makes a GSM-7 text UCS-2, and so costs more.
            (format!("{}😀", a(69)), SmsEncoding::Ucs2, 2, 71),
        ];
        for (text, encoding, segments, units) in cases {
            let count = sms_segments(&text);
            let head: String = text.chars().take(12).collect();
            assert_eq!(
                (count.encoding, count.segments, count.units),
                (encoding, segments, units),
                "{head:?}… ({} chars)",
                text.chars().count()
            );
        }
    }

    #[test]
    fn names_the_characters_that_forced_ucs2() {
        let count = sms_segments("Café — déjà vu “quoted” — ok");
        assert_eq!(count.ucs2_chars, ['—', '“', '”']);
        assert!(sms_segments("Price: 5€ {ok} [x] ~ ^ | \\")
            .ucs2_chars
            .is_empty());
        assert_eq!(sms_segments("ça").ucs2_chars, ['ç']);
    }
}
