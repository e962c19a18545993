//! Typed attribute values: the closed sets of TwiML, and how each Rust value
//! is written (booleans `true`/`false`, durations in whole seconds, event sets
//! space-separated).

use crate::{CallEvent, CallSid, Endpoint, HttpMethod, Language, MachineDetection, Voice, E164};
use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// How a Rust value is written as an attribute value.
pub(crate) trait AttrValue {
    /// The value as Twilio reads it: borrowed when it is one of this
    /// crate's static strings, owned otherwise.
    fn attr_value(&self) -> Cow<'static, str>;
}

impl AttrValue for bool {
    fn attr_value(&self) -> Cow<'static, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl AttrValue for u32 {
    fn attr_value(&self) -> Cow<'static, str> {
        Cow::Owned(self.to_string())
    }
}

macro_rules! as_str_attr {
    ($($ty:ty),* $(,)?) => {$(
        impl AttrValue for $ty {
            fn attr_value(&self) -> Cow<'static, str> {
                Cow::Owned(self.as_str().to_owned())
            }
        }
    )*};
}

as_str_attr!(Language, E164, Endpoint, CallSid);

impl AttrValue for Voice {
    fn attr_value(&self) -> Cow<'static, str> {
        // The classic voices' names and the documented provider voices' are
        // static strings; only a name given to `Voice::unchecked_provider`
        // is owned.
        match self {
            Voice::Alice => Cow::Borrowed("alice"),
            Voice::Man => Cow::Borrowed("man"),
            Voice::Woman => Cow::Borrowed("woman"),
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
            fn attr_value(&self) -> Cow<'static, str> {
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
            fn attr_value(&self) -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
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
    fn values_are_written_as_twilio_reads_them() {
        assert_eq!(true.attr_value(), "true");
        assert_eq!(false.attr_value(), "false");
        assert_eq!(0u32.attr_value(), "0");
        assert_eq!(120_000u32.attr_value(), "120000");
        assert_eq!(
            space_separated([CallEvent::Initiated, CallEvent::Answered]),
            "initiated answered"
        );
        assert_eq!(space_separated(Vec::<CallEvent>::new()), "");
        assert_eq!(concat_keys([Key::Pound, Key::Star]), "#*");
    }

    #[test]
    fn documented_voices_are_stored_without_allocating() {
        let documented: Voice = "Polly.Joanna-Neural".parse().unwrap();
        assert!(matches!(
            documented.attr_value(),
            Cow::Borrowed("Polly.Joanna-Neural")
        ));
        assert!(matches!(Voice::Alice.attr_value(), Cow::Borrowed("alice")));
        let unlisted = Voice::unchecked_provider("Polly.Nobody-Neural").unwrap();
        assert!(matches!(unlisted.attr_value(), Cow::Owned(name) if name == "Polly.Nobody-Neural"));
    }
}
