//! A reader for one flat JSON object as Twilio writes a resource: keys and
//! scalar values borrowed from the input, nothing buffered, and a refusal
//! ([`Unusual`]) for anything it does not read itself, so that serde_json
//! decides.
//!
//! It is stricter than JSON, never looser: every document it reads to the
//! end is one serde_json reads too, with the same keys and values. It
//! refuses strings with escapes or control characters, numbers other than
//! plain non-negative integers for the values it returns (and other than
//! plain integers inside skipped values), nesting deeper than
//! [`MAX_SKIP_DEPTH`] in skipped values, and every syntax error.

/// The input is not in the shape this reader handles; decode it with serde_json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unusual;

/// A result of the fast path: `Err(Unusual)` means "let serde_json decide".
pub(crate) type Fast<T> = Result<T, Unusual>;

/// Deepest nesting of objects and arrays accepted inside a skipped value.
pub(crate) const MAX_SKIP_DEPTH: u32 = 8;

/// A value the models read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar<'a> {
    /// `null`.
    Null,
    /// A string without escapes, as it appears between its quotes.
    Str(&'a str),
    /// A non-negative integer that fits a `u32`, written without sign,
    /// fraction or exponent.
    U32(u32),
}

/// One JSON object, read key by key.
pub(crate) struct Object<'a> {
    text: &'a str,
    pos: usize,
    first: bool,
}

/// Where the reader is, never the body (it holds numbers and message text).
impl std::fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Object")
            .field("len", &self.text.len())
            .field("pos", &self.pos)
            .finish_non_exhaustive()
    }
}

impl<'a> Object<'a> {
    /// Starts reading `body`, which must be UTF-8 and start (after
    /// whitespace) with `{`.
    pub(crate) fn open(body: &'a [u8]) -> Fast<Self> {
        // One validation of the whole body (fast for ASCII) lets every
        // string be sliced out of it without validating it again.
        let text = std::str::from_utf8(body).map_err(|_| Unusual)?;
        let mut object = Self {
            text,
            pos: 0,
            first: true,
        };
        object.skip_whitespace();
        object.expect(b'{')?;
        Ok(object)
    }

