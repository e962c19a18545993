//! Steers a live call in an in-process sandbox, no Twilio account needed:
//! places a call, lets it be answered, redirects it to new TwiML, hangs up,
//! and prints each status on the way.
//! `cargo run --example call_control -- --help` prints the usage.
//!
//! ```sh
//! cargo run --example call_control
//! cargo run --example call_control -- +12025551234 "Your build is green."
//! ```

#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;
use std::time::Duration;

use twilio_typed::sandbox::{Clock, Sandbox};
use twilio_typed::twiml::{Pause, Say, VoiceResponse};
use twilio_typed::{Call, CallStatus, TwilioClient, E164};

const COMMAND: cli::Command = cli::Command {
    name: "call_control",
    about: "place a call in a local sandbox, redirect it to new TwiML, hang up, printing each status",
    usage: "[to] [new_text]",
    arguments: &[
        ("[to]", "who is called, E.164 (default +12025551234)"),
        (
            "[new_text]",
            "what the call says after the redirect (default \"Change of plan: your agent is joining.\")",
        ),
    ],
    options: &[],
    environment: &[],
    examples: &[
        "cargo run --example call_control",
        "cargo run --example call_control -- +12025551234 \"Your build is green.\"",
    ],
    notes: "Runs entirely against an in-process sandbox (twilio_typed::sandbox): nothing\nreaches Twilio and no configuration is read.",
};

fn show(step: &str, call: &Call) {
    println!("{step:<28} {} is {}", call.sid, call.status);
}

/// Moves the sandbox's calls one status at a time until `sid` is answered.
async fn answer(sandbox: &Sandbox, client: &TwilioClient, call: Call) -> Result<Call, String> {
    let mut call = call;
    while call.status != CallStatus::InProgress {
        if call.status.is_final() || sandbox.advance().await == 0 {
            return Err(format!(
                "the call ended before it was answered: {}",
                call.status
            ));
        }
        call = client
            .fetch_call(&call.sid)
            .await
            .map_err(|e| e.to_string())?;
        show("  (the callee's phone)", &call);
    }
    Ok(call)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match COMMAND.args() {
        Ok(args) => args.positional,
        Err(code) => return code,
    };
    if args.len() > 2 {
        return COMMAND.usage_error("give at most [to] and [new_text]");
    }
    let to: E164 = match args.first().map_or("+12025551234", String::as_str).parse() {
        Ok(to) => to,
        Err(e) => return cli::refused(format_args!("invalid to: {e}")),
    };
    let new_text = args
        .get(1)
        .map_or("Change of plan: your agent is joining.", String::as_str);
    // Manual clock: the call moves only when we say so, so it is still live
    // when we redirect it.
    let sandbox = match Sandbox::builder().clock(Clock::Manual).start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("could not start the sandbox: {e}");
            return ExitCode::from(cli::EXIT_FAILED);
        }
    };
    let code = match run(&sandbox, to, new_text).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(why)) => cli::refused(why),
        Err(Failure::Failed(why)) => {
            eprintln!("error: {why}");
            ExitCode::from(cli::EXIT_FAILED)
        }
    };
    sandbox.shutdown().await;
    code
}

enum Failure {
    Refused(String),
    Failed(String),
}

impl From<twilio_typed::Error> for Failure {
    fn from(e: twilio_typed::Error) -> Self {
        if e.is_invalid_input() {
            Self::Refused(e.to_string())
        } else {
            Self::Failed(e.to_string())
        }
    }
}

async fn run(sandbox: &Sandbox, to: E164, new_text: &str) -> Result<(), Failure> {
    let client = sandbox.client();
    let hold = VoiceResponse::new()
        .say(Say::new("Hello, this is MYCA. Please hold."))
        .pause(Pause::new().length(Duration::from_secs(30)));
    let call = client.call_with_twiml(to, &hold).await?;
    show("placed", &call);
    let call = answer(sandbox, &client, call)
        .await
        .map_err(Failure::Failed)?;
    show("answered", &call);

    let next = VoiceResponse::new().say(Say::new(new_text));
    let call = client.update_call(&call.sid).twiml(&next).await?;
    show("redirected to new TwiML", &call);

    let call = client.hang_up(&call.sid).await?;
    show("hung up", &call);
    sandbox.settle().await;
    let call = client.fetch_call(&call.sid).await?;
    show("final", &call);
    if let Some(placed) = sandbox.call(&call.sid) {
        let history: Vec<String> = placed
            .history
            .iter()
            .map(|c| c.status.to_string())
            .collect();
        println!("history: {}", history.join(" -> "));
        // The <Say> of every document the call was given: the hold message,
        // then the text of the redirect.
        println!("spoken: {}", placed.spoken_texts().join(" | "));
    }
    Ok(())
}
