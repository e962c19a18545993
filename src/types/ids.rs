//! Typed Twilio SIDs.
//!
//! Every Twilio resource is named by a SID: a two-letter prefix that tells the
//! resource kind followed by 32 hexadecimal digits (`SM` + 32 hex digits for a
//! message). Each kind here is its own type, so a call SID can never be passed
//! where a message SID is expected, and a value of these types is always
//! well-formed: the only way to get one is to parse it.
//!
//! ```
//! use twilio_typed::{CallSid, MessageSid, ResourceSid};
//!
//! let sid: MessageSid = "SM0123456789abcdef0123456789abcdef".parse()?;
//! assert_eq!(sid.as_str(), "SM0123456789abcdef0123456789abcdef");
//! assert!("CA0123456789abcdef0123456789abcdef".parse::<MessageSid>().is_err());
//!
//! // One parse that tells a message from a call.
//! match "CA0123456789abcdef0123456789abcdef".parse::<ResourceSid>()? {
//!     ResourceSid::Call(call) => assert!(call.as_str().starts_with("CA")),
//!     other => panic!("not a call: {other}"),
//! }
//! # Ok::<(), twilio_typed::ParseSidError>(())
//! ```

use std::fmt;
use std::str::FromStr;

/// Number of hexadecimal digits after the two-letter prefix of every SID.
const HEX_DIGITS: usize = 32;

/// Why a string is not a valid SID of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind}: {reason}")]
#[non_exhaustive]
pub struct ParseSidError {
    /// The SID kind that was expected, e.g. `"message SID"`.
    pub kind: &'static str,
    /// The rule that the input broke.
    pub reason: SidRule,
}

/// The rule a SID broke, as reported by [`ParseSidError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SidRule {
    /// The SID does not start with one of the allowed prefixes.
    #[error("must start with {expected} (got {found:?})")]
    Prefix {
        /// The accepted prefixes, e.g. `"SM or MM"`.
        expected: &'static str,
        /// The first two characters of the input (at most).
        found: String,
    },
    /// The SID is not prefix + 32 characters long.
    #[error("must be 34 characters (2-letter prefix + 32 hex digits), got {0}")]
    Length(usize),
    /// A character after the prefix is not a hexadecimal digit.
    #[error("character {position} is not a hexadecimal digit")]
    NotHex {
        /// Zero-based character position in the input.
        position: usize,
    },
}

/// Checks `input` against `prefixes` + 32 hex digits, the pattern of Twilio's spec.
pub(crate) fn check_sid(
    input: &str,
    kind: &'static str,
    prefixes: &[&str],
    expected: &'static str,
) -> Result<(), ParseSidError> {
    let fail = |reason| ParseSidError { kind, reason };
    let prefix = input.get(..2).unwrap_or(input);
    if !prefixes.contains(&prefix) {
        return Err(fail(SidRule::Prefix {
            expected,
            found: input.chars().take(2).collect(),
        }));
    }
    if input.len() != 2 + HEX_DIGITS {
        return Err(fail(SidRule::Length(input.chars().count())));
    }
    let digits = &input.as_bytes()[2..];
    // Without an early exit (a vector loop); the position only on failure.
    if digits.iter().fold(true, |ok, b| ok & b.is_ascii_hexdigit()) {
        return Ok(());
    }
    // Some digit failed the check above, so `position` finds it; the
    // fallback (the first digit) is never used.
    let position = digits.iter().position(|b| !b.is_ascii_hexdigit());
    Err(fail(SidRule::NotHex {
        position: position.map_or(2, |i| i + 2),
    }))
}