    /// The next key, positioned on its value; `None` after the closing `}`.
    pub(crate) fn next_key(&mut self) -> Fast<Option<&'a str>> {
        self.skip_whitespace();
        if std::mem::take(&mut self.first) {
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(None);
            }
        } else {
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(None);
                }
                _ => return Err(Unusual),
            }
        }
        self.expect(b'"')?;
        let key = self.string()?;
        self.skip_whitespace();
        self.expect(b':')?;
        self.skip_whitespace();
        Ok(Some(key))
    }

    /// Reads the current value as a [`Scalar`].
    pub(crate) fn scalar(&mut self) -> Fast<Scalar<'a>> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.string().map(Scalar::Str)
            }
            Some(b'n') => self.literal(b"null").map(|()| Scalar::Null),
            Some(b'0'..=b'9') => self.u32().map(Scalar::U32),
            _ => Err(Unusual),
        }
    }

    /// Skips the current value, whatever it is (within the limits above).
    pub(crate) fn skip_value(&mut self) -> Fast<()> {
        self.skip_nested(0)
    }

    /// Checks that nothing but whitespace follows the object.
    pub(crate) fn finish(mut self) -> Fast<()> {
        self.skip_whitespace();
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(Unusual)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Fast<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Unusual)
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &[u8]) -> Fast<()> {
        if self
            .text
            .as_bytes()
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word))
        {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Unusual)
        }
    }

    /// The rest of a string whose opening quote was consumed, up to its
    /// closing quote (consumed too). Looks at eight bytes at a time.
    #[inline(always)]
    fn string(&mut self) -> Fast<&'a str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut pos = start;
        loop {
            match bytes.get(pos..).and_then(<[u8]>::first_chunk::<8>) {
                Some(word) => {
                    let found = special_bytes(u64::from_le_bytes(*word));
                    if found == 0 {
                        pos += 8;
                        continue;
                    }
                    // The lowest flagged byte is always a true match (see
                    // `special_bytes`), and it is the first in the input.
                    pos += (found.trailing_zeros() / 8) as usize;
                }
                None => {
                    while bytes.get(pos).is_some_and(|&b| !is_special(b)) {
                        pos += 1;
                    }
                }
            }
            break;
        }
        if bytes.get(pos) != Some(&b'"') {
            // An escape, a control character, or the end of the input.
            return Err(Unusual);
        }
        // `start` follows a quote and `pos` is on one: both are character
        // boundaries, so `get` always succeeds.
        let text = self.text.get(start..pos).ok_or(Unusual)?;
        self.pos = pos + 1;
        Ok(text)
    }

    /// Digits of a non-negative integer that fits a `u32`.
    fn u32(&mut self) -> Fast<u32> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut value: u64 = 0;
        while let Some(&digit @ b'0'..=b'9') = bytes.get(self.pos) {
            value = value * 10 + u64::from(digit - b'0');
            self.pos += 1;
            if value > u64::from(u32::MAX) {
                return Err(Unusual);
            }
        }
        if self.pos - start > 1 && bytes.get(start) == Some(&b'0') {
            // JSON forbids leading zeros.
            return Err(Unusual);
        }
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return Err(Unusual);
        }
        u32::try_from(value).map_err(|_| Unusual)
    }

    fn skip_nested(&mut self, depth: u32) -> Fast<()> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.string().map(drop)
            }
            Some(b'n') => self.literal(b"null"),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'-') => {
                self.pos += 1;
                if !matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(Unusual);
                }
                self.skip_integer()
            }
            Some(b'0'..=b'9') => self.skip_integer(),
            Some(open @ (b'{' | b'[')) => {
                if depth >= MAX_SKIP_DEPTH {
                    return Err(Unusual);
                }
                self.pos += 1;
                let close = if open == b'{' { b'}' } else { b']' };
                self.skip_whitespace();
                if self.peek() == Some(close) {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    if open == b'{' {
                        self.expect(b'"')?;
                        self.string()?;
                        self.skip_whitespace();
                        self.expect(b':')?;
                        self.skip_whitespace();
                    }
                    self.skip_nested(depth + 1)?;
                    self.skip_whitespace();
                    match self.peek() {
                        Some(b',') => {
                            self.pos += 1;
                            self.skip_whitespace();
                        }
                        Some(byte) if byte == close => {
                            self.pos += 1;
                            return Ok(());
                        }
                        _ => return Err(Unusual),
                    }
                }
            }
            _ => Err(Unusual),
        }
    }

    /// An integer's digits, without fraction or exponent (those are left to
    /// serde_json).
    fn skip_integer(&mut self) -> Fast<()> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while let Some(b'0'..=b'9') = bytes.get(self.pos) {
            self.pos += 1;
        }
        if self.pos - start > 1 && bytes.get(start) == Some(&b'0') {
            return Err(Unusual);
        }
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return Err(Unusual);
        }
        Ok(())
    }
}

