//! [`TwimlError`]: why a TwiML document cannot be rendered.

use std::fmt;

/// Why a TwiML document could not be rendered.
///
/// Values are checked when they are set; the first problem is kept inside the
/// document and reported by [`VoiceResponse::to_xml`](super::VoiceResponse::to_xml),
/// [`VoiceResponse::write_to`](super::VoiceResponse::write_to) and their
/// [`MessagingResponse`](super::MessagingResponse) counterparts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TwimlError {
    /// A text or attribute value holds a character that XML 1.0 cannot carry:
    /// a C0 control other than tab, newline and carriage return (U+0000 to
    /// U+0008, U+000B, U+000C, U+000E to U+001F), U+FFFE or U+FFFF.
    #[error(
        "<{element}>{}: character U+{:04X} at byte {position} is not allowed in XML 1.0",
        in_attribute(.attribute),
        u32::from(*.character)
    )]
    InvalidChar {
        /// The element holding the value, e.g. `Say`.
        element: String,
        /// The attribute, or `None` when the value is the element's text.
        attribute: Option<String>,
        /// The rejected character.
        character: char,
        /// Byte offset of the character in the value as it was given.
        position: usize,
    },
    /// A name given to the escape hatch ([`Element`](super::Element) or an
    /// `attr(name, value)` setter) is not an XML 1.0 `Name`, so it could add
    /// markup instead of naming one element or attribute.
    #[error("{kind} name {name:?} is not a valid XML name")]
    InvalidName {
        /// Whether an element or an attribute was being named.
        kind: NameKind,
        /// The rejected name.
        name: String,
    },
    /// A duration was given more precisely than Twilio reads it: a fraction
    /// of a second for an attribute in whole seconds (`timeout`, `timeLimit`,
    /// `length`, ...), or a fraction of a millisecond for one in milliseconds
    /// (`machineDetectionSpeechThreshold`, SSML `<break time>`). Twilio
    /// would drop the fraction; this crate refuses it rather than round
    /// silently.
    #[error("<{element}> attribute {attribute:?}: {value:?} is not a whole number of {unit}, and Twilio reads it in whole {unit}")]
    FractionalDuration {
        /// The element, e.g. `Dial`.
        element: String,
        /// The attribute, e.g. `timeLimit`.
        attribute: &'static str,
        /// The duration given.
        value: std::time::Duration,
        /// `seconds` or `milliseconds`.
        unit: &'static str,
    },
    /// The output sink failed while the document was written.
    #[error("writing the TwiML document failed")]
    Io(#[source] std::io::Error),
}

fn in_attribute(attribute: &Option<String>) -> String {
    attribute
        .as_ref()
        .map_or_else(String::new, |name| format!(" attribute {name:?}"))
}

/// What an invalid name was meant to name (see [`TwimlError::InvalidName`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameKind {
    /// An element name.
    Element,
    /// An attribute name.
    Attribute,
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Element => "element",
            Self::Attribute => "attribute",
        })
    }
}

/// A problem found while a document was built, kept until it is rendered.
///
/// Unlike [`TwimlError`] it is `Clone`, so builders stay `Clone`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    InvalidChar {
        element: String,
        attribute: Option<String>,
        character: char,
        position: usize,
    },
    InvalidName {
        kind: NameKind,
        name: String,
    },
    FractionalDuration {
        element: String,
        attribute: &'static str,
        value: std::time::Duration,
        unit: &'static str,
    },
}

impl From<Problem> for TwimlError {
    fn from(problem: Problem) -> Self {
        match problem {
            Problem::InvalidChar {
                element,
                attribute,
                character,
                position,
            } => Self::InvalidChar {
                element,
                attribute,
                character,
                position,
            },
            Problem::InvalidName { kind, name } => Self::InvalidName { kind, name },
            Problem::FractionalDuration {
                element,
                attribute,
                value,
                unit,
            } => Self::FractionalDuration {
                element,
                attribute,
                value,
                unit,
            },
        }
    }
}

impl From<std::io::Error> for TwimlError {
    fn from(error: std::io::Error) -> Self {
        Self::Io(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place_and_the_rule() {
        let error = TwimlError::from(Problem::InvalidChar {
            element: "Say".into(),
            attribute: None,
            character: '\0',
            position: 3,
        });
        assert_eq!(
            error.to_string(),
            "<Say>: character U+0000 at byte 3 is not allowed in XML 1.0"
        );
        let error = TwimlError::from(Problem::InvalidChar {
            element: "Gather".into(),
            attribute: Some("action".into()),
            character: '\u{1b}',
            position: 0,
        });
        assert_eq!(
            error.to_string(),
            "<Gather> attribute \"action\": character U+001B at byte 0 is not allowed in XML 1.0"
        );
        let error = TwimlError::from(Problem::InvalidName {
            kind: NameKind::Element,
            name: "a b".into(),
        });
        assert_eq!(
            error.to_string(),
            "element name \"a b\" is not a valid XML name"
        );
    }
}
