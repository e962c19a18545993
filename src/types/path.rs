//! Path parameters without a SID pattern in Twilio's specs: a SID or a
//! unique name ([`SidOrName`]), a country code ([`IsoCountry`]).

// Used by the generated modules, each behind its feature: what a build
// without `full` leaves unused is not dead.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_macros, unused_imports))]

use std::fmt;
use std::str::FromStr;

use crate::http::operation::Wire;

/// A path segment that Twilio reads as a SID or as a unique name (a chat
/// service's `ServiceSid`, a sync document's `Sid`, an `Identity`): any
/// non-empty text, percent-encoded into its own segment when sent.
///
/// Every SID type converts into it (`(&service_sid).into()`), and so does text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SidOrName(String);

impl SidOrName {
    /// The SID or name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for SidOrName {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SidOrName {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<&String> for SidOrName {
    fn from(value: &String) -> Self {
        Self(value.clone())
    }
}

impl fmt::Display for SidOrName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Wire for SidOrName {
    fn wire(&self) -> String {
        self.0.clone()
    }
}

impl<'de> serde::Deserialize<'de> for SidOrName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(d).map(Self)
    }
}

impl serde::Serialize for SidOrName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// An ISO 3166-1 alpha-2 country code (`US`, `GB`), as Twilio's pricing,
/// phone-number and regulatory paths take it: two ASCII letters, kept in
/// upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoCountry(String);

/// Why a text is not an [`IsoCountry`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid country code {0:?}: must be two ASCII letters (ISO 3166-1 alpha-2)")]
pub struct ParseCountryError(pub String);

impl IsoCountry {
    /// Parses `US` or `us`.
    ///
    /// # Errors
    /// [`ParseCountryError`] unless the text is two ASCII letters.
    pub fn parse(input: &str) -> Result<Self, ParseCountryError> {
        if input.len() == 2 && input.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(input.to_ascii_uppercase()))
        } else {
            Err(ParseCountryError(input.to_owned()))
        }
    }

    /// The code, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for IsoCountry {
    type Err = ParseCountryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for IsoCountry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Wire for IsoCountry {
    fn wire(&self) -> String {
        self.0.clone()
    }
}

impl<'de> serde::Deserialize<'de> for IsoCountry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for IsoCountry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes() {
        assert_eq!(IsoCountry::parse("us").unwrap().as_str(), "US");
        assert!(IsoCountry::parse("USA").is_err());
        assert!(IsoCountry::parse("U1").is_err());
        assert!(IsoCountry::parse("").is_err());
        assert!(IsoCountry::parse("ÜS").is_err());
    }

    #[test]
    fn sids_and_names_convert() {
        let sid = crate::CallSid::parse("CA0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(SidOrName::from(&sid).as_str(), sid.as_str());
        assert_eq!(SidOrName::from("my-service").wire(), "my-service");
    }
}
