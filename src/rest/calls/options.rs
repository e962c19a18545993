//! More ways to place a call: a TwiML application ([`TwilioClient::call_with_application`]),
//! asynchronous answering machine detection and its thresholds, and recording
//! options, each with the ranges Twilio documents.

use std::fmt;
use std::ops::RangeInclusive;

use url::Url;

use crate::http::input::Deferred;
use crate::http::Form;
use crate::rest::messages::web_url;
use crate::{Error, HttpMethod, MakeCall};

/// `MachineDetectionTimeout`: seconds Twilio tries to detect a machine
/// (default 30). The range is that of Twilio's answering machine detection
/// guide ("between 3 and 59"); the OpenAPI description gives none.
pub const MACHINE_DETECTION_TIMEOUT_SECS: RangeInclusive<u32> = 3..=59;
/// `MachineDetectionSpeechThreshold`: milliseconds of speech above which the
/// callee is taken for a machine (default 2400).
pub const MACHINE_DETECTION_SPEECH_THRESHOLD_MS: RangeInclusive<u32> = 1000..=6000;
/// `MachineDetectionSpeechEndThreshold`: milliseconds of silence that end the
/// speech (default 1200).
pub const MACHINE_DETECTION_SPEECH_END_THRESHOLD_MS: RangeInclusive<u32> = 500..=5000;
/// `MachineDetectionSilenceTimeout`: milliseconds of initial silence after
/// which the answer is `unknown` (default 5000).
pub const MACHINE_DETECTION_SILENCE_TIMEOUT_MS: RangeInclusive<u32> = 2000..=10000;

/// How many channels a call recording has (`RecordingChannels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingChannels {
    /// Both legs mixed in one channel (Twilio's default).
    Mono,
    /// Each leg in its own channel.
    Dual,
}

/// Which audio a call recording keeps (`RecordingTrack`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingTrack {
    /// What Twilio receives (the callee).
    Inbound,
    /// What Twilio plays (your TwiML).
    Outbound,
    /// Both (Twilio's default).
    Both,
}

/// Whether silence is trimmed from a recording's ends (`Trim`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trim {
    /// `trim-silence` (Twilio's default).
    TrimSilence,
    /// `do-not-trim`.
    DoNotTrim,
}

/// A recording event that triggers the recording status callback
/// (`RecordingStatusCallbackEvent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordingEvent {
    /// The recording started.
    InProgress,
    /// The recording is ready (Twilio's default).
    Completed,
    /// The recording was silent and discarded.
    Absent,
}

