//! Every request kind the crate sends, with every option set (the same list
//! the contract tests use), is accepted by the sandbox and runs to its end.

mod common;
#[path = "common/requests.rs"]
mod requests;

use common::*;
use twilio_typed::sandbox::Sandbox;
use twilio_typed::{CallStatus, MessageStatus};

#[tokio::test]
async fn every_request_kind_with_every_option_is_accepted() {
    let sandbox = Sandbox::builder()
        .numbers([FROM, "+12025550199"].map(|n| n.parse().unwrap()))
        .messaging_service("MG0123456789abcdef0123456789abcdef".parse().unwrap())
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    for (name, result) in requests::send_every_kind(&client).await {
        match name {
            // The fixed SIDs of the list were never created here.
            "fetch message" | "fetch call" => {
                assert_eq!(result.unwrap_err().api_code(), Some(20404), "{name}")
            }
            _ => result.unwrap_or_else(|e| panic!("{name}: {e}")),
        }
    }
    sandbox.settle().await;
    let messages = sandbox.messages();
    assert_eq!(messages.len(), 3);
    assert!(messages
        .iter()
        .all(|m| m.status == MessageStatus::Delivered));
    let calls = sandbox.calls();
    assert_eq!(calls.len(), 3);
    assert!(calls.iter().all(|c| c.status == CallStatus::Completed));
    assert_eq!(
        calls[2].spoken_texts(),
        ["Alert: system status check failed."]
    );
}
