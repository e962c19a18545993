//! Places a call driven by hosted TwiML:
//! `cargo run --example make_call -- <to> <twiml_url>`.
//!
//! Configuration comes from the environment.

use std::process::ExitCode;
use twilio_typed::TwilioClient;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [to, twiml_url] = args.as_slice() else {
        eprintln!("usage: make_call <to> <twiml_url>   (e.g. make_call +12025551234 https://example.com/twiml/voice.xml)");
        return ExitCode::from(2);
    };
    let client = match TwilioClient::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match client
        .call_with_url(to.as_str(), twiml_url.as_str())
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
