//! Sends an SMS: `cargo run --example send_sms -- <to> <message>`.
//!
//! Configuration comes from the environment (`TWILIO_ACCOUNT_SID`,
//! `TWILIO_AUTH_TOKEN`, `TWILIO_PHONE_NUMBER`, optional `TWILIO_BASE_URL`).

use std::process::ExitCode;
use twilio_typed::TwilioClient;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [to, message] = args.as_slice() else {
        eprintln!("usage: send_sms <to> <message>   (e.g. send_sms +12025551234 \"Hello from MYCA!\")");
        return ExitCode::from(2);
    };
    let client = match TwilioClient::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match client.send_sms(to.as_str(), message.as_str()).send().await {
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
