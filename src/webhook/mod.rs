//! Webhooks: requests Twilio sends to your server.
//!
//! Anyone can POST to a webhook URL, so the `X-Twilio-Signature` check is the
//! security boundary. This module provides
//!
//! - [`RequestValidator`]: validates (and computes) the signature exactly as
//!   Twilio's helper libraries do, including both spellings of the URL's port,
//!   repeated parameters and JSON bodies signed through `bodySHA256`;
//! - signatures made with a SharedKey of Twilio's Webhooks configuration API
//!   (the `X-Twilio-Webhooks-Signature-Settings` header, HMAC-SHA256 or
//!   HMAC-SHA1): [`SharedKey`], [`RequestValidator::validate_with_settings`];
//! - typed payloads read from the form parameters: [`IncomingMessage`],
//!   [`MessageStatusCallback`], [`CallStatusCallback`], [`GatherResult`],
//!   [`GatherPartialResult`], [`RecordingStatusCallback`],
//!   [`MachineDetectionResult`] (or the raw [`Params`]); each keeps parameters
//!   it has no field for in `extra`;
//! - with the `axum` feature, the extractors `TwilioWebhook<T>` and
//!   `TwilioJsonWebhook<T>`, which validate the request and parse the payload,
//!   answering 403 or 400 otherwise (see `WebhookConfig` for servers behind a
//!   proxy).
//!
//! # Example
//!
//! Validating a request by hand, with any web framework:
//!
//! ```
//! use twilio_typed::webhook::{FromParams, IncomingMessage, Params, RequestValidator};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let validator = RequestValidator::new("your_auth_token");
//! // What the server received: the URL Twilio called, the form body, the header.
//! let url = "https://example.com/twilio/sms";
//! let body = b"MessageSid=SM0123456789abcdef0123456789abcdef\
//!              &AccountSid=AC0123456789abcdef0123456789abcdef\
//!              &From=%2B14155550199&To=%2B14155550100&Body=Hello&NumMedia=0";
//! let params = Params::from_form(body);
//! # let header = validator.compute_signature(url, &params);
//!
//! validator.validate(url, &params, &header)?;
//! let message = IncomingMessage::from_params(params)?;
//! assert_eq!(message.body, "Hello");
//! assert_eq!(message.from.as_str(), "+14155550199");
//! # Ok(())
//! # }
//! ```

mod amd;
mod calls;
mod error;
mod messages;
mod params;
mod payload;
mod recordings;
mod signature;
mod signature_settings;
mod signed_url;

#[cfg(feature = "axum")]
mod axum;

pub use amd::{AnsweredBy, MachineDetectionResult};
pub use calls::{CallStatusCallback, GatherPartialResult, GatherResult};
pub use error::{PayloadError, SignatureError};
pub use messages::{IncomingMessage, Location, Media, MessageStatusCallback};
pub use params::{Iter, Params};
pub use payload::FromParams;
pub use recordings::RecordingStatusCallback;
pub use signature::{
    body_sha256, ParamPair, RequestValidator, BODY_SHA256_PARAM, SIGNATURE_HEADER,
};
pub use signature_settings::{
    SharedKey, SignatureAlgorithm, SignatureSettings, SIGNATURE_SETTINGS_HEADER,
};

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use self::axum::{
    ConfigError, Scheme, TwilioJsonWebhook, TwilioWebhook, WebhookConfig, WebhookRejection,
};
