//! Places a call driven by TwiML hosted at a URL.
//! `cargo run --example make_call -- --help` prints the usage, the variables
//! read and the exit codes.
//!
//! ```sh
//! cargo run --example make_call -- +12025551234 https://example.com/twiml/voice.xml
//! ```

#[path = "support/cli.rs"]
mod cli;

use std::process::ExitCode;
use twilio_typed::{TwilioClient, E164};

const COMMAND: cli::Command = cli::Command {
    name: "make_call",
    about: "place a call that runs the TwiML at a URL",
    usage: "<to> <twiml_url>",
    arguments: &[
        ("<to>", "who is called, E.164 (+12025551234)"),
        ("<twiml_url>", "an absolute http(s) URL Twilio fetches the call's TwiML from"),
    ],
    options: &[],
    environment: &[
        ("TWILIO_ACCOUNT_SID", "required, AC..."),
        ("TWILIO_AUTH_TOKEN", "required unless TWILIO_API_KEY/TWILIO_API_SECRET are set"),
        ("TWILIO_PHONE_NUMBER", "required: the caller, E.164"),
        ("TWILIO_BASE_URL", "optional: another API host (e.g. `cargo run --example sandbox`)"),
    ],
    examples: &["cargo run --example make_call -- +12025551234 https://example.com/twiml/voice.xml"],
    notes: "No Twilio account? Run `cargo run --example sandbox` in another terminal and\npaste the export lines it prints: the call is then placed in the sandbox.",
};

#[tokio::main]
async fn main() -> ExitCode {
    let args = match COMMAND.args() {
        Ok(args) => args.positional,
        Err(code) => return code,
    };
    let [to, twiml_url] = args.as_slice() else {
        return COMMAND.usage_error("give <to> and <twiml_url>");
    };
    // Checked before the configuration, so that a typo is reported first.
    let to: E164 = match to.parse() {
        Ok(to) => to,
        Err(e) => return cli::refused(format_args!("invalid to: {e}")),
    };
    let url = match url::Url::parse(twiml_url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url,
        Ok(_) => return cli::refused("invalid twiml_url: must be an http or https URL"),
        Err(e) => return cli::refused(format_args!("invalid twiml_url: {e}")),
    };
    let client = match TwilioClient::from_env() {
        Ok(client) => client,
        Err(e) => {
            let example = format!("cargo run --example make_call -- {to} {url}");
            return cli::config_failed(&e, &example);
        }
    };
    match client.call_with_url(&to, url).send().await {
        Ok(call) => {
            println!("calling {} ({}): {}", call.to, call.sid, call.status);
            ExitCode::SUCCESS
        }
        Err(e) => cli::failed(&e),
    }
}
