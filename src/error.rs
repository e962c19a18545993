//! [`Error`]: everything that can go wrong, with predicates to act on it.

use std::fmt;

/// The error of every fallible operation of this crate.
///
/// Sources are chained (`std::error::Error::source`), so an error reporter shows
/// the underlying transport or decoding failure. No variant ever carries a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A value was rejected before any request was sent.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The field (request parameter, builder setter or environment variable).
        field: &'static str,
        /// The rule that was broken, in words.
        reason: String,
    },
    /// Configuration is missing (see [`NotConfigured`]).
    #[error(transparent)]
    NotConfigured(#[from] NotConfigured),
    /// Twilio answered with an error.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request did not complete: DNS, connection, TLS or I/O failure.
    #[error("could not talk to Twilio")]
    Transport {
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },
    /// The request or the connection attempt timed out.
    #[error("request to Twilio timed out")]
    Timeout {
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },
    /// A wait ([`TwilioClient::wait_for_message`](crate::TwilioClient::wait_for_message),
    /// [`wait_for_call`](crate::TwilioClient::wait_for_call)) reached its deadline
    /// before the resource reached a final status or one the caller chose.
    #[error("gave up waiting for {sid} after {waited:?}: its status is still {last_status}")]
    WaitTimedOut {
        /// The SID waited for.
        sid: String,
        /// The status at the last poll.
        last_status: String,
        /// How long the wait lasted.
        waited: std::time::Duration,
    },
    /// Twilio answered with a success status but a body that could not be read.
    ///
    /// The text leaves the body out (it may hold a message's text); it is in
    /// `body_snippet` and the decoding error is the source.
    #[error("could not decode Twilio's response (HTTP {status})")]
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// The start of the response body (at most 512 bytes).
        body_snippet: String,
        /// The decoding error.
        #[source]
        source: serde_json::Error,
    },
}

/// Twilio configuration that is missing: the names of the unset variables.
///
/// Its text is the one the gateway answers with 503:
/// `Twilio not configured. Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct NotConfigured {
    /// The environment variables (or builder settings) that are missing.
    pub missing: Vec<&'static str>,
}

impl fmt::Display for NotConfigured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Twilio not configured. Set {}", self.missing.join(", "))
    }
}

/// An error answer from Twilio's REST API.
///
/// Twilio's body is `{"code": 21211, "message": "...", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status of the response.
    pub status: u16,
    /// Twilio's error code (e.g. 21211 invalid `To`), when the body carried one.
    pub code: Option<u32>,
    /// Twilio's message, or the start of the body when it was not Twilio's JSON.
    pub message: String,
    /// The documentation link for the code.
    pub more_info: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(
                f,
                "Twilio error {code} (HTTP {}): {}",
                self.status, self.message
            )?,
            None => write!(f, "Twilio error (HTTP {}): {}", self.status, self.message)?,
        }
        if let Some(link) = &self.more_info {
            write!(f, " ({link})")?;
        }
        Ok(())
    }
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl fmt::Display) -> Self {
        Self::InvalidInput {
            field,
            reason: reason.to_string(),
        }
    }

    pub(crate) fn from_reqwest(source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Self::Timeout { source }
        } else {
            Self::Transport { source }
        }
    }

    /// The HTTP status Twilio answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode { status, .. } => Some(*status),
            Self::Transport { source } | Self::Timeout { source } => {
                source.status().map(|s| s.as_u16())
            }
            _ => None,
        }
    }

    /// Twilio's error code (e.g. 21211, 21608, 20003, 20429, 20404), if any.
    pub fn api_code(&self) -> Option<u32> {
        match self {
            Self::Api(api) => api.code,
            _ => None,
        }
    }

    /// The API error Twilio answered with, if this is one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether the request or connection attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// Whether the connection to Twilio could not be established.
    pub fn is_connect(&self) -> bool {
        match self {
            Self::Transport { source } | Self::Timeout { source } => source.is_connect(),
            _ => false,
        }
    }

    /// Whether input was rejected before sending anything.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Self::InvalidInput { .. })
    }

    /// Whether configuration is missing.
    pub fn is_not_configured(&self) -> bool {
        matches!(self, Self::NotConfigured(_))
    }

    /// Whether the request may have reached Twilio (and so may have taken effect).
    ///
    /// `false` only when it certainly did not: invalid input, missing
    /// configuration, or a connection that was never established. A create
    /// request for which this is `true` must not be retried blindly: it may
    /// send a second SMS or place a second call.
    pub fn may_have_reached_twilio(&self) -> bool {
        match self {
            Self::InvalidInput { .. } | Self::NotConfigured(_) => false,
            Self::Transport { source } | Self::Timeout { source } => !source.is_connect(),
            Self::Api(_) | Self::Decode { .. } | Self::WaitTimedOut { .. } => true,
        }
    }
}
