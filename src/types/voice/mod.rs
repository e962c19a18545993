//! [`Voice`] and [`Language`]: who speaks a `<Say>` and in which language.

mod documented;
mod language;

pub use language::{Language, ParseLanguageError};

use documented::DOCUMENTED_VOICES;
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// A text-to-speech voice for `<Say>` and TTS calls.
///
/// `Display` and [`Voice::as_str`] give the exact string Twilio expects.
///
/// | form | examples |
/// |---|---|
/// | basic voices | `alice` (the default), `man`, `woman` |
/// | Amazon Polly | `Polly.Joanna`, `Polly.Joanna-Neural`, `Polly.Matthew-Generative` |
/// | Google | `Google.en-US-Standard-C`, `Google.en-US-Neural2-A`, `Google.en-US-Chirp3-HD-Aoede` |
///
/// **What parsing accepts.** A name is looked up among the voices Twilio
/// documents: `alice`, `man`, `woman` and the Polly and Google voices of
/// Twilio's text-to-speech tables (the crate carries that list: 897 voices,
/// from Twilio's TwiML description as of May 2026).
/// Capitalisation does not matter: `Alice`, `ALICE` and `polly.joanna-neural`
/// are accepted, and the voice is always sent with Twilio's documented
/// spelling (`alice`, `Polly.Joanna-Neural`), so what reaches Twilio is exactly
/// a value it documents. A Polly or Google name that is not in the list, such
/// as `Polly.Nobody-Neural`, is refused before anything is sent. For a voice
/// newer than the list, say so explicitly with [`Voice::unchecked_provider`].
///
/// ```
/// use twilio_typed::Voice;
///
/// let voice: Voice = "Polly.Joanna-Neural".parse()?;
/// assert_eq!(voice.to_string(), "Polly.Joanna-Neural");
/// assert_eq!(Voice::default(), Voice::Alice);
/// assert_eq!("Alice".parse::<Voice>()?, Voice::Alice);
/// assert!("robot".parse::<Voice>().is_err());
/// assert!("Polly.Nobody-Neural".parse::<Voice>().is_err());
///
/// // A voice Twilio added after this crate's list: the shape is still checked.
/// let newer = Voice::unchecked_provider("Polly.Nobody-Neural")?;
/// assert_eq!(newer.as_str(), "Polly.Nobody-Neural");
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

/// The full name of a Polly or Google voice, e.g. `Polly.Joanna-Neural`.
///
/// Obtained by parsing a [`Voice`] (a voice Twilio documents) or through
/// [`Voice::unchecked_provider`] (any well-formed name).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProviderVoice(Cow<'static, str>);

impl ProviderVoice {
    /// The full voice name, provider prefix included.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the voice is in the list of voices Twilio documents that this
    /// crate carries (`false` only for [`Voice::unchecked_provider`] names
    /// outside it).
    pub fn is_documented(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }

    /// The name as a static string, when it is a documented voice's.
    pub(crate) fn as_static(&self) -> Option<&'static str> {
        match self.0 {
            Cow::Borrowed(name) => Some(name),
            Cow::Owned(_) => None,
        }
    }
}

/// An unknown or malformed voice name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown voice {input:?}: {}", .rule.describe())]
#[non_exhaustive]
pub struct ParseVoiceError {
    /// The rejected input.
    pub input: String,
    rule: Rule,
}

/// Which rule a rejected voice name broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Neither a basic voice nor a well-formed Polly/Google name.
    Form,
    /// A well-formed Polly/Google name that Twilio does not document.
    Undocumented(Provider),
    /// `unchecked_provider` was given something other than a Polly/Google name.
    NotProvider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Provider {
    Polly,
    Google,
}

impl Rule {
    fn describe(self) -> &'static str {
        match self {
            Self::Form => "expected alice, man, woman, a Polly voice (e.g. Polly.Joanna-Neural) or a Google voice (e.g. Google.en-US-Neural2-A)",
            Self::Undocumented(Provider::Polly) => "not among the Amazon Polly voices Twilio documents (check the spelling; for a voice newer than this crate, use Voice::unchecked_provider)",
            Self::Undocumented(Provider::Google) => "not among the Google voices Twilio documents (check the spelling; for a voice newer than this crate, use Voice::unchecked_provider)",
            Self::NotProvider => "expected Polly.<Name>[-Neural|-Generative|-LongForm] or Google.<lang>-<REGION>-<model>-<variant>",
        }
    }
}

/// Polly engine suffixes Twilio accepts after the voice name.
const POLLY_ENGINES: &[&str] = &["Neural", "Generative", "LongForm"];

