//! Twilio's webhooks into the gateway, over real HTTP: inbound SMS
//! and status callbacks, signature-checked, forwarded as events to a local
//! receiver (standing in for n8n), with replies, retries and stable ids; and
//! the `StatusCallback` the gateway's own sends carry.

use std::time::Duration;

use crate::support::*;
use httpmock::prelude::*;
use serde_json::{json, Value};

const INCOMING: &str = "/twilio/sms/incoming";
const CALLBACK: &str = "/twilio/status-callback";
const XML_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

fn incoming_sms(body: &str) -> Vec<(&str, &str)> {
    vec![
        ("MessageSid", MESSAGE_SID),
        ("SmsSid", MESSAGE_SID),
        ("AccountSid", ACCOUNT_SID),
        ("From", TO),
        ("To", FROM),
        ("Body", body),
        ("NumMedia", "0"),
    ]
}

async fn gateway_forwarding_to(receiver: &EventsReceiver, extra: &[(&str, &str)]) -> Gateway {
    let mut vars = vec![("EVENTS_WEBHOOK_URL", receiver.url.as_str())];
    vars.extend_from_slice(extra);
    Gateway::start(&vars).await
}

async fn xml(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/xml");
    response.text().await.unwrap()
}

async fn metrics(gw: &Gateway) -> String {
    gw.get("/metrics").await.text().await.unwrap()
}

#[tokio::test]
async fn an_inbound_sms_is_forwarded_and_the_reply_goes_back_as_twiml() {
    let receiver = EventsReceiver::start(
        vec![],
        json!({"reply": "Got it <3 & thanks"}),
        Duration::ZERO,
    )
    .await;
    let gw =
        gateway_forwarding_to(&receiver, &[("EVENTS_WEBHOOK_TOKEN", "events-secret-1234")]).await;
    let r = gw
        .post_signed(INCOMING, &incoming_sms("Is my order ready?"))
        .await;
    assert_eq!(
        xml(r).await,
        format!("{XML_HEAD}<Response><Message>Got it &lt;3 &amp; thanks</Message></Response>")
    );
    let got = receiver.wait_for(1).await;
    let event = &got[0].body;
    assert_eq!(
        got[0].authorization.as_deref(),
        Some("Bearer events-secret-1234")
    );
    assert_eq!(event["type"], "sms.received");
    assert_eq!(event["sid"], MESSAGE_SID);
    assert_eq!(event["account_sid"], ACCOUNT_SID);
    assert_eq!(event["from"], TO);
    assert_eq!(event["to"], FROM);
    assert_eq!(event["body"], "Is my order ready?");
    assert_eq!(event["media_urls"], json!([]));
    assert_eq!(event["error_code"], Value::Null);
    assert!(event["event_id"].as_str().unwrap().starts_with("evt_"));
    assert!(event["received_at"].as_str().unwrap().ends_with('Z'));

    // Twilio sends the same webhook again: the same event id.
    let r = gw
        .post_signed(INCOMING, &incoming_sms("Is my order ready?"))
        .await;
    xml(r).await;
    let got = receiver.wait_for(2).await;
    assert_eq!(got[1].body["event_id"], event["event_id"]);
    assert!(metrics(&gw)
        .await
        .contains("gateway_events_total{result=\"forwarded\"} 2"));
}

