//! Errors of webhook validation and parsing. None of them carries the auth token.

use std::error::Error as StdError;

/// Why a webhook's `X-Twilio-Signature` was not accepted.
///
/// Every variant means "do not trust this request"; the distinction is for logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The request had no `X-Twilio-Signature` header.
    #[error("missing X-Twilio-Signature header")]
    Missing,
    /// The signature does not match the URL, parameters and auth token.
    #[error("invalid X-Twilio-Signature")]
    Mismatch,
    /// The body's SHA-256 differs from the URL's `bodySHA256` parameter.
    #[error("body does not match the signed bodySHA256")]
    BodyHashMismatch,
    /// A non-empty raw body was sent without a `bodySHA256` query parameter, so it
    /// is not covered by the signature.
    #[error("raw body without a bodySHA256 query parameter")]
    MissingBodyHash,
    /// The URL is not an absolute `http` or `https` URL, or has what Twilio's
    /// helper libraries refuse (a non-numeric or out-of-range port, malformed
    /// IPv6 brackets).
    #[error("webhook URL cannot be parsed")]
    InvalidUrl,
    /// `X-Twilio-Webhooks-Signature-Settings` names an algorithm other than
    /// `HMAC_SHA1` or `HMAC_SHA256`.
    #[error("unsupported webhook signature algorithm")]
    UnsupportedAlgorithm,
    /// The request carries `X-Twilio-Webhooks-Signature-Settings` (it was signed
    /// with a SharedKey) but no shared key that may have signed it is configured.
    #[error("signed with a shared key, but no matching shared key is configured")]
    NoSharedKey,
}

/// Why a webhook's parameters could not be read into a typed payload.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// A parameter Twilio always sends is absent.
    #[error("missing webhook parameter `{field}`")]
    Missing {
        /// The parameter name, e.g. `MessageSid` or `MediaUrl1`.
        field: String,
    },
    /// A parameter has a value of the wrong shape.
    #[error("invalid value for webhook parameter `{field}`")]
    Invalid {
        /// The parameter name.
        field: String,
        /// What was wrong with it.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
    /// A JSON body could not be deserialized.
    #[error("invalid JSON webhook body")]
    Json(#[source] serde_json::Error),
}

impl PayloadError {
    /// The parameter at fault, if the error is about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Missing { field } | Self::Invalid { field, .. } => Some(field),
            Self::Json(_) => None,
        }
    }
}
