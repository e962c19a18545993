//! Serde helpers for the generated models: what Twilio writes where the
//! spec's type alone would not read it (a number as a string, an empty
//! string for an absent URL or date).

// Used by the generated modules, each behind its feature: what a build
// without `full` leaves unused is not dead.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_macros, unused_imports))]

use std::fmt;

use serde::de::{self, Visitor};
use serde::Deserializer;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use url::Url;

/// An exact decimal number: prices and other amounts Twilio sends as
/// strings (`"-0.0075"`), never rounded through a float.
pub use rust_decimal::Decimal;

/// Reads `null`, absent or a scalar; `visit` gets the scalar as text, and
/// an empty string is `None`.
struct Lenient<F>(&'static str, F);

impl<'de, T, F: FnOnce(&str) -> Result<T, String>> Visitor<'de> for Lenient<F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        if s.is_empty() {
            return Ok(None);
        }
        (self.1)(s).map(Some).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }
}

fn lenient<'de, D, T>(
    d: D,
    expecting: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_option(Lenient(expecting, parse))
}

/// An absolute URL; `""` is `None`.
pub(crate) fn opt_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Url>, D::Error> {
    lenient(d, "a URL or null", |s| {
        Url::parse(s).map_err(|e| format!("invalid URL {s:?}: {e}"))
    })
}

/// An RFC 2822 date (api_v2010); `""` is `None`.
pub(crate) fn opt_rfc2822<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    crate::types::dates::opt_rfc2822(d)
}

/// An ISO 8601 / RFC 3339 date-time (every other domain); `""` is `None`.
pub(crate) fn opt_rfc3339<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    lenient(d, "an ISO 8601 date-time or null", |s| {
        OffsetDateTime::parse(s, &Rfc3339).map_err(|e| format!("invalid date-time {s:?}: {e}"))
    })
}

/// `YYYY-MM-DD`; `""` is `None`.
pub(crate) fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    lenient(d, "a date (YYYY-MM-DD) or null", |s| {
        Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|e| format!("invalid date {s:?}: {e}"))
    })
}

/// A decimal number written as a string or a number; `""` is `None`.
pub(crate) fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    lenient(d, "a decimal number (string or number) or null", |s| {
        s.parse::<Decimal>()
            .or_else(|_| Decimal::from_scientific(s))
            .map_err(|e| format!("invalid number {s:?}: {e}"))
    })
}

/// A whole number written as a string or a number; `""` is `None`.
pub(crate) fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    lenient(d, "a whole number (string or number) or null", |s| {
        s.parse::<i64>()
            .map_err(|e| format!("invalid whole number {s:?}: {e}"))
    })
}

/// A SID; `""` is `None` (Twilio writes an empty string for a SID that is
/// not set, such as an incoming number's `sms_application_sid`).
pub(crate) fn opt_sid<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    d.deserialize_option(Lenient("a SID, an empty string or null", |s: &str| {
        s.parse::<T>().map_err(|e| e.to_string())
    }))
}

/// `format: uri-map` (a resource's `links`): names to URIs, a name whose
/// value is `null` (a channel's `last_message` before any) left out.
pub(crate) fn opt_uri_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<std::collections::BTreeMap<String, String>>, D::Error> {
    let map: Option<std::collections::BTreeMap<String, Option<String>>> =
        serde::Deserialize::deserialize(d)?;
    Ok(map.map(|m| m.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()))
}

