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
//! cargo run --example server            # reads TWILIO_* from the env and .env.local
//! curl http://localhost:8001/twilio/config
//! ```
//!
//! Layout as in axum's examples: [`app::app`] builds the router from the state,
//! `main` only reads the configuration and runs it. `examples/server/README.md`
//! describes every variable and endpoint; `--help` lists the variables.

mod app;
mod auth;
mod config;
mod error;
mod events;
mod extract;
mod handlers;
mod help;
mod idempotency;
mod metrics;
mod public_url;
mod rate_limit;
mod redact;
mod state;
mod upstream;

use std::path::Path;
use std::process::ExitCode;

use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::config::{EnvLookup, Settings, ENV_FILE};
use crate::state::AppState;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {}
        ["--help" | "-h"] => {
            print!("{}", help::text());
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!(
                "error: unexpected arguments; settings come from the environment (see --help)"
            );
            return ExitCode::from(2);
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        // Colours only on a terminal: log files and collectors get plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Not through tracing: a RUST_LOG filter must not hide why it stopped.
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let env = EnvLookup::load(Path::new(ENV_FILE)).map_err(|e| e.to_string())?;
    let settings = Settings::from_env(&env).map_err(|e| e.to_string())?;
    settings.check_exposure().map_err(|e| e.to_string())?;
    if !settings.bind_addr.ip().is_loopback() && settings.api_token.is_none() {
        tracing::warn!(
            "serving {} without GATEWAY_API_TOKEN (GATEWAY_ALLOW_UNAUTHENTICATED=1): \
             only trusted services must be able to reach it",
            settings.bind_addr
        );
    }
    let bind_addr = settings.bind_addr;
    let state = AppState::connect(&env, settings)
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(rate_limit::cleanup(state.rate_limit().clone()));

    let listener = TcpListener::bind(bind_addr)
        .await
        .map_err(|e| format!("cannot listen on {bind_addr}: {e}"))?;
    let settings = state.settings();
    tracing::info!(
        addr = %bind_addr,
        twilio = %twilio_host(&state),
        env_file = if env.file_read() { "read" } else { "not found" },
        token_required = settings.api_token.is_some(),
        storage = ?state.storage(),
        events = if state.events().forwards() { "forwarded" } else { "logged" },
        status_callbacks = state.status_callback_url().is_some(),
        webhook_shared_key = settings.webhook_shared_key.is_some(),
        allow_private_urls = settings.allow_private_urls,
        country_codes = settings.allowed_country_codes.is_some(),
        "Twilio gateway listening"
    );
    app::serve(listener, app::app(state), shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

/// The Twilio host in use: Twilio itself, a region/edge, or another base URL
/// (the sandbox, a mock); never credentials.
fn twilio_host(state: &AppState) -> String {
    let Ok(client) = state.twilio() else {
        return "not configured".to_owned();
    };
    let url = client.base_url();
    let host = url.host_str().unwrap_or("-");
    if host == "api.twilio.com" {
        "Twilio (api.twilio.com)".to_owned()
    } else if host.ends_with(".twilio.com") {
        format!("Twilio region/edge ({host})")
    } else {
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        format!("TWILIO_BASE_URL {}://{host}{port}", url.scheme())
    }
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM (`docker stop`).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
