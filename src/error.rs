//! [`Error`]: everything that can go wrong, with predicates to act on it.

use std::fmt;

use crate::http::retry::{self, Failure};

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
    /// The client's TLS could not be set up (feature `rustls`): no CA
    /// certificate could be loaded from the system's store, for example.
    /// Nothing was sent.
    #[error("could not set up TLS")]
    Tls {
        /// What rustls or the certificate verifier reported.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An attempt timed out: its connection, or the whole attempt (the
    /// per-attempt [`timeout`](crate::ClientBuilder::timeout), or the call's
    /// [`deadline`](crate::ClientBuilder::deadline) when that came first).
    #[error("request to Twilio timed out")]
    Timeout {
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered with a redirect (3xx). Twilio's REST API never
    /// redirects, so none is followed: the form (To, Body, TwiML) is not
    /// re-sent to another host.
    ///
    /// Also returned when a caller-supplied
    /// [`http_client`](crate::ClientBuilder::http_client) followed a
    /// redirect itself (the answer came from another URL, on any host); that
    /// client has already re-sent the request there.
    #[error("refused a redirect (HTTP {status}) to {}", target_host.as_deref().unwrap_or("an unnamed host"))]
    Redirect {
        /// The HTTP status of the redirect; for a redirect a caller-supplied
        /// client followed, the status of the answer it ended at.
        status: u16,
        /// The host the redirect pointed to, when it named one.
        target_host: Option<String>,
    },
    /// The response body was larger than the client's bound
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes));
    /// reading stopped there.
    #[error("Twilio's response (HTTP {status}) is larger than the {limit}-byte bound")]
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The bound, in bytes.
        limit: usize,
    },
    /// The pacer could not grant a sending slot (e.g. its Redis store is
    /// unreachable). Nothing was sent.
    #[error("could not reserve a sending slot")]
    Pacing {
        /// The underlying failure.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A wait ([`TwilioClient::wait_for_message`](crate::TwilioClient::wait_for_message),
    /// [`wait_for_call`](crate::TwilioClient::wait_for_call)) reached its deadline
    /// before the resource reached a final status or one the caller chose.
    #[error(
        "gave up waiting for {sid} after {waited:?}: {}",
        match last_status {
            Some(status) => format!("its status is still {status}"),
            None => "no poll was answered in time".to_owned(),
        }
    )]
    WaitTimedOut {
        /// The SID waited for.
        sid: String,
        /// The status at the last poll that was answered; `None` when none
        /// was answered before the deadline.
        last_status: Option<String>,
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

    /// A failure to set up TLS.
    #[cfg(feature = "rustls")]
    #[cfg_attr(feature = "native-tls", allow(dead_code))]
    pub(crate) fn tls(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Tls {
            source: Box::new(source),
        }
    }

    /// Wraps a reqwest error, removing any `user:password@` from its URL.
    pub(crate) fn from_reqwest(mut source: reqwest::Error) -> Self {
        if let Some(url) = source.url_mut() {
            crate::http::redact::strip_userinfo(url);
        }
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
            Self::Decode { status, .. }
            | Self::Redirect { status, .. }
            | Self::ResponseTooLarge { status, .. } => Some(*status),
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
    /// configuration, a pacing failure, a connection that was never
    /// established, or a 429 (Twilio refuses too many requests before acting
    /// on them). A create request for which this is `true` must not be
    /// retried blindly: it may send a second SMS or place a second call.
    /// This is the same rule the client's own retries follow.
    pub fn may_have_reached_twilio(&self) -> bool {
        retry::may_have_reached(self.failure())
    }

    /// Whether the answer was a redirect, which the client refuses.
    pub fn is_redirect(&self) -> bool {
        matches!(self, Self::Redirect { .. })
    }

    /// Whether the response passed the client's size bound.
    pub fn is_response_too_large(&self) -> bool {
        matches!(self, Self::ResponseTooLarge { .. })
    }

    /// This error as a kind of failure, for the retry rule.
    pub(crate) fn failure(&self) -> Failure {
        match self {
            Self::InvalidInput { .. }
            | Self::NotConfigured(_)
            | Self::Tls { .. }
            | Self::Pacing { .. } => Failure::NotSent,
            Self::Transport { source } | Self::Timeout { source } => {
                if source.is_connect() {
                    Failure::Connect
                } else {
                    Failure::InFlight
                }
            }
            Self::Api(api) => Failure::Status(api.status),
            Self::Redirect { .. } => Failure::Redirect,
            Self::ResponseTooLarge { .. } => Failure::TooLarge,
            Self::Decode { .. } => Failure::Undecodable,
            Self::WaitTimedOut { .. } => Failure::StillPending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> Error {
        Error::Api(Box::new(ApiError {
            status,
            code: None,
            message: String::new(),
            more_info: None,
        }))
    }

    /// Every variant built without I/O maps to the failure the retry rule
    /// knows, and its predicate is that rule's answer. (Transport and
    /// timeout errors are covered end to end in `tests/it/faults.rs`.)
    #[test]
    fn every_variant_answers_through_the_retry_rule() {
        let decode = serde_json::from_str::<u8>("x").unwrap_err();
        let cases = [
            (Error::invalid("to", "bad"), Failure::NotSent, false),
            (
                NotConfigured {
                    missing: vec!["account_sid"],
                }
                .into(),
                Failure::NotSent,
                false,
            ),
            (
                Error::Pacing {
                    source: "redis down".into(),
                },
                Failure::NotSent,
                false,
            ),
            (
                Error::Tls {
                    source: "no CA certificates".into(),
                },
                Failure::NotSent,
                false,
            ),
            (api(429), Failure::Status(429), false),
            (api(500), Failure::Status(500), true),
            (api(400), Failure::Status(400), true),
            (
                Error::Redirect {
                    status: 307,
                    target_host: Some("evil.example".into()),
                },
                Failure::Redirect,
                true,
            ),
            (
                Error::ResponseTooLarge {
                    status: 200,
                    limit: 1024,
                },
                Failure::TooLarge,
                true,
            ),
            (
                Error::Decode {
                    status: 201,
                    body_snippet: String::new(),
                    source: decode,
                },
                Failure::Undecodable,
                true,
            ),
            (
                Error::WaitTimedOut {
                    sid: "SM0".into(),
                    last_status: Some("queued".into()),
                    waited: std::time::Duration::from_secs(1),
                },
                Failure::StillPending,
                true,
            ),
        ];
        for (error, failure, reached) in cases {
            assert_eq!(error.failure(), failure, "{error:?}");
            assert_eq!(error.may_have_reached_twilio(), reached, "{error:?}");
            assert_eq!(retry::may_have_reached(failure), reached);
        }
    }

    #[test]
    fn refusals_name_what_was_refused() {
        let redirect = Error::Redirect {
            status: 308,
            target_host: Some("evil.example".into()),
        };
        assert_eq!(
            redirect.to_string(),
            "refused a redirect (HTTP 308) to evil.example"
        );
        assert_eq!(redirect.status(), Some(308));
        let big = Error::ResponseTooLarge {
            status: 200,
            limit: 4096,
        };
        assert_eq!(
            big.to_string(),
            "Twilio's response (HTTP 200) is larger than the 4096-byte bound"
        );
    }
}