/// A decimal of a JSON request body, written as a JSON number (what a
/// `type: number` field takes), whole numbers without a fraction.
pub(crate) fn ser_opt_decimal<S: serde::Serializer>(
    v: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let Some(v) = v else {
        return s.serialize_none();
    };
    let text = v.normalize().to_string();
    if let Ok(whole) = text.parse::<i64>() {
        return s.serialize_i64(whole);
    }
    match text.parse::<f64>() {
        Ok(float) => s.serialize_f64(float),
        Err(e) => Err(serde::ser::Error::custom(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Sample {
        #[serde(deserialize_with = "opt_decimal")]
        price: Option<Decimal>,
        #[serde(deserialize_with = "opt_int")]
        count: Option<i64>,
        #[serde(deserialize_with = "opt_url")]
        url: Option<Url>,
        #[serde(deserialize_with = "opt_rfc3339")]
        at: Option<OffsetDateTime>,
        #[serde(deserialize_with = "opt_date")]
        day: Option<Date>,
    }

    #[test]
    fn reads_what_twilio_writes() {
        let s: Sample = serde_json::from_str(
            r#"{"price":"-0.0075","count":"3","url":"","at":"2015-07-30T20:00:00Z","day":"2024-02-29"}"#,
        )
        .unwrap();
        assert_eq!(s.price.unwrap().to_string(), "-0.0075");
        assert_eq!(s.count, Some(3));
        assert_eq!(s.url, None);
        assert_eq!(s.at.unwrap().unix_timestamp(), 1_438_286_400);
        assert_eq!(s.day.unwrap().to_string(), "2024-02-29");
        let s: Sample = serde_json::from_str(r#"{"price":0.5,"count":7,"at":null}"#).unwrap();
        assert_eq!(s.price.unwrap().to_string(), "0.5");
        assert_eq!(s.count, Some(7));
        assert!(s.at.is_none());
        assert!(serde_json::from_str::<Sample>(r#"{"count":"x"}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"url":"not a url"}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"at":"Thu, 30 Jul 2015"}"#).is_err());
    }
}

/// Newtypes that read an `Option<T>` the lenient way above, for the
/// generated models' readers (`deserialize_model!`).
macro_rules! readers {
    ($($(#[$doc:meta])* $name:ident($ty:ty) = $read:ident;)*) => {$(
        $(#[$doc])*
        pub(crate) struct $name(pub(crate) Option<$ty>);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $read(d).map($name)
            }
        }
    )*};
}

readers! {
    /// An absolute URL, `""` as `None`.
    OptUrl(Url) = opt_url;
    /// An RFC 2822 date.
    OptRfc2822(OffsetDateTime) = opt_rfc2822;
    /// An RFC 3339 date-time.
    OptRfc3339(OffsetDateTime) = opt_rfc3339;
    /// A `YYYY-MM-DD` date.
    OptDate(Date) = opt_date;
    /// A decimal, string or number.
    OptDecimal(Decimal) = opt_decimal;
    /// A whole number, string or number.
    OptInt(i64) = opt_int;
    /// Names to URIs, `null` values left out.
    OptUriMap(std::collections::BTreeMap<String, String>) = opt_uri_map;
}

/// A SID of type `T`, `""` as `None` (generic, so not in `readers!`).
pub(crate) struct OptSid<T>(pub(crate) Option<T>);

impl<'de, T> serde::Deserialize<'de> for OptSid<T>
where
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        opt_sid(d).map(OptSid)
    }
}

/// A JSON object key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// `Deserialize` for a generated answer model: a JSON object read field by
/// field into the model's `Default`, unknown fields skipped, each field
/// read by its type's own `Deserialize` or by one of the readers above
/// (`field: "wire_name" as OptUrl`). One map visitor per model and no
/// per-field helper types: a fraction of the code serde's derive writes,
/// for the 1,300 models of the generated layer.
macro_rules! deserialize_model {
    ($name:ident { $($field:ident : $wire:literal $(as $reader:ident)?),* $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct ModelVisitor;
                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    #[allow(unused_mut)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<$crate::types::wire::Key<'de>>()? {
                            match &*key.0 {
                                $($wire => {
                                    out.$field = $crate::types::wire::deserialize_model!(@read map $($reader)?);
                                })*
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(ModelVisitor)
            }
        }
    };
    (@read $map:ident OptSid) => {
        $map.next_value::<$crate::types::wire::OptSid<_>>()?.0
    };
    (@read $map:ident $reader:ident) => {
        $map.next_value::<$crate::types::wire::$reader>()?.0
    };
    (@read $map:ident) => {
        $map.next_value()?
    };
}
pub(crate) use deserialize_model;
