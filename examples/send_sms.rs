//! Sends an SMS: through the built-in sandbox when no Twilio account is
//! configured, through Twilio otherwise. `cargo run --example send_sms -- --help`
//! prints the usage, the variables read and the exit codes.
//!
//! ```sh
//! cargo run --example send_sms                                   # no TWILIO_* variables: the local sandbox
//! cargo run --example send_sms -- +12025551234 "Hello from MYCA!" # with credentials: for real
//! ```

#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;
use std::time::Duration;

use twilio_typed::sandbox::Sandbox;
use twilio_typed::{Message, MessageStatus, TwilioClient};

const COMMAND: cli::Command = cli::Command {
    name: "send_sms",
    about: "send an SMS, through the local sandbox when no Twilio account is configured",
    usage: "[<to> <message>]",
    arguments: &[
        ("<to>", "the recipient, E.164 (+12025551234); required with a Twilio account"),
        ("<message>", "the text; required with <to>"),
    ],
    options: &[],
    environment: &[
        ("TWILIO_ACCOUNT_SID", "unset: use the in-process sandbox (nothing leaves this machine)"),
        ("TWILIO_AUTH_TOKEN", "with TWILIO_ACCOUNT_SID: the account's token"),
        ("TWILIO_PHONE_NUMBER", "with TWILIO_ACCOUNT_SID: the sender, E.164"),
        ("TWILIO_BASE_URL", "optional: another API host (e.g. `cargo run --example sandbox`)"),
    ],
    examples: &[
        "cargo run --example send_sms",
        "cargo run --example send_sms -- +12025551234 \"Hello from MYCA!\"",
    ],
    notes: "Without TWILIO_ACCOUNT_SID and without arguments, \"Hello from MYCA!\" goes to one of\nthe sandbox's own numbers (the program prints which), and the status is\nfollowed up to `delivered`.",
};

const DEFAULT_MESSAGE: &str = "Hello from MYCA!";
/// How long the sandbox takes for each status change: quick, but visible.
const SANDBOX_STEP: Duration = Duration::from_millis(250);

#[tokio::main]
async fn main() -> ExitCode {
    let args = match COMMAND.args() {
        Ok(args) => args.positional,
        Err(code) => return code,
    };
    let configured = std::env::var("TWILIO_ACCOUNT_SID").is_ok_and(|v| !v.trim().is_empty());
    match (configured, args.as_slice()) {
        (true, [to, message]) => send_for_real(to, message).await,
        (true, _) => COMMAND.usage_error("with TWILIO_ACCOUNT_SID set, give <to> and <message>"),
        (false, []) => send_to_sandbox(None, DEFAULT_MESSAGE).await,
        (false, [to, message]) => send_to_sandbox(Some(to), message).await,
        (false, _) => COMMAND.usage_error("give both <to> and <message>, or neither"),
    }
}

async fn send_for_real(to: &str, message: &str) -> ExitCode {
    let client = match TwilioClient::from_env() {
        Ok(client) => client,
        Err(e) => return cli::config_failed(&e, "cargo run --example send_sms"),
    };
    match client.send_sms(to, message).send().await {
        Ok(sent) => {
            println!("sent {} to {}: {}", sent.sid, sent.to, sent.status);
            ExitCode::SUCCESS
        }
        Err(e) => cli::failed(&e),
    }
}

async fn send_to_sandbox(to: Option<&String>, message: &str) -> ExitCode {
    println!("TWILIO_ACCOUNT_SID not set: using the local sandbox; nothing leaves this machine");
    let sandbox = match Sandbox::builder().step_delay(SANDBOX_STEP).start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: could not start the sandbox: {e}");
            return ExitCode::from(cli::EXIT_FAILED);
        }
    };
    let client = sandbox.client();
    let request = match to {
        Some(to) => client.send_sms(to, message),
        None => {
            // The first number is the sender; the second receives.
            let Some(recipient) = sandbox.numbers().get(1) else {
                eprintln!("error: the sandbox has no second number to send to");
                return ExitCode::from(cli::EXIT_FAILED);
            };
            println!(
                "no recipient given: sending to {recipient}, one of the sandbox's own numbers"
            );
            client.send_sms(recipient, message)
        }
    };
    let sent = match request.send().await {
        Ok(sent) => sent,
        Err(e) => return cli::failed(&e),
    };
    let from = sent
        .from
        .as_ref()
        .map_or_else(String::new, |f| format!(" from {f}"));
    println!("sent {} to {}{from}: {}", sent.sid, sent.to, sent.status);
    match follow(&client, sent).await {
        Ok(MessageStatus::Delivered) => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("error: the message ended {status}");
            ExitCode::from(cli::EXIT_FAILED)
        }
        Err(e) => cli::failed(&e),
    }
}

/// Prints each status the message reaches until a final one (at most 10 s).
async fn follow(
    client: &TwilioClient,
    sent: Message,
) -> Result<MessageStatus, twilio_typed::Error> {
    let mut status = sent.status;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !status.is_final() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let latest = client.fetch_message(&sent.sid).await?.status;
        if latest != status {
            println!("{}: {latest}", sent.sid);
            status = latest;
        }
    }
    Ok(status)
}