/// `Name[-Engine]`: a capitalised name (letters, accents allowed: `Léa`).
fn is_polly_name(rest: &str) -> bool {
    let (name, engine) = match rest.split_once('-') {
        Some((name, engine)) => (name, Some(engine)),
        None => (rest, None),
    };
    let mut chars = name.chars();
    let name_ok = chars.next().is_some_and(char::is_uppercase)
        && chars.all(char::is_alphabetic)
        && name.len() <= 32;
    name_ok && engine.is_none_or(|e| POLLY_ENGINES.contains(&e))
}

/// `<lang>-<REGION>-<model...>-<variant>`, e.g. `en-US-Neural2-A` or
/// `cmn-CN-Chirp3-HD-Aoede`.
fn is_google_name(rest: &str) -> bool {
    let parts: Vec<&str> = rest.split('-').collect();
    if parts.len() < 4 || rest.len() > 64 {
        return false;
    }
    let lang_ok =
        (2..=3).contains(&parts[0].len()) && parts[0].bytes().all(|b| b.is_ascii_lowercase());
    // Upper case, except in two names Twilio documents (`Google.fil-ph-Neural2-A`).
    let region_ok = parts[1].len() == 2 && parts[1].bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok = parts[2..]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    lang_ok && region_ok && rest_ok
}

fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The documented spelling of `input`, matched exactly or ignoring case.
fn documented(input: &str) -> Option<&'static str> {
    match DOCUMENTED_VOICES.binary_search(&input) {
        Ok(i) => Some(DOCUMENTED_VOICES[i]),
        Err(_) => DOCUMENTED_VOICES
            .iter()
            .copied()
            .find(|known| same_ignoring_case(known, input)),
    }
}

