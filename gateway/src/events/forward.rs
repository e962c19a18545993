//! [`EventSink`]: delivers events to `EVENTS_WEBHOOK_URL` with bounded
//! retries, or logs them when no URL is set.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::AUTHORIZATION;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;
use tokio::sync::oneshot;
use twilio_typed::TwilioClient;
use url::Url;

use super::Event;
use crate::config::ConfigError;
use crate::metrics::{EventResult, Metrics};
use crate::redact::mask_numbers;

/// Attempts per event: the first and two retries.
pub const MAX_ATTEMPTS: u32 = 3;
/// The wait before the first retry; doubled for the next.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// The time one attempt may take.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where events go.
#[derive(Debug, Clone)]
pub struct EventSink {
    target: Option<Target>,
    metrics: Arc<Metrics>,
}

#[derive(Clone)]
struct Target {
    url: Url,
    token: Option<SecretString>,
    http: reqwest::Client,
    first_backoff: Duration,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Host only: the path of an n8n webhook is its secret.
        f.debug_struct("Target")
            .field("host", &self.url.host_str())
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

/// The events endpoint's answer to an inbound SMS: `{"reply": "..."}`.
#[derive(Debug, Deserialize)]
struct Answer {
    reply: Option<String>,
}

impl EventSink {
    /// Events are POSTed to `url` (with `Authorization: Bearer <token>` when
    /// a token is set), or logged when `url` is `None`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built: its TLS cannot be set up (no CA
    /// certificate in the system's store).
    pub fn new(
        url: Option<Url>,
        token: Option<SecretString>,
        metrics: Arc<Metrics>,
    ) -> Result<Self, ConfigError> {
        let target = match url {
            Some(url) => Some(Target {
                url,
                token,
                // The library's TLS setup: reqwest has no crypto provider
                // of its own in this build.
                http: TwilioClient::http_client_builder()
                    .map_err(|e| ConfigError::new(format!("EVENTS_WEBHOOK_URL: {e}")))?
                    .timeout(ATTEMPT_TIMEOUT)
                    .build()
                    .map_err(|e| ConfigError::new(format!("EVENTS_WEBHOOK_URL: {e}")))?,
                first_backoff: FIRST_BACKOFF,
            }),
            None => None,
        };
        Ok(Self { target, metrics })
    }

    /// Shortens the wait between attempts (tests).
    #[must_use]
    pub fn with_backoff(mut self, wait: Duration) -> Self {
        if let Some(target) = &mut self.target {
            target.first_backoff = wait;
        }
        self
    }

    /// Whether events are forwarded (else logged).
    pub fn forwards(&self) -> bool {
        self.target.is_some()
    }

    /// Delivers `event` in the background; the receiver gets the `reply` of
    /// the first accepted attempt (`None` without one, or if all failed).
    pub fn dispatch(&self, event: Event) -> oneshot::Receiver<Option<String>> {
        let (reply, answer) = oneshot::channel();
        let Some(target) = self.target.clone() else {
            tracing::info!(
                event_id = %event.event_id,
                r#type = event.kind,
                sid = %event.sid,
                from = %event.from.as_deref().map(mask_numbers).unwrap_or_default(),
                to = %event.to.as_deref().map(mask_numbers).unwrap_or_default(),
                status = event.status.as_deref().unwrap_or("-"),
                error_code = ?event.error_code,
                "Twilio event (set EVENTS_WEBHOOK_URL to forward it)"
            );
            self.metrics.record_event(EventResult::Logged);
            let _ = reply.send(None);
            return answer;
        };
        let metrics = Arc::clone(&self.metrics);
        tokio::spawn(async move {
            let result = target.deliver(&event).await;
            match result {
                Ok(text) => {
                    metrics.record_event(EventResult::Forwarded);
                    let _ = reply.send(text);
                }
                Err(why) => {
                    metrics.record_event(EventResult::Failed);
                    tracing::warn!(event_id = %event.event_id, r#type = event.kind, sid = %event.sid, "event not delivered: {why}");
                    let _ = reply.send(None);
                }
            }
        });
        answer
    }
}

impl Target {
    /// Up to [`MAX_ATTEMPTS`] POSTs; a `4xx` other than 408 and 429 is final.
    async fn deliver(&self, event: &Event) -> Result<Option<String>, String> {
        let mut last = String::new();
        for attempt in 1..=MAX_ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(self.first_backoff * 2u32.pow(attempt - 2)).await;
            }
            let mut request = self.http.post(self.url.clone()).json(event);
            if let Some(token) = &self.token {
                request =
                    request.header(AUTHORIZATION, format!("Bearer {}", token.expose_secret()));
            }
            match request.send().await {
                Ok(response) if response.status().is_success() => {
                    tracing::debug!(event_id = %event.event_id, attempt, "event delivered");
                    let reply = response.json::<Answer>().await.ok().and_then(|a| a.reply);
                    return Ok(reply);
                }
                Ok(response) => {
                    let status = response.status();
                    last = format!("the events endpoint answered HTTP {}", status.as_u16());
                    let retryable = status.is_server_error()
                        || status == reqwest::StatusCode::REQUEST_TIMEOUT
                        || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
                    if !retryable {
                        return Err(last);
                    }
                }
                Err(error) => {
                    // Without the URL: an n8n webhook's path is its secret.
                    last = if error.is_timeout() {
                        "the events endpoint timed out".to_owned()
                    } else {
                        "the events endpoint could not be reached".to_owned()
                    };
                }
            }
            tracing::debug!(event_id = %event.event_id, attempt, "event delivery failed: {last}");
        }
        Err(format!("{last} ({MAX_ATTEMPTS} attempts)"))
    }
}
