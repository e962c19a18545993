//! [`Language`]: the language tag of a `<Say>`.

use std::fmt;
use std::str::FromStr;

/// A language tag for `<Say language="...">`, such as `en-US`, `fr-FR` or `cmn-CN`.
///
/// Accepted form: a 2–3 letter lowercase language code, then optional
/// `-`-separated subtags of 2–8 letters or digits (region, script).
///
/// ```
/// use twilio_typed::Language;
/// let lang: Language = "en-US".parse()?;
/// assert_eq!(lang.as_str(), "en-US");
/// assert!("english".parse::<Language>().is_err());
/// # Ok::<(), twilio_typed::ParseLanguageError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language(String);

/// A malformed language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid language tag {input:?}: expected a language code with optional region, e.g. en-US"
)]
#[non_exhaustive]
pub struct ParseLanguageError {
    /// The rejected input.
    pub input: String,
}

impl Language {
    /// Parses a language tag.
    ///
    /// # Errors
    /// [`ParseLanguageError`] when the tag is malformed.
    pub fn parse(input: &str) -> Result<Self, ParseLanguageError> {
        let mut parts = input.split('-');
        let primary_ok = parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase())
        });
        let rest_ok = parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(ParseLanguageError {
                input: input.to_owned(),
            })
        }
    }

    /// The tag as written, e.g. `en-US`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Language {
    type Err = ParseLanguageError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Language {
    type Error = ParseLanguageError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl serde::Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "en-US", "cmn-CN", "zh-Hant-TW", "es-419"] {
            assert_eq!(Language::parse(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "e", "EN-US", "en_US", "en-", "english", "en-US\"x"] {
            assert!(Language::parse(bad).is_err(), "{bad}");
        }
    }
}