/// The provider a name claims by its prefix, ignoring case.
fn provider_of(input: &str) -> Option<Provider> {
    let prefix = |p: &str| {
        input
            .get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    if prefix("Polly.") {
        Some(Provider::Polly)
    } else if prefix("Google.") {
        Some(Provider::Google)
    } else {
        None
    }
}

impl Voice {
    /// Parses a voice Twilio documents, ignoring capitalisation (see the type's
    /// documentation).
    ///
    /// # Errors
    /// [`ParseVoiceError`] when the name is not a voice Twilio documents; its
    /// message says whether the form is wrong or the Polly/Google voice is
    /// unknown.
    pub fn parse(input: &str) -> Result<Self, ParseVoiceError> {
        for (name, voice) in [
            ("alice", Self::Alice),
            ("man", Self::Man),
            ("woman", Self::Woman),
        ] {
            if input.eq_ignore_ascii_case(name) {
                return Ok(voice);
            }
        }
        let error = |rule| ParseVoiceError {
            input: input.to_owned(),
            rule,
        };
        let provider = provider_of(input).ok_or_else(|| error(Rule::Form))?;
        match documented(input) {
            Some(name) => Ok(Self::from_provider(provider, Cow::Borrowed(name))),
            None => Err(error(Rule::Undocumented(provider))),
        }
    }

    /// A Polly or Google voice that may be newer than the list this crate
    /// carries: the escape hatch for voices Twilio added since. Only the
    /// shape is checked (`Polly.<Name>[-Neural|-Generative|-LongForm]` or
    /// `Google.<lang>-<REGION>-<model>-<variant>`, spelled exactly); a
    /// documented voice comes back as [`Voice::parse`] would give it.
    ///
    /// ```
    /// use twilio_typed::Voice;
    ///
    /// let voice = Voice::unchecked_provider("Polly.Amy-LongForm")?;
    /// assert_eq!(voice.to_string(), "Polly.Amy-LongForm");
    /// assert!(Voice::unchecked_provider("Polly.amy<x>").is_err());
    /// assert!(Voice::unchecked_provider("robot").is_err());
    /// # Ok::<(), twilio_typed::ParseVoiceError>(())
    /// ```
    ///
    /// # Errors
    /// [`ParseVoiceError`] when the name is not a well-formed Polly or Google
    /// voice name.
    pub fn unchecked_provider(name: &str) -> Result<Self, ParseVoiceError> {
        if let Ok(i) = DOCUMENTED_VOICES.binary_search(&name) {
            let provider = provider_of(name).unwrap_or(Provider::Polly);
            return Ok(Self::from_provider(
                provider,
                Cow::Borrowed(DOCUMENTED_VOICES[i]),
            ));
        }
        let owned = || Cow::Owned(name.to_owned());
        if name.strip_prefix("Polly.").is_some_and(is_polly_name) {
            Ok(Self::Polly(ProviderVoice(owned())))
        } else if name.strip_prefix("Google.").is_some_and(is_google_name) {
            Ok(Self::Google(ProviderVoice(owned())))
        } else {
            Err(ParseVoiceError {
                input: name.to_owned(),
                rule: Rule::NotProvider,
            })
        }
    }

    fn from_provider(provider: Provider, name: Cow<'static, str>) -> Self {
        match provider {
            Provider::Polly => Self::Polly(ProviderVoice(name)),
            Provider::Google => Self::Google(ProviderVoice(name)),
        }
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

impl TryFrom<&String> for Voice {
    type Error = ParseVoiceError;
    fn try_from(s: &String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Voice {
    type Error = ParseVoiceError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<&Voice> for Voice {
    fn from(voice: &Voice) -> Self {
        voice.clone()
    }
}

impl serde::Serialize for Voice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Voice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_well_formed() {
        assert!(DOCUMENTED_VOICES.windows(2).all(|w| w[0] < w[1]));
        for name in DOCUMENTED_VOICES {
            let shape_ok = name.strip_prefix("Polly.").is_some_and(is_polly_name)
                || name.strip_prefix("Google.").is_some_and(is_google_name);
            assert!(shape_ok, "{name}");
            assert_eq!(Voice::parse(name).unwrap().as_str(), *name);
        }
    }

    #[test]
    fn round_trips_every_documented_form() {
        for name in [
            "alice",
            "man",
            "woman",
            "Polly.Joanna",
            "Polly.Joanna-Neural",
            "Polly.Matthew-Generative",
            "Polly.Lea",
            "Google.fil-ph-Neural2-A",
            "Polly.Mía-Generative",
            "Google.en-US-Standard-C",
            "Google.en-US-Neural2-A",
            "Google.en-US-Chirp3-HD-Aoede",
        ] {
            let voice = Voice::parse(name).unwrap();
            assert_eq!(voice.to_string(), name);
            assert_eq!(Voice::try_from(name.to_owned()).unwrap(), voice);
        }
    }

    #[test]
    fn capitalisation_is_ignored_and_the_documented_spelling_sent() {
        for (given, sent) in [
            ("Alice", "alice"),
            ("ALICE", "alice"),
            ("Man", "man"),
            ("WOMAN", "woman"),
            ("polly.joanna-neural", "Polly.Joanna-Neural"),
            ("POLLY.MÍA-GENERATIVE", "Polly.Mía-Generative"),
            ("google.EN-us-standard-c", "Google.en-US-Standard-C"),
        ] {
            let voice = Voice::parse(given).unwrap();
            assert_eq!(voice.as_str(), sent, "{given}");
        }
        assert_eq!(Voice::parse("Alice").unwrap(), Voice::Alice);
    }

    #[test]
    fn rejects_malformed_names_listing_the_forms() {
        for bad in ["", "robot", "alice ", "Polly", "Google", "Polly-Joanna"] {
            let err = Voice::parse(bad).unwrap_err();
            assert_eq!(err.rule, Rule::Form, "{bad}");
            assert!(err.to_string().contains("alice, man, woman"), "{bad}");
        }
    }

    #[test]
    fn refuses_provider_voices_twilio_does_not_document() {
        for (bad, provider) in [
            ("Polly.", "Amazon Polly"),
            ("Polly.Nobody-Neural", "Amazon Polly"),
            ("Polly.Joanna-Turbo", "Amazon Polly"),
            ("Polly.Amy-LongForm", "Amazon Polly"),
            ("Google.en-US-Neural9-Z", "Google"),
            ("Google.en", "Google"),
            ("Google.", "Google"),
            ("Polly.Joanna<Dial>", "Amazon Polly"),
        ] {
            let err = Voice::parse(bad).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("unknown voice {bad:?}: not among the {provider} voices Twilio documents (check the spelling; for a voice newer than this crate, use Voice::unchecked_provider)")
            );
        }
    }

    #[test]
    fn the_escape_hatch_checks_the_shape_only() {
        let newer = Voice::unchecked_provider("Polly.Nobody-Neural").unwrap();
        assert!(matches!(&newer, Voice::Polly(v) if !v.is_documented()));
        let google = Voice::unchecked_provider("Google.en-US-Neural9-Z").unwrap();
        assert!(matches!(&google, Voice::Google(v) if !v.is_documented()));
        let known = Voice::unchecked_provider("Polly.Joanna-Neural").unwrap();
        assert_eq!(known, Voice::parse("Polly.Joanna-Neural").unwrap());
        assert!(matches!(&known, Voice::Polly(v) if v.is_documented()));
        for bad in [
            "alice",
            "Polly.",
            "Polly.joanna",
            "polly.Joanna",
            "Polly.Joanna-Turbo",
            "Polly.Jo anna",
            "Polly.Joanna\"",
            "Google.en",
            "Google.EN-us-Standard-C",
            "Google.en-U1-Standard-C",
        ] {
            let err = Voice::unchecked_provider(bad).unwrap_err();
            assert!(err.to_string().contains("expected Polly.<Name>"), "{bad}");
        }
    }
}