#[tokio::test]
async fn a_forged_signature_is_403_and_nothing_is_forwarded() {
    let receiver = EventsReceiver::start(vec![], json!({}), Duration::ZERO).await;
    let gw = gateway_forwarding_to(&receiver, &[]).await;
    for path in [INCOMING, CALLBACK] {
        let r = gw
            .post_signed_with(path, &incoming_sms("hi"), "not-the-auth-token")
            .await;
        expect_error(r, 403, &[]).await;
        let r = gw
            .http
            .post(gw.at(path))
            .form(&incoming_sms("hi"))
            .send()
            .await
            .unwrap();
        expect_error(r, 403, &[]).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(receiver.received().is_empty());
}

#[tokio::test]
async fn without_a_reply_in_time_twilio_gets_an_empty_response() {
    let receiver = EventsReceiver::start(
        vec![],
        json!({"reply": "too late"}),
        Duration::from_millis(600),
    )
    .await;
    let gw = gateway_forwarding_to(&receiver, &[("EVENTS_REPLY_TIMEOUT_MS", "150")]).await;
    let r = gw.post_signed(INCOMING, &incoming_sms("hello")).await;
    assert_eq!(xml(r).await, format!("{XML_HEAD}<Response />"));
    // Delivery went on.
    assert_eq!(receiver.wait_for(1).await[0].body["body"], "hello");

    // An answer without a reply, or an empty one: no message either.
    for answer in [
        json!({}),
        json!({"reply": "  "}),
        json!({"reply": "x".repeat(1601)}),
    ] {
        let receiver = EventsReceiver::start(vec![], answer, Duration::ZERO).await;
        let gw = gateway_forwarding_to(&receiver, &[]).await;
        let r = gw.post_signed(INCOMING, &incoming_sms("hello")).await;
        assert_eq!(xml(r).await, format!("{XML_HEAD}<Response />"));
    }
}

#[tokio::test]
async fn failed_deliveries_are_retried_a_bounded_number_of_times() {
    // Two failures, then accepted: three attempts, one event id.
    let receiver =
        EventsReceiver::start(vec![500, 503], json!({"reply": "ok"}), Duration::ZERO).await;
    let gw = gateway_forwarding_to(&receiver, &[]).await;
    let r = gw.post_signed(INCOMING, &incoming_sms("retry me")).await;
    assert!(xml(r).await.contains("<Message>ok</Message>"));
    let got = receiver.wait_for(3).await;
    assert!(got
        .iter()
        .all(|g| g.body["event_id"] == got[0].body["event_id"]));

    // Always failing: three attempts, then given up and counted.
    let receiver = EventsReceiver::start(vec![500, 500, 500, 500], json!({}), Duration::ZERO).await;
    let gw = gateway_forwarding_to(&receiver, &[]).await;
    let r = gw
        .post_signed(CALLBACK, &message_status("undelivered", "30003"))
        .await;
    assert_eq!(r.status(), 204);
    receiver.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), 3);
    assert!(metrics(&gw)
        .await
        .contains("gateway_events_total{result=\"failed\"} 1"));

    // A 4xx other than 408/429 is final: one attempt.
    let receiver = EventsReceiver::start(vec![404], json!({}), Duration::ZERO).await;
    let gw = gateway_forwarding_to(&receiver, &[]).await;
    let r = gw
        .post_signed(CALLBACK, &message_status("delivered", ""))
        .await;
    assert_eq!(r.status(), 204);
    receiver.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), 1);
}

fn message_status<'a>(status: &'a str, error_code: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut params = vec![
        ("MessageSid", MESSAGE_SID),
        ("SmsSid", MESSAGE_SID),
        ("AccountSid", ACCOUNT_SID),
        ("MessageStatus", status),
        ("SmsStatus", status),
        ("From", FROM),
        ("To", TO),
    ];
    if !error_code.is_empty() {
        params.push(("ErrorCode", error_code));
    }
    params
}

fn call_status<'a>(status: &'a str, sequence: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("CallSid", CALL_SID),
        ("AccountSid", ACCOUNT_SID),
        ("From", FROM),
        ("To", TO),
        ("CallStatus", status),
        ("Direction", "outbound-api"),
        ("CallDuration", "42"),
        ("SequenceNumber", sequence),
    ]
}

#[tokio::test]
async fn status_callbacks_are_forwarded_with_stable_ids() {
    let receiver = EventsReceiver::start(vec![], json!({}), Duration::ZERO).await;
    let gw = gateway_forwarding_to(&receiver, &[]).await;
    let sends = [
        message_status("undelivered", "30003"),
        message_status("undelivered", "30003"), // Twilio's retry
        message_status("sent", ""),
        call_status("completed", "3"),
        call_status("completed", "3"), // Twilio's retry
        call_status("ringing", "1"),
    ];
    for params in &sends {
        let r = gw.post_signed(CALLBACK, params).await;
        assert_eq!(r.status(), 204);
    }
    let got = receiver.wait_for(6).await;
    let mut by_id = std::collections::BTreeMap::<String, Vec<Value>>::new();
    for g in &got {
        by_id
            .entry(g.body["event_id"].as_str().unwrap().to_owned())
            .or_default()
            .push(g.body.clone());
    }
    assert_eq!(by_id.len(), 4, "two retries share their original's id");
    let undelivered = got
        .iter()
        .find(|g| g.body["status"] == "undelivered")
        .unwrap();
    assert_eq!(undelivered.body["type"], "message.status");
    assert_eq!(undelivered.body["sid"], MESSAGE_SID);
    assert_eq!(undelivered.body["error_code"], 30003);
    assert_eq!(undelivered.body["to"], TO);
    assert!(undelivered.body.get("body").is_none());
    let completed = got
        .iter()
        .find(|g| g.body["status"] == "completed")
        .unwrap();
    assert_eq!(completed.body["type"], "call.status");
    assert_eq!(completed.body["sid"], CALL_SID);
    assert_eq!(completed.body["duration"], 42);
    assert_eq!(completed.body["sequence_number"], 3);
    assert_eq!(completed.body["direction"], "outbound-api");

    // Not a status callback at all.
    let r = gw
        .post_signed(CALLBACK, &[("AccountSid", ACCOUNT_SID), ("Foo", "bar")])
        .await;
    expect_error(r, 400, &["not a status callback"]).await;
}

