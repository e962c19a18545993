//! [`AppState`]: the Twilio client (when configured), the webhook validator,
//! the gateway's settings, its stores (idempotency keys, rate limit), the
//! events sink and the metrics, shared by every handler.

use std::sync::Arc;

use redis::aio::ConnectionManager;
use twilio_typed::webhook::WebhookConfig;
use twilio_typed::{CallEvent, ClientBuilder, Error, TwilioClient, E164};
use url::Url;

use crate::config::{ConfigError, EnvLookup, Settings};
use crate::error::AppError;
use crate::events::forward::EventSink;
use crate::handlers::inbound::STATUS_CALLBACK_PATH;
use crate::idempotency::memory::MemoryStore;
use crate::idempotency::redis::RedisStore;
use crate::idempotency::IdempotencyStore;
use crate::metrics::Metrics;
use crate::rate_limit::RateLimit;
use crate::upstream::{self, Operation, Outcome};

/// The call progress events the gateway asks Twilio to report.
pub const CALL_EVENTS: [CallEvent; 4] = [
    CallEvent::Initiated,
    CallEvent::Ringing,
    CallEvent::Answered,
    CallEvent::Completed,
];

/// Where the gateway keeps what several instances may share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// This process's memory.
    Memory,
    /// The Redis server at `REDIS_URL`.
    Redis,
}

/// Which Twilio variables have a value: what `GET /twilio/config` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct TwilioPresence {
    /// A client could be built from them.
    pub configured: bool,
    /// `TWILIO_ACCOUNT_SID` is set.
    pub has_account_sid: bool,
    /// `TWILIO_AUTH_TOKEN` is set.
    pub has_auth_token: bool,
    /// `TWILIO_PHONE_NUMBER` is set.
    pub has_phone_number: bool,
}

/// Shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// `None` when Twilio is not configured: sends and status answer 503.
    twilio: Option<TwilioClient>,
    /// The 503 detail when `twilio` is `None`.
    not_configured: String,
    presence: TwilioPresence,
    /// `None` without `TWILIO_AUTH_TOKEN`: webhooks cannot be authenticated.
    webhook: Option<WebhookConfig>,
    settings: Settings,
    rate_limit: RateLimit,
    storage: Storage,
    idempotency: Arc<dyn IdempotencyStore>,
    events: EventSink,
    metrics: Arc<Metrics>,
    status_callback: Option<Url>,
}

impl AppState {
    /// Builds the state from `env` (the `TWILIO_*` variables) and `settings`,
    /// connecting to Redis when `REDIS_URL` is set (else keeping idempotency
    /// keys and the rate limit in memory).
    ///
    /// Missing or malformed Twilio variables are not fatal: the gateway starts,
    /// `GET /twilio/config` says what is missing, and sends answer 503.
    ///
    /// # Errors
    /// Settings that cannot be honoured (the rate limit, an unreachable Redis).
    pub async fn connect(env: &EnvLookup, settings: Settings) -> Result<Self, ConfigError> {
        let Some(redis_url) = &settings.redis_url else {
            return Self::new(env, settings);
        };
        let client = redis::Client::open(redis_url.expose())
            .map_err(|e| ConfigError::new(format!("REDIS_URL: {:?}", e.kind())))?;
        let connection = ConnectionManager::new(client).await.map_err(|e| {
            ConfigError::new(format!(
                "REDIS_URL: cannot connect to Redis ({:?})",
                e.kind()
            ))
        })?;
        let rate_limit = RateLimit::shared(
            settings.rate_limit_per_minute,
            connection.clone(),
            &settings.redis_key_prefix,
        );
        let store = Arc::new(RedisStore::new(connection, &settings.redis_key_prefix));
        Self::build(env, settings, rate_limit, Storage::Redis, store)
    }

    /// Builds the state with every store in memory (see [`connect`](Self::connect)).
    ///
    /// # Errors
    /// Settings that cannot be honoured (e.g. the rate limit).
    pub fn new(env: &EnvLookup, settings: Settings) -> Result<Self, ConfigError> {
        let rate_limit = RateLimit::per_minute(settings.rate_limit_per_minute)?;
        Self::build(
            env,
            settings,
            rate_limit,
            Storage::Memory,
            Arc::new(MemoryStore::default()),
        )
    }

