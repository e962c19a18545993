//! Serves the crate's Twilio sandbox on 127.0.0.1:4010 until Ctrl-C, for the
//! gateway, the other examples or `curl` (through `TWILIO_BASE_URL`).
//! `cargo run --example sandbox -- --help` prints the options.
//!
//! ```sh
//! cargo run --example sandbox                          # 127.0.0.1:4010, one status change a second
//! cargo run --example sandbox -- --port 4011 --step-ms 200
//! ```
//!
//! Every status change of every message and call is printed as it happens.

#[path = "support/cli.rs"]
mod cli;

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Duration;

use twilio_typed::sandbox::Sandbox;

const DEFAULT_PORT: u16 = 4010;
const DEFAULT_STEP_MS: u64 = 1000;

const COMMAND: cli::Command = cli::Command {
    name: "sandbox",
    about: "serve a Twilio-compatible API on 127.0.0.1 for the examples, the gateway or curl",
    usage: "[--port <port>] [--step-ms <ms>]",
    arguments: &[],
    options: &[
        (
            "--port <port>",
            "port on 127.0.0.1 (default 4010; 0 picks a free one)",
        ),
        (
            "--step-ms <ms>",
            "time between two status changes of a message or call (default 1000)",
        ),
    ],
    environment: &[("SANDBOX_PORT", "the port, when --port is not given")],
    examples: &[
        "cargo run --example sandbox",
        "cargo run --example sandbox -- --port 4011 --step-ms 200",
    ],
    notes: "It prints the `export TWILIO_...` lines that point the other examples and the
gateway at it (account SID, auth token, sender number, TWILIO_BASE_URL).
Ctrl-C stops it.",
};

struct Options {
    port: u16,
    step: Duration,
}

/// The options, from the command line and `SANDBOX_PORT`.
fn options(args: &cli::Args) -> Result<Options, String> {
    let port = match (args.option("--port"), std::env::var("SANDBOX_PORT")) {
        (Some(value), _) => value
            .parse()
            .map_err(|_| format!("--port {value:?} is not a port"))?,
        (None, Ok(value)) => value
            .parse()
            .map_err(|_| format!("SANDBOX_PORT={value:?} is not a port"))?,
        (None, Err(_)) => DEFAULT_PORT,
    };
    let step_ms = match args.option("--step-ms") {
        Some(value) => value
            .parse()
            .map_err(|_| format!("--step-ms {value:?} is not a number of milliseconds"))?,
        None => DEFAULT_STEP_MS,
    };
    if let Some(extra) = args.positional.first() {
        return Err(format!("unexpected argument {extra:?}"));
    }
    Ok(Options {
        port,
        step: Duration::from_millis(step_ms),
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match COMMAND.args().map(|args| options(&args)) {
        Ok(Ok(options)) => options,
        Ok(Err(problem)) => return COMMAND.usage_error(&problem),
        Err(code) => return code,
    };
    let sandbox = match Sandbox::builder()
        .port(options.port)
        .step_delay(options.step)
        .start()
        .await
    {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: could not serve on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::from(cli::EXIT_FAILED);
        }
    };
    print_banner(&sandbox);

    let mut printed: HashMap<String, usize> = HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            _ = tick.tick() => print_activity(&sandbox, &mut printed),
        }
    }
    println!("stopping the sandbox");
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

fn print_banner(sandbox: &Sandbox) {
    let url = sandbox.base_url();
    let sid = sandbox.account_sid();
    let token = sandbox.auth_token();
    let numbers: Vec<String> = sandbox.numbers().iter().map(ToString::to_string).collect();
    let from = numbers.first().map_or("+12025550100", String::as_str);
    println!("Twilio sandbox listening on {url}");
    println!("  account SID        {sid}");
    println!("  auth token         {token}");
    let (key_sid, key_secret) = sandbox.api_key();
    println!("  API key            {key_sid} (secret {key_secret})");
    println!(
        "  numbers            {} (the first is the default sender)",
        numbers.join(", ")
    );
    println!("  messaging service  {}", sandbox.messaging_service_sid());
    println!();
    println!("Point a client (the gateway, the examples) at it:");
    for (name, value) in sandbox.env() {
        println!("  export {name}={value}");
    }
    println!();
    println!("Or try it with curl:");
    println!("  curl -u {sid}:{token} {url}2010-04-01/Accounts/{sid}/Messages.json \\");
    println!("       --data-urlencode To=+12025551234 --data-urlencode From={from} --data-urlencode 'Body=Hello from MYCA!'");
    println!();
    println!("Magic numbers behave as with Twilio's test credentials (To +15005550001: 21211 invalid, ...).");
    println!("Ctrl-C to stop.");
}

/// Prints the status changes not printed yet.
fn print_activity(sandbox: &Sandbox, printed: &mut HashMap<String, usize>) {
    for message in sandbox.messages() {
        let seen = printed.entry(message.sid.to_string()).or_insert(0);
        for change in &message.history[*seen..] {
            let from = message
                .from
                .as_ref()
                .map_or_else(|| "(service)".to_owned(), ToString::to_string);
            println!(
                "message {} {from} -> {}: {}",
                message.sid, message.to, change.status
            );
        }
        *seen = message.history.len();
    }
    for call in sandbox.calls() {
        let seen = printed.entry(call.sid.to_string()).or_insert(0);
        for change in &call.history[*seen..] {
            println!(
                "call    {} {} -> {}: {}",
                call.sid, call.from, call.to, change.status
            );
        }
        *seen = call.history.len();
    }
}
