//! The gateway (`twilio_gateway::app`) over real HTTP, with Twilio mocked:
//! the JSON endpoints' success shapes field by field, and their 400/404/503
//! errors. TwiML and webhooks: `twiml.rs`; hardening: `hardening.rs`.

use crate::support::*;
use httpmock::prelude::*;
use serde_json::{json, Value};

// ---------------------------------------------------------------- SMS

#[tokio::test]
async fn sms_send_answers_the_guide_shape() {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .form_urlencoded_tuple("To", TO)
                .form_urlencoded_tuple("From", FROM)
                .form_urlencoded_tuple("Body", "Hello from MYCA!");
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;

    // The guide's curl body, as n8n's HTTP Request node sends it.
    let response = gw
        .post_json(
            "/twilio/sms/send",
            json!({"to": "+12025551234", "message": "Hello from MYCA!"}),
        )
        .await;
    assert!(response.headers().contains_key("x-request-id"));
    let (status, body) = json(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"status": "success", "sid": MESSAGE_SID, "to": TO, "from": FROM})
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn sms_send_normalizes_the_number_and_ignores_extra_fields() {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .form_urlencoded_tuple("To", TO);
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;
    let response = gw
        .post_json(
            "/twilio/sms/send",
            json!({"to": "+1 (202) 555-1234", "message": "hi", "want_audio": false}),
        )
        .await;
    assert_eq!(json(response).await.0, 200);
    mock.assert_async().await;
}

