//! The optional bearer token (`GATEWAY_API_TOKEN`) of the `/twilio/*` API.
//!
//! Twilio's own webhooks (`/twilio/handle-input`) are authenticated by their
//! `X-Twilio-Signature` instead, and are not behind this check.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::state::AppState;

/// Middleware: when a token is configured, requires `Authorization: Bearer <token>`
/// (compared in constant time); answers `401` with `WWW-Authenticate: Bearer`.
///
/// # Errors
/// `401` when the header is missing, malformed, or carries another token.
pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let Some(expected) = &state.settings().api_token else {
        return Ok(next.run(request).await);
    };
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer);
    match presented {
        None => Err(AppError::unauthorized(
            "missing bearer token: send Authorization: Bearer <GATEWAY_API_TOKEN>",
        )),
        Some(token) if expected.matches(token) => Ok(next.run(request).await),
        Some(_) => {
            tracing::warn!("rejected a request with a wrong bearer token");
            Err(AppError::unauthorized("invalid bearer token"))
        }
    }
}

/// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
