//! Serves the crate's Twilio sandbox on 127.0.0.1:4010 until Ctrl-C, for the
//! gateway, other services or `curl` (through `TWILIO_BASE_URL`).
//!
//! ```sh
//! cargo run --example sandbox                          # 127.0.0.1:4010, one status change a second
//! cargo run --example sandbox -- --port 4011 --step-ms 200
//! ```
//!
//! `SANDBOX_PORT` also sets the port. Every status change of every message and
//! call is printed as it happens.

use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Duration;

use twilio_typed::sandbox::Sandbox;

const DEFAULT_PORT: u16 = 4010;
const DEFAULT_STEP_MS: u64 = 1000;

struct Options {
    port: u16,
    step: Duration,
}

fn options() -> Result<Options, String> {
    let mut port = match std::env::var("SANDBOX_PORT") {
        Ok(value) => value
            .parse()
            .map_err(|_| format!("SANDBOX_PORT={value:?} is not a port"))?,
        Err(_) => DEFAULT_PORT,
    };
    let mut step_ms = DEFAULT_STEP_MS;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--port" => {
                port = value
                    .parse()
                    .map_err(|_| format!("--port {value:?} is not a port"))?
            }
            "--step-ms" => {
                step_ms = value
                    .parse()
                    .map_err(|_| format!("--step-ms {value:?} is not a number"))?
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Options {
        port,
        step: Duration::from_millis(step_ms),
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("{e}\nusage: sandbox [--port 4010] [--step-ms 1000]");
            return ExitCode::from(2);
        }
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
            return ExitCode::FAILURE;
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
    let from = &numbers[0];
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
