//! The parties a `<Dial>` calls: `<Number>`, `<Client>`, `<Sip>`,
//! `<Application>`, `<Sim>` and `<WhatsApp>` (`<Conference>` and `<Queue>`
//! have their own modules).

use super::common::Parameter;
use super::macros::{element, setters};
use super::node::{IntoNode, Node};
use crate::{CallEvent, HttpMethod, MachineDetection, E164};
use std::borrow::Borrow;

element! {
    /// `<Number>`: a phone number to dial.
    Number
}

impl Number {
    /// A `<Number>` calling `number`.
    pub fn new(number: impl Borrow<E164>) -> Self {
        Self {
            node: Node::with_text("Number", number.borrow().as_str()),
        }
    }

    setters! {
        /// `sendDigits`: DTMF tones to play once the call connects (`w` waits
        /// half a second).
        send_digits: text => "sendDigits";
        /// `url`: TwiML run for the called party before the calls connect.
        url: text => "url";
        /// `method`: how `url` is requested.
        method: HttpMethod => "method";
        /// `statusCallbackEvent`: which call events are reported.
        status_callback_event: events CallEvent => "statusCallbackEvent";
        /// `statusCallback`: the URL told about the call's progress.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
        /// `byoc`: the BYOC trunk (`BY...`) to call through.
        byoc: text => "byoc";
        /// `machineDetection`: answering machine detection.
        machine_detection: MachineDetection => "machineDetection";
        /// `amdStatusCallback`: the URL told the detection result.
        amd_status_callback: text => "amdStatusCallback";
        /// `amdStatusCallbackMethod`.
        amd_status_callback_method: HttpMethod => "amdStatusCallbackMethod";
        /// `machineDetectionTimeout`: in whole seconds.
        machine_detection_timeout: seconds => "machineDetectionTimeout";
        /// `machineDetectionSpeechThreshold`: in milliseconds.
        machine_detection_speech_threshold: millis => "machineDetectionSpeechThreshold";
        /// `machineDetectionSpeechEndThreshold`: in milliseconds.
        machine_detection_speech_end_threshold: millis => "machineDetectionSpeechEndThreshold";
        /// `machineDetectionSilenceTimeout`: in milliseconds.
        machine_detection_silence_timeout: millis => "machineDetectionSilenceTimeout";
    }
}

element! {
    /// `<Client>`: a Voice SDK client to dial.
    Client
}

impl Client {
    /// `<Client>alice</Client>`.
    pub fn new(identity: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Client", identity),
        }
    }

    /// `<Client><Identity>alice</Identity></Client>`: the form Twilio needs
    /// when [`Parameter`]s are passed.
    pub fn with_identity(identity: impl Into<String>) -> Self {
        let mut node = Node::new("Client");
        node.push_node(Node::with_text("Identity", identity));
        Self { node }
    }

    setters! {
        /// `url`: TwiML run for the client before the calls connect.
        url: text => "url";
        /// `method`: how `url` is requested.
        method: HttpMethod => "method";
        /// `statusCallbackEvent`: which call events are reported.
        status_callback_event: events CallEvent => "statusCallbackEvent";
        /// `statusCallback`: the URL told about the call's progress.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
    }

    /// Adds a `<Parameter>` passed to the client (use
    /// [`with_identity`](Self::with_identity)).
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

element! {
    /// `<Sip>`: a SIP endpoint to dial.
    Sip
}

impl Sip {
    /// A `<Sip>` calling `uri`, e.g. `sip:alice@example.com`.
    pub fn new(uri: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Sip", uri),
        }
    }

    setters! {
        /// `username`: for SIP authentication.
        username: text => "username";
        /// `password`: for SIP authentication.
        password: text => "password";
        /// `url`: TwiML run for the called party before the calls connect.
        url: text => "url";
        /// `method`: how `url` is requested.
        method: HttpMethod => "method";
        /// `statusCallbackEvent`: which call events are reported.
        status_callback_event: events CallEvent => "statusCallbackEvent";
        /// `statusCallback`: the URL told about the call's progress.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
        /// `machineDetection`: answering machine detection.
        machine_detection: MachineDetection => "machineDetection";
        /// `amdStatusCallback`: the URL told the detection result.
        amd_status_callback: text => "amdStatusCallback";
        /// `amdStatusCallbackMethod`.
        amd_status_callback_method: HttpMethod => "amdStatusCallbackMethod";
        /// `machineDetectionTimeout`: in whole seconds.
        machine_detection_timeout: seconds => "machineDetectionTimeout";
        /// `machineDetectionSpeechThreshold`: in milliseconds.
        machine_detection_speech_threshold: millis => "machineDetectionSpeechThreshold";
        /// `machineDetectionSpeechEndThreshold`: in milliseconds.
        machine_detection_speech_end_threshold: millis => "machineDetectionSpeechEndThreshold";
        /// `machineDetectionSilenceTimeout`: in milliseconds.
        machine_detection_silence_timeout: millis => "machineDetectionSilenceTimeout";
    }
}

element! {
    /// `<Application>`: a TwiML App to dial.
    Application
}

impl Application {
    /// `<Application>AP...</Application>`.
    pub fn new(application_sid: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Application", application_sid),
        }
    }

    /// `<Application><ApplicationSid>AP...</ApplicationSid></Application>`:
    /// the form Twilio needs when [`Parameter`]s are passed.
    pub fn with_sid(application_sid: impl Into<String>) -> Self {
        let mut node = Node::new("Application");
        node.push_node(Node::with_text("ApplicationSid", application_sid));
        Self { node }
    }

    setters! {
        /// `url`: TwiML run for the called party before the calls connect.
        url: text => "url";
        /// `method`: how `url` is requested.
        method: HttpMethod => "method";
        /// `statusCallbackEvent`: which call events are reported.
        status_callback_event: events CallEvent => "statusCallbackEvent";
        /// `statusCallback`: the URL told about the call's progress.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
        /// `customerId`: an identifier of the caller passed to the application.
        customer_id: text => "customerId";
        /// `copyParentTo`: pass the parent call's `To` to the application.
        copy_parent_to: bool => "copyParentTo";
    }

    /// Adds a `<Parameter>` passed to the application (use
    /// [`with_sid`](Self::with_sid)).
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

element! {
    /// `<Sim>`: a Programmable Wireless SIM to dial.
    Sim
}

impl Sim {
    /// `<Sim>DE...</Sim>`.
    pub fn new(sim_sid: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Sim", sim_sid),
        }
    }
}

element! {
    /// `<WhatsApp>`: a WhatsApp user to call.
    WhatsApp
}

impl WhatsApp {
    /// A `<WhatsApp>` calling `number`.
    pub fn new(number: impl Borrow<E164>) -> Self {
        Self {
            node: Node::with_text("WhatsApp", number.borrow().as_str()),
        }
    }

    setters! {
        /// `url`: TwiML run for the called party before the calls connect.
        url: text => "url";
        /// `method`: how `url` is requested.
        method: HttpMethod => "method";
        /// `statusCallbackEvent`: which call events are reported.
        status_callback_event: events CallEvent => "statusCallbackEvent";
        /// `statusCallback`: the URL told about the call's progress.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
    }
}
