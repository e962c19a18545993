//! [`Voice`] and [`Language`]: who speaks a `<Say>` and in which language.

use std::fmt;
use std::str::FromStr;

/// A text-to-speech voice for `<Say>` and TTS calls.
///
/// `Display` and [`Voice::as_str`] give the exact string Twilio expects, and
/// `FromStr` accepts exactly those strings:
///
/// | form | examples |
/// |---|---|
/// | basic voices | `alice` (the default), `man`, `woman` |
/// | Amazon Polly | `Polly.Joanna`, `Polly.Joanna-Neural`, `Polly.Matthew-Generative`, `Polly.Amy-LongForm` |
/// | Google | `Google.en-US-Standard-C`, `Google.en-US-Neural2-A`, `Google.en-US-Chirp3-HD-Aoede` |
///
/// ```
/// use twilio_typed::Voice;
///
/// let voice: Voice = "Polly.Joanna-Neural".parse()?;
/// assert_eq!(voice.to_string(), "Polly.Joanna-Neural");
/// assert_eq!(Voice::default(), Voice::Alice);
/// assert!("robot".parse::<Voice>().is_err());
/// # Ok::<(), twilio_typed::ParseVoiceError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Voice {
    /// `alice`: female, clear, professional (Twilio's default).
    #[default]
    Alice,
    /// `man`: the basic male voice.
    Man,
    /// `woman`: the basic female voice.
    Woman,
    /// An Amazon Polly voice, `Polly.<Name>[-Neural|-Generative|-LongForm]`.
    Polly(ProviderVoice),
    /// A Google voice, `Google.<lang>-<REGION>-<model>-<variant>`.
    Google(ProviderVoice),
}

/// The validated full name of a Polly or Google voice, e.g. `Polly.Joanna-Neural`.
///
/// Obtained only by parsing a [`Voice`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProviderVoice(String);

impl ProviderVoice {
    /// The full voice name, provider prefix included.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An unknown or malformed voice name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown voice {input:?}: expected alice, man, woman, Polly.<Name>[-Neural|-Generative|-LongForm] (e.g. Polly.Joanna-Neural) or Google.<lang>-<REGION>-<model>-<variant> (e.g. Google.en-US-Neural2-A)")]
#[non_exhaustive]
pub struct ParseVoiceError {
    /// The rejected input.
    pub input: String,
}

/// Polly engine suffixes Twilio accepts after the voice name.
const POLLY_ENGINES: &[&str] = &["Neural", "Generative", "LongForm"];

fn is_polly_name(rest: &str) -> bool {
    let (name, engine) = match rest.split_once('-') {
        Some((name, engine)) => (name, Some(engine)),
        None => (rest, None),
    };
    let mut chars = name.chars();
    let name_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphabetic())
        && name.len() <= 32;
    name_ok && engine.is_none_or(|e| POLLY_ENGINES.contains(&e))
}

fn is_google_name(rest: &str) -> bool {
    // <lang>-<REGION>-<model...>-<variant>, e.g. en-US-Neural2-A or cmn-CN-Chirp3-HD-Aoede.
    let parts: Vec<&str> = rest.split('-').collect();
    if parts.len() < 4 || rest.len() > 64 {
        return false;
    }
    let lang_ok =
        (2..=3).contains(&parts[0].len()) && parts[0].bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = parts[1].len() == 2 && parts[1].bytes().all(|b| b.is_ascii_uppercase());
    let rest_ok = parts[2..]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    lang_ok && region_ok && rest_ok
}

impl Voice {
    /// Parses one of the accepted voice names.
    ///
    /// # Errors
    /// [`ParseVoiceError`], whose message lists the accepted forms.
    pub fn parse(input: &str) -> Result<Self, ParseVoiceError> {
        let voice = match input {
            "alice" => Some(Self::Alice),
            "man" => Some(Self::Man),
            "woman" => Some(Self::Woman),
            _ => {
                if let Some(rest) = input.strip_prefix("Polly.") {
                    is_polly_name(rest).then(|| Self::Polly(ProviderVoice(input.to_owned())))
                } else if let Some(rest) = input.strip_prefix("Google.") {
                    is_google_name(rest).then(|| Self::Google(ProviderVoice(input.to_owned())))
                } else {
                    None
                }
            }
        };
        voice.ok_or_else(|| ParseVoiceError {
            input: input.to_owned(),
        })
    }

    /// The exact string Twilio expects in `voice="..."`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Alice => "alice",
            Self::Man => "man",
            Self::Woman => "woman",
            Self::Polly(v) | Self::Google(v) => v.as_str(),
        }
    }
}

impl fmt::Display for Voice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Voice {
    type Err = ParseVoiceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Voice {
    type Error = ParseVoiceError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl serde::Serialize for Voice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Voice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

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
    fn round_trips_every_documented_form() {
        for name in [
            "alice",
            "man",
            "woman",
            "Polly.Joanna",
            "Polly.Joanna-Neural",
            "Polly.Matthew-Generative",
            "Polly.Amy-LongForm",
            "Google.en-US-Standard-C",
            "Google.en-US-Neural2-A",
            "Google.en-US-Chirp3-HD-Aoede",
        ] {
            assert_eq!(Voice::parse(name).unwrap().to_string(), name);
        }
    }

    #[test]
    fn rejects_unknown_voices_listing_the_forms() {
        for bad in [
            "",
            "Alice",
            "robot",
            "Polly.",
            "Polly.joanna",
            "Polly.Joanna-Turbo",
            "Google.en",
            "Google.EN-us-Standard-C",
            "Polly.Joanna<Dial>",
        ] {
            let err = Voice::parse(bad).unwrap_err();
            assert!(err.to_string().contains("alice, man, woman"), "{bad}");
        }
    }

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
