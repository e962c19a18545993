//! libphonenumber's metadata (the `phonenumber` crate's database, built on
//! first use behind a `once_cell` `Lazy`) is loaded by the first parse of
//! user input or by `E164::warm_up`, never by reading Twilio's answers.
//!
//! The probe asks the `Lazy` whether it holds a value, which does not build
//! it. Each scenario runs in a process of its own (this test binary, run
//! again on one test), since any parse by a test running beside it would
//! load the database for the whole process.

use crate::common;

use httpmock::prelude::*;
use twilio_typed::{Call, CallSid, Endpoint, Message, MessageSid, RetryPolicy, TwilioClient, E164};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const MESSAGE_SID: &str = "SM9f3b1c2d4e5f60718293a4b5c6d7e8f9";
const CALL_SID: &str = "CA7d5e3f1a2b3c4d5e6f708192a3b4c5d6";

/// Whether the `phonenumber` crate has built its database in this process.
fn loaded() -> bool {
    once_cell::sync::Lazy::get(&phonenumber::metadata::DATABASE).is_some()
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_phone(endpoint: &Endpoint, expected: &str) {
    assert!(
        matches!(endpoint, Endpoint::Phone(n) if n.as_str() == expected),
        "{endpoint:?}, expected the phone number {expected}"
    );
}

/// Sends, fetches and lists through the client against an httpmock Twilio,
/// and decodes answers with serde: every way the crate reads an answer.
fn read_every_kind_of_answer() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let server = MockServer::start_async().await;
        let account = format!("/2010-04-01/Accounts/{ACCOUNT_SID}");
        for (path, body) in [
            (
                format!("{account}/Messages/{MESSAGE_SID}.json"),
                "message_delivered.json",
            ),
            (
                format!("{account}/Calls/{CALL_SID}.json"),
                "call_completed.json",
            ),
            (
                format!("{account}/Messages.json"),
                "list_messages_page0.json",
            ),
            (format!("{account}/Calls.json"), "list_calls_page0.json"),
        ] {
            server
                .mock_async(|when, then| {
                    when.method(GET).path(path);
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(fixture(body));
                })
                .await;
        }
        // No sender number: `from_number` would parse user input.
        let client = TwilioClient::builder()
            .account_sid(ACCOUNT_SID)
            .auth_token("token")
            .base_url(server.base_url().as_str())
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("a client");

        let sid: MessageSid = MESSAGE_SID.parse().expect("a message SID");
        let message = client.fetch_message(&sid).await.expect("fetched");
        assert_phone(&message.to, "+12025551234");
        let sid: CallSid = CALL_SID.parse().expect("a call SID");
        let call = client.fetch_call(&sid).await.expect("fetched");
        assert_phone(&call.from, "+12025550100");
        let page = client.list_messages().send().await.expect("listed");
        assert!(!page.items.is_empty());
        assert_phone(&page.items[0].to, "+12025551234");
        let page = client.list_calls().send().await.expect("listed");
        assert_phone(&page.items[0].to, "+12025551234");
    });

    let message: Message =
        serde_json::from_str(&fixture("message_delivered.json")).expect("a message");
    assert_phone(&message.to, "+12025551234");
    let call: Call = serde_json::from_str(&fixture("call_completed.json")).expect("a call");
    assert_phone(&call.to, "+12025551234");
    // Webhooks: Twilio's own requests carry numbers in E.164 as well.
    use twilio_typed::webhook::{FromParams, IncomingMessage, Params};
    let inbound = IncomingMessage::from_params(Params::from_form(
        b"MessageSid=SM9f3b1c2d4e5f60718293a4b5c6d7e8f9&AccountSid=AC0123456789abcdef0123456789abcdef\
          &From=%2B447700900123&To=%2B12025550100&Body=hi&NumMedia=0",
    ))
    .expect("an inbound message");
    assert_phone(&inbound.from, "+447700900123");
    let parties: Vec<Endpoint> =
        serde_json::from_str(r#"["+442071234567", "+35312345678", "client:alice"]"#)
            .expect("endpoints");
    let codes: Vec<Option<u16>> = parties
        .iter()
        .map(|p| p.as_phone().map(E164::country_code))
        .collect();
    assert_eq!(codes, [Some(44), Some(353), None]);
}

#[test]
fn answers_never_load_it_and_user_input_does() {
    common::in_own_process(
        module_path!(),
        "answers_never_load_it_and_user_input_does",
        || {
            assert!(!loaded(), "loaded before anything ran");
            read_every_kind_of_answer();
            assert!(!loaded(), "reading Twilio's answers loaded the metadata");
            // The probe sees a load: the first parse of user input loads it.
            let number = E164::parse("+1 (202) 555-1234").expect("a valid number");
            assert_eq!(number.as_str(), "+12025551234");
            assert!(loaded(), "E164::parse validated without the metadata");
        },
    );
}

#[test]
fn warm_up_loads_it_once() {
    common::in_own_process(module_path!(), "warm_up_loads_it_once", || {
        assert!(!loaded(), "loaded before anything ran");
        E164::warm_up();
        assert!(loaded(), "E164::warm_up did not load the metadata");
        E164::warm_up();
        assert_eq!(
            E164::parse("+44 20 7123 4567").map(|n| n.to_string()),
            Ok("+442071234567".to_owned())
        );
    });
}
