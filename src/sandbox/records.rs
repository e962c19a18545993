//! What the sandbox keeps of each message and call: the snapshots that
//! [`Sandbox::messages`](super::Sandbox::messages) and
//! [`Sandbox::calls`](super::Sandbox::calls) return.

use time::OffsetDateTime;
use url::Url;

use super::twiml_check::{TwimlDocument, TwimlParseError};
use crate::webhook::Params;
use crate::{CallEvent, CallSid, CallStatus, MessageSid, MessageStatus, MessagingServiceSid, E164};

/// A status a resource reached, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusChange<S> {
    /// The status reached.
    pub status: S,
    /// When it was reached.
    pub at: OffsetDateTime,
}

/// How a status callback request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackOutcome {
    /// The receiver answered with this HTTP status.
    Answered(u16),
    /// The request failed (connection refused, timeout...), in words.
    Failed(String),
}

impl CallbackOutcome {
    /// Whether the receiver answered with a 2xx status.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Answered(status) if (200..300).contains(status))
    }
}

/// A status callback the sandbox sent, as Twilio would have.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Callback {
    /// The URL requested (for `GET`, with the parameters in its query).
    pub url: String,
    /// `POST` or `GET`.
    pub method: String,
    /// The parameters sent (form body for `POST`, query for `GET`).
    pub params: Params,
    /// The `X-Twilio-Signature` header sent.
    pub signature: String,
    /// How the request ended.
    pub outcome: CallbackOutcome,
}

/// A message the sandbox accepted, with everything that happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentMessage {
    /// The message SID (`SM...`, or `MM...` with media).
    pub sid: MessageSid,
    /// The recipient.
    pub to: E164,
    /// The sender: the `From` given, or the messaging service's number.
    pub from: Option<E164>,
    /// The messaging service, when one was used.
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// The text (empty for a media-only message).
    pub body: String,
    /// The media URLs, in order.
    pub media_urls: Vec<Url>,
    /// The number of SMS segments the body takes.
    pub num_segments: u32,
    /// The current status.
    pub status: MessageStatus,
    /// Every status reached, the first being the status at creation.
    pub history: Vec<StatusChange<MessageStatus>>,
    /// The `StatusCallback` URL, if any.
    pub status_callback: Option<String>,
    /// The status callbacks sent, in order.
    pub callbacks: Vec<Callback>,
    /// When a scheduled message is to be sent (`SendAt`).
    pub send_at: Option<OffsetDateTime>,
    /// When the message was created.
    pub date_created: OffsetDateTime,
    /// When it was last updated.
    pub date_updated: OffsetDateTime,
    /// When it was sent (status `sent`).
    pub date_sent: Option<OffsetDateTime>,
    /// The form parameters of the create request, as received.
    pub request: Params,
}

/// A call the sandbox placed, with everything that happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlacedCall {
    /// The call SID.
    pub sid: CallSid,
    /// The callee.
    pub to: E164,
    /// The caller.
    pub from: E164,
    /// The inline TwiML (`Twiml` parameter), if given.
    pub twiml: Option<String>,
    /// The TwiML URL (`Url` parameter), if given; the sandbox does not fetch it.
    pub url: Option<Url>,
    /// The method for `url` (`Method`, default `POST`).
    pub method: String,
    /// The current status.
    pub status: CallStatus,
    /// Every status reached, the first being `queued`.
    pub history: Vec<StatusChange<CallStatus>>,
    /// The `StatusCallback` URL, if any.
    pub status_callback: Option<String>,
    /// The events that trigger the status callback (`completed` when none is given).
    pub status_callback_events: Vec<CallEvent>,
    /// The method of the status callback (`StatusCallbackMethod`, default `POST`).
    pub status_callback_method: String,
    /// The status callbacks sent, in order.
    pub callbacks: Vec<Callback>,
    /// When the call was answered.
    pub start_time: Option<OffsetDateTime>,
    /// When it ended.
    pub end_time: Option<OffsetDateTime>,
    /// Its length in whole seconds, once ended.
    pub duration: Option<u32>,
    /// When the call was created.
    pub date_created: OffsetDateTime,
    /// When it was last updated.
    pub date_updated: OffsetDateTime,
    /// The form parameters of the create request, as received.
    pub request: Params,
}

impl PlacedCall {
    /// The call's inline TwiML, parsed: `None` for a call driven by a URL.
    ///
    /// # Errors
    /// [`TwimlParseError`] when the TwiML is not well-formed XML with a `<Response>` root
    /// (Twilio would fail the call with error 12100 when it is answered).
    pub fn twiml_document(&self) -> Option<Result<TwimlDocument, TwimlParseError>> {
        self.twiml.as_deref().map(TwimlDocument::parse)
    }

    /// The texts the call speaks (`<Say>` elements of its inline TwiML, in
    /// document order); empty for a URL call or TwiML that does not parse.
    pub fn spoken_texts(&self) -> Vec<String> {
        match self.twiml_document() {
            Some(Ok(doc)) => doc.says(),
            _ => Vec::new(),
        }
    }
}
