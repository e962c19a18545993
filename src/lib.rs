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
mod messages;
mod phone;
mod retry;
mod transport;
mod voice;

pub mod twiml;
pub mod webhook;

pub use calls::{
    Call, CallDirection, CallEvent, CallStatus, HttpMethod, MachineDetection, MakeCall,
    SendVoiceMessage,
};
pub use client::{ClientBuilder, TwilioClient};
pub use error::{ApiError, Error, NotConfigured};
pub use ids::{
    AccountSid, ApiKeySid, CallSid, MessageSid, MessagingServiceSid, ParseSidError,
    ResourceSid, SidRule,
};
pub use messages::{Message, MessageDirection, MessageStatus, SendMessage};
pub use phone::{Endpoint, ParseE164Error, E164};
pub use retry::RetryPolicy;
pub use voice::{Language, ParseLanguageError, ParseVoiceError, ProviderVoice, Voice};

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