/// Defines a validated SID newtype (private field, parse-only construction);
/// used here and by the generated `src/api/sids.rs`.
macro_rules! sid_type {
    ($(#[$meta:meta])* $name:ident, $kind:literal, [$($prefix:literal),+], $expected:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The prefixes a SID of this kind starts with.
            pub const PREFIXES: &'static [&'static str] = &[$($prefix),+];

            /// Parses and validates a SID of this kind.
            ///
            /// # Errors
            /// [`$crate::types::ids::ParseSidError`] naming the broken rule: prefix, length or hex digits.
            pub fn parse(input: &str) -> Result<Self, $crate::types::ids::ParseSidError> {
                $crate::types::ids::check_sid(input, $kind, Self::PREFIXES, $expected)?;
                Ok(Self(input.to_owned()))
            }

            /// The SID as Twilio writes it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::types::ids::ParseSidError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::types::ids::ParseSidError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::types::ids::ParseSidError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $crate::types::ids::check_sid(&s, $kind, Self::PREFIXES, $expected)?;
                Ok(Self(s))
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl $crate::http::operation::Wire for $name {
            fn wire(&self) -> String {
                self.0.clone()
            }
        }

        impl From<$name> for $crate::types::path::SidOrName {
            fn from(sid: $name) -> Self {
                Self::from(sid.0)
            }
        }

        impl From<&$name> for $crate::types::path::SidOrName {
            fn from(sid: &$name) -> Self {
                Self::from(sid.0.clone())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                Self::try_from(s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use sid_type;

sid_type!(
    /// An account SID: `AC` + 32 hex digits.
    AccountSid, "account SID", ["AC"], "AC"
);
sid_type!(
    /// A message SID: `SM` (SMS) or `MM` (MMS) + 32 hex digits.
    MessageSid, "message SID", ["SM", "MM"], "SM or MM"
);
sid_type!(
    /// A call SID: `CA` + 32 hex digits.
    CallSid, "call SID", ["CA"], "CA"
);
sid_type!(
    /// A messaging service SID: `MG` + 32 hex digits.
    MessagingServiceSid, "messaging service SID", ["MG"], "MG"
);
sid_type!(
    /// An API key SID: `SK` + 32 hex digits (the basic-auth user of API-key authentication).
    ApiKeySid, "API key SID", ["SK"], "SK"
);

sid_type!(
    /// A TwiML application SID: `AP` + 32 hex digits (a third way to tell a call what to run).
    ApplicationSid, "application SID", ["AP"], "AP"
);
sid_type!(
    /// A recording SID: `RE` + 32 hex digits.
    RecordingSid, "recording SID", ["RE"], "RE"
);
sid_type!(
    /// A message media SID: `ME` + 32 hex digits.
    MediaSid, "media SID", ["ME"], "ME"
);
sid_type!(
    /// A conference SID: `CF` + 32 hex digits.
    ConferenceSid, "conference SID", ["CF"], "CF"
);
sid_type!(
    /// A content template SID: `HX` + 32 hex digits (Content API).
    ContentSid, "content SID", ["HX"], "HX"
);

/// A SID that names either a message or a call, told apart by its prefix.
///
/// This is what a status endpoint such as the gateway's `GET /twilio/status/{sid}` needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResourceSid {
    /// An `SM`/`MM` SID.
    Message(MessageSid),
    /// A `CA` SID.
    Call(CallSid),
}

impl ResourceSid {
    /// Parses a message or call SID.
    ///
    /// # Errors
    /// [`ParseSidError`] when the input is neither a message nor a call SID.
    pub fn parse(input: &str) -> Result<Self, ParseSidError> {
        if input.starts_with("CA") {
            return CallSid::parse(input).map(Self::Call);
        }
        check_sid(
            input,
            "message or call SID",
            &["SM", "MM", "CA"],
            "SM, MM or CA",
        )?;
        MessageSid::parse(input).map(Self::Message)
    }

    /// The SID as Twilio writes it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Message(sid) => sid.as_str(),
            Self::Call(sid) => sid.as_str(),
        }
    }
}

impl fmt::Display for ResourceSid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ResourceSid {
    type Err = ParseSidError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "0123456789abcdef0123456789ABCDEF";

    #[test]
    fn accepts_each_prefix() {
        assert!(AccountSid::parse(&format!("AC{HEX}")).is_ok());
        assert!(MessageSid::parse(&format!("SM{HEX}")).is_ok());
        assert!(MessageSid::parse(&format!("MM{HEX}")).is_ok());
        assert!(CallSid::parse(&format!("CA{HEX}")).is_ok());
        assert!(MessagingServiceSid::parse(&format!("MG{HEX}")).is_ok());
        assert!(ApiKeySid::parse(&format!("SK{HEX}")).is_ok());
        assert!(ApplicationSid::parse(&format!("AP{HEX}")).is_ok());
        assert!(RecordingSid::parse(&format!("RE{HEX}")).is_ok());
        assert!(MediaSid::parse(&format!("ME{HEX}")).is_ok());
        assert!(ConferenceSid::parse(&format!("CF{HEX}")).is_ok());
        assert!(ContentSid::parse(&format!("HX{HEX}")).is_ok());
        assert!(RecordingSid::parse(&format!("CA{HEX}")).is_err());
    }

    #[test]
    fn rejects_with_the_rule() {
        let err = MessageSid::parse(&format!("CA{HEX}")).unwrap_err();
        assert!(matches!(err.reason, SidRule::Prefix { .. }));
        assert_eq!(
            err.to_string(),
            "invalid message SID: must start with SM or MM (got \"CA\")"
        );
        let err = CallSid::parse("CA123").unwrap_err();
        assert_eq!(err.reason, SidRule::Length(5));
        let err = CallSid::parse(&format!("CA{}g", &HEX[..31])).unwrap_err();
        assert_eq!(err.reason, SidRule::NotHex { position: 33 });
        assert!(CallSid::parse("").is_err());
        assert!(CallSid::parse("é").is_err());
        assert!(CallSid::parse(&format!("CA{}é", &HEX[..30])).is_err());
    }

    #[test]
    fn resource_sid_tells_kinds_apart() {
        assert!(matches!(
            ResourceSid::parse(&format!("SM{HEX}")),
            Ok(ResourceSid::Message(_))
        ));
        assert!(matches!(
            ResourceSid::parse(&format!("CA{HEX}")),
            Ok(ResourceSid::Call(_))
        ));
        let err = ResourceSid::parse(&format!("AC{HEX}")).unwrap_err();
        assert_eq!(err.kind, "message or call SID");
    }

    #[test]
    fn serde_validates() {
        let sid: CallSid = serde_json::from_str(&format!("\"CA{HEX}\"")).unwrap();
        assert_eq!(serde_json::to_string(&sid).unwrap(), format!("\"CA{HEX}\""));
        assert!(serde_json::from_str::<CallSid>("\"CA12\"").is_err());
    }
}
