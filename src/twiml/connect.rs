//! `<Connect>`: hand the call to a stream, a video room, a conversation or an
//! AI agent.

use super::attrs::{attr_enum, DialRecord, RecordingEvent, SpeechModel, Trim};
use super::common::{Config, Parameter};
use super::generic::Element;
use super::macros::{allowed_in, element, setters};
use super::node::{IntoNode, Node};
use super::stream::Stream;
use crate::{HttpMethod, Language};

/// What a `<Connect>` may hold: `<Room>`, `<Stream>`, `<VirtualAgent>`,
/// `<Conversation>`, `<ConversationRelay>`, `<AiSession>`,
/// `<ConversationRelaySession>`, or an [`Element`].
pub trait ConnectContent: IntoNode {}

allowed_in!(ConnectContent:
    Room, Stream, VirtualAgent, Conversation, ConversationRelay, AiSession,
    ConversationRelaySession, Element,
);

element! {
    /// `<Connect>`: connects the call to one destination; the verbs after it
    /// run when that connection ends.
    Connect
}

impl Connect {
    /// An empty `<Connect>`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Connect"),
        }
    }

    setters! {
        /// `action`: the URL requested when the connection ends.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
    }

    /// Appends the destination.
    pub fn push(mut self, content: impl ConnectContent) -> Self {
        self.node.push_node(content.into_node());
        self
    }

    /// Appends a `<Room>`.
    pub fn room(self, room: Room) -> Self {
        self.push(room)
    }

    /// Appends a bidirectional `<Stream>`.
    pub fn stream(self, stream: Stream) -> Self {
        self.push(stream)
    }

    /// Appends a `<VirtualAgent>`.
    pub fn virtual_agent(self, agent: VirtualAgent) -> Self {
        self.push(agent)
    }

    /// Appends a `<Conversation>`.
    pub fn conversation(self, conversation: Conversation) -> Self {
        self.push(conversation)
    }

    /// Appends a `<ConversationRelay>`.
    pub fn conversation_relay(self, relay: ConversationRelay) -> Self {
        self.push(relay)
    }
}

impl Default for Connect {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Room>`: a Programmable Video room.
    Room
}

impl Room {
    /// A `<Room>` named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Room", name),
        }
    }

    setters! {
        /// `participantIdentity`: the caller's identity in the room.
        participant_identity: text => "participantIdentity";
    }
}

element! {
    /// `<VirtualAgent>`: a Dialogflow CX agent.
    VirtualAgent
}

impl VirtualAgent {
    /// An empty `<VirtualAgent />`.
    pub fn new() -> Self {
        Self {
            node: Node::new("VirtualAgent"),
        }
    }

    setters! {
        /// `connectorName`: the configured Dialogflow connector.
        connector_name: text => "connectorName";
        /// `language`: the conversation language.
        language: ref Language => "language";
        /// `sentimentAnalysis`.
        sentiment_analysis: bool => "sentimentAnalysis";
        /// `statusCallback`: the URL told when the agent session ends.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
    }

    /// Adds a `<Config>` setting.
    pub fn config(mut self, config: Config) -> Self {
        self.node.push_node(config.into_node());
        self
    }

    /// Adds a `<Parameter>` passed to the agent.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

impl Default for VirtualAgent {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Conversation>`: the call joins a Twilio Conversation.
    Conversation
}

impl Conversation {
    /// A `<Conversation />` in the Conversations service `service_instance_sid`
    /// (`IS...`).
    pub fn new(service_instance_sid: impl Into<String>) -> Self {
        let mut node = Node::new("Conversation");
        node.set_attr("serviceInstanceSid", service_instance_sid);
        Self { node }
    }

    setters! {
        /// `inboundAutocreation`: create a conversation for the call.
        inbound_autocreation: bool => "inboundAutocreation";
        /// `routingAssignmentTimeout`: in whole seconds.
        routing_assignment_timeout: seconds => "routingAssignmentTimeout";
        /// `inboundTimeout`: in whole seconds.
        inbound_timeout: seconds => "inboundTimeout";
        /// `url`: the URL requested when the conversation ends.
        url: text => "url";
        /// `method`: how `url` is requested.
        method: HttpMethod => "method";
        /// `record`: record the call.
        record: DialRecord => "record";
        /// `trim`: remove silence at both ends of the recording.
        trim: Trim => "trim";
        /// `recordingStatusCallback`.
        recording_status_callback: text => "recordingStatusCallback";
        /// `recordingStatusCallbackMethod`.
        recording_status_callback_method: HttpMethod => "recordingStatusCallbackMethod";
        /// `recordingStatusCallbackEvent`.
        recording_status_callback_event: events RecordingEvent => "recordingStatusCallbackEvent";
        /// `statusCallback`: the URL told about call events.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
        /// `statusCallbackEvent`: which call events are reported.
        status_callback_event: events ConversationEvent => "statusCallbackEvent";
    }
}

attr_enum! {
    /// A call event of `<Conversation statusCallbackEvent>`.
    pub enum ConversationEvent {
        /// `call-initiated`.
        CallInitiated => "call-initiated",
        /// `call-ringing`.
        CallRinging => "call-ringing",
        /// `call-answered`.
        CallAnswered => "call-answered",
        /// `call-completed`.
        CallCompleted => "call-completed",
    }
}

