//! Steering over real HTTP: `POST /twilio/calls/{sid}/update`,
//! `/twilio/calls/{sid}/hangup` and `/twilio/messages/{sid}/cancel`, with the
//! exact requests Twilio receives.

use crate::support::*;
use httpmock::prelude::*;
use serde_json::json;

const XML_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

fn update_path() -> String {
    format!("/twilio/calls/{CALL_SID}/update")
}

fn call_resource() -> String {
    account_path(&format!("Calls/{CALL_SID}.json"))
}

#[tokio::test]
async fn update_speaks_a_message_now() {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_resource())
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .form_urlencoded_tuple(
                    "Twiml",
                    format!(r#"{XML_HEAD}<Response><Say voice="Polly.Joanna">Your agent &amp; you</Say></Response>"#),
                );
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let r = gw
        .post_json(
            &update_path(),
            json!({"message": "Your agent & you", "voice": "Polly.Joanna"}),
        )
        .await;
    let (status, body) = json(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"status": "success", "sid": CALL_SID, "call_status": "queued"})
    );
    mock.assert_async().await;
}

#[tokio::test]
async fn update_redirects_to_a_twiml_url_or_ends_the_call() {
    let gw = Gateway::start(&[]).await;
    let redirect = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_resource())
                .form_urlencoded_tuple("Url", "https://example.com/twiml/next.xml")
                .form_urlencoded_tuple("Method", "POST");
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("call_queued.json"));
        })
        .await;
    let r = gw
        .post_json(
            &update_path(),
            json!({"twiml_url": "https://example.com/twiml/next.xml"}),
        )
        .await;
    assert_eq!(json(r).await.0, 200);
    redirect.assert_async().await;

    for status in ["completed", "canceled"] {
        let end = gw
            .twilio
            .mock_async(|when, then| {
                when.method(POST)
                    .path(call_resource())
                    .form_urlencoded_tuple("Status", status);
                then.status(200)
                    .header("content-type", "application/json")
                    .body(fixture("call_completed.json"));
            })
            .await;
        let r = gw
            .post_json(&update_path(), json!({"status": status}))
            .await;
        let (code, body) = json(r).await;
        assert_eq!((code, &body["call_status"]), (200, &json!("completed")));
        end.assert_async().await;
    }
}

#[tokio::test]
async fn hangup_and_cancel() {
    let gw = Gateway::start(&[]).await;
    let hangup = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_resource())
                .form_urlencoded_tuple("Status", "completed");
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("call_completed.json"));
        })
        .await;
    let r = gw
        .http
        .post(gw.at(&format!("/twilio/calls/{CALL_SID}/hangup")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        json(r).await,
        (
            200,
            json!({"status": "success", "sid": CALL_SID, "call_status": "completed"})
        )
    );
    hangup.assert_async().await;

    let cancel = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path(&format!("Messages/{MESSAGE_SID}.json")))
                .form_urlencoded_tuple("Status", "canceled");
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("message_canceled.json"));
        })
        .await;
    let r = gw
        .http
        .post(gw.at(&format!("/twilio/messages/{MESSAGE_SID}/cancel")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        json(r).await,
        (
            200,
            json!({"status": "success", "sid": MESSAGE_SID, "message_status": "canceled"})
        )
    );
    cancel.assert_async().await;
}

#[tokio::test]
async fn bad_steering_requests_are_400_and_reach_nobody() {
    let gw = Gateway::start(&[]).await;
    let mock = gw.twilio_must_not_be_called().await;
    for (body, needles) in [
        (json!({}), vec!["exactly one of"]),
        (
            json!({"message": "hi", "status": "completed"}),
            vec!["exactly one of"],
        ),
        (json!({"message": "  "}), vec!["invalid message", "empty"]),
        (
            json!({"message": "hi", "voice": "robot"}),
            vec!["invalid voice"],
        ),
        (
            json!({"status": "paused"}),
            vec!["invalid status", "completed"],
        ),
        (
            json!({"twiml_url": "http://localhost/next.xml"}),
            vec!["invalid twiml_url", "private network"],
        ),
    ] {
        let r = gw.post_json(&update_path(), body).await;
        expect_error(r, 400, &needles).await;
    }
    let r = gw
        .post_json(
            "/twilio/calls/SM9f3b1c2d4e5f60718293a4b5c6d7e8f9/update",
            json!({"status": "completed"}),
        )
        .await;
    expect_error(r, 400, &["invalid call SID"]).await;
    let r = gw
        .http
        .post(gw.at("/twilio/calls/CA123/hangup"))
        .send()
        .await
        .unwrap();
    expect_error(r, 400, &["invalid call SID"]).await;
    let r = gw
        .http
        .post(gw.at(&format!("/twilio/messages/{CALL_SID}/cancel")))
        .send()
        .await
        .unwrap();
    expect_error(r, 400, &["invalid message SID"]).await;
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn steering_errors_follow_the_status_table() {
    let gw = Gateway::start(&[]).await;
    let missing = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST).path(call_resource());
            then.status(404)
                .header("content-type", "application/json")
                .body(fixture("error_20404.json"));
        })
        .await;
    let r = gw
        .post_json(&update_path(), json!({"status": "completed"}))
        .await;
    let body = expect_error_body(r, 404, &[]).await;
    assert_eq!(body["code"], 20404);
    missing.assert_async().await;

    let failing = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path(&format!("Messages/{MESSAGE_SID}.json")));
            then.status(500).body("boom");
        })
        .await;
    let r = gw
        .http
        .post(gw.at(&format!("/twilio/messages/{MESSAGE_SID}/cancel")))
        .send()
        .await
        .unwrap();
    expect_error(
        r,
        502,
        &["may have been applied; check status before retrying"],
    )
    .await;
    assert_eq!(
        failing.calls_async().await,
        1,
        "an update is never retried blindly"
    );
}

#[tokio::test]
async fn steering_is_behind_the_token() {
    let gw = Gateway::start(&[("GATEWAY_API_TOKEN", API_TOKEN)]).await;
    for path in [
        update_path(),
        format!("/twilio/calls/{CALL_SID}/hangup"),
        format!("/twilio/messages/{MESSAGE_SID}/cancel"),
    ] {
        let r = gw.post_json(&path, json!({"status": "completed"})).await;
        expect_error(r, 401, &["bearer token"]).await;
    }
}
