//! [`VoiceResponse`]: the TwiML document that tells Twilio what to do on a call.

use super::connect::Connect;
use super::dial::Dial;
use super::gather::Gather;
use super::generic::Element;
use super::macros::{allowed_in, document};
use super::node::{IntoNode, Node};
use super::pay::Pay;
use super::queue::Queue;
use super::refer::Refer;
use super::say::Say;
use super::stream::{Start, Stop};
use super::verbs::{Echo, Enqueue, Hangup, Leave, Pause, Play, Record, Redirect, Reject};

/// A verb that may appear directly in a [`VoiceResponse`].
pub trait VoiceVerb: IntoNode {}

allowed_in!(VoiceVerb:
    Connect, Dial, Echo, Enqueue, Gather, Hangup, Leave, Pause, Pay, Play, Queue, Record,
    Redirect, Refer, Reject, Say, Start, Stop, Element,
);

/// A voice TwiML document, `<Response>`: what Twilio does on a call, verb
/// after verb.
///
/// ```
/// use twilio_typed::twiml::{Dial, Number, Say, VoiceResponse};
/// use twilio_typed::E164;
/// use std::time::Duration;
///
/// let number: E164 = "+14155552671".parse()?;
/// let xml = VoiceResponse::new()
///     .say(Say::new("Connecting you."))
///     .dial(Dial::new().timeout(Duration::from_secs(20)).number(Number::new(&number)))
///     .to_xml()?;
/// assert_eq!(
///     xml,
///     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>Connecting you.</Say><Dial timeout="20"><Number>+14155552671</Number></Dial></Response>"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct VoiceResponse {
    node: Node,
}

document!(VoiceResponse);

impl Default for VoiceResponse {
    fn default() -> Self {
        Self::new()
    }
}

impl VoiceResponse {
    /// An empty `<Response />` (Twilio hangs up).
    pub fn new() -> Self {
        Self {
            node: Node::new("Response"),
        }
    }

    /// Appends any voice verb (the named methods below do the same).
    pub fn verb(mut self, verb: impl VoiceVerb) -> Self {
        self.node.push_node(verb.into_node());
        self
    }

    /// Appends `<Say>`: read text aloud.
    pub fn say(self, say: Say) -> Self {
        self.verb(say)
    }

    /// Appends `<Play>`: play an audio file or DTMF tones.
    pub fn play(self, play: Play) -> Self {
        self.verb(play)
    }

    /// Appends `<Pause>`: wait silently.
    pub fn pause(self, pause: Pause) -> Self {
        self.verb(pause)
    }

    /// Appends `<Gather>`: collect digits or speech.
    pub fn gather(self, gather: Gather) -> Self {
        self.verb(gather)
    }

    /// Appends `<Dial>`: connect the caller to another party.
    pub fn dial(self, dial: Dial) -> Self {
        self.verb(dial)
    }

    /// Appends `<Record>`: record the caller.
    pub fn record(self, record: Record) -> Self {
        self.verb(record)
    }

    /// Appends `<Hangup />`; use [`verb`](Self::verb) with a [`Hangup`] to
    /// pass parameters.
    pub fn hangup(self) -> Self {
        self.verb(Hangup::new())
    }

    /// Appends `<Redirect>`: continue with the TwiML at another URL.
    pub fn redirect(self, redirect: Redirect) -> Self {
        self.verb(redirect)
    }

    /// Appends `<Reject>`: refuse an incoming call without answering it.
    pub fn reject(self, reject: Reject) -> Self {
        self.verb(reject)
    }

    /// Appends `<Enqueue>`: put the caller in a queue.
    pub fn enqueue(self, enqueue: Enqueue) -> Self {
        self.verb(enqueue)
    }

    /// Appends `<Leave />`: take the caller out of its queue.
    pub fn leave(self) -> Self {
        self.verb(Leave::new())
    }

    /// Appends `<Connect>`: connect the call to a stream, room or agent.
    pub fn connect(self, connect: Connect) -> Self {
        self.verb(connect)
    }

    /// Appends `<Start>`: start a stream, SIPREC session, transcription or
    /// recording in the background.
    pub fn start(self, start: Start) -> Self {
        self.verb(start)
    }

    /// Appends `<Stop>`: stop what a `<Start>` started.
    pub fn stop(self, stop: Stop) -> Self {
        self.verb(stop)
    }

    /// Appends `<Refer>`: transfer a SIP call with a SIP REFER.
    pub fn refer(self, refer: Refer) -> Self {
        self.verb(refer)
    }

    /// Appends `<Pay>`: collect a payment.
    pub fn pay(self, pay: Pay) -> Self {
        self.verb(pay)
    }

    /// Appends `<Echo />`: play the caller's audio back (for testing).
    pub fn echo(self) -> Self {
        self.verb(Echo::new())
    }

    /// Appends `<Queue>` at the top level, as twilio-python allows; usually
    /// a `<Queue>` goes inside [`Dial`].
    pub fn queue(self, queue: Queue) -> Self {
        self.verb(queue)
    }

    /// Appends an element this crate has no type for (the escape hatch).
    pub fn element(self, element: Element) -> Self {
        self.verb(element)
    }
}
