//! What the gateway answers when Twilio fails: one table, from the Twilio
//! client's [`Error`] to the gateway's status, detail and metrics outcome.
//!
//! | Twilio | gateway |
//! |---|---|
//! | invalid input, caught before sending | `400` naming the field |
//! | not configured | `503` |
//! | `404` (e.g. 20404, unknown SID) | `404` |
//! | `401`, or error 20003 (credentials rejected) | `502`: the gateway's credentials, not the caller's |
//! | `429`, or error 20429, after the client's retries | `429` with `Retry-After` |
//! | another `4xx` about a malformed parameter ([`MALFORMED_PARAMETER_CODES`]) | `400` |
//! | another `4xx` (unreachable or unverified number, permissions, ...) | `422` |
//! | unreachable: the connection was never made | `502`, nothing was sent |
//! | a fetch that failed with `5xx`, or whose answer could not be read | `502` |
//! | a fetch that timed out | `504` |
//! | a send or update with `5xx`, a reset, or an unreadable answer | `502` "may have been sent; check status before retrying" |
//! | a send or update that timed out after it was written | `504`, same detail |
//!
//! Twilio's `code` and `more_info` are added to the body when Twilio gave them.
//! Twilio's message is shown only when the answer was Twilio's JSON error (it
//! carried a code): any other body is never echoed, since it can carry anything.

use std::time::Duration;

use axum::http::StatusCode;
use twilio_typed::{ApiError, Error};

use crate::error::AppError;

/// What the request to Twilio was: it decides what an unknown outcome means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Creates a message or a call: a repeat could send twice.
    Send,
    /// Changes a call or a message: a repeat could act twice.
    Update,
    /// Reads a resource: safe to repeat.
    Fetch,
}

/// How a request to Twilio ended, the label of the `twilio_requests_total` metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Twilio carried the request out.
    Ok,
    /// Refused before sending (invalid input, not configured, the client's
    /// own refusal such as its pacing store being down).
    NotSent,
    /// Twilio refused the request's content (`4xx`).
    Refused,
    /// Twilio knows no such resource (`404`).
    NotFound,
    /// Twilio rejected the gateway's credentials.
    CredentialsRejected,
    /// Twilio's rate limit, after the client's retries.
    RateLimited,
    /// Twilio could not be reached; nothing was sent.
    Unreachable,
    /// A send or update that may or may not have taken effect.
    Unknown,
    /// A fetch that failed on Twilio's side.
    UpstreamFailed,
}

impl Outcome {
    /// The metric label.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::NotSent => "not_sent",
            Self::Refused => "refused",
            Self::NotFound => "not_found",
            Self::CredentialsRejected => "credentials_rejected",
            Self::RateLimited => "rate_limited",
            Self::Unreachable => "unreachable",
            Self::Unknown => "unknown_outcome",
            Self::UpstreamFailed => "upstream_failed",
        }
    }

    /// Classifies a failed request.
    pub fn of(error: &Error, operation: Operation) -> Self {
        match error {
            Error::InvalidInput { .. } | Error::NotConfigured(_) => Self::NotSent,
            Error::Api(api) => match (api.status, api.code) {
                (401, _) | (_, Some(CREDENTIALS_REJECTED)) => Self::CredentialsRejected,
                (429, _) | (_, Some(TOO_MANY_REQUESTS)) => Self::RateLimited,
                (404, _) => Self::NotFound,
                (400..=499, _) => Self::Refused,
                _ => Self::after_sending(operation),
            },
            other if other.is_connect() => Self::Unreachable,
            other if !other.may_have_reached_twilio() => Self::NotSent,
            _ => Self::after_sending(operation),
        }
    }

    fn after_sending(operation: Operation) -> Self {
        match operation {
            Operation::Fetch => Self::UpstreamFailed,
            Operation::Send | Operation::Update => Self::Unknown,
        }
    }
}

/// Twilio's "authenticate" error: the account SID or the token is wrong.
const CREDENTIALS_REJECTED: u32 = 20003;
/// Twilio's "too many requests" error.
const TOO_MANY_REQUESTS: u32 = 20429;
/// What the gateway tells a caller Twilio rate-limited: Twilio's error has no
/// hint, and the client has already waited and retried.
pub const TWILIO_RETRY_AFTER: Duration = Duration::from_secs(5);