#[tokio::test]
async fn without_events_url_events_are_logged_without_body_or_full_numbers() {
    let gw = Gateway::start(&[]).await;
    let r = gw
        .post_signed(INCOMING, &incoming_sms("my secret passphrase"))
        .await;
    assert_eq!(xml(r).await, format!("{XML_HEAD}<Response />"));
    let r = gw
        .post_signed(CALLBACK, &message_status("delivered", ""))
        .await;
    assert_eq!(r.status(), 204);
    let logs = logs();
    let lines: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("Twilio event") && l.contains(MESSAGE_SID))
        .collect();
    assert!(lines.len() >= 2, "{logs}");
    for line in lines {
        assert!(line.contains("INFO"), "{line}");
        assert!(!line.contains(TO) && !line.contains(FROM), "{line}");
        assert!(line.contains("*********34"), "{line}");
    }
    assert!(!logs.contains("my secret passphrase"));
    assert!(metrics(&gw)
        .await
        .contains("gateway_events_total{result=\"logged\"} 2"));
}

#[tokio::test]
async fn sends_ask_for_status_callbacks_when_public_base_url_is_set() {
    let gw = Gateway::start(&[("PUBLIC_BASE_URL", "https://gw.example.com")]).await;
    let sms = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .form_urlencoded_tuple(
                    "StatusCallback",
                    "https://gw.example.com/twilio/status-callback",
                );
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;
    let call = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Calls.json"))
                .form_urlencoded_tuple(
                    "StatusCallback",
                    "https://gw.example.com/twilio/status-callback",
                )
                .form_urlencoded_tuple("StatusCallbackEvent", "answered")
                .form_urlencoded_tuple("StatusCallbackEvent", "completed");
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    assert_eq!(json(r).await.0, 200);
    let r = gw
        .post_json("/twilio/voice/message", json!({"to": TO, "message": "hi"}))
        .await;
    assert_eq!(json(r).await.0, 200);
    sms.assert_async().await;
    call.assert_async().await;

    // Without PUBLIC_BASE_URL, no StatusCallback.
    let gw = Gateway::start(&[]).await;
    let plain = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .is_true(|req| !req.body_string().contains("StatusCallback"));
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    assert_eq!(json(r).await.0, 200);
    plain.assert_async().await;
}

const SHARED_KEY: &str = "shared-key-secret-8c1e5a9f2b7d";
const SHARED_KEY_ID: &str = "webhooks_sharedkey_01HZX3Q8K2";