#[tokio::test]
async fn sms_send_rejects_bad_requests_with_400_and_sends_nothing() {
    let gw = Gateway::start(&[]).await;
    let mock = gw.twilio_must_not_be_called().await;
    let send = "/twilio/sms/send";

    let r = gw.post_json(send, json!({"message": "hi"})).await;
    expect_error(r, 400, &["missing required field: to"]).await;
    let r = gw.post_json(send, json!({"to": TO})).await;
    expect_error(r, 400, &["missing required field: message"]).await;
    let r = gw.post_json(send, json!({"to": TO, "message": null})).await;
    expect_error(r, 400, &["message"]).await;
    let r = gw.post_json(send, json!({"to": TO, "message": "  "})).await;
    expect_error(r, 400, &["message", "empty"]).await;
    let r = gw
        .post_json(send, json!({"to": TO, "message": "x".repeat(1601)}))
        .await;
    expect_error(r, 400, &["message", "1600"]).await;
    let r = gw
        .post_json(send, json!({"to": 12025551234_u64, "message": "hi"}))
        .await;
    expect_error(r, 400, &["to"]).await;
    for bad in ["2025551234", "+1 555 0100", "+1202555CALL", ""] {
        let r = gw
            .post_json(send, json!({"to": bad, "message": "hi"}))
            .await;
        expect_error(r, 400, &["invalid to", "E.164", "+12025551234"]).await;
    }

    let r = gw
        .http
        .post(gw.at(send))
        .header("content-type", "application/json")
        .body(r#"{"to": "+12025551234", "message": "#)
        .send()
        .await
        .unwrap();
    expect_error(r, 400, &[]).await;
    let r = gw
        .http
        .post(gw.at(send))
        .header("content-type", "text/plain")
        .body(r#"{"to": "+12025551234", "message": "hi"}"#)
        .send()
        .await
        .unwrap();
    expect_error(r, 400, &["Content-Type: application/json"]).await;
    let r = gw.http.post(gw.at(send)).send().await.unwrap();
    expect_error(r, 400, &[]).await;

    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn twilio_content_errors_are_400_with_code_and_message() {
    let gw = Gateway::start(&[]).await;
    gw.twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(400)
                .header("content-type", "application/json")
                .body(fixture("error_21211.json"));
        })
        .await;
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    let body = expect_error_body(
        r,
        400,
        &["The 'To' number +15005550001 is not a valid phone number."],
    )
    .await;
    assert_eq!(body["code"], 21211);
    assert_eq!(
        body["more_info"],
        "https://www.twilio.com/docs/errors/21211"
    );
}

// ---------------------------------------------------------------- voice

#[tokio::test]
async fn voice_message_defaults_to_alice_and_answers_the_guide_shape() {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Calls.json"))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .form_urlencoded_tuple("To", TO)
                .form_urlencoded_tuple("From", FROM)
                .form_urlencoded_tuple_includes("Twiml", r#"<Say voice="alice">"#)
                .form_urlencoded_tuple_includes(
                    "Twiml",
                    "Hello from MYCA voice assistant! &lt;Dial&gt;",
                );
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let text = "Hello from MYCA voice assistant! <Dial>";
    let r = gw
        .post_json("/twilio/voice/message", json!({"to": TO, "message": text}))
        .await;
    let (status, body) = json(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"status": "success", "sid": CALL_SID, "to": TO, "message": text})
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn voice_message_accepts_polly_and_google_voices() {
    let gw = Gateway::start(&[]).await;
    for voice in [
        "alice",
        "man",
        "woman",
        "Polly.Joanna-Neural",
        "Google.en-US-Neural2-A",
    ] {
        let mock = gw
            .twilio
            .mock_async(|when, then| {
                when.method(POST)
                    .path(account_path("Calls.json"))
                    .form_urlencoded_tuple_includes("Twiml", format!(r#"voice="{voice}""#));
                then.status(201)
                    .header("content-type", "application/json")
                    .body(fixture("call_queued.json"));
            })
            .await;
        let r = gw
            .post_json(
                "/twilio/voice/message",
                json!({"to": TO, "message": "Alert: system status check failed.", "voice": voice}),
            )
            .await;
        assert_eq!(json(r).await.0, 200, "{voice}");
        mock.assert_async().await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn voice_message_rejects_bad_requests_with_400_and_calls_nobody() {
    let gw = Gateway::start(&[]).await;
    let mock = gw.twilio_must_not_be_called().await;
    let path = "/twilio/voice/message";
    let r = gw
        .post_json(path, json!({"to": TO, "message": "hi", "voice": "robot"}))
        .await;
    expect_error(r, 400, &["invalid voice", "robot", "alice", "Polly."]).await;
    let r = gw.post_json(path, json!({"to": TO, "message": ""})).await;
    expect_error(r, 400, &["message", "empty"]).await;
    let r = gw.post_json(path, json!({"message": "hi"})).await;
    expect_error(r, 400, &["missing required field: to"]).await;
    let r = gw
        .post_json(path, json!({"to": "12025551234", "message": "hi"}))
        .await;
    expect_error(r, 400, &["invalid to", "+12025551234"]).await;
    let r = gw
        .post_json(path, json!({"to": TO, "message": "word ".repeat(1000)}))
        .await;
    expect_error(r, 400, &["invalid message", "too long"]).await;
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn voice_call_answers_the_guide_shape() {
    let gw = Gateway::start(&[]).await;
    let url = "https://your-server.com/twiml/voice.xml";
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Calls.json"))
                .form_urlencoded_tuple("To", TO)
                .form_urlencoded_tuple("From", FROM)
                .form_urlencoded_tuple("Url", url);
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let r = gw
        .post_json("/twilio/voice/call", json!({"to": TO, "twiml_url": url}))
        .await;
    let (status, body) = json(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"status": "success", "sid": CALL_SID, "to": TO, "from": FROM})
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn voice_call_rejects_bad_urls() {
    let gw = Gateway::start(&[]).await;
    let mock = gw.twilio_must_not_be_called().await;
    for bad in [
        "not a url",
        "ftp://example.com/voice.xml",
        "/twiml/voice.xml",
        "",
    ] {
        let r = gw
            .post_json("/twilio/voice/call", json!({"to": TO, "twiml_url": bad}))
            .await;
        expect_error(r, 400, &["twiml_url"]).await;
    }
    let r = gw.post_json("/twilio/voice/call", json!({"to": TO})).await;
    expect_error(r, 400, &["missing required field: twiml_url"]).await;
    assert_eq!(mock.calls_async().await, 0);
}

// ---------------------------------------------------------------- status

async fn mock_fetch(gw: &Gateway, resource: &str, status: u16, fixture_name: &str) {
    gw.twilio
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(resource))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN));
            then.status(status)
                .header("content-type", "application/json")
                .body(fixture(fixture_name));
        })
        .await;
}

#[tokio::test]
async fn status_of_a_delivered_message() {
    let gw = Gateway::start(&[]).await;
    mock_fetch(
        &gw,
        &format!("Messages/{MESSAGE_SID}.json"),
        200,
        "message_delivered.json",
    )
    .await;
    let (status, body) = json(gw.get(&format!("/twilio/status/{MESSAGE_SID}")).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "sid": MESSAGE_SID,
            "status": "delivered",
            "to": TO,
            "from": FROM,
            "body": "Hello from MYCA!",
            "date_sent": "2025-12-17T10:30:00Z",
        })
    );
}

#[tokio::test]
async fn status_of_an_unsent_message_has_a_null_date() {
    let gw = Gateway::start(&[]).await;
    mock_fetch(
        &gw,
        &format!("Messages/{MESSAGE_SID}.json"),
        200,
        "message_queued.json",
    )
    .await;
    let (status, body) = json(gw.get(&format!("/twilio/status/{MESSAGE_SID}")).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "queued");
    assert_eq!(body["date_sent"], Value::Null);
    assert_eq!(body.as_object().unwrap().len(), 6);
}

#[tokio::test]
async fn status_of_a_completed_call() {
    let gw = Gateway::start(&[]).await;
    mock_fetch(
        &gw,
        &format!("Calls/{CALL_SID}.json"),
        200,
        "call_completed.json",
    )
    .await;
    let (status, body) = json(gw.get(&format!("/twilio/status/{CALL_SID}")).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "sid": CALL_SID,
            "status": "completed",
            "to": TO,
            "from": FROM,
            "duration": "15",
            "start_time": "2025-12-17T10:31:05Z",
            "end_time": "2025-12-17T10:31:20Z",
        })
    );
}

