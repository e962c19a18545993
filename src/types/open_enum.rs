//! Open enums for the generated layer: a variant per value the spec lists,
//! and `Other(String)` for a value Twilio adds later, so a new status never
//! fails a decode. Values are compared exactly, both ways, except for the
//! enums the spec marks case-insensitive (`isIEnum`).

// Used by the generated modules, each behind its feature: what a build
// without `full` leaves unused is not dead.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_macros, unused_imports))]

/// Defines an open enum: `open_enum! { /// doc  Name { Variant = "value", ... } }`,
/// with `#[case_insensitive]` before the name for an `isIEnum`.
macro_rules! open_enum {
    ($(#[doc = $doc:literal])* #[case_insensitive] $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $value:literal,)* }) => {
        $crate::types::open_enum::open_enum!(@define [$(#[doc = $doc])*] $name eq_ignore_ascii_case { $($(#[doc = $vdoc])* $variant = $value,)* });
    };
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $value:literal,)* }) => {
        $crate::types::open_enum::open_enum!(@define [$(#[doc = $doc])*] $name eq { $($(#[doc = $vdoc])* $variant = $value,)* });
    };
    (@define [$(#[doc = $doc:literal])*] $name:ident $eq:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $value:literal,)* }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[doc = $vdoc])* $variant,)*
            /// A value this version does not know, as Twilio wrote it.
            Other(String),
        }

        impl $name {
            /// The value as Twilio writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(other) => other,
                }
            }

            /// Reads a value; one this version does not know is kept as `Other`.
            pub fn parse(value: &str) -> Self {
                $(if $crate::types::open_enum::$eq(value, $value) {
                    return Self::$variant;
                })*
                Self::Other(value.to_owned())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(s))
            }
        }

        impl $crate::http::operation::Wire for $name {
            fn wire(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::types::open_enum::text(d).map(|s| Self::parse(&s))
            }
        }
    };
}
pub(crate) use open_enum;

/// Exact comparison.
pub(crate) fn eq(a: &str, b: &str) -> bool {
    a == b
}

/// ASCII case-insensitive comparison (`isIEnum`).
pub(crate) fn eq_ignore_ascii_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A string, borrowed from the input where it can be (one function for every enum).
pub(crate) fn text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)
}

#[cfg(test)]
mod tests {
    open_enum! {
        /// A test enum.
        Status {
            /// `in-progress`
            InProgress = "in-progress",
            /// `done`
            Done = "done",
        }
    }

    open_enum! {
        /// A case-insensitive one.
        #[case_insensitive]
        Factor {
            /// `push`
            Push = "push",
        }
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let s: Status = serde_json::from_str("\"in-progress\"").unwrap();
        assert_eq!(s, Status::InProgress);
        let s: Status = serde_json::from_str("\"paused\"").unwrap();
        assert_eq!(s, Status::Other("paused".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"paused\"");
        assert_eq!(Status::Done.to_string(), "done");
        // Exact: another case is another value.
        assert_eq!(Status::parse("DONE"), Status::Other("DONE".into()));
        assert_eq!(Factor::parse("PUSH"), Factor::Push);
        assert_eq!(Factor::Push.as_str(), "push");
    }
}
