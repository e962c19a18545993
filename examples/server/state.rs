//! [`AppState`]: the Twilio client (when configured), the webhook validator and
//! the gateway's settings, shared by every handler.

use std::sync::Arc;

use twilio_typed::webhook::WebhookConfig;
use twilio_typed::{ClientBuilder, Error, TwilioClient, E164};

use crate::config::{ConfigError, EnvLookup, Settings};
use crate::error::AppError;
use crate::rate_limit::RateLimit;

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
}

impl AppState {
    /// Builds the state from `env` (the `TWILIO_*` variables) and `settings`.
    ///
    /// Missing or malformed Twilio variables are not fatal: the gateway starts,
    /// `GET /twilio/config` says what is missing, and sends answer 503.
    ///
    /// # Errors
    /// Only settings that cannot be honoured (e.g. the rate limit).
    pub fn new(env: &EnvLookup, settings: Settings) -> Result<Self, ConfigError> {
        let client = ClientBuilder::from_env_with(|name| env.get(name)).and_then(|builder| {
            builder
                .user_agent_suffix(concat!(
                    "twilio-gateway-example/",
                    env!("CARGO_PKG_VERSION")
                ))
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
                let config = WebhookConfig::new(token.trim().to_owned());
                Some(match &settings.public_base_url {
                    Some(url) => config
                        .public_base_url(url)
                        .map_err(|e| ConfigError::new(format!("PUBLIC_BASE_URL: {e}")))?,
                    None => config,
                })
            }
            _ => None,
        };
        let rate_limit = RateLimit::per_minute(settings.rate_limit_per_minute)?;
        Ok(Self {
            inner: Arc::new(Inner {
                twilio,
                not_configured,
                presence,
                webhook,
                settings,
                rate_limit,
            }),
        })
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