#[tokio::test]
async fn status_of_a_queued_call_has_nulls() {
    let gw = Gateway::start(&[]).await;
    mock_fetch(
        &gw,
        &format!("Calls/{CALL_SID}.json"),
        200,
        "call_queued.json",
    )
    .await;
    let (status, body) = json(gw.get(&format!("/twilio/status/{CALL_SID}")).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "queued");
    for field in ["duration", "start_time", "end_time"] {
        assert_eq!(body[field], Value::Null, "{field}");
    }
}

#[tokio::test]
async fn status_rejects_other_sids_and_reports_twilio_errors() {
    let gw = Gateway::start(&[]).await;
    for bad in [
        ACCOUNT_SID,
        "SMxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "nope",
        "CA123",
    ] {
        let r = gw.get(&format!("/twilio/status/{bad}")).await;
        expect_error(r, 400, &["SID"]).await;
    }
    gw.twilio
        .mock_async(|when, then| {
            when.method(GET).path(account_path(&format!("Calls/{CALL_SID}.json")));
            then.status(404)
                .header("content-type", "application/json")
                .body(r#"{"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#);
        })
        .await;
    let r = gw.get(&format!("/twilio/status/{CALL_SID}")).await;
    let body = expect_error_body(r, 404, &["not found"]).await;
    assert_eq!(body["code"], 20404);
}

// ---------------------------------------------------------------- config, 503

#[tokio::test]
async fn config_reports_presence_only() {
    let gw = Gateway::start(&[]).await;
    let r = gw.get("/twilio/config").await;
    let text = r.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        body,
        json!({"configured": true, "has_account_sid": true, "has_auth_token": true, "has_phone_number": true})
    );
    for secret in [ACCOUNT_SID, AUTH_TOKEN, FROM, "2025550100"] {
        assert!(!text.contains(secret), "{text}");
    }
}

#[tokio::test]
async fn unconfigured_twilio_is_503_naming_what_is_missing() {
    let gw = Gateway::start(&[
        ("TWILIO_ACCOUNT_SID", ""),
        ("TWILIO_AUTH_TOKEN", ""),
        ("TWILIO_PHONE_NUMBER", ""),
    ])
    .await;
    let (status, body) = json(gw.get("/twilio/config").await).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"configured": false, "has_account_sid": false, "has_auth_token": false, "has_phone_number": false})
    );
    let all =
        "Twilio not configured. Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER";
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    assert_eq!(expect_error(r, 503, &[]).await, all);
    // Checked before the body: the guide's troubleshooting starts here.
    let r = gw.post_json("/twilio/voice/message", json!({})).await;
    assert_eq!(expect_error(r, 503, &[]).await, all);
    let r = gw
        .post_json(
            "/twilio/voice/call",
            json!({"to": TO, "twiml_url": "https://x.example/t.xml"}),
        )
        .await;
    assert_eq!(expect_error(r, 503, &[]).await, all);
    let r = gw.get(&format!("/twilio/status/{MESSAGE_SID}")).await;
    assert_eq!(expect_error(r, 503, &[]).await, all);
    let r = gw
        .http
        .post(gw.at("/twilio/handle-input"))
        .form(&[("Digits", "1")])
        .send()
        .await
        .unwrap();
    expect_error(r, 503, &["TWILIO_AUTH_TOKEN"]).await;
}

#[tokio::test]
async fn partly_configured_twilio_names_only_the_missing_variables() {
    let gw = Gateway::start(&[("TWILIO_AUTH_TOKEN", ""), ("TWILIO_PHONE_NUMBER", "")]).await;
    let (_, body) = json(gw.get("/twilio/config").await).await;
    assert_eq!(
        body,
        json!({"configured": false, "has_account_sid": true, "has_auth_token": false, "has_phone_number": false})
    );
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    let detail = expect_error(r, 503, &[]).await;
    assert_eq!(
        detail,
        "Twilio not configured. Set TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER"
    );
}

#[tokio::test]
async fn malformed_twilio_settings_are_503_naming_the_variable_not_its_value() {
    let gw = Gateway::start(&[("TWILIO_ACCOUNT_SID", "ACnot-a-real-sid-value")]).await;
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    let detail = expect_error(r, 503, &["Twilio not configured", "TWILIO_ACCOUNT_SID"]).await;
    assert!(!detail.contains("not-a-real-sid-value"), "{detail}");
}

// ---------------------------------------------------------------- misc

#[tokio::test]
async fn healthz_and_unknown_routes() {
    let gw = Gateway::start(&[]).await;
    let (status, body) = json(gw.get("/healthz").await).await;
    assert_eq!((status, body), (200, json!({"status": "ok"})));
    expect_error(gw.get("/nope").await, 404, &["not found"]).await;
    expect_error(gw.get("/twilio/sms/send").await, 405, &[]).await;
}

#[tokio::test]
async fn request_ids_are_kept_or_made() {
    let gw = Gateway::start(&[]).await;
    let r = gw
        .http
        .get(gw.at("/healthz"))
        .header("x-request-id", "n8n-run-42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "n8n-run-42");
    let r = gw.get("/healthz").await;
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
}
