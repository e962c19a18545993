//! Typed attribute values: the closed sets of TwiML, and how each Rust value
//! is written (booleans `true`/`false`, durations in whole seconds, event sets
//! space-separated).

use crate::{CallEvent, CallSid, Endpoint, HttpMethod, Language, MachineDetection, Voice, E164};
use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// How a Rust value is written as an attribute value.
/// The single-digit numbers, so the common small attribute values (digits
/// to gather, seconds of pause) are stored without allocating.
pub(crate) const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// Whether `value` holds no byte the renderer escapes or replaces (its own
/// table, `render::ESCAPES`). The crate's own static values are
/// written unescaped, so each is checked with this at compile time.
pub(crate) const fn is_plain(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if super::render::ESCAPES[bytes[i] as usize] != 0 {
            return false;
        }
        i += 1;
    }
    true
}

/// The static values stored by [`AttrValue::stored_attr_value`] below.
const BOOLEANS: [&str; 2] = ["true", "false"];
const CLASSIC_VOICES: [&str; 3] = ["alice", "man", "woman"];

const _: () = {
    let mut i = 0;
    while i < DIGITS.len() {
        assert!(is_plain(DIGITS[i]));
        i += 1;
    }
    assert!(is_plain(BOOLEANS[0]) && is_plain(BOOLEANS[1]));
    let mut i = 0;
    while i < CLASSIC_VOICES.len() {
        assert!(is_plain(CLASSIC_VOICES[i]));
        i += 1;
    }
};

/// `n` in decimal followed by `suffix`: the numbers of attribute values
/// (seconds, milliseconds, counts), written without the formatting
/// machinery (a fifth of `format!`'s instructions).
pub(crate) fn decimal(n: u128, suffix: &str) -> String {
    let Ok(mut rest) = u64::try_from(n) else {
        // Beyond u64 (a duration of 584 million years): the slow path.
        return format!("{n}{suffix}");
    };
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        start -= 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(digits.len() - start + suffix.len());
    out.extend(digits.iter().skip(start).map(|&digit| char::from(digit)));
    out.push_str(suffix);
    out
}

pub(crate) trait AttrValue {
    fn attr_value(&self) -> Cow<'_, str>;

    /// The value to store in a node: borrowed when it is a static string
    /// (no allocation), owned otherwise.
    #[inline]
    fn stored_attr_value(&self) -> Cow<'static, str> {
        Cow::Owned(self.attr_value().into_owned())
    }
}

impl AttrValue for bool {
    #[inline]
    fn attr_value(&self) -> Cow<'_, str> {
        self.stored_attr_value()
    }

    #[inline]
    fn stored_attr_value(&self) -> Cow<'static, str> {
        Cow::Borrowed(if *self { BOOLEANS[0] } else { BOOLEANS[1] })
    }
}

impl AttrValue for u32 {
    #[inline]
    fn attr_value(&self) -> Cow<'_, str> {
        self.stored_attr_value()
    }

    #[inline]
    fn stored_attr_value(&self) -> Cow<'static, str> {
        match usize::try_from(*self).ok().and_then(|n| DIGITS.get(n)) {
            Some(digit) => Cow::Borrowed(digit),
            None => Cow::Owned(decimal(u128::from(*self), "")),
        }
    }
}

macro_rules! as_str_attr {
    ($($ty:ty),* $(,)?) => {$(
        impl AttrValue for $ty {
            #[inline]
    fn attr_value(&self) -> Cow<'_, str> {
                Cow::Borrowed(self.as_str())
            }
        }
    )*};
}

as_str_attr!(Language, E164, Endpoint, CallSid);

impl AttrValue for Voice {
    #[inline]
    fn attr_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }

    #[inline]
    fn stored_attr_value(&self) -> Cow<'static, str> {
        // The classic voices' names and the documented provider voices'
        // (checked plain at compile time) are static strings; only a name
        // given to `Voice::unchecked_provider` is owned.
        match self {
            Voice::Alice => Cow::Borrowed(CLASSIC_VOICES[0]),
            Voice::Man => Cow::Borrowed(CLASSIC_VOICES[1]),
            Voice::Woman => Cow::Borrowed(CLASSIC_VOICES[2]),
            Voice::Polly(name) | Voice::Google(name) => match name.as_static() {
                Some(name) => Cow::Borrowed(name),
                None => Cow::Owned(name.as_str().to_owned()),
            },
        }
    }
}

macro_rules! copy_as_str_attr {
    ($($ty:ty),* $(,)?) => {$(
        impl AttrValue for $ty {
            #[inline]
    fn attr_value(&self) -> Cow<'_, str> {
                Cow::Borrowed((*self).as_str())
            }

            #[inline]
    fn stored_attr_value(&self) -> Cow<'static, str> {
                Cow::Borrowed((*self).as_str())
            }
        }
    )*};
}

