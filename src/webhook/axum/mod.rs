//! axum integration (feature `axum`): extractors that authenticate Twilio's
//! requests and parse their payloads.

mod config;
mod extract;
mod rejection;

pub use config::{ConfigError, Scheme, WebhookConfig};
pub use extract::{TwilioJsonWebhook, TwilioWebhook};
pub use rejection::WebhookRejection;