/// Whether a byte ends or complicates a string: `"`, `\` or a control
/// character (which JSON forbids unescaped).
fn is_special(byte: u8) -> bool {
    byte == b'"' || byte == b'\\' || byte < 0x20
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (little-endian) that [`is_special`].
///
/// `x - ONES` borrows out of a byte only when that byte is below the
/// subtracted value, i.e. when it is itself a match; so a flag set by a
/// borrow is always above a true match, and the lowest flag is exact.
fn special_bytes(word: u64) -> u64 {
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    quote | backslash | control
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_and_scalars(body: &str) -> Fast<Vec<(&str, Scalar<'_>)>> {
        let mut object = Object::open(body.as_bytes())?;
        let mut out = Vec::new();
        while let Some(key) = object.next_key()? {
            out.push((key, object.scalar()?));
        }
        object.finish()?;
        Ok(out)
    }

    #[test]
    fn reads_flat_objects() {
        assert_eq!(
            keys_and_scalars(r#" {"a": "x", "bb":null,"c" : 12 , "d":"é€ 0123456789abcdef"} "#),
            Ok(vec![
                ("a", Scalar::Str("x")),
                ("bb", Scalar::Null),
                ("c", Scalar::U32(12)),
                ("d", Scalar::Str("é€ 0123456789abcdef")),
            ])
        );
        assert_eq!(keys_and_scalars("{}"), Ok(vec![]));
        assert_eq!(
            keys_and_scalars(r#"{"n":4294967295,"z":0}"#),
            Ok(vec![("n", Scalar::U32(u32::MAX)), ("z", Scalar::U32(0))])
        );
    }

    #[test]
    fn refuses_what_it_does_not_read() {
        for body in [
            "",
            "[]",
            "{",
            r#"{"a":"x",}"#,
            r#"{"a":"x"} x"#,
            r#"{"a":"x\"y"}"#,
            r#"{"a\n":1}"#,
            "{\"a\":\"x\ty\"}",
            r#"{"a":4294967296}"#,
            r#"{"a":01}"#,
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":-1}"#,
            r#"{"a":true}"#,
            r#"{"a":nul}"#,
            r#"{"a":nullx}"#,
            r#"{"a" "x"}"#,
            r#"{"a":"x" "b":1}"#,
            r#"{"a":"unterminated"#,
            "\u{feff}{}",
        ] {
            assert_eq!(keys_and_scalars(body), Err(Unusual), "{body:?}");
        }
        assert!(Object::open(b"{\"a\":\"\xff\"}").is_err());
    }

    #[test]
    fn skips_nested_values() {
        let body =
            r#"{"a": {"x": [1, -2, true, false, null, "s", {}], "y": {}}, "b": [], "c": "k"}"#;
        let mut object = Object::open(body.as_bytes()).unwrap();
        assert_eq!(object.next_key(), Ok(Some("a")));
        object.skip_value().unwrap();
        assert_eq!(object.next_key(), Ok(Some("b")));
        object.skip_value().unwrap();
        assert_eq!(object.next_key(), Ok(Some("c")));
        assert_eq!(object.scalar(), Ok(Scalar::Str("k")));
        assert_eq!(object.next_key(), Ok(None));
        assert_eq!(object.finish(), Ok(()));

        for value in [
            "[1,]",
            r#"{"x":1,}"#,
            "[1}",
            r#"{"x":1]"#,
            "[{]}",
            "[1 2]",
            "-",
            "-x",
            "1.0",
            "[[[[[[[[[]]]]]]]]]",
            r#"{"x"}"#,
            "tru",
        ] {
            let body = format!(r#"{{"a": {value}}}"#);
            let mut object = Object::open(body.as_bytes()).unwrap();
            assert_eq!(object.next_key(), Ok(Some("a")));
            let skipped = object
                .skip_value()
                .and_then(|()| object.next_key().map(drop));
            assert_eq!(skipped, Err(Unusual), "{value}");
        }
    }

    #[test]
    fn special_bytes_finds_the_first_match() {
        let first = |word: [u8; 8]| word.iter().position(|&b| is_special(b));
        let flagged = |word: [u8; 8]| {
            let found = special_bytes(u64::from_le_bytes(word));
            (found != 0).then(|| (found.trailing_zeros() / 8) as usize)
        };
        // Every pair of bytes from an alphabet of edge values, at every pair
        // of positions: the flag is at the first special byte.
        let alphabet = [
            0x00, 0x01, 0x1f, 0x20, 0x21, b'"', 0x23, b'\\', 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc,
            0xff,
        ];
        for &a in &alphabet {
            for &b in &alphabet {
                for i in 0..8 {
                    for j in 0..8 {
                        let mut word = *b"abcdefgh";
                        word[i] = a;
                        word[j] = b;
                        assert_eq!(flagged(word), first(word), "{word:?}");
                    }
                }
            }
        }
        // And pseudo-random words.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let word = state.to_le_bytes();
            assert_eq!(flagged(word), first(word), "{word:?}");
        }
    }
}
