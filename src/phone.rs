//! [`E164`], a validated phone number in E.164 form.

use std::fmt;
use std::str::FromStr;

/// The longest input accepted before parsing (formatting characters included).
const MAX_INPUT_LEN: usize = 64;

/// A phone number in E.164 form (`+12025551234`), valid for its country.
///
/// Parsing accepts common formatting (`"+1 (202) 555-1234"`) and normalizes it.
/// The number must carry its country code after a leading `+`: no default
/// region is guessed. Validity is checked against libphonenumber's metadata
/// (through the `phonenumber` crate), so `+1 555 0100` or `+44 12` are rejected
/// even though they are "+ and digits".
///
/// ```
/// use twilio_typed::E164;
///
/// let number: E164 = "+1 (202) 555-1234".parse()?;
/// assert_eq!(number.as_str(), "+12025551234");
/// assert_eq!(number.country_code(), 1);
/// assert!("2025551234".parse::<E164>().is_err()); // no + and country code
/// # Ok::<(), twilio_typed::ParseE164Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct E164 {
    canonical: String,
    country_code: u16,
}

/// Why a string is not a valid E.164 phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseE164Error {
    /// The input is empty (or only whitespace).
    #[error("phone number is empty; expected E.164 form such as +12025551234")]
    Empty,
    /// The input does not start with `+` and a country code.
    #[error(
        "phone number must start with + and the country code (E.164, e.g. +12025551234); no default country is assumed"
    )]
    MissingPlus,
    /// The input has characters other than digits and common separators.
    #[error("phone number contains {0:?}; only digits after the leading + are allowed (spaces, dots, dashes and parentheses are ignored)")]
    InvalidCharacter(char),
    /// The input is longer than any phone number can be.
    #[error("phone number is too long ({0} characters)")]
    TooLong(usize),
    /// libphonenumber cannot read the input as a phone number.
    #[error("not a phone number: {0}")]
    Unparseable(String),
    /// The digits do not form a valid number for their country.
    #[error("{0} is not a valid phone number for its country code")]
    NotValid(String),
}

impl E164 {
    /// Parses, validates and normalizes a phone number.
    ///
    /// # Errors
    /// [`ParseE164Error`] naming the broken rule.
    pub fn parse(input: &str) -> Result<Self, ParseE164Error> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ParseE164Error::Empty);
        }
        if trimmed.len() > MAX_INPUT_LEN {
            return Err(ParseE164Error::TooLong(trimmed.chars().count()));
        }
        let Some(rest) = trimmed.strip_prefix('+') else {
            return Err(ParseE164Error::MissingPlus);
        };
        // Keep only digits; refuse letters (vanity numbers, extensions) and anything
        // libphonenumber would silently interpret.
        let mut digits = String::with_capacity(16);
        digits.push('+');
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
                other => return Err(ParseE164Error::InvalidCharacter(other)),
            }
        }
        let number = phonenumber::parse(None, &digits)
            .map_err(|e| ParseE164Error::Unparseable(e.to_string()))?;
        if !phonenumber::is_valid(&number) {
            return Err(ParseE164Error::NotValid(digits));
        }
        let canonical = number.format().mode(phonenumber::Mode::E164).to_string();
        Ok(Self {
            canonical,
            country_code: number.code().value(),
        })
    }

    /// The number in canonical E.164 form, e.g. `+12025551234`.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The country calling code, e.g. `1` for NANP or `44` for the UK.
    pub fn country_code(&self) -> u16 {
        self.country_code
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164({:?})", self.canonical)
    }
}

impl FromStr for E164 {
    type Err = ParseE164Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for E164 {
    type Error = ParseE164Error;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl TryFrom<String> for E164 {
    type Error = ParseE164Error;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl AsRef<str> for E164 {
    fn as_ref(&self) -> &str {
        &self.canonical
    }
}

impl serde::Serialize for E164 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical)
    }
}

impl<'de> serde::Deserialize<'de> for E164 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A party of a message or call as Twilio reports it: a phone number, or another
/// kind of address (`client:alice`, `sip:...`, `whatsapp:+1...`, a short code).
///
/// Deserializing never fails on a well-formed string: what is not a valid
/// E.164 number is kept verbatim in [`Endpoint::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// A valid E.164 phone number.
    Phone(E164),
    /// Any other address, kept as Twilio wrote it.
    Other(String),
}

impl Endpoint {
    /// Reads an address: a valid E.164 number becomes [`Endpoint::Phone`].
    pub fn parse(input: &str) -> Self {
        match E164::parse(input) {
            Ok(number) if input.starts_with('+') => Self::Phone(number),
            _ => Self::Other(input.to_owned()),
        }
    }

    /// The address as a string (canonical E.164 for a phone number).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Phone(number) => number.as_str(),
            Self::Other(other) => other,
        }
    }

    /// The phone number, if this is one.
    pub fn as_phone(&self) -> Option<&E164> {
        match self {
            Self::Phone(number) => Some(number),
            Self::Other(_) => None,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<E164> for Endpoint {
    fn from(number: E164) -> Self {
        Self::Phone(number)
    }
}

impl serde::Serialize for Endpoint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Endpoint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Self::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_formatting() {
        for input in [
            "+12025551234",
            "+1 (202) 555-1234",
            " +1.202.555.1234 ",
            "+1-202-555-1234",
        ] {
            assert_eq!(
                E164::parse(input).unwrap().as_str(),
                "+12025551234",
                "{input}"
            );
        }
        assert_eq!(
            E164::parse("+44 20 7123 4567").unwrap().as_str(),
            "+442071234567"
        );
        assert_eq!(E164::parse("+442071234567").unwrap().country_code(), 44);
    }

    #[test]
    fn rejects_with_the_rule() {
        assert_eq!(E164::parse(""), Err(ParseE164Error::Empty));
        assert_eq!(E164::parse("2025551234"), Err(ParseE164Error::MissingPlus));
        assert_eq!(
            E164::parse("+1202555CALL"),
            Err(ParseE164Error::InvalidCharacter('C'))
        );
        assert!(matches!(
            E164::parse("+1202"),
            Err(ParseE164Error::NotValid(_) | ParseE164Error::Unparseable(_))
        ));
        assert!(matches!(
            E164::parse("+1 555 0100"),
            Err(ParseE164Error::NotValid(_) | ParseE164Error::Unparseable(_))
        ));
        assert!(E164::parse("+").is_err());
        assert!(matches!(
            E164::parse(&"+1".repeat(40)),
            Err(ParseE164Error::TooLong(_))
        ));
        assert!(E164::parse("+12025551234 ext. 5").is_err());
    }

    #[test]
    fn endpoint_keeps_non_phone_addresses() {
        assert!(matches!(
            Endpoint::parse("+12025551234"),
            Endpoint::Phone(_)
        ));
        assert_eq!(
            Endpoint::parse("client:alice"),
            Endpoint::Other("client:alice".into())
        );
        assert_eq!(
            Endpoint::parse("whatsapp:+12025551234").as_str(),
            "whatsapp:+12025551234"
        );
        assert_eq!(Endpoint::parse("12345").as_str(), "12345");
    }

    #[test]
    fn serde_validates() {
        let n: E164 = serde_json::from_str("\"+1 202 555 1234\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"+12025551234\"");
        assert!(serde_json::from_str::<E164>("\"12025551234\"").is_err());
    }
}
