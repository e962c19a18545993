//! `twilio-gateway`: reads the configuration, then serves
//! [`twilio_gateway::app`] until Ctrl-C or SIGTERM.
//!
//! ```sh
//! cargo run -p twilio-gateway            # reads TWILIO_* from the env and .env.local
//! cargo run -p twilio-gateway -- --help  # every variable, its default, where it is read from
//! ```

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;
use twilio_gateway::config::{EnvLookup, Settings, ENV_FILE};
use twilio_gateway::{help, rate_limit, AppState};

/// Exit code of a command line it does not take.
const EXIT_USAGE: u8 = 2;

/// What the command line asks for: settings come from the environment, so it
/// takes nothing but `--help`.
#[derive(Debug, PartialEq, Eq)]
enum Invocation {
    Serve,
    Help,
}

/// Parses the arguments after the program name: none, or `--help`/`-h` once.
fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Invocation, lexopt::Error> {
    use lexopt::Arg::{Long, Short};
    let mut parser = lexopt::Parser::from_args(args);
    let mut invocation = Invocation::Serve;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") if invocation == Invocation::Serve => {
                invocation = Invocation::Help;
            }
            other => return Err(other.unexpected()),
        }
    }
    Ok(invocation)
}

#[tokio::main]
async fn main() -> ExitCode {
    match parse_args(std::env::args_os().skip(1)) {
        Ok(Invocation::Serve) => {}
        Ok(Invocation::Help) => {
            print!("{}", help::text());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!(
                "error: unexpected arguments ({e}); settings come from the environment (see --help)"
            );
            return ExitCode::from(EXIT_USAGE);
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
    twilio_gateway::serve(listener, twilio_gateway::app(state), shutdown_signal())
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

#[cfg(test)]
mod tests {
    use super::{parse_args, Invocation};

    fn parse(args: &[&str]) -> Result<Invocation, String> {
        parse_args(args.iter().map(Into::into)).map_err(|e| e.to_string())
    }

    #[test]
    fn takes_nothing_but_help_once() {
        assert_eq!(parse(&[]), Ok(Invocation::Serve));
        assert_eq!(parse(&["--help"]), Ok(Invocation::Help));
        assert_eq!(parse(&["-h"]), Ok(Invocation::Help));
        for args in [
            &["--port=1"][..],
            &["serve"],
            &["--help", "extra"],
            &["--help", "-h"],
            &["-hh"],
            &["--help=yes"],
            &["--", "--help"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }
}
