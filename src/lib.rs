#![doc = include_str!("../README.md")]
#![deny(missing_docs, missing_debug_implementations)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod calls;
mod client;
mod dates;
mod error;
mod ids;
mod input;
mod list;
mod messages;
mod phone;
mod retry;
mod transport;
mod voice;

#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;
pub mod twiml;
pub mod webhook;

pub use calls::{
    Call, CallDirection, CallEvent, CallStatus, HttpMethod, MachineDetection, MakeCall,
    SendVoiceMessage, MAX_RING_TIMEOUT_SECS, MAX_TIME_LIMIT_SECS, MAX_TWIML_CHARS,
};
pub use client::{ClientBuilder, TwilioClient};
pub use error::{ApiError, Error, NotConfigured};
pub use ids::RecordingSid;
pub use ids::{
    AccountSid, ApiKeySid, CallSid, MessageSid, MessagingServiceSid, ParseSidError, ResourceSid,
    SidRule,
};
pub use list::{ListCalls, ListMessages, Page, MAX_PAGE_SIZE};
pub use messages::{
    Message, MessageDirection, MessageStatus, SendMessage, MAX_BODY_CHARS, MAX_MEDIA,
    MAX_SCHEDULE_AHEAD, MAX_VALIDITY_SECS, MIN_SCHEDULE_AHEAD,
};
pub use phone::{Endpoint, ParseE164Error, E164};
pub use retry::RetryPolicy;
pub use voice::{Language, ParseLanguageError, ParseVoiceError, ProviderVoice, Voice};

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
    pub fn sms_http_request(request: crate::SendMessage) -> Result<reqwest::Request, crate::Error> {
        let (client, api_request) = request.into_request()?;
        let url = client.resource_url(&api_request.resource)?;
        client
            .http_request(&api_request, url)
            .build()
            .map_err(crate::Error::from_reqwest)
    }
}
