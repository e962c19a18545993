//! [`AppError`]: every failure as `{"detail": "..."}` with the right status,
//! and `json_errors`, the middleware that gives the same shape to errors
//! produced outside the handlers (unknown routes, timeouts, body limits,
//! webhook rejections).

use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::time::Duration;

use crate::redact::mask_numbers;
use crate::upstream::{self, Operation};

/// The longest plain-text error body `json_errors` rewraps.
const MAX_TEXT_BODY: usize = 4096;

/// An error answer: a status and a human-readable `detail`.
///
/// Its detail never contains a secret: Twilio's own error text, the name of a
/// field, or a fixed sentence.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    detail: String,
    code: Option<u32>,
    more_info: Option<String>,
    retry_after: Option<u64>,
    www_authenticate: bool,
    reached_twilio: bool,
}

impl AppError {
    /// An error with this status and detail.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
            code: None,
            more_info: None,
            retry_after: None,
            www_authenticate: false,
            reached_twilio: false,
        }
    }

    /// `400`: the request cannot be served as written.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    /// `400` for a JSON field that is absent or `null`.
    pub fn missing_field(field: &str) -> Self {
        Self::bad_request(format!("missing required field: {field}"))
    }

    /// `401` with `WWW-Authenticate: Bearer`.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self {
            www_authenticate: true,
            ..Self::new(StatusCode::UNAUTHORIZED, detail)
        }
    }

    /// `503`: Twilio is not configured; `detail` names what is missing.
    pub fn not_configured(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, detail)
    }

    /// Maps an error of the Twilio client (as a send), renaming the library's
    /// field names to the request's (`aliases`: library name → request name).
    pub fn from_twilio(error: twilio_typed::Error, aliases: &[(&str, &str)]) -> Self {
        upstream::answer(error, Operation::Send, aliases)
    }

    /// Adds Twilio's error code and documentation link to the body.
    #[must_use]
    pub fn twilio_code(mut self, code: Option<u32>, more_info: Option<&str>) -> Self {
        self.code = code;
        // Only Twilio's own documentation links are passed on.
        self.more_info = more_info
            .filter(|link| link.starts_with("https://www.twilio.com/"))
            .map(str::to_owned);
        self
    }

    /// Adds `Retry-After` (whole seconds, at least one).
    #[must_use]
    pub fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait.as_secs().max(1));
        self
    }

    /// Marks an answer given after the request may have reached Twilio: an
    /// idempotency key keeps it, so a retry is never sent twice.
    #[must_use]
    pub fn may_have_reached_twilio(mut self) -> Self {
        self.reached_twilio = true;
        self
    }
}

impl From<twilio_typed::Error> for AppError {
    fn from(error: twilio_typed::Error) -> Self {
        Self::from_twilio(error, &[])
    }
}

/// A response extension: the answer was given after the request may have
/// reached Twilio (its outcome is known, or unknown but possibly carried out).
#[derive(Debug, Clone, Copy)]
pub struct ReachedTwilio;

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let status = match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        };
        let detail = match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "expected a JSON body with Content-Type: application/json".to_owned()
            }
            other => other.body_text(),
        };
        Self::new(status, detail)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status.is_client_error() {
            // Why a caller was refused, for whoever runs the gateway; details
            // never hold secrets, and numbers are masked.
            tracing::info!(status = self.status.as_u16(), reason = %mask_numbers(&self.detail), "request refused");
        }
        let mut body = json!({ "detail": self.detail });
        if let Some(code) = self.code {
            body["code"] = json!(code);
        }
        if let Some(more_info) = &self.more_info {
            body["more_info"] = json!(more_info);
        }
        let mut response = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        }
        if self.reached_twilio {
            response.extensions_mut().insert(ReachedTwilio);
        }
        if self.www_authenticate {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Middleware: an error response that is not JSON (a 404 from the router, a
/// 413 from the body limit, a 504 from the timeout, a webhook rejection)
/// becomes `{"detail": ...}` with the same status and headers.
pub(crate) async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_TEXT_BODY)
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    let detail = text.unwrap_or_else(|| default_detail(status));
    if status.is_client_error() {
        tracing::info!(status = status.as_u16(), reason = %mask_numbers(&detail), "request refused");
    }
    let body = json!({ "detail": detail }).to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}

/// The detail of an error response that came without a text.
fn default_detail(status: StatusCode) -> String {
    match status {
        StatusCode::NOT_FOUND => "not found".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed".to_owned(),
        StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => {
            "request timed out; if it was a send, check its status before retrying".to_owned()
        }
        StatusCode::PAYLOAD_TOO_LARGE => "request body too large".to_owned(),
        other => other
            .canonical_reason()
            .unwrap_or("request failed")
            .to_owned(),
    }
}
