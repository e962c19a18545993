//! What the sandbox keeps of each message and call: the snapshots that
//! [`Sandbox::messages`](super::Sandbox::messages) and
//! [`Sandbox::calls`](super::Sandbox::calls) return.

use time::OffsetDateTime;
use url::Url;

use super::outcomes::{CallOutcome, MessageOutcome};
use super::twiml_check::{TwimlDocument, TwimlParseError};
use crate::webhook::Params;
use crate::{
    CallEvent, CallSid, CallStatus, MediaSid, MessageSid, MessageStatus, MessagingServiceSid,
    RecordingSid, E164,
};

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
    /// The sandbox did not send it: the URL is not a loopback address and the
    /// sandbox was not built with
    /// [`allow_remote_webhooks`](super::SandboxBuilder::allow_remote_webhooks).
    NotSent(String),
}

impl CallbackOutcome {
    /// Whether the receiver answered with a 2xx status.
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Answered(status) if (200..300).contains(status))
    }
}

/// A request the sandbox sent, as Twilio would have: a status callback, or
/// a TwiML request of a call ([`CallStep::Requested`]).
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
    /// The media resources (`ME...`), one per media URL, in order.
    pub media: Vec<SentMedia>,
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
    /// How its life cycle ends (see [`MessageOutcome`]).
    pub outcome: MessageOutcome,
    /// The error code once it failed or was undelivered.
    pub error_code: Option<u32>,
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
    /// The TwiML URL (`Url` parameter), if given.
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
    /// How its life cycle ends (see [`CallOutcome`]).
    pub outcome: CallOutcome,
    /// `human`, `machine_start`... once answered, when machine detection was asked for.
    pub answered_by: Option<String>,
    /// Every TwiML document the call was given or fetched, in order.
    pub documents: Vec<CallTwiml>,
    /// What the call did, in order, as far as the sandbox runs TwiML.
    pub steps: Vec<CallStep>,
    /// When the call was created.
    pub date_created: OffsetDateTime,
    /// When it was last updated.
    pub date_updated: OffsetDateTime,
    /// The form parameters of the create request, as received.
    pub request: Params,
}

impl PlacedCall {
    /// The TwiML the call runs now, parsed: the last document it was given
    /// (inline) or fetched; `None` before any (a URL call not yet answered) or
    /// when that document did not parse (see [`twiml_error`](Self::twiml_error)).
    ///
    /// The document prints as XML (`{doc}`).
    pub fn twiml_document(&self) -> Option<&TwimlDocument> {
        self.documents.last().and_then(|d| d.document.as_ref())
    }

    /// Why the last TwiML document did not parse (Twilio would fail the call
    /// with error 12100), if it did not.
    pub fn twiml_error(&self) -> Option<&TwimlParseError> {
        self.documents.last().and_then(|d| d.error.as_ref())
    }

    /// The texts the call speaks: the `<Say>` elements of every document it
    /// was given or fetched, in order (nested ones included); documents that
    /// do not parse say nothing.
    pub fn spoken_texts(&self) -> Vec<String> {
        self.documents
            .iter()
            .filter_map(|d| d.document.as_ref())
            .flat_map(TwimlDocument::says)
            .collect()
    }
}

/// One media item of a sent message: Twilio's Media resource.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentMedia {
    /// The media SID (`ME...`).
    pub sid: MediaSid,
    /// The URL the media was sent from.
    pub url: Url,
    /// Its content type, from the URL's file extension
    /// (`application/octet-stream` when unknown).
    pub content_type: String,
}

/// Where a call's TwiML document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TwimlOrigin {
    /// The `Twiml` parameter of the create request.
    Create,
    /// The `Twiml` parameter of an update request.
    Update,
    /// Fetched from this URL (the `Url` of a create or update, a `<Redirect>`,
    /// or the `action` of a `<Gather>` or `<Record>`).
    Fetched(Url),
}

/// A TwiML document a call was given or fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallTwiml {
    /// Where it came from.
    pub origin: TwimlOrigin,
    /// The document as received.
    pub xml: String,
    /// The document, parsed, when it parses.
    pub document: Option<TwimlDocument>,
    /// Why it did not parse, when it does not.
    pub error: Option<TwimlParseError>,
    /// When it was received.
    pub at: OffsetDateTime,
}

impl CallTwiml {
    pub(crate) fn new(origin: TwimlOrigin, xml: String) -> Self {
        let (document, error) = match TwimlDocument::parse(&xml) {
            Ok(doc) => (Some(doc), None),
            Err(e) => (None, Some(e)),
        };
        Self {
            origin,
            xml,
            document,
            error,
            at: OffsetDateTime::now_utc(),
        }
    }
}

/// One thing a call did while the sandbox ran its TwiML.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallStep {
    /// `<Say>`: the text spoken.
    Said(String),
    /// `<Play>`: the URL played (or `digits:...` for DTMF).
    Played(String),
    /// `<Pause>`: its length in seconds.
    Paused(u32),
    /// `<Gather>` received these digits (empty when it timed out).
    Gathered(String),
    /// `<Record>` made this recording.
    Recorded(RecordingSid),
    /// A TwiML document was requested from this URL, with this outcome.
    Requested(Callback),
    /// A TwiML URL could not be used (not fetched, failed, not TwiML), in
    /// words; Twilio would play "an application error has occurred" and hang up.
    ApplicationError(String),
    /// A verb the sandbox does not run (`<Dial>`, `<Connect>`...), skipped.
    Skipped(String),
    /// `<Hangup>` or `<Reject>`.
    HungUp,
}
