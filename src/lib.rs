#![doc = include_str!("docs/front_page.md")]
#![cfg_attr(
    all(feature = "lookups-v2", feature = "verify-v2", feature = "api-v2010"),
    doc = include_str!("docs/whole_api.md")
)]
#![deny(missing_docs, missing_debug_implementations)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod client;
mod error;
mod http;
mod rest;
mod types;

#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;
pub mod twiml;
pub mod webhook;

pub use client::{ClientBuilder, TwilioClient, DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES};
pub use error::{ApiError, Error, NotConfigured};
pub use http::pacing::Pacing;
pub use http::paging::{Page, MAX_PAGE_SIZE};
pub use http::retry::RetryPolicy;
pub use http::wait::{
    WaitFor, Waitable, DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT, MAX_POLL_INTERVAL,
    MAX_WAIT_TIMEOUT, MIN_POLL_INTERVAL,
};
pub use rest::calls::list::ListCalls;
pub use rest::calls::options::{
    RecordingChannels, RecordingEvent, RecordingTrack, Trim, MACHINE_DETECTION_SILENCE_TIMEOUT_MS,
    MACHINE_DETECTION_SPEECH_END_THRESHOLD_MS, MACHINE_DETECTION_SPEECH_THRESHOLD_MS,
    MACHINE_DETECTION_TIMEOUT_SECS,
};
pub use rest::calls::update as call_update;
pub use rest::calls::update::{CallUpdateStatus, UpdateCall};
pub use rest::calls::{
    Call, CallDirection, CallEvent, CallStatus, HttpMethod, MachineDetection, MakeCall,
    SendVoiceMessage, MAX_RING_TIMEOUT_SECS, MAX_TIME_LIMIT_SECS, MAX_TWIML_CHARS,
};
pub use rest::messages::content::{ContentVariables, RiskCheck};
pub use rest::messages::list::ListMessages;
pub use rest::messages::media::{ListMedia, Media};
pub use rest::messages::{
    Message, MessageDirection, MessageStatus, SendMessage, MAX_BODY_CHARS, MAX_MEDIA,
    MAX_SCHEDULE_AHEAD, MAX_VALIDITY_SECS, MIN_SCHEDULE_AHEAD,
};
pub use rest::recordings::{
    ListRecordings, Recording, RecordingFormat, RecordingSource, RecordingStatus,
};
pub use types::ids::{
    AccountSid, ApiKeySid, CallSid, MessageSid, MessagingServiceSid, ParseSidError, ResourceSid,
    SidRule,
};
pub use types::ids::{ApplicationSid, ConferenceSid, ContentSid, MediaSid, RecordingSid};
pub use types::phone::{Endpoint, ParseE164Error, E164};
pub use types::segments::{
    sms_segments, SmsEncoding, SmsSegments, GSM7_PART, GSM7_SINGLE, UCS2_PART, UCS2_SINGLE,
};
pub use types::voice::{Language, ParseLanguageError, ParseVoiceError, ProviderVoice, Voice};

/// The README's examples, compiled and run as doctests (the crate's front page
/// is `src/docs/front_page.md`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[doc(hidden)]
pub mod __bench {
    //! Internals reachable from `benches/` only; not part of the public API.

    /// Validates an SMS request and builds the HTTP request it would send
    /// (URL, basic auth, form-encoded body), without sending it.
    ///
    /// # Errors
    /// As [`SendMessage::send`](crate::SendMessage::send) before any I/O.
    ///
    /// The request carries no timeout of its own when the client was built
    /// with its default HTTP client: that client applies the attempt timeout.
    pub fn sms_http_request(request: crate::SendMessage) -> Result<reqwest::Request, crate::Error> {
        let (client, api_request) = request.into_request()?;
        let url = client.resource_url(&api_request.resource)?;
        client.http_request(&api_request, url, client.inner.timeout)
    }
}
