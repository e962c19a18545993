//! [`MessagingResponse`]: the TwiML document that answers an incoming message.

use super::generic::Element;
use super::macros::{allowed_in, document, element, setters};
use super::node::{IntoNode, Node};
use super::verbs::Redirect;
use crate::{Endpoint, HttpMethod};

/// A verb that may appear directly in a [`MessagingResponse`]: `<Message>`,
/// `<Redirect>`, or an [`Element`].
pub trait MessagingVerb: IntoNode {}

allowed_in!(MessagingVerb: Message, Redirect, Element);

/// A messaging TwiML document, `<Response>`: the replies to an incoming SMS,
/// MMS or WhatsApp message.
///
/// ```
/// use twilio_typed::twiml::{Message, MessagingResponse};
///
/// let xml = MessagingResponse::new()
///     .message(Message::new("Thanks! We got your photo.").media("https://example.com/ok.png"))
///     .to_xml()?;
/// assert_eq!(
///     xml,
///     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks! We got your photo.<Media>https://example.com/ok.png</Media></Message></Response>"#
/// );
/// # Ok::<(), twilio_typed::twiml::TwimlError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct MessagingResponse {
    node: Node,
}

document!(MessagingResponse);

impl Default for MessagingResponse {
    fn default() -> Self {
        Self::new()
    }
}

impl MessagingResponse {
    /// An empty `<Response />` (no reply).
    pub fn new() -> Self {
        Self {
            node: Node::new("Response"),
        }
    }

    /// Appends any messaging verb.
    pub fn verb(mut self, verb: impl MessagingVerb) -> Self {
        self.node.push_node(verb.into_node());
        self
    }

    /// Appends a `<Message>`: a reply.
    pub fn message(self, message: Message) -> Self {
        self.verb(message)
    }

    /// Appends a `<Redirect>`: continue with the TwiML at another URL.
    pub fn redirect(self, redirect: Redirect) -> Self {
        self.verb(redirect)
    }

    /// Appends an element this crate has no type for (the escape hatch).
    pub fn element(self, element: Element) -> Self {
        self.verb(element)
    }
}

element! {
    /// `<Message>`: a message sent in reply (or to `to`).
    Message
}

impl Message {
    /// `<Message>body</Message>`; an empty `body` writes no text, for a
    /// message made of [`body`](Self::body) and [`media`](Self::media) nouns.
    pub fn new(body: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Message", body),
        }
    }

    /// `to`: the recipient (default: the sender of the incoming message).
    pub fn to(mut self, to: impl Into<Endpoint>) -> Self {
        self.node.set_attr("to", to.into().as_str());
        self
    }

    /// `from`: the sender (default: the number that received the message).
    pub fn from(mut self, from: impl Into<Endpoint>) -> Self {
        self.node.set_attr("from", from.into().as_str());
        self
    }

    setters! {
        /// `action`: the URL requested once the message is sent.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
        /// `statusCallback`: the URL told about the message's status.
        status_callback: text => "statusCallback";
    }

    /// Appends a `<Body>` noun with `text`.
    pub fn body(mut self, text: impl Into<String>) -> Self {
        self.node.push_node(Node::with_text("Body", text));
        self
    }

    /// Appends a `<Media>` noun: the URL of an image or file to send (MMS).
    pub fn media(mut self, url: impl Into<String>) -> Self {
        self.node.push_node(Node::with_text("Media", url));
        self
    }
}
