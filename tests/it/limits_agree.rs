//! The client's limits against Twilio's documented ones, as the sandbox
//! enforces them (written in `src/sandbox/limits.rs` from Twilio's reference,
//! not taken from the client's constants).
//!
//! For each limit: a value exactly at it goes through the client and the
//! sandbox accepts it (so the client is not stricter than Twilio); the next
//! value is refused by the client before sending, and by the sandbox when
//! posted raw (so the client is not looser than Twilio). A client constant
//! that drifts from Twilio's fails one half or the other.

use std::time::Duration;

use serde_json::Value;
use twilio_typed::sandbox::Sandbox;
use twilio_typed::twiml::{Say, VoiceResponse};
use twilio_typed::{Error, TwilioClient};

const TO: &str = "+12025551234";

/// Posts a raw form to the sandbox; the status and Twilio's error code.
async fn post_raw(sandbox: &Sandbox, resource: &str, form: &[(&str, String)]) -> (u16, Value) {
    let url = format!(
        "{}2010-04-01/Accounts/{}/{resource}",
        sandbox.base_url(),
        sandbox.account_sid()
    );
    let response = crate::common::http()
        .post(url)
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .form(form)
        .send()
        .await
        .expect("the sandbox answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

fn refused_before_sending(result: Result<impl std::fmt::Debug, Error>, field: &str) {
    match result {
        Err(Error::InvalidInput { field: f, .. }) if f == field => {}
        other => panic!("expected the client to refuse {field}, got {other:?}"),
    }
}

fn sender(sandbox: &Sandbox) -> String {
    sandbox.numbers()[0].to_string()
}

async fn setup() -> (Sandbox, TwilioClient) {
    let sandbox = Sandbox::start().await.expect("sandbox");
    let client = sandbox.client();
    (sandbox, client)
}

#[tokio::test]
async fn body_length() {
    let (sandbox, client) = setup().await;
    client
        .send_sms(TO, "a".repeat(1600))
        .send()
        .await
        .expect("1,600 characters go through");
    refused_before_sending(client.send_sms(TO, "a".repeat(1601)).send().await, "body");
    let form = [
        ("To", TO.to_owned()),
        ("From", sender(&sandbox)),
        ("Body", "a".repeat(1601)),
    ];
    let (status, body) = post_raw(&sandbox, "Messages.json", &form).await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (400, Some(21617)),
        "{body}"
    );
}

#[tokio::test]
async fn media_count() {
    let (sandbox, client) = setup().await;
    let with_media = |n: usize| {
        (0..n).fold(client.send_sms(TO, "pictures"), |request, i| {
            request.media_url(format!("https://example.com/{i}.png").as_str())
        })
    };
    with_media(10).send().await.expect("10 media go through");
    refused_before_sending(with_media(11).send().await, "media_url");
    let mut form = vec![
        ("To", TO.to_owned()),
        ("From", sender(&sandbox)),
        ("Body", "pictures".to_owned()),
    ];
    form.extend((0..11).map(|i| ("MediaUrl", format!("https://example.com/{i}.png"))));
    let (status, body) = post_raw(&sandbox, "Messages.json", &form).await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (400, Some(21623)),
        "{body}"
    );
}

#[tokio::test]
async fn validity_period() {
    let (sandbox, client) = setup().await;
    client
        .send_sms(TO, "hi")
        .validity_period(Duration::from_secs(36_000))
        .send()
        .await
        .expect("36,000 s goes through");
    refused_before_sending(
        client
            .send_sms(TO, "hi")
            .validity_period(Duration::from_secs(36_001))
            .send()
            .await,
        "validity_period",
    );
    let form = [
        ("To", TO.to_owned()),
        ("From", sender(&sandbox)),
        ("Body", "hi".to_owned()),
        ("ValidityPeriod", "36001".to_owned()),
    ];
    let (status, body) = post_raw(&sandbox, "Messages.json", &form).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn schedule_window() {
    let (sandbox, client) = setup().await;
    let service = sandbox.messaging_service_sid().clone();
    let now = time::OffsetDateTime::now_utc();
    // Just inside Twilio's window at both ends (the request takes a moment).
    for ahead in [
        time::Duration::minutes(5) + time::Duration::seconds(30),
        time::Duration::days(35) - time::Duration::minutes(1),
    ] {
        client
            .send_sms(TO, "later")
            .messaging_service(service.clone())
            .send_at(now + ahead)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{ahead} ahead goes through: {e}"));
    }
    for ahead in [
        time::Duration::minutes(4),
        time::Duration::days(35) + time::Duration::minutes(1),
    ] {
        refused_before_sending(
            client
                .send_sms(TO, "later")
                .messaging_service(service.clone())
                .send_at(now + ahead)
                .send()
                .await,
            "send_at",
        );
        let at = (now + ahead)
            .format(&time::format_description::well_known::Rfc3339)
            .expect("a date");
        let form = [
            ("To", TO.to_owned()),
            ("MessagingServiceSid", service.to_string()),
            ("Body", "later".to_owned()),
            ("ScheduleType", "fixed".to_owned()),
            ("SendAt", at),
        ];
        let (status, body) = post_raw(&sandbox, "Messages.json", &form).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (400, Some(35114)),
            "{body}"
        );
    }
}

/// A document of exactly `chars` characters.
fn twiml_of(chars: usize) -> VoiceResponse {
    let frame = VoiceResponse::new()
        .say(Say::new("a"))
        .to_xml()
        .expect("TwiML")
        .chars()
        .count();
    let doc = VoiceResponse::new().say(Say::new("a".repeat(chars + 1 - frame)));
    assert_eq!(doc.to_xml().expect("TwiML").chars().count(), chars);
    doc
}

#[tokio::test]
async fn inline_twiml_size() {
    let (sandbox, client) = setup().await;
    client
        .call_with_twiml(TO, &twiml_of(4000))
        .send()
        .await
        .expect("4,000 characters go through");
    refused_before_sending(
        client.call_with_twiml(TO, &twiml_of(4001)).send().await,
        "twiml",
    );
    let form = [
        ("To", TO.to_owned()),
        ("From", sender(&sandbox)),
        ("Twiml", twiml_of(4001).to_xml().expect("TwiML")),
    ];
    let (status, body) = post_raw(&sandbox, "Calls.json", &form).await;
    assert_eq!(status, 400, "{body}");
}
