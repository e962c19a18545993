//! `<Dial>`: connect the caller to another party.

use super::attrs::{DialRecord, RecordingEvent, RecordingTrack, Trim};
use super::conference::Conference;
use super::generic::Element;
use super::macros::{allowed_in, element, setters};
use super::node::{IntoNode, Node};
use super::nouns::{Application, Client, Number, Sim, Sip, WhatsApp};
use super::queue::Queue;
use crate::{Endpoint, HttpMethod, E164};
use std::borrow::Borrow;

/// A noun a `<Dial>` may hold: `<Number>`, `<Client>`, `<Sip>`,
/// `<Conference>`, `<Queue>`, `<Application>`, `<Sim>`, `<WhatsApp>`, or an
/// [`Element`] (escape hatch).
///
/// ```compile_fail
/// use twilio_typed::twiml::{Dial, Say};
/// // A Dial cannot hold a Say.
/// let _ = Dial::new().noun(Say::new("no"));
/// ```
pub trait DialNoun: IntoNode {}

allowed_in!(DialNoun: Number, Client, Sip, Conference, Queue, Application, Sim, WhatsApp, Element);

element! {
    /// `<Dial>`: connects the caller to one or more parties (nouns dialed at
    /// the same time, or one after the other with `sequential`).
    Dial
}

impl Dial {
    /// An empty `<Dial>`; add who to call with [`number`](Self::number),
    /// [`client`](Self::client), [`sip`](Self::sip), ...
    pub fn new() -> Self {
        Self {
            node: Node::new("Dial"),
        }
    }

    /// `<Dial>+14155552671</Dial>`: calls one phone number, without a
    /// `<Number>` noun.
    pub fn to(number: impl Borrow<E164>) -> Self {
        Self {
            node: Node::with_text("Dial", number.borrow().as_str()),
        }
    }

    setters! {
        /// `action`: the URL requested when the dialed call ends.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
        /// `timeout`: how long to ring, in whole seconds.
        timeout: seconds => "timeout";
        /// `hangupOnStar`: the caller may hang up on the dialed party with `*`.
        hangup_on_star: bool => "hangupOnStar";
        /// `timeLimit`: the longest call, in whole seconds.
        time_limit: seconds => "timeLimit";
        /// `record`: record the dialed call.
        record: DialRecord => "record";
        /// `trim`: remove silence at both ends of the recording.
        trim: Trim => "trim";
        /// `recordingStatusCallback`: the URL told about the recording's status.
        recording_status_callback: text => "recordingStatusCallback";
        /// `recordingStatusCallbackMethod`.
        recording_status_callback_method: HttpMethod => "recordingStatusCallbackMethod";
        /// `recordingStatusCallbackEvent`: which recording events are reported.
        recording_status_callback_event: events RecordingEvent => "recordingStatusCallbackEvent";
        /// `recordingTrack`: which audio is recorded.
        recording_track: RecordingTrack => "recordingTrack";
        /// `recordingConfigurationId`.
        recording_configuration_id: text => "recordingConfigurationId";
        /// `answerOnBridge`: keep the caller ringing until the dialed party answers.
        answer_on_bridge: bool => "answerOnBridge";
        /// `ringTone`: the ringback tone, as a two-letter country code (`us`,
        /// `gb`, `de`, ...).
        ring_tone: text => "ringTone";
        /// `sequential`: dial the nouns one after the other.
        sequential: bool => "sequential";
        /// `referUrl`: the URL requested when a SIP REFER arrives.
        refer_url: text => "referUrl";
        /// `referMethod`: how `referUrl` is requested.
        refer_method: HttpMethod => "referMethod";
    }

    /// `callerId`: the caller ID shown to the dialed party, a phone number
    /// ([`E164`]) or another address ([`Endpoint::Other`], e.g. `client:alice`).
    pub fn caller_id(mut self, caller_id: impl Into<Endpoint>) -> Self {
        self.node.set_attr("callerId", caller_id.into().as_str());
        self
    }

    /// Appends any noun (the named methods below do the same).
    pub fn noun(mut self, noun: impl DialNoun) -> Self {
        self.node.push_node(noun.into_node());
        self
    }

    /// Appends a `<Number>`.
    pub fn number(self, number: Number) -> Self {
        self.noun(number)
    }

    /// Appends a `<Client>`.
    pub fn client(self, client: Client) -> Self {
        self.noun(client)
    }

    /// Appends a `<Sip>`.
    pub fn sip(self, sip: Sip) -> Self {
        self.noun(sip)
    }

    /// Appends a `<Conference>`.
    pub fn conference(self, conference: Conference) -> Self {
        self.noun(conference)
    }

    /// Appends a `<Queue>`.
    pub fn queue(self, queue: Queue) -> Self {
        self.noun(queue)
    }

    /// Appends an `<Application>`.
    pub fn application(self, application: Application) -> Self {
        self.noun(application)
    }

    /// Appends a `<Sim>`.
    pub fn sim(self, sim: Sim) -> Self {
        self.noun(sim)
    }

    /// Appends a `<WhatsApp>`.
    pub fn whatsapp(self, whatsapp: WhatsApp) -> Self {
        self.noun(whatsapp)
    }
}

impl Default for Dial {
    fn default() -> Self {
        Self::new()
    }
}