    fn build(
        env: &EnvLookup,
        settings: Settings,
        rate_limit: RateLimit,
        storage: Storage,
        idempotency: Arc<dyn IdempotencyStore>,
    ) -> Result<Self, ConfigError> {
        let client = ClientBuilder::from_env_with(|name| env.get(name)).and_then(|builder| {
            builder
                .user_agent_suffix(concat!("twilio-gateway/", env!("CARGO_PKG_VERSION")))
                .build()
        });
        let (twilio, not_configured) = match client {
            Ok(client) => (Some(client), String::new()),
            // "Twilio not configured. Set TWILIO_ACCOUNT_SID, ...": the guide's text.
            Err(error @ Error::NotConfigured(_)) => (None, error.to_string()),
            // A malformed value: named, never shown.
            Err(error) => (None, format!("Twilio not configured: {error}")),
        };
        if twilio.is_none() {
            tracing::warn!(reason = %not_configured, "sending is disabled until Twilio is configured");
        }
        let presence = TwilioPresence {
            configured: twilio.is_some(),
            has_account_sid: env.is_set("TWILIO_ACCOUNT_SID"),
            has_auth_token: env.is_set("TWILIO_AUTH_TOKEN"),
            has_phone_number: env.is_set("TWILIO_PHONE_NUMBER"),
        };
        let webhook = match env.get("TWILIO_AUTH_TOKEN") {
            Some(token) if !token.trim().is_empty() => {
                let mut config = WebhookConfig::new(token.trim().to_owned());
                if let Some(key) = &settings.webhook_shared_key {
                    config = config.shared_key(key.clone());
                }
                Some(match &settings.public_base_url {
                    Some(url) => config
                        .public_base_url(url)
                        .map_err(|e| ConfigError::new(format!("PUBLIC_BASE_URL: {e}")))?,
                    None => config,
                })
            }
            _ => None,
        };
        let metrics = Arc::new(Metrics::default());
        let events = EventSink::new(
            settings.events_webhook_url.clone(),
            settings.events_webhook_token.clone(),
            Arc::clone(&metrics),
        )?;
        let status_callback = settings
            .public_base_url
            .as_deref()
            .map(|base| format!("{}{STATUS_CALLBACK_PATH}", base.trim_end_matches('/')))
            .map(|url| Url::parse(&url))
            .transpose()
            .map_err(|_| {
                ConfigError::new("PUBLIC_BASE_URL: not a base for the status callback URL")
            })?;
        Ok(Self {
            inner: Arc::new(Inner {
                twilio,
                not_configured,
                presence,
                webhook,
                settings,
                rate_limit,
                storage,
                idempotency,
                events,
                metrics,
                status_callback,
            }),
        })
    }

    /// Replaces the events sink (tests: a shorter retry backoff).
    #[must_use]
    pub fn with_events(mut self, events: impl FnOnce(EventSink) -> EventSink) -> Self {
        // Called right after construction, while this is the only handle.
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.events = events(inner.events.clone());
        }
        self
    }

    /// Where keys and the rate limit are kept.
    pub fn storage(&self) -> Storage {
        self.inner.storage
    }

    /// The idempotency key store.
    pub fn idempotency(&self) -> &Arc<dyn IdempotencyStore> {
        &self.inner.idempotency
    }

    /// Where inbound events go.
    pub fn events(&self) -> &EventSink {
        &self.inner.events
    }

    /// The counters of `GET /metrics`.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    /// `PUBLIC_BASE_URL/twilio/status-callback`, when `PUBLIC_BASE_URL` is set:
    /// the `StatusCallback` of every send.
    pub fn status_callback_url(&self) -> Option<Url> {
        self.inner.status_callback.clone()
    }

    /// Counts the outcome of a request to Twilio and maps its error to the
    /// gateway's answer ([`upstream::answer`]).
    ///
    /// # Errors
    /// The mapped error.
    pub fn settle<T>(
        &self,
        operation: Operation,
        result: Result<T, Error>,
        aliases: &[(&str, &str)],
    ) -> Result<T, AppError> {
        match result {
            Ok(value) => {
                self.inner.metrics.record_twilio(operation, Outcome::Ok);
                Ok(value)
            }
            Err(error) => {
                self.inner
                    .metrics
                    .record_twilio(operation, Outcome::of(&error, operation));
                Err(upstream::answer(error, operation, aliases))
            }
        }
    }

    /// The Twilio client, or the 503 naming what is missing.
    ///
    /// # Errors
    /// [`AppError::not_configured`].
    pub fn twilio(&self) -> Result<&TwilioClient, AppError> {
        self.inner
            .twilio
            .as_ref()
            .ok_or_else(|| AppError::not_configured(self.inner.not_configured.clone()))
    }

    /// The webhook validator, or a 503 when there is no auth token to check with.
    ///
    /// # Errors
    /// [`AppError::not_configured`].
    pub fn webhook(&self) -> Result<&WebhookConfig, AppError> {
        self.inner.webhook.as_ref().ok_or_else(|| {
            AppError::not_configured(
                "Twilio not configured. Set TWILIO_AUTH_TOKEN to validate webhook signatures",
            )
        })
    }

    /// Which Twilio variables are set.
    pub fn presence(&self) -> TwilioPresence {
        self.inner.presence
    }

    /// The gateway's settings.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The rate limit of the sending endpoints.
    pub fn rate_limit(&self) -> &RateLimit {
        &self.inner.rate_limit
    }

    /// Parses a recipient and applies the toll-fraud guard.
    ///
    /// # Errors
    /// `400` naming `field`, with the expected form, or naming the country code
    /// that `ALLOWED_COUNTRY_CODES` does not list.
    pub fn recipient(&self, field: &str, value: &str) -> Result<E164, AppError> {
        let number = E164::parse(value).map_err(|e| {
            AppError::bad_request(format!(
                "invalid {field}: expected a phone number in E.164 form such as +12025551234 ({e})"
            ))
        })?;
        if !self.inner.settings.allows(&number) {
            tracing::warn!(
                country_code = number.country_code(),
                "recipient outside ALLOWED_COUNTRY_CODES"
            );
            return Err(AppError::bad_request(format!(
                "invalid {field}: country code +{} is not allowed by ALLOWED_COUNTRY_CODES",
                number.country_code()
            )));
        }
        Ok(number)
    }
}
