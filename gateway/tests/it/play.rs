//! `POST /twilio/voice/play` (inline `<Play>`, nothing to host) and the
//! refusal of URLs Twilio could never fetch, over real HTTP.

use crate::support::*;
use httpmock::prelude::*;
use serde_json::json;

const PLAY: &str = "/twilio/voice/play";
const AUDIO: &str = "https://cdn.example.com/audio/myca_response.mp3";

#[tokio::test]
async fn play_places_a_call_with_inline_play_twiml() {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Calls.json"))
                .form_urlencoded_tuple("To", TO)
                .form_urlencoded_tuple("From", FROM)
                .form_urlencoded_tuple(
                    "Twiml",
                    format!(
                        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Play loop="2">{AUDIO}</Play></Response>"#
                    ),
                );
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let r = gw
        .post_json(PLAY, json!({"to": TO, "audio_url": AUDIO, "loop": 2}))
        .await;
    let (status, body) = json(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"status": "success", "sid": CALL_SID, "to": TO, "from": FROM, "audio_url": AUDIO})
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn play_defaults_to_once_and_escapes_the_url() {
    let gw = Gateway::start(&[]).await;
    let url = "https://cdn.example.com/a.mp3?x=1&y=<2>";
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Calls.json")).form_urlencoded_tuple(
                "Twiml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Play loop="1">https://cdn.example.com/a.mp3?x=1&amp;y=%3C2%3E</Play></Response>"#,
            );
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let r = gw
        .post_json(PLAY, json!({"to": TO, "audio_url": url}))
        .await;
    assert_eq!(json(r).await.0, 200);
    mock.assert_async().await;
}

#[tokio::test]
async fn play_refuses_bad_input_and_calls_nobody() {
    let gw = Gateway::start(&[]).await;
    let mock = gw.twilio_must_not_be_called().await;
    for (body, needles) in [
        (json!({"to": TO}), vec!["missing required field: audio_url"]),
        (
            json!({"audio_url": AUDIO}),
            vec!["missing required field: to"],
        ),
        (
            json!({"to": TO, "audio_url": AUDIO, "loop": 0}),
            vec!["invalid loop", "1 to 10"],
        ),
        (
            json!({"to": TO, "audio_url": AUDIO, "loop": 11}),
            vec!["invalid loop"],
        ),
        (
            json!({"to": TO, "audio_url": "ftp://cdn.example.com/a.mp3"}),
            vec!["invalid audio_url", "http"],
        ),
        (
            json!({"to": TO, "audio_url": "a.mp3"}),
            vec!["invalid audio_url"],
        ),
    ] {
        let r = gw.post_json(PLAY, body).await;
        expect_error(r, 400, &needles).await;
    }
    assert_eq!(mock.calls_async().await, 0);
}

/// URLs whose host is this machine or a private network.
const PRIVATE: &[&str] = &[
    "http://localhost:8001/twiml/voice.xml",
    "http://LOCALHOST./a.mp3",
    "http://app.localhost/a.mp3",
    "http://printer.local/a.mp3",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://127.0.0.1/a.mp3",
    "http://127.1/a.mp3",
    "http://2130706433/a.mp3",
    "http://0x7f000001/a.mp3",
    "http://0.0.0.0/a.mp3",
    "http://10.1.2.3/a.mp3",
    "http://172.16.0.1/a.mp3",
    "http://192.168.1.10/a.mp3",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/a.mp3",
    "http://[::1]/a.mp3",
    "http://[fd00:ec2::254]/a.mp3",
    "http://[fe80::1]/a.mp3",
    "http://[::ffff:127.0.0.1]/a.mp3",
];

#[tokio::test]
async fn urls_twilio_could_never_fetch_are_refused() {
    let gw = Gateway::start(&[("RATE_LIMIT_PER_MINUTE", "1000")]).await;
    let mock = gw.twilio_must_not_be_called().await;
    for url in PRIVATE {
        let r = gw
            .post_json(PLAY, json!({"to": TO, "audio_url": url}))
            .await;
        expect_error(
            r,
            400,
            &["invalid audio_url", "private network", "ALLOW_PRIVATE_URLS"],
        )
        .await;
        let r = gw
            .post_json("/twilio/voice/call", json!({"to": TO, "twiml_url": url}))
            .await;
        expect_error(r, 400, &["invalid twiml_url", "private network"]).await;
    }
    for url in [
        "https://cdn.example.com/a\u{0}.mp3",
        "https://cdn.example.com/a\n.mp3",
        "https://cdn.example.com/a b.mp3",
    ] {
        let r = gw
            .post_json(PLAY, json!({"to": TO, "audio_url": url}))
            .await;
        expect_error(r, 400, &["invalid audio_url", "control characters"]).await;
    }
    let r = gw
        .post_json(
            PLAY,
            json!({"to": TO, "audio_url": "https://user:pw@cdn.example.com/a.mp3"}),
        )
        .await;
    expect_error(r, 400, &["credentials"]).await;
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn allow_private_urls_lifts_the_address_rule_only() {
    let gw = Gateway::start(&[("ALLOW_PRIVATE_URLS", "1")]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Calls.json"));
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let r = gw
        .post_json(
            PLAY,
            json!({"to": TO, "audio_url": "http://127.0.0.1:9000/a.mp3"}),
        )
        .await;
    assert_eq!(json(r).await.0, 200);
    let r = gw
        .post_json(
            "/twilio/voice/call",
            json!({"to": TO, "twiml_url": "http://localhost:8001/twiml/voice.xml"}),
        )
        .await;
    assert_eq!(json(r).await.0, 200);
    let r = gw
        .post_json(PLAY, json!({"to": TO, "audio_url": "file:///etc/passwd"}))
        .await;
    expect_error(r, 400, &["http"]).await;
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn play_is_idempotent_too() {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Calls.json"));
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let body = json!({"to": TO, "audio_url": AUDIO});
    let first = json(gw.post_keyed(PLAY, "play-1", body.clone()).await).await;
    let again = json(gw.post_keyed(PLAY, "play-1", body).await).await;
    assert_eq!(first, again);
    assert_eq!(mock.calls_async().await, 1);
}
