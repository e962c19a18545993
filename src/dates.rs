//! Serde helpers for the shapes Twilio's JSON uses: RFC 2822 dates, numbers as strings.

use serde::{Deserialize, Deserializer};
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

/// `"Thu, 30 Jul 2015 20:12:31 +0000"` or `null` or absent.
pub(crate) fn opt_rfc2822<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => OffsetDateTime::parse(&s, &Rfc2822)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("invalid RFC 2822 date {s:?}: {e}"))),
    }
}

/// An unsigned number that Twilio writes as a string (`"1"`), or as a number, or `null`.
pub(crate) fn opt_u32_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumOrString {
        Num(u32),
        Str(String),
    }
    match Option::<NumOrString>::deserialize(d)? {
        None => Ok(None),
        Some(NumOrString::Num(n)) => Ok(Some(n)),
        Some(NumOrString::Str(s)) if s.is_empty() => Ok(None),
        Some(NumOrString::Str(s)) => s
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected a whole number, got {s:?}"))),
    }
}

/// A price Twilio writes as a string (`"-0.00750"`) or a number, kept as decimal text.
pub(crate) fn opt_decimal_text<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(serde::de::Error::custom(format!(
            "expected a price, got {other}"
        ))),
    }
}

/// Defines an open enum of Twilio strings with an `Unknown(String)` fallback.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the crate does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The exact string Twilio uses.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Unknown(other) => other,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($text => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                // Infallible: unknown strings become `Unknown`.
                Ok(match s.parse() {
                    Ok(v) => v,
                    Err(never) => match never {},
                })
            }
        }
    };
}
pub(crate) use open_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_rfc2822")]
        date: Option<OffsetDateTime>,
        #[serde(default, deserialize_with = "opt_u32_lenient")]
        n: Option<u32>,
    }

    #[test]
    fn reads_twilio_shapes() {
        let p: Probe =
            serde_json::from_str(r#"{"date":"Thu, 30 Jul 2015 20:12:31 +0000","n":"3"}"#).unwrap();
        assert_eq!(p.date.unwrap().unix_timestamp(), 1_438_287_151);
        assert_eq!(p.n, Some(3));
        let p: Probe = serde_json::from_str(r#"{"date":null,"n":7}"#).unwrap();
        assert_eq!((p.date, p.n), (None, Some(7)));
        let p: Probe = serde_json::from_str("{}").unwrap();
        assert_eq!((p.date, p.n), (None, None));
        assert!(serde_json::from_str::<Probe>(r#"{"date":"yesterday"}"#).is_err());
    }
}
