//! The sandbox's resources carry exactly the fields of Twilio's OpenAPI
//! description (`api.v2010.account.message`, `api.v2010.account.call`,
//! `api.v2010.account.recording` and `api.v2010.account.message.media` in
//! twilio_api_v2010.json), so code tested against it meets the same JSON.

use std::collections::BTreeSet;

use serde_json::Value;
use twilio_typed::sandbox::Sandbox;
use twilio_typed::sms_segments;

const MESSAGE_FIELDS: &[&str] = &[
    "account_sid",
    "api_version",
    "body",
    "date_created",
    "date_sent",
    "date_updated",
    "direction",
    "error_code",
    "error_message",
    "from",
    "messaging_service_sid",
    "num_media",
    "num_segments",
    "price",
    "price_unit",
    "sid",
    "status",
    "subresource_uris",
    "to",
    "uri",
];

const CALL_FIELDS: &[&str] = &[
    "account_sid",
    "answered_by",
    "api_version",
    "caller_name",
    "date_created",
    "date_updated",
    "direction",
    "duration",
    "end_time",
    "forwarded_from",
    "from",
    "from_formatted",
    "group_sid",
    "parent_call_sid",
    "phone_number_sid",
    "price",
    "price_unit",
    "queue_time",
    "sid",
    "start_time",
    "status",
    "subresource_uris",
    "to",
    "to_formatted",
    "trunk_sid",
    "uri",
];

const RECORDING_FIELDS: &[&str] = &[
    "account_sid",
    "api_version",
    "call_sid",
    "channels",
    "conference_sid",
    "date_created",
    "date_updated",
    "duration",
    "encryption_details",
    "error_code",
    "media_url",
    "price",
    "price_unit",
    "sid",
    "source",
    "start_time",
    "status",
    "subresource_uris",
    "uri",
];

const MEDIA_FIELDS: &[&str] = &[
    "account_sid",
    "content_type",
    "date_created",
    "date_updated",
    "parent_sid",
    "sid",
    "uri",
];

async fn get(sandbox: &Sandbox, uri: &str) -> Value {
    crate::common::http()
        .get(format!(
            "{}{}",
            sandbox.base_url(),
            uri.trim_start_matches('/')
        ))
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[tokio::test]
async fn resources_have_the_fields_of_twilios_spec() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let message = client
        .send_sms("+12025551234", "shape")
        .send()
        .await
        .unwrap();
    let call = client
        .send_voice_message("+12025551234", "shape")
        .send()
        .await
        .unwrap();
    sandbox.settle().await;

    let message = get(&sandbox, message.uri.as_deref().unwrap()).await;
    assert_eq!(keys(&message), MESSAGE_FIELDS.iter().copied().collect());
    assert_eq!(
        message["num_segments"], "1",
        "numbers are strings, as on Twilio"
    );
    assert!(
        message["date_sent"].as_str().unwrap().ends_with(" +0000"),
        "RFC 2822"
    );

    let call = get(&sandbox, call.uri.as_deref().unwrap()).await;
    assert_eq!(keys(&call), CALL_FIELDS.iter().copied().collect());
    assert_eq!(call["to_formatted"], "(202) 555-1234");
    assert_eq!(call["phone_number_sid"].as_str().map(str::len), Some(34));
    assert!(call["duration"].is_string());
}

#[tokio::test]
async fn recordings_and_media_have_the_fields_of_twilios_spec() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let twiml = twilio_typed::twiml::VoiceResponse::new();
    client
        .call_with_twiml("+12025551234", &twiml)
        .record(true)
        .send()
        .await
        .unwrap();
    let message = client
        .send_sms("+12025551234", "shape")
        .media_url("https://example.com/a.png")
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    let account = format!("/2010-04-01/Accounts/{}", sandbox.account_sid());

    let list = get(&sandbox, &format!("{account}/Recordings.json")).await;
    let recording = &list["recordings"][0];
    assert_eq!(keys(recording), RECORDING_FIELDS.iter().copied().collect());
    assert_eq!(
        recording["duration"], "1",
        "numbers are strings, as on Twilio"
    );
    let fetched = get(&sandbox, recording["uri"].as_str().unwrap()).await;
    assert_eq!(&fetched, recording);

    let list = get(
        &sandbox,
        &format!("{account}/Messages/{}/Media.json", message.sid),
    )
    .await;
    let media = &list["media_list"][0];
    assert_eq!(keys(media), MEDIA_FIELDS.iter().copied().collect());
    let fetched = get(&sandbox, media["uri"].as_str().unwrap()).await;
    assert_eq!(&fetched, media);
}

/// Texts a naive count gets wrong: the GSM-7 and UCS-2 limits, extension
/// characters (two septets), escape pairs and surrogate pairs that would
/// straddle a part boundary, and one character forcing UCS-2.
fn tricky_texts() -> Vec<String> {
    let a = |n: usize| "a".repeat(n);
    let zh = |n: usize| "ж".repeat(n);
    vec![
        "Hello".to_owned(),
        a(160),
        a(161),
        a(306),
        a(307),
        "€".repeat(80),
        "{".repeat(81),
        // 152 septets, then an escape pair that does not fit in part 1: 3, not 2.
        format!("{}€{}", a(152), a(152)),
        format!("{}[{}", a(152), a(300)),
        "ΔΦΓΛΩΠΨΣΘΞ".to_owned(),
        "ΑΒΓ".to_owned(),
        zh(70),
        zh(71),
        zh(134),
        zh(135),
        "😀".repeat(35),
        "😀".repeat(36),
        // A surrogate pair that would straddle part 1 and 2: 3, not 2.
        format!("{}😀{}", zh(66), zh(66)),
        format!("{}😀", a(69)),
        "😀".repeat(800),
    ]
}

#[tokio::test]
async fn num_segments_and_price_follow_sms_segments() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let mut sent = Vec::new();
    for text in tricky_texts() {
        let expected = sms_segments(&text).segments;
        assert!(expected >= 1);
        let message = client
            .send_sms("+12025551234", text.as_str())
            .send()
            .await
            .unwrap();
        let head: String = text.chars().take(12).collect();
        let what = format!("{head:?}… ({} chars)", text.chars().count());
        assert_eq!(message.num_segments, Some(expected), "{what}");
        assert_eq!(
            sandbox.message(&message.sid).unwrap().num_segments,
            expected,
            "{what}"
        );
        sent.push((message.sid, expected, what));
    }
    // The two cases the old count got wrong.
    assert_eq!(sent[7].1, 3);
    assert_eq!(sent[17].1, 3);

    sandbox.settle().await;
    for (sid, segments, what) in sent {
        let message = client.fetch_message(&sid).await.unwrap();
        assert_eq!(message.num_segments, Some(segments), "{what}");
        // The sandbox prices each segment at $0.0079.
        assert_eq!(
            message.price.as_deref(),
            Some(format!("-{:.5}", 0.0079 * f64::from(segments)).as_str()),
            "{what}"
        );
    }
}

#[tokio::test]
async fn a_message_with_media_and_no_body_is_one_segment() {
    let sandbox = Sandbox::start().await.unwrap();
    let message = sandbox
        .client()
        .send_message("+12025551234")
        .media_url("https://example.com/cat.png")
        .send()
        .await
        .unwrap();
    assert_eq!(message.body.as_deref(), Some(""));
    assert_eq!(message.num_segments, Some(1));
    assert_eq!(sms_segments("").segments, 0);
}