/// Twilio's codes for a parameter that is malformed or missing: the caller's
/// request is wrong as written (`400`). Every other `4xx` is a request that is
/// well-formed but that Twilio cannot carry out (`422`).
pub const MALFORMED_PARAMETER_CODES: &[u32] = &[
    21201, // no 'To' number
    21205, // invalid Url
    21211, // invalid 'To' number
    21212, // invalid 'From' number
    21213, // 'From' is required
    21218, // invalid ApplicationSid
    21601, // 'To' number is not a valid SMS number
    21602, // message body is required
    21603, // 'From' is required
    21604, // 'To' is required
    21609, // invalid StatusCallback
    21617, // body exceeds 1600 characters
    21619, // a text body or media URL is required
    21620, // invalid media URL
];

/// The gateway's answer to a failed request to Twilio, with the request's own
/// field names in place of the library's (`aliases`: library → request).
pub fn answer(error: Error, operation: Operation, aliases: &[(&str, &str)]) -> AppError {
    let outcome = Outcome::of(&error, operation);
    match error {
        Error::InvalidInput { field, reason } => {
            let field = aliases
                .iter()
                .find(|(from, _)| *from == field)
                .map_or(field, |(_, to)| *to);
            AppError::bad_request(format!("invalid {field}: {reason}"))
        }
        Error::NotConfigured(missing) => AppError::not_configured(missing.to_string()),
        Error::Api(api) => api_answer(&api, outcome, operation),
        other => {
            tracing::warn!(error = %ErrorChain(&other), outcome = outcome.as_str(), "request to Twilio failed");
            let status = if other.is_timeout() {
                StatusCode::GATEWAY_TIMEOUT
            } else {
                StatusCode::BAD_GATEWAY
            };
            match outcome {
                Outcome::Unreachable => AppError::new(
                    StatusCode::BAD_GATEWAY,
                    "Twilio is unreachable (no connection was made); nothing was sent",
                ),
                Outcome::NotSent => AppError::new(
                    StatusCode::BAD_GATEWAY,
                    format!("{other}; nothing was sent"),
                ),
                Outcome::Unknown => {
                    AppError::new(status, unknown_outcome(&other.to_string(), operation))
                        .may_have_reached_twilio()
                }
                _ => AppError::new(status, other.to_string()),
            }
        }
    }
}

fn api_answer(api: &ApiError, outcome: Outcome, operation: Operation) -> AppError {
    tracing::warn!(
        status = api.status,
        code = ?api.code,
        outcome = outcome.as_str(),
        "Twilio refused the request"
    );
    // Only Twilio's own JSON error (it has a code) is shown; any other body
    // (a proxy's page, an echo of the request) stays out of the answer.
    let twilio_text = api
        .code
        .map(|_| api.message.trim())
        .filter(|m| !m.is_empty());
    let error = match outcome {
        Outcome::CredentialsRejected => AppError::new(
            StatusCode::BAD_GATEWAY,
            "Twilio rejected the gateway's credentials (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN \
             or TWILIO_API_KEY / TWILIO_API_SECRET); nothing was sent",
        ),
        Outcome::RateLimited => AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Twilio's rate limit was reached; nothing was sent; retry in {} s",
                TWILIO_RETRY_AFTER.as_secs()
            ),
        )
        .retry_after(TWILIO_RETRY_AFTER),
        Outcome::NotFound => AppError::new(
            StatusCode::NOT_FOUND,
            twilio_text.unwrap_or("not found at Twilio"),
        ),
        Outcome::Refused => {
            let status = match api.code {
                Some(code) if MALFORMED_PARAMETER_CODES.contains(&code) => StatusCode::BAD_REQUEST,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let detail = match twilio_text {
                Some(text) => format!("Twilio refused the request: {text}"),
                None => format!("Twilio refused the request (HTTP {})", api.status),
            };
            AppError::new(status, detail)
        }
        _ => {
            let failure = format!("Twilio failed (HTTP {})", api.status);
            match operation {
                Operation::Fetch => AppError::new(StatusCode::BAD_GATEWAY, failure),
                Operation::Send | Operation::Update => AppError::new(
                    StatusCode::BAD_GATEWAY,
                    unknown_outcome(&failure, operation),
                )
                .may_have_reached_twilio(),
            }
        }
    };
    error.twilio_code(api.code, api.more_info.as_deref())
}

/// The detail of a send or update whose outcome is unknown.
fn unknown_outcome(what: &str, operation: Operation) -> String {
    let verb = match operation {
        Operation::Update => "been applied",
        Operation::Send | Operation::Fetch => "been sent",
    };
    format!("{what}: the request may have {verb}; check status before retrying")
}

/// Displays an error with its sources, `a: b: c`, for logs.
#[derive(Debug)]
pub struct ErrorChain<'a>(pub &'a dyn std::error::Error);

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}