copy_as_str_attr!(HttpMethod, CallEvent, MachineDetection);

/// Writes a set of values space-separated, in the order given.
pub(crate) fn space_separated<T: AttrValue>(values: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for value in values {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&value.attr_value());
    }
    out
}

/// Defines a closed set of attribute values with its exact strings.
macro_rules! attr_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// The attribute value Twilio expects.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::twiml::attrs::AttrValue for $name {
            fn attr_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }

            fn stored_attr_value(&self) -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        // Stored without escaping: a value that needed it does not compile.
        const _: () = assert!(
            true $( && $crate::twiml::attrs::is_plain($text) )*,
            "an attr_enum! value holds a character XML attributes escape"
        );
    };
}
pub(crate) use attr_enum;

attr_enum! {
    /// What `<Gather input>` listens for.
    pub enum GatherInput {
        /// Keypad digits (`dtmf`, Twilio's default).
        Dtmf => "dtmf",
        /// Speech (`speech`).
        Speech => "speech",
        /// Either (`dtmf speech`).
        DtmfSpeech => "dtmf speech",
    }
}

attr_enum! {
    /// Why `<Reject>` refuses a call.
    pub enum RejectReason {
        /// The caller hears a "not in service" message (`rejected`, the default).
        Rejected => "rejected",
        /// The caller hears a busy signal (`busy`).
        Busy => "busy",
    }
}

attr_enum! {
    /// A telephone keypad key, for `finishOnKey`.
    pub enum Key {
        /// `0`.
        Zero => "0",
        /// `1`.
        One => "1",
        /// `2`.
        Two => "2",
        /// `3`.
        Three => "3",
        /// `4`.
        Four => "4",
        /// `5`.
        Five => "5",
        /// `6`.
        Six => "6",
        /// `7`.
        Seven => "7",
        /// `8`.
        Eight => "8",
        /// `9`.
        Nine => "9",
        /// `*`.
        Star => "*",
        /// `#` (the default `finishOnKey`).
        Pound => "#",
    }
}

/// Writes keys one after the other (`Record finishOnKey="#*"`).
pub(crate) fn concat_keys(keys: impl IntoIterator<Item = Key>) -> String {
    keys.into_iter().map(Key::as_str).collect()
}

/// `<Gather speechTimeout>`: a fixed wait, or Twilio's end-of-speech detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpeechTimeout {
    /// `auto`: stop when Twilio detects a pause in speech.
    Auto,
    /// Stop after this much silence, in whole seconds (a fraction of a
    /// second is refused when the document is rendered).
    After(Duration),
}

impl From<Duration> for SpeechTimeout {
    fn from(after: Duration) -> Self {
        Self::After(after)
    }
}

/// A speech recognition model (`speechModel`). The list grows, so any other
/// model name can be given with [`SpeechModel::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpeechModel {
    /// `default`.
    Default,
    /// `numbers_and_commands`.
    NumbersAndCommands,
    /// `phone_call`.
    PhoneCall,
    /// `experimental_conversations`.
    ExperimentalConversations,
    /// `experimental_utterances`.
    ExperimentalUtterances,
    /// `googlev2_long`.
    GoogleV2Long,
    /// `googlev2_short`.
    GoogleV2Short,
    /// `googlev2_telephony`.
    GoogleV2Telephony,
    /// `googlev2_telephony_short`.
    GoogleV2TelephonyShort,
    /// `deepgram_nova-2`.
    DeepgramNova2,
    /// `deepgram_nova-3`.
    DeepgramNova3,
    /// Any other model, written as given.
    Other(String),
}

impl SpeechModel {
    /// The attribute value Twilio expects.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Default => "default",
            Self::NumbersAndCommands => "numbers_and_commands",
            Self::PhoneCall => "phone_call",
            Self::ExperimentalConversations => "experimental_conversations",
            Self::ExperimentalUtterances => "experimental_utterances",
            Self::GoogleV2Long => "googlev2_long",
            Self::GoogleV2Short => "googlev2_short",
            Self::GoogleV2Telephony => "googlev2_telephony",
            Self::GoogleV2TelephonyShort => "googlev2_telephony_short",
            Self::DeepgramNova2 => "deepgram_nova-2",
            Self::DeepgramNova3 => "deepgram_nova-3",
            Self::Other(other) => other,
        }
    }
}

impl fmt::Display for SpeechModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

as_str_attr!(SpeechModel);

attr_enum! {
    /// Whether silence at the start and end of a recording is trimmed.
    pub enum Trim {
        /// `trim-silence`.
        TrimSilence => "trim-silence",
        /// `do-not-trim`.
        DoNotTrim => "do-not-trim",
    }
}

