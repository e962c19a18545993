//! Serde helpers for the shapes Twilio's JSON uses: RFC 2822 dates, numbers as strings.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

/// `"Thu, 30 Jul 2015 20:12:31 +0000"` or `null` or absent.
///
/// Read through a visitor that borrows the string from the input, so decoding
/// allocates nothing for a date.
pub(crate) fn opt_rfc2822<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    d.deserialize_option(OptionalScalar(DateScalar))
}

/// An unsigned number that Twilio writes as a string (`"1"`), or as a number, or `null`.
pub(crate) fn opt_u32_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_option(OptionalScalar(U32Scalar))
}

/// `null` or absent is `None`; anything else is read by the inner visitor,
/// whose `Option` answer lets an empty string also mean `None`.
struct OptionalScalar<V>(V);

impl<'de, V: Visitor<'de, Value = Option<T>>, T> Visitor<'de> for OptionalScalar<V> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0)
    }
}

/// An RFC 2822 date string; `""` is `None`.
struct DateScalar;

impl Visitor<'_> for DateScalar {
    type Value = Option<OffsetDateTime>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 2822 date or null")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        rfc2822_text(s).map_err(|e| E::custom(format!("invalid RFC 2822 date {s:?}: {e}")))
    }
}

/// The text of an RFC 2822 date; `""` is `None`. What [`opt_rfc2822`] reads
/// from a string, shared with the models' fast decoding.
pub(crate) fn rfc2822_text(s: &str) -> Result<Option<OffsetDateTime>, time::error::Parse> {
    if s.is_empty() {
        return Ok(None);
    }
    OffsetDateTime::parse(s, &Rfc2822).map(Some)
}

/// The text of a whole number; `""` is `None`. What [`opt_u32_lenient`]
/// reads from a string, shared with the models' fast decoding.
pub(crate) fn u32_text(s: &str) -> Result<Option<u32>, std::num::ParseIntError> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some)
}

/// A `u32` as a JSON number or a decimal string; `""` is `None`.
struct U32Scalar;

impl Visitor<'_> for U32Scalar {
    type Value = Option<u32>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number, as a number or a string, or null")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        u32::try_from(n)
            .map(Some)
            .map_err(|_| E::custom(format!("expected a whole number, got {n}")))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        u32::try_from(n)
            .map(Some)
            .map_err(|_| E::custom(format!("expected a whole number, got {n}")))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        u32_text(s).map_err(|_| E::custom(format!("expected a whole number, got {s:?}")))
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

/// A visitor that reads a string, borrowed where the input allows, through
/// `read`; `.0` names what is expected (for error messages). Spares the
/// `String` that deserializing a `Cow<str>` allocates.
pub(crate) struct StrVisitor<F>(pub(crate) &'static str, pub(crate) F);

impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for StrVisitor<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string ({})", self.0)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
        (self.1)(s).map_err(E::custom)
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
                d.deserialize_str($crate::types::dates::StrVisitor(stringify!($name), |s: &str| {
                    // Infallible: unknown strings become `Unknown`.
                    match s.parse() {
                        Ok(v) => Ok(v),
                        Err(never) => match never {},
                    }
                }))
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
        let p: Probe = serde_json::from_str(r#"{"date":"","n":""}"#).unwrap();
        assert_eq!((p.date, p.n), (None, None));
        for bad in [
            r#"{"n":-1}"#,
            r#"{"n":4294967296}"#,
            r#"{"n":"x"}"#,
            r#"{"n":1.5}"#,
            r#"{"date":7}"#,
        ] {
            assert!(serde_json::from_str::<Probe>(bad).is_err(), "{bad}");
        }
    }
}