element! {
    /// `<ConversationRelay>`: speech-to-text and text-to-speech between the
    /// caller and your WebSocket (an AI agent).
    ConversationRelay
}

impl ConversationRelay {
    /// A `<ConversationRelay>` talking to the WebSocket at `url` (`wss://`).
    pub fn new(url: impl Into<String>) -> Self {
        let mut node = Node::new("ConversationRelay");
        node.set_attr("url", url);
        Self { node }
    }

    setters! {
        /// `welcomeGreeting`: said when the call connects.
        welcome_greeting: text => "welcomeGreeting";
        /// `welcomeGreetingInterruptible`: what may interrupt the greeting.
        welcome_greeting_interruptible: Interruptible => "welcomeGreetingInterruptible";
        /// `language`: for both speech directions.
        language: ref Language => "language";
        /// `ttsLanguage`: the language spoken to the caller.
        tts_language: ref Language => "ttsLanguage";
        /// `ttsProvider`: `ElevenLabs`, `Google` or `Amazon`.
        tts_provider: text => "ttsProvider";
        /// `voice`: a voice of the TTS provider.
        voice: text => "voice";
        /// `transcriptionLanguage`: the language the caller speaks.
        transcription_language: ref Language => "transcriptionLanguage";
        /// `transcriptionProvider`: `Deepgram` or `Google`.
        transcription_provider: text => "transcriptionProvider";
        /// `speechModel`: the recognition model.
        speech_model: ref SpeechModel => "speechModel";
        /// `interruptible`: what may interrupt the agent's speech.
        interruptible: Interruptible => "interruptible";
        /// `interruptSensitivity`: `low`, `medium` or `high`.
        interrupt_sensitivity: text => "interruptSensitivity";
        /// `dtmfDetection`: forward key presses.
        dtmf_detection: bool => "dtmfDetection";
        /// `reportInputDuringAgentSpeech`: which input is forwarded while the
        /// agent speaks.
        report_input_during_agent_speech: Interruptible => "reportInputDuringAgentSpeech";
        /// `preemptible`: new agent text may cut the current speech.
        preemptible: bool => "preemptible";
        /// `hints`: words or phrases likely to be said, comma-separated.
        hints: text => "hints";
        /// `debug`: space-separated debug options (`debugging speaker-events
        /// tokens-played`).
        debug: text => "debug";
        /// `elevenlabsTextNormalization`: `on`, `off` or `auto`.
        elevenlabs_text_normalization: text => "elevenlabsTextNormalization";
        /// `intelligenceService`: the Conversational Intelligence service (`GA...`).
        intelligence_service: text => "intelligenceService";
        /// `partialPrompts`: send partial transcripts.
        partial_prompts: bool => "partialPrompts";
        /// `profanityFilter`: mask profanities.
        profanity_filter: bool => "profanityFilter";
    }

    /// Adds a `<Language>` with per-language settings.
    pub fn language_settings(mut self, language: RelayLanguage) -> Self {
        self.node.push_node(language.into_node());
        self
    }

    /// Adds a `<Parameter>` sent in the WebSocket's `setup` message.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

attr_enum! {
    /// What may interrupt or reach a `<ConversationRelay>` agent.
    pub enum Interruptible {
        /// `any`: speech or keys.
        Any => "any",
        /// `none`.
        None => "none",
        /// `speech`.
        Speech => "speech",
        /// `dtmf`: keys.
        Dtmf => "dtmf",
    }
}

element! {
    /// `<Language>` inside `<ConversationRelay>`: the providers and voice for
    /// one language.
    RelayLanguage
}

impl RelayLanguage {
    /// A `<Language code="..." />`.
    pub fn new(code: impl std::borrow::Borrow<Language>) -> Self {
        let mut node = Node::new("Language");
        node.set_attr("code", code.borrow().as_str());
        Self { node }
    }

    setters! {
        /// `ttsProvider`.
        tts_provider: text => "ttsProvider";
        /// `voice`.
        voice: text => "voice";
        /// `transcriptionProvider`.
        transcription_provider: text => "transcriptionProvider";
        /// `speechModel`.
        speech_model: ref SpeechModel => "speechModel";
    }
}

element! {
    /// `<AiSession>`: a session with a configured AI connector.
    AiSession
}

impl AiSession {
    /// An `<AiSession />` using the connector `ai_connector`.
    pub fn new(ai_connector: impl Into<String>) -> Self {
        let mut node = Node::new("AiSession");
        node.set_attr("aiConnector", ai_connector);
        Self { node }
    }

    setters! {
        /// `aiSessionConfiguration`.
        ai_session_configuration: text => "aiSessionConfiguration";
    }
}

element! {
    /// `<ConversationRelaySession>`: a session with a configured Conversation
    /// Relay connector.
    ConversationRelaySession
}

impl ConversationRelaySession {
    /// A `<ConversationRelaySession />` using `connector`.
    pub fn new(connector: impl Into<String>) -> Self {
        let mut node = Node::new("ConversationRelaySession");
        node.set_attr("connector", connector);
        Self { node }
    }

    setters! {
        /// `sessionConfiguration`.
        session_configuration: text => "sessionConfiguration";
    }
}