attr_enum! {
    /// `<Dial record>`: whether and how the dialed call is recorded.
    pub enum DialRecord {
        /// `do-not-record`.
        DoNotRecord => "do-not-record",
        /// `record-from-answer` (mono).
        RecordFromAnswer => "record-from-answer",
        /// `record-from-ringing` (mono).
        RecordFromRinging => "record-from-ringing",
        /// `record-from-answer-dual` (one channel per leg).
        RecordFromAnswerDual => "record-from-answer-dual",
        /// `record-from-ringing-dual` (one channel per leg).
        RecordFromRingingDual => "record-from-ringing-dual",
    }
}

attr_enum! {
    /// Which audio of a call is recorded (`recordingTrack`, `<Recording track>`).
    pub enum RecordingTrack {
        /// `both`.
        Both => "both",
        /// `inbound`: what the caller says.
        Inbound => "inbound",
        /// `outbound`: what the caller hears.
        Outbound => "outbound",
    }
}

attr_enum! {
    /// A recording status event (`recordingStatusCallbackEvent`).
    pub enum RecordingEvent {
        /// `in-progress`.
        InProgress => "in-progress",
        /// `completed`.
        Completed => "completed",
        /// `absent`.
        Absent => "absent",
    }
}

attr_enum! {
    /// Which audio a `<Stream>`, `<Siprec>` or `<Transcription>` receives.
    pub enum StreamTrack {
        /// `inbound_track`.
        InboundTrack => "inbound_track",
        /// `outbound_track`.
        OutboundTrack => "outbound_track",
        /// `both_tracks`.
        BothTracks => "both_tracks",
    }
}

attr_enum! {
    /// `<Recording channels>` of `<Start>`.
    pub enum RecordingChannels {
        /// `mono`.
        Mono => "mono",
        /// `dual`.
        Dual => "dual",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_plain_refuses_exactly_what_attributes_escape() {
        // ElementTree's attribute escapes, which the renderer writes, and
        // the control characters XML cannot carry, which it replaces.
        for byte in 0..128u8 {
            let text = char::from(byte).to_string();
            let escaped = matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\r' | b'\n' | b'\t');
            assert_eq!(is_plain(&text), !escaped && byte >= 0x20, "{byte:#04x}");
        }
        assert!(!is_plain("\u{FFFE}"));
        assert!(is_plain("Polly.Joanna-Neural") && !is_plain("a&b"));
    }

    #[test]
    fn documented_voices_are_stored_without_allocating() {
        let documented: Voice = "Polly.Joanna-Neural".parse().unwrap();
        assert!(matches!(
            documented.stored_attr_value(),
            Cow::Borrowed("Polly.Joanna-Neural")
        ));
        assert!(matches!(
            Voice::Alice.stored_attr_value(),
            Cow::Borrowed("alice")
        ));
        let unlisted = Voice::unchecked_provider("Polly.Nobody-Neural").unwrap();
        assert!(
            matches!(unlisted.stored_attr_value(), Cow::Owned(name) if name == "Polly.Nobody-Neural")
        );
    }

    /// The REST API's enums are stored unescaped in TwiML attributes too;
    /// the match makes a new variant a compile error here.
    #[test]
    fn shared_enum_values_are_plain() {
        let methods = [HttpMethod::Get, HttpMethod::Post];
        let events = [
            CallEvent::Initiated,
            CallEvent::Ringing,
            CallEvent::Answered,
            CallEvent::Completed,
        ];
        let detection = [MachineDetection::Enable, MachineDetection::DetectMessageEnd];
        for method in methods {
            match method {
                HttpMethod::Get | HttpMethod::Post => assert!(is_plain(method.as_str())),
            }
        }
        for event in events {
            match event {
                CallEvent::Initiated
                | CallEvent::Ringing
                | CallEvent::Answered
                | CallEvent::Completed => {
                    assert!(is_plain(event.as_str()));
                }
            }
        }
        for mode in detection {
            match mode {
                MachineDetection::Enable | MachineDetection::DetectMessageEnd => {
                    assert!(is_plain(mode.as_str()));
                }
            }
        }
    }

    #[test]
    fn decimal_writes_every_number_as_format_does() {
        let samples = [
            0,
            1,
            9,
            10,
            99,
            100,
            300,
            120_000,
            u128::from(u32::MAX),
            u128::from(u64::MAX),
        ];
        for n in samples
            .into_iter()
            .chain([u128::from(u64::MAX) + 1, u128::MAX])
        {
            assert_eq!(decimal(n, ""), n.to_string());
            assert_eq!(decimal(n, "ms"), format!("{n}ms"));
        }
    }
}
