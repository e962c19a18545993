//! `<Start>` and `<Stop>`, with what they run in the background: `<Stream>`,
//! `<Siprec>`, `<Transcription>` and `<Recording>`.

use super::attrs::{
    RecordingChannels, RecordingEvent, RecordingTrack, SpeechModel, StreamTrack, Trim,
};
use super::common::{Config, Parameter};
use super::generic::Element;
use super::macros::{allowed_in, element, setters};
use super::node::{IntoNode, Node};
use crate::{HttpMethod, Language};

/// What a `<Start>` may hold: `<Stream>`, `<Siprec>`, `<Transcription>`,
/// `<Recording>`, or an [`Element`].
pub trait StartContent: IntoNode {}
/// What a `<Stop>` may hold: `<Stream>`, `<Siprec>`, `<Transcription>`, or an
/// [`Element`].
pub trait StopContent: IntoNode {}

allowed_in!(StartContent: Stream, Siprec, Transcription, Recording, Element);
allowed_in!(StopContent: Stream, Siprec, Transcription, Element);

element! {
    /// `<Start>`: starts a stream, SIPREC session, transcription or recording
    /// that runs while the next verbs do.
    Start
}

impl Start {
    /// An empty `<Start>`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Start"),
        }
    }

    setters! {
        /// `action`: the URL requested after the `<Start>` is processed.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
    }

    /// Appends what to start.
    pub fn push(mut self, content: impl StartContent) -> Self {
        self.node.push_node(content.into_node());
        self
    }

    /// Appends a `<Stream>`.
    pub fn stream(self, stream: Stream) -> Self {
        self.push(stream)
    }

    /// Appends a `<Siprec>`.
    pub fn siprec(self, siprec: Siprec) -> Self {
        self.push(siprec)
    }

    /// Appends a `<Transcription>`.
    pub fn transcription(self, transcription: Transcription) -> Self {
        self.push(transcription)
    }

    /// Appends a `<Recording>`.
    pub fn recording(self, recording: Recording) -> Self {
        self.push(recording)
    }
}

impl Default for Start {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Stop>`: stops a stream, SIPREC session or transcription (named as
    /// when it was started).
    Stop
}

impl Stop {
    /// An empty `<Stop>`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Stop"),
        }
    }

    /// Appends what to stop.
    pub fn push(mut self, content: impl StopContent) -> Self {
        self.node.push_node(content.into_node());
        self
    }

    /// Appends a `<Stream>`.
    pub fn stream(self, stream: Stream) -> Self {
        self.push(stream)
    }

    /// Appends a `<Siprec>`.
    pub fn siprec(self, siprec: Siprec) -> Self {
        self.push(siprec)
    }

    /// Appends a `<Transcription>`.
    pub fn transcription(self, transcription: Transcription) -> Self {
        self.push(transcription)
    }
}

impl Default for Stop {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Stream>`: the call's audio over a WebSocket (in `<Start>`,
    /// `<Connect>` or `<Stop>`).
    Stream
}

impl Stream {
    /// An empty `<Stream />`; set [`url`](Self::url) to start one, or
    /// [`name`](Self::name) to stop one.
    pub fn new() -> Self {
        Self {
            node: Node::new("Stream"),
        }
    }

    setters! {
        /// `name`: names the stream, so that `<Stop>` can find it.
        name: text => "name";
        /// `connectorName`: a configured stream connector instead of `url`.
        connector_name: text => "connectorName";
        /// `url`: the `wss://` URL that receives the audio.
        url: text => "url";
        /// `track`: which audio is streamed.
        track: StreamTrack => "track";
        /// `statusCallback`: the URL told about the stream's status.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
    }

    /// Adds a `<Parameter>` sent with the stream's `start` message.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

impl Default for Stream {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Siprec>`: the call's audio to a SIPREC recorder.
    Siprec
}

impl Siprec {
    /// An empty `<Siprec />`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Siprec"),
        }
    }

    setters! {
        /// `name`: names the session, so that `<Stop>` can find it.
        name: text => "name";
        /// `connectorName`: the SIPREC connector to use.
        connector_name: text => "connectorName";
        /// `track`: which audio is sent.
        track: StreamTrack => "track";
        /// `statusCallback`: the URL told about the session's status.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
    }

    /// Adds a `<Parameter>` passed to the connector.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

impl Default for Siprec {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Transcription>`: real-time transcription of the call.
    Transcription
}

impl Transcription {
    /// An empty `<Transcription />`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Transcription"),
        }
    }

    setters! {
        /// `name`: names the transcription, so that `<Stop>` can find it.
        name: text => "name";
        /// `track`: which audio is transcribed.
        track: StreamTrack => "track";
        /// `statusCallbackUrl`: the URL that receives the transcripts.
        status_callback_url: text => "statusCallbackUrl";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
        /// `inboundTrackLabel`: a name for the inbound speaker.
        inbound_track_label: text => "inboundTrackLabel";
        /// `outboundTrackLabel`: a name for the outbound speaker.
        outbound_track_label: text => "outboundTrackLabel";
        /// `partialResults`: send partial transcripts too.
        partial_results: bool => "partialResults";
        /// `languageCode`: the language spoken.
        language_code: ref Language => "languageCode";
        /// `transcriptionEngine`: `google` or `deepgram`.
        transcription_engine: text => "transcriptionEngine";
        /// `profanityFilter`: mask profanities.
        profanity_filter: bool => "profanityFilter";
        /// `speechModel`: the recognition model.
        speech_model: ref SpeechModel => "speechModel";
        /// `hints`: words or phrases likely to be said, comma-separated.
        hints: text => "hints";
        /// `enableAutomaticPunctuation`.
        enable_automatic_punctuation: bool => "enableAutomaticPunctuation";
        /// `intelligenceService`: the Conversational Intelligence service (`GA...`).
        intelligence_service: text => "intelligenceService";
    }

    /// Adds a `<Config>` setting.
    pub fn config(mut self, config: Config) -> Self {
        self.node.push_node(config.into_node());
        self
    }

    /// Adds a `<Parameter>` sent with the transcripts.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

impl Default for Transcription {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Recording>`: records the call in the background (in `<Start>`).
    Recording
}

impl Recording {
    /// A `<Recording />` with Twilio's defaults.
    pub fn new() -> Self {
        Self {
            node: Node::new("Recording"),
        }
    }

    setters! {
        /// `recordingStatusCallback`: the URL told about the recording's status.
        recording_status_callback: text => "recordingStatusCallback";
        /// `recordingStatusCallbackMethod`.
        recording_status_callback_method: HttpMethod => "recordingStatusCallbackMethod";
        /// `recordingStatusCallbackEvent`: which events are reported.
        recording_status_callback_event: events RecordingEvent => "recordingStatusCallbackEvent";
        /// `trim`: remove silence at both ends.
        trim: Trim => "trim";
        /// `track`: which audio is recorded.
        track: RecordingTrack => "track";
        /// `channels`: one channel, or one per track.
        channels: RecordingChannels => "channels";
        /// `recordingConfigurationId`.
        recording_configuration_id: text => "recordingConfigurationId";
    }
}

impl Default for Recording {
    fn default() -> Self {
        Self::new()
    }
}
