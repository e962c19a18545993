//! Voices given by name to a TTS call, and the TTS size limit, against an
//! httpmock Twilio: what is sent, and what is refused before anything is.

use crate::common::*;
use httpmock::prelude::*;
use twilio_typed::{Error, Voice};

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

async fn expect_say<'a>(server: &'a MockServer, voice: &str, text: &str) -> httpmock::Mock<'a> {
    let twiml = format!(r#"{XML_DECL}<Response><Say voice="{voice}">{text}</Say></Response>"#);
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Calls.json"))
                .body(form(&[("To", TO), ("From", FROM), ("Twiml", &twiml)]));
            then.status(201).body(fixture("call_queued.json"));
        })
        .await
}

#[tokio::test]
async fn voice_takes_a_name_and_sends_twilios_spelling() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let polly = expect_say(&server, "Polly.Joanna-Neural", "Hi").await;
    client
        .send_voice_message(TO, "Hi")
        .voice("Polly.Joanna-Neural")
        .send()
        .await
        .expect("placed");
    polly.assert_async().await;

    // Capitalisation is ignored: `Alice` is accepted and sent as `alice`.
    let alice = expect_say(&server, "alice", "Hello").await;
    let name = String::from("Alice");
    client
        .send_voice_message(TO, "Hello")
        .voice(&name)
        .send()
        .await
        .expect("placed");
    alice.assert_async().await;

    // A `Voice`, owned or borrowed, and a `String` work too.
    let woman = expect_say(&server, "woman", "Bye").await;
    client
        .send_voice_message(TO, "Bye")
        .voice(&Voice::Woman)
        .send()
        .await
        .expect("placed");
    client
        .send_voice_message(TO, "Bye")
        .voice(String::from("WOMAN"))
        .send()
        .await
        .expect("placed");
    woman.assert_calls_async(2).await;

    // A voice newer than the crate's table, through the escape hatch.
    let newer = expect_say(&server, "Polly.Nobody-Neural", "New").await;
    client
        .send_voice_message(TO, "New")
        .voice(Voice::unchecked_provider("Polly.Nobody-Neural").expect("well-formed"))
        .send()
        .await
        .expect("placed");
    newer.assert_async().await;
}

#[tokio::test]
async fn an_unknown_voice_is_refused_before_a_call_is_placed() {
    let server = MockServer::start_async().await;
    let any_call = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    let client = client(&server);
    for (voice, rule) in [
        (
            "Polly.Nobody-Neural",
            "not among the Amazon Polly voices Twilio documents",
        ),
        (
            "Google.en-US-Neural9-Z",
            "not among the Google voices Twilio documents",
        ),
        ("robot", "expected alice, man, woman"),
    ] {
        let error = client
            .send_voice_message(TO, "Hi")
            .voice(voice)
            .send()
            .await
            .expect_err("refused");
        match &error {
            Error::InvalidInput { field, reason } => {
                assert_eq!(*field, "voice");
                assert!(reason.contains(rule), "{voice}: {reason}");
            }
            other => panic!("{voice}: expected InvalidInput, got {other:?}"),
        }
        assert!(error
            .to_string()
            .starts_with("invalid voice: unknown voice"));
    }
    assert_eq!(any_call.calls_async().await, 0);
}

#[tokio::test]
async fn a_message_too_long_for_one_call_says_so_in_the_users_terms() {
    let server = MockServer::start_async().await;
    let any_call = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    let client = client(&server);
    // 84 characters of TwiML around the text: declaration, <Response>, <Say voice="alice">.
    let error = client
        .send_voice_message(TO, "a".repeat(5000))
        .send()
        .await
        .expect_err("refused");
    assert!(matches!(
        error,
        Error::InvalidInput {
            field: "message",
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "invalid message: too long for one call: its TwiML would be 5,084 characters, Twilio's limit is 4,000"
    );
    // Escaping counts: 1,000 `&` become 5,000 characters of `&amp;`.
    let error = client
        .send_voice_message(TO, "&".repeat(1000))
        .send()
        .await
        .expect_err("refused");
    assert!(error
        .to_string()
        .ends_with("its TwiML would be 5,084 characters, Twilio's limit is 4,000"));
    assert_eq!(any_call.calls_async().await, 0);

    // Exactly at the limit, it goes.
    let at_limit = client
        .send_voice_message(TO, "a".repeat(4000 - 84))
        .send()
        .await;
    assert!(at_limit.is_ok(), "{at_limit:?}");
    assert_eq!(any_call.calls_async().await, 1);
}