macro_rules! twilio_names {
    ($($ty:ty { $($variant:ident => $text:literal),+ })+) => {$(
        impl $ty {
            /// Twilio's name for the value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

twilio_names! {
    RecordingChannels { Mono => "mono", Dual => "dual" }
    RecordingTrack { Inbound => "inbound", Outbound => "outbound", Both => "both" }
    Trim { TrimSilence => "trim-silence", DoNotTrim => "do-not-trim" }
    RecordingEvent { InProgress => "in-progress", Completed => "completed", Absent => "absent" }
}

/// The AMD and recording options of a [`MakeCall`], checked by its `send()`.
#[derive(Debug, Default)]
pub(crate) struct CallOptions {
    amd: Form,
    recording: Form,
}

impl CallOptions {
    /// Appends the options, refusing those whose feature the call does not turn on.
    pub(crate) fn write(self, form: &mut Form) -> Result<(), Error> {
        if let Some((name, _)) = self.amd.first()
            && !form.iter().any(|(n, _)| *n == "MachineDetection")
        {
            return Err(Error::invalid(
                setter(name),
                "needs answering machine detection: set machine_detection()",
            ));
        }
        if let Some((name, _)) = self.recording.first()
            && !form.iter().any(|(n, v)| *n == "Record" && v == "true")
        {
            return Err(Error::invalid(
                setter(name),
                "needs a recorded call: set record(true)",
            ));
        }
        form.extend(self.amd);
        form.extend(self.recording);
        Ok(())
    }
}

/// The setter of a Twilio parameter, as errors name fields.
fn setter(param: &'static str) -> &'static str {
    match param {
        "AsyncAmd" => "async_amd",
        "AsyncAmdStatusCallback" | "AsyncAmdStatusCallbackMethod" => "async_amd_status_callback",
        "MachineDetectionTimeout" => "machine_detection_timeout",
        "MachineDetectionSpeechThreshold" => "machine_detection_speech_threshold",
        "MachineDetectionSpeechEndThreshold" => "machine_detection_speech_end_threshold",
        "MachineDetectionSilenceTimeout" => "machine_detection_silence_timeout",
        "RecordingChannels" => "recording_channels",
        "RecordingStatusCallback" | "RecordingStatusCallbackMethod" => "recording_status_callback",
        "RecordingStatusCallbackEvent" => "recording_status_callback_events",
        "RecordingTrack" => "recording_track",
        "Trim" => "trim",
        other => other,
    }
}

/// Sets `name` in `form`, replacing an earlier value.
fn set(form: &mut Form, name: &'static str, value: String) {
    form.retain(|(n, _)| *n != name);
    form.push((name, value));
}

fn in_range(
    errors: &mut Deferred,
    field: &'static str,
    value: u32,
    range: &RangeInclusive<u32>,
    unit: &str,
) -> bool {
    let ok = range.contains(&value);
    if !ok {
        errors.fail(
            field,
            format!(
                "must be {} to {} {unit}, got {value}",
                range.start(),
                range.end()
            ),
        );
    }
    ok
}

impl MakeCall {
    /// Runs answering machine detection in the background (`AsyncAmd=true`):
    /// the call's TwiML starts at once and the result goes to
    /// [`async_amd_status_callback`](Self::async_amd_status_callback).
    /// Needs [`machine_detection`](Self::machine_detection).
    pub fn async_amd(mut self, on: bool) -> Self {
        set(&mut self.options.amd, "AsyncAmd", on.to_string());
        self
    }

    /// Where Twilio sends the asynchronous AMD result (`AsyncAmdStatusCallback`,
    /// with `AsyncAmdStatusCallbackMethod` when `method` is given).
    pub fn async_amd_status_callback(
        mut self,
        url: impl TryInto<Url, Error: fmt::Display>,
        method: Option<HttpMethod>,
    ) -> Self {
        if let Some(url) = web_url(&mut self.errors, "async_amd_status_callback", url) {
            set(&mut self.options.amd, "AsyncAmdStatusCallback", url.into());
            if let Some(method) = method {
                let value = method.as_str().to_owned();
                set(&mut self.options.amd, "AsyncAmdStatusCallbackMethod", value);
            }
        }
        self
    }

    /// Seconds Twilio tries to detect a machine (`MachineDetectionTimeout`, 3 to 59).
    pub fn machine_detection_timeout(mut self, seconds: u32) -> Self {
        let range = MACHINE_DETECTION_TIMEOUT_SECS;
        if in_range(
            &mut self.errors,
            "machine_detection_timeout",
            seconds,
            &range,
            "seconds",
        ) {
            set(
                &mut self.options.amd,
                "MachineDetectionTimeout",
                seconds.to_string(),
            );
        }
        self
    }

    /// Milliseconds of speech above which the callee is taken for a machine
    /// (`MachineDetectionSpeechThreshold`, 1000 to 6000).
    pub fn machine_detection_speech_threshold(mut self, ms: u32) -> Self {
        let range = MACHINE_DETECTION_SPEECH_THRESHOLD_MS;
        let field = "machine_detection_speech_threshold";
        if in_range(&mut self.errors, field, ms, &range, "ms") {
            set(
                &mut self.options.amd,
                "MachineDetectionSpeechThreshold",
                ms.to_string(),
            );
        }
        self
    }

    /// Milliseconds of silence that end the callee's speech
    /// (`MachineDetectionSpeechEndThreshold`, 500 to 5000).
    pub fn machine_detection_speech_end_threshold(mut self, ms: u32) -> Self {
        let range = MACHINE_DETECTION_SPEECH_END_THRESHOLD_MS;
        let field = "machine_detection_speech_end_threshold";
        if in_range(&mut self.errors, field, ms, &range, "ms") {
            let value = ms.to_string();
            set(
                &mut self.options.amd,
                "MachineDetectionSpeechEndThreshold",
                value,
            );
        }
        self
    }

    /// Milliseconds of initial silence after which the answer is `unknown`
    /// (`MachineDetectionSilenceTimeout`, 2000 to 10000).
    pub fn machine_detection_silence_timeout(mut self, ms: u32) -> Self {
        let range = MACHINE_DETECTION_SILENCE_TIMEOUT_MS;
        let field = "machine_detection_silence_timeout";
        if in_range(&mut self.errors, field, ms, &range, "ms") {
            set(
                &mut self.options.amd,
                "MachineDetectionSilenceTimeout",
                ms.to_string(),
            );
        }
        self
    }

    /// Mono or dual-channel recording (`RecordingChannels`). Needs `record(true)`.
    pub fn recording_channels(mut self, channels: RecordingChannels) -> Self {
        let value = channels.as_str().to_owned();
        set(&mut self.options.recording, "RecordingChannels", value);
        self
    }

    /// Where Twilio reports the recording (`RecordingStatusCallback`, with
    /// `RecordingStatusCallbackMethod` when `method` is given). Needs `record(true)`.
    pub fn recording_status_callback(
        mut self,
        url: impl TryInto<Url, Error: fmt::Display>,
        method: Option<HttpMethod>,
    ) -> Self {
        if let Some(url) = web_url(&mut self.errors, "recording_status_callback", url) {
            set(
                &mut self.options.recording,
                "RecordingStatusCallback",
                url.into(),
            );
            if let Some(method) = method {
                let value = method.as_str().to_owned();
                set(
                    &mut self.options.recording,
                    "RecordingStatusCallbackMethod",
                    value,
                );
            }
        }
        self
    }

    /// Which recording events trigger the recording status callback
    /// (`RecordingStatusCallbackEvent`, default `completed`). Needs `record(true)`.
    pub fn recording_status_callback_events(
        mut self,
        events: impl IntoIterator<Item = RecordingEvent>,
    ) -> Self {
        let form = &mut self.options.recording;
        form.retain(|(n, _)| *n != "RecordingStatusCallbackEvent");
        for event in events {
            form.push(("RecordingStatusCallbackEvent", event.as_str().to_owned()));
        }
        self
    }

    /// Which audio the recording keeps (`RecordingTrack`). Needs `record(true)`.
    pub fn recording_track(mut self, track: RecordingTrack) -> Self {
        let value = track.as_str().to_owned();
        set(&mut self.options.recording, "RecordingTrack", value);
        self
    }

    /// Whether silence is trimmed from the recording (`Trim`). Needs `record(true)`.
    pub fn trim(mut self, trim: Trim) -> Self {
        set(
            &mut self.options.recording,
            "Trim",
            trim.as_str().to_owned(),
        );
        self
    }
}