#[tokio::test]
async fn a_webhook_signed_with_the_configured_shared_key_is_accepted() {
    // Without an id the key checks whatever `key=` the settings header names;
    // with one, only webhooks naming it.
    for extra in [
        vec![("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY)],
        vec![
            ("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY),
            ("TWILIO_WEBHOOK_SHARED_KEY_ID", SHARED_KEY_ID),
        ],
    ] {
        let receiver =
            EventsReceiver::start(vec![], json!({"reply": "keyed"}), Duration::ZERO).await;
        let gw = gateway_forwarding_to(&receiver, &extra).await;
        let r = gw
            .post_signed_with_shared_key(
                INCOMING,
                &incoming_sms("by key"),
                SHARED_KEY_ID,
                SHARED_KEY,
            )
            .await;
        assert_eq!(
            xml(r).await,
            format!("{XML_HEAD}<Response><Message>keyed</Message></Response>")
        );
        let got = receiver.wait_for(1).await;
        assert_eq!(got[0].body["type"], "sms.received");
        assert_eq!(got[0].body["body"], "by key");
        // Webhooks signed with the auth token (no settings header) still pass.
        let r = gw.post_signed(INCOMING, &incoming_sms("by token")).await;
        xml(r).await;
        assert_eq!(receiver.wait_for(2).await[1].body["body"], "by token");
    }
    assert!(!logs().contains(SHARED_KEY));
}

#[tokio::test]
async fn a_shared_key_signature_is_403_with_a_wrong_key_or_none_configured() {
    let receiver = EventsReceiver::start(vec![], json!({}), Duration::ZERO).await;
    let keyed =
        gateway_forwarding_to(&receiver, &[("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY)]).await;
    let unkeyed = gateway_forwarding_to(&receiver, &[]).await;
    let by_id = gateway_forwarding_to(
        &receiver,
        &[
            ("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY),
            ("TWILIO_WEBHOOK_SHARED_KEY_ID", SHARED_KEY_ID),
        ],
    )
    .await;
    let params = incoming_sms("forged");
    for path in [INCOMING, CALLBACK] {
        // Signed with another secret.
        let r = keyed
            .post_signed_with_shared_key(path, &params, SHARED_KEY_ID, "another-secret")
            .await;
        expect_error(r, 403, &[]).await;
        // Signed with the auth token, but claiming a SharedKey signature.
        let r = keyed
            .post_signed_with_shared_key(path, &params, SHARED_KEY_ID, AUTH_TOKEN)
            .await;
        expect_error(r, 403, &[]).await;
        // The right secret, but the gateway has no SharedKey.
        let r = unkeyed
            .post_signed_with_shared_key(path, &params, SHARED_KEY_ID, SHARED_KEY)
            .await;
        expect_error(r, 403, &[]).await;
        // The right secret under another key id than the configured one.
        let r = by_id
            .post_signed_with_shared_key(path, &params, "webhooks_sharedkey_other", SHARED_KEY)
            .await;
        expect_error(r, 403, &[]).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(receiver.received().is_empty());
}

#[test]
fn the_shared_key_is_read_checked_and_never_shown() {
    use twilio_gateway::config::{EnvLookup, Settings};

    let settings = Settings::from_env(&EnvLookup::from_pairs([
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY),
        ("TWILIO_WEBHOOK_SHARED_KEY_ID", SHARED_KEY_ID),
    ]))
    .expect("settings");
    let key = settings.webhook_shared_key.as_ref().expect("a key");
    assert_eq!(key.id(), Some(SHARED_KEY_ID));
    let debug = format!("{settings:?} {settings:#?}");
    assert!(!debug.contains(SHARED_KEY), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");

    let without_id = Settings::from_env(&EnvLookup::from_pairs([
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY),
    ]))
    .expect("settings");
    assert_eq!(without_id.webhook_shared_key.expect("a key").id(), None);
    let unset = Settings::from_env(&EnvLookup::from_pairs([("TWILIO_AUTH_TOKEN", AUTH_TOKEN)]))
        .expect("settings");
    assert!(unset.webhook_shared_key.is_none());

    // Problems are named, the values never shown.
    for (pairs, needle) in [
        (
            vec![("TWILIO_WEBHOOK_SHARED_KEY_ID", SHARED_KEY_ID)],
            "TWILIO_WEBHOOK_SHARED_KEY_ID is set without TWILIO_WEBHOOK_SHARED_KEY",
        ),
        (
            vec![("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY)],
            "TWILIO_WEBHOOK_SHARED_KEY needs TWILIO_AUTH_TOKEN",
        ),
        (
            vec![
                ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
                ("TWILIO_WEBHOOK_SHARED_KEY", SHARED_KEY),
                ("TWILIO_WEBHOOK_SHARED_KEY_ID", "key,algorithm=HMAC_SHA1"),
            ],
            "TWILIO_WEBHOOK_SHARED_KEY_ID must be the SharedKey's id",
        ),
    ] {
        let error = Settings::from_env(&EnvLookup::from_pairs(pairs))
            .expect_err("refused")
            .to_string();
        assert!(error.contains(needle), "{error}");
        assert!(!error.contains(SHARED_KEY), "{error}");
        assert!(!error.contains(SHARED_KEY_ID), "{error}");
        assert!(!error.contains("HMAC_SHA1"), "{error}");
    }
}
