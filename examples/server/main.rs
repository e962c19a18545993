//! A drop-in Twilio gateway for the MYCA orchestrator, built on `twilio-typed`.
//!
//! It serves the endpoints of the Twilio integration guide (`/twilio/sms/send`,
//! `/twilio/voice/message`, `/twilio/voice/call`, `/twilio/status/{sid}`,
//! `/twilio/config`), the TwiML the guide tells users to host
//! (`/twiml/voice.xml`, `/twilio/handle-input`) and `/healthz`.
//!
//! ```sh
//! cargo run --example server            # reads TWILIO_* from the env and .env.local
//! curl http://localhost:8001/twilio/config
//! ```
//!
//! Layout as in axum's examples: [`app::app`] builds the router from the state,
//! `main` only reads the configuration and runs it. See the README section
//! "Example gateway server" for every variable and endpoint.

mod app;
mod auth;
mod config;
mod error;
mod extract;
mod handlers;
mod rate_limit;
mod state;

use std::path::Path;
use std::process::ExitCode;

use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::config::{EnvLookup, Settings, ENV_FILE};
use crate::state::AppState;

#[tokio::main]
async fn main() -> ExitCode {
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
    let state = AppState::new(&env, settings).map_err(|e| e.to_string())?;
    tokio::spawn(rate_limit::cleanup(state.rate_limit().clone()));

    let listener = TcpListener::bind(bind_addr)
        .await
        .map_err(|e| format!("cannot listen on {bind_addr}: {e}"))?;
    tracing::info!(
        addr = %bind_addr,
        twilio_configured = state.presence().configured,
        token_required = state.settings().api_token.is_some(),
        "Twilio gateway listening"
    );
    app::serve(listener, app::app(state), shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("stopped");
    Ok(())
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
