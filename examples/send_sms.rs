//! Sends an SMS.
//!
//! ```sh
//! cargo run --example send_sms                                   # no TWILIO_* variables: the local sandbox
//! cargo run --example send_sms -- +12025551234 "Hello from MYCA!" # with credentials: for real
//! ```
//!
//! Without `TWILIO_ACCOUNT_SID` the message goes to the crate's in-process
//! sandbox (nothing leaves the machine): with no arguments it sends
//! "Hello from MYCA!" to one of the sandbox's numbers and follows its status
//! to `delivered`. With `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` and
//! `TWILIO_PHONE_NUMBER` (optionally `TWILIO_BASE_URL`) set, it sends to `<to>`
//! through Twilio.

use std::process::ExitCode;
use std::time::Duration;

use twilio_typed::sandbox::Sandbox;
use twilio_typed::{Message, MessageStatus, TwilioClient};

const USAGE: &str =
    "usage: send_sms <to> <message>   (e.g. send_sms +12025551234 \"Hello from MYCA!\")";
const DEFAULT_MESSAGE: &str = "Hello from MYCA!";
/// How long the sandbox takes for each status change: quick, but visible.
const SANDBOX_STEP: Duration = Duration::from_millis(250);

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let configured = std::env::var("TWILIO_ACCOUNT_SID").is_ok_and(|v| !v.trim().is_empty());
    if configured {
        let [to, message] = args.as_slice() else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        send_for_real(to, message).await
    } else {
        println!(
            "TWILIO_ACCOUNT_SID not set: using the local sandbox; nothing leaves this machine"
        );
        match args.as_slice() {
            [] => send_to_sandbox(None, DEFAULT_MESSAGE).await,
            [to, message] => send_to_sandbox(Some(to), message).await,
            _ => {
                eprintln!("{USAGE}\n       (or no arguments, to send {DEFAULT_MESSAGE:?} through the sandbox)");
                ExitCode::from(2)
            }
        }
    }
}

async fn send_for_real(to: &str, message: &str) -> ExitCode {
    let client = match TwilioClient::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match client.send_sms(to, message).send().await {
        Ok(sent) => {
            println!("sent {} to {}: {}", sent.sid, sent.to, sent.status);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn send_to_sandbox(to: Option<&String>, message: &str) -> ExitCode {
    let sandbox = match Sandbox::builder().step_delay(SANDBOX_STEP).start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: could not start the sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    let client = sandbox.client();
    // With no recipient given, one of the sandbox's own numbers receives it.
    let to = match to {
        Some(to) => to.clone(),
        None => sandbox.numbers()[1].to_string(),
    };
    let sent = match client.send_sms(to.as_str(), message).send().await {
        Ok(sent) => sent,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
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
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
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
