//! A drop-in Twilio gateway for the MYCA orchestrator, built on `twilio-typed`.
//!
//! It serves the endpoints of the Twilio integration guide (`/twilio/sms/send`,
//! `/twilio/voice/message`, `/twilio/voice/call`, `/twilio/status/{sid}`,
//! `/twilio/config`), the TwiML the guide tells users to host
//! (`/twiml/voice.xml`, `/twilio/handle-input`) and `/healthz`; and beyond the
//! guide: `/twilio/voice/play`, call and message steering, Twilio's inbound
//! webhooks forwarded as events, `Idempotency-Key`, and `/metrics`.
//!
//! ```sh
//! cargo run -p twilio-gateway            # reads TWILIO_* from the env and .env.local
//! curl http://localhost:8001/twilio/config
//! ```
//!
//! Layout as in axum's examples: [`app`] builds the router from the state,
//! the binary (`src/main.rs`) only reads the configuration and runs it. The
//! crate's `README.md` describes every variable and endpoint; `--help` lists
//! the variables ([`help::VARIABLES`]).
//!
//! # Embedding and testing
//!
//! ```no_run
//! use twilio_gateway::config::{EnvLookup, Settings};
//! use twilio_gateway::{app, serve, AppState};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let env = EnvLookup::from_pairs([("BIND_ADDR", "127.0.0.1:0")]);
//! let settings = Settings::from_env(&env)?;
//! let state = AppState::connect(&env, settings).await?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! serve(listener, app(state), std::future::pending()).await?;
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

mod app;
mod auth;
pub mod config;
pub mod error;
pub mod events;
mod extract;
mod handlers;
pub mod help;
pub mod idempotency;
pub mod metrics;
mod public_url;
pub mod rate_limit;
mod redact;
mod state;
pub mod upstream;

pub use app::{app, serve};
pub use error::AppError;
pub use state::{AppState, Storage, TwilioPresence, CALL_EVENTS};
