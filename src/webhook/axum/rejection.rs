//! [`WebhookRejection`]: why the extractor refused a request, as an HTTP answer.

use std::error::Error as _;

use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::webhook::{PayloadError, SignatureError};

/// The rejection of [`TwilioWebhook`](super::TwilioWebhook) and
/// [`TwilioJsonWebhook`](super::TwilioJsonWebhook).
///
/// As a response: `403 Forbidden` for a missing or bad signature, `400 Bad
/// Request` for a payload that cannot be parsed (only ever after the signature
/// checked out), axum's own answer when the body cannot be read (e.g. `413`);
/// each with a short plain-text body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The signature is missing or does not match.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// The request is authentic but its payload cannot be read.
    #[error(transparent)]
    Payload(#[from] PayloadError),
    /// The body could not be read.
    #[error("could not read the webhook body")]
    Body(#[source] BytesRejection),
}

impl WebhookRejection {
    /// The HTTP status this rejection answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Signature(_) => StatusCode::FORBIDDEN,
            Self::Payload(_) => StatusCode::BAD_REQUEST,
            Self::Body(rejection) => rejection.status(),
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self {
            Self::Signature(SignatureError::Missing) => {
                (StatusCode::FORBIDDEN, "missing X-Twilio-Signature").into_response()
            }
            // Say no more than "no" to a caller who could not sign the request.
            Self::Signature(_) => {
                (StatusCode::FORBIDDEN, "invalid X-Twilio-Signature").into_response()
            }
            Self::Payload(error) => {
                let mut text = format!("malformed webhook payload: {error}");
                if let Some(source) = error.source() {
                    text.push_str(": ");
                    text.push_str(&source.to_string());
                }
                (StatusCode::BAD_REQUEST, text).into_response()
            }
            Self::Body(rejection) => rejection.into_response(),
        }
    }
}
