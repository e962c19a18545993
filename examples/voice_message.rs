//! Calls a number and speaks a message:
//! `cargo run --example voice_message -- <to> <message> [voice]`.
//!
//! `voice` is `alice` (default), `man`, `woman`, or a Polly/Google voice such
//! as `Polly.Joanna-Neural`. Configuration comes from the environment.

use std::process::ExitCode;
use twilio_typed::{TwilioClient, Voice};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (to, message, voice) = match args.as_slice() {
        [to, message] => (to, message, None),
        [to, message, voice] => (to, message, Some(voice)),
        _ => {
            eprintln!("usage: voice_message <to> <message> [voice]   (voice: alice, man, woman, Polly.Joanna, ...)");
            return ExitCode::from(2);
        }
    };
    let voice = match voice.map(|v| v.parse::<Voice>()).transpose() {
        Ok(voice) => voice.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let client = match TwilioClient::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match client
        .send_voice_message(to.as_str(), message.as_str())
        .voice(voice)
        .send()
        .await
    {
        Ok(call) => {
            println!("calling {} ({}): {}", call.to, call.sid, call.status);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
