//! Calls a number and speaks a message (text-to-speech, no TwiML to host).
//! `cargo run --example voice_message -- --help` prints the usage, the
//! variables read and the exit codes.
//!
//! ```sh
//! cargo run --example voice_message -- +12025551234 "Hello, this is MYCA." Polly.Joanna-Neural
//! ```

#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;
use twilio_typed::{TwilioClient, Voice, E164};

const COMMAND: cli::Command = cli::Command {
    name: "voice_message",
    about: "call a number and speak a message",
    usage: "<to> <message> [voice]",
    arguments: &[
        ("<to>", "who is called, E.164 (+12025551234)"),
        ("<message>", "the text spoken (its TwiML must fit Twilio's 4,000 characters)"),
        ("[voice]", "alice (default), man, woman, or a Polly/Google voice Twilio documents, e.g. Polly.Joanna-Neural"),
    ],
    options: &[],
    environment: &[
        ("TWILIO_ACCOUNT_SID", "required, AC..."),
        ("TWILIO_AUTH_TOKEN", "required unless TWILIO_API_KEY/TWILIO_API_SECRET are set"),
        ("TWILIO_PHONE_NUMBER", "required: the caller, E.164"),
        ("TWILIO_BASE_URL", "optional: another API host (e.g. `cargo run --example sandbox`)"),
    ],
    examples: &[
        "cargo run --example voice_message -- +12025551234 \"Hello, this is MYCA.\"",
        "cargo run --example voice_message -- +12025551234 \"Hello, this is MYCA.\" Polly.Joanna-Neural",
    ],
    notes: "No Twilio account? Run `cargo run --example sandbox` in another terminal and\npaste the export lines it prints: the call is then placed in the sandbox.",
};

#[tokio::main]
async fn main() -> ExitCode {
    let args = match COMMAND.args() {
        Ok(args) => args.positional,
        Err(code) => return code,
    };
    let (to, message, voice) = match args.as_slice() {
        [to, message] => (to, message, None),
        [to, message, voice] => (to, message, Some(voice)),
        _ => return COMMAND.usage_error("give <to>, <message> and optionally [voice]"),
    };
    // Checked before the configuration, so that a typo is reported first.
    let to: E164 = match to.parse() {
        Ok(to) => to,
        Err(e) => return cli::refused(format_args!("invalid to: {e}")),
    };
    let voice = match voice.map(|v| v.parse::<Voice>()).transpose() {
        Ok(voice) => voice.unwrap_or_default(),
        Err(e) => return cli::refused(format_args!("invalid voice: {e}")),
    };
    let client = match TwilioClient::from_env() {
        Ok(client) => client,
        Err(e) => {
            let example = format!("cargo run --example voice_message -- {to} {message:?} {voice}");
            return cli::config_failed(&e, &example);
        }
    };
    match client
        .send_voice_message(&to, message)
        .voice(voice)
        .send()
        .await
    {
        Ok(call) => {
            println!("calling {} ({}): {}", call.to, call.sid, call.status);
            ExitCode::SUCCESS
        }
        Err(e) => cli::failed(&e),
    }
}
