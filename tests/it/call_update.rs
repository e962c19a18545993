//! Steering live calls against an httpmock Twilio: each action's exact form,
//! the checks made before sending, and that an update is never retried blindly.

use crate::common::*;
use httpmock::prelude::*;
use twilio_typed::twiml::{Say, VoiceResponse};
use twilio_typed::{CallSid, CallStatus, CallUpdateStatus, Error, HttpMethod, RetryPolicy};

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

fn sid() -> CallSid {
    CALL_SID.parse().expect("sid")
}

fn call_path() -> String {
    account_path(&format!("Calls/{CALL_SID}.json"))
}

#[tokio::test]
async fn twiml_update_posts_the_rendered_document_to_the_call() {
    let server = MockServer::start_async().await;
    let xml = format!("{XML_DECL}<Response><Say>Your agent is joining.</Say><Hangup /></Response>");
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_path())
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form(&[("Twiml", &xml)]));
            then.status(200).body(fixture("call_queued.json"));
        })
        .await;
    let next = VoiceResponse::new()
        .say(Say::new("Your agent is joining."))
        .hangup();
    let call = client(&server)
        .update_call(&sid())
        .twiml(&next)
        .send()
        .await
        .expect("updated");
    mock.assert_async().await;
    assert_eq!(call.sid, sid());
}

#[tokio::test]
async fn url_update_sends_url_method_fallback_and_callbacks() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(call_path()).body(form(&[
                ("Url", "https://example.com/twiml/next.xml"),
                ("Method", "GET"),
                ("FallbackUrl", "https://example.com/twiml/fallback.xml"),
                ("FallbackMethod", "POST"),
                ("StatusCallback", "https://example.com/twilio/call-status"),
                ("StatusCallbackMethod", "GET"),
                ("TimeLimit", "120"),
            ]));
            then.status(200).body(fixture("call_queued.json"));
        })
        .await;
    // Awaited directly: the builder is `IntoFuture`.
    client(&server)
        .update_call(&sid())
        .url("https://example.com/twiml/next.xml")
        .method(HttpMethod::Get)
        .fallback_url(
            "https://example.com/twiml/fallback.xml",
            Some(HttpMethod::Post),
        )
        .status_callback("https://example.com/twilio/call-status")
        .status_callback_method(HttpMethod::Get)
        .time_limit(120)
        .await
        .expect("updated");
    mock.assert_async().await;
}

#[tokio::test]
async fn url_update_without_method_leaves_twilios_default() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_path())
                .body(form(&[("Url", "https://example.com/next")]));
            then.status(200).body(fixture("call_queued.json"));
        })
        .await;
    client(&server)
        .update_call(&sid())
        .url("https://example.com/next")
        .await
        .expect("updated");
    mock.assert_async().await;
}

#[tokio::test]
async fn status_updates_and_hang_up_send_the_status() {
    let server = MockServer::start_async().await;
    let completed = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_path())
                .body(form(&[("Status", "completed")]));
            then.status(200).body(fixture("call_completed.json"));
        })
        .await;
    let canceled = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_path())
                .body(form(&[("Status", "canceled")]));
            then.status(200).body(fixture("call_queued.json"));
        })
        .await;
    let client = client(&server);
    let call = client.hang_up(&sid()).await.expect("hung up");
    assert_eq!(call.status, CallStatus::Completed);
    let call = client
        .update_call(&sid())
        .status(CallUpdateStatus::Completed)
        .await
        .expect("hung up");
    assert_eq!(call.duration, Some(15));
    client
        .update_call(&sid())
        .status(CallUpdateStatus::Canceled)
        .send()
        .await
        .expect("canceled");
    completed.assert_calls_async(2).await;
    canceled.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_callback_only_update_keeps_the_course() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(call_path()).body(form(&[(
                "StatusCallback",
                "https://example.com/twilio/call-status",
            )]));
            then.status(200).body(fixture("call_queued.json"));
        })
        .await;
    client(&server)
        .update_call(&sid())
        .status_callback("https://example.com/twilio/call-status")
        .await
        .expect("updated");
    mock.assert_async().await;
}

#[tokio::test]
async fn invalid_updates_fail_before_any_request() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(fixture("call_queued.json"));
        })
        .await;
    let client = client(&server);
    let field = |e: Error| match e {
        Error::InvalidInput { field, reason } => (field, reason),
        other => panic!("expected InvalidInput, got {other:?}"),
    };

    let (f, reason) = field(client.update_call(&sid()).await.unwrap_err());
    assert_eq!(f, "update");
    assert!(reason.starts_with("nothing to change"), "{reason}");

    let long = VoiceResponse::new().say(Say::new("a".repeat(4000)));
    let (f, reason) = field(client.update_call(&sid()).twiml(&long).await.unwrap_err());
    assert_eq!(f, "twiml");
    assert!(reason.contains("at most 4000 characters"), "{reason}");

    let bad = VoiceResponse::new().say(Say::new("bell\u{7}"));
    let (f, _) = field(client.update_call(&sid()).twiml(&bad).await.unwrap_err());
    assert_eq!(f, "twiml");

    let (f, _) = field(
        client
            .update_call(&sid())
            .url("ftp://example.com/next")
            .await
            .unwrap_err(),
    );
    assert_eq!(f, "url");
    let (f, _) = field(
        client
            .update_call(&sid())
            .status_callback("not a url")
            .await
            .unwrap_err(),
    );
    assert_eq!(f, "status_callback");
    let (f, reason) = field(
        client
            .update_call(&sid())
            .status(CallUpdateStatus::Completed)
            .time_limit(0)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (f, reason.as_str()),
        ("time_limit", "must be 1 to 14400 seconds, got 0")
    );
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn an_update_answered_503_is_not_retried_and_twilios_error_is_kept() {
    let server = MockServer::start_async().await;
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_path())
                .body(form(&[("Status", "completed")]));
            then.status(503).body("busy");
        })
        .await;
    let not_in_progress = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(call_path())
                .body(form(&[("Status", "canceled")]));
            then.status(400).body(
                r#"{"code": 21220, "message": "Call is not in-progress. Cannot redirect.", "more_info": "https://www.twilio.com/docs/errors/21220", "status": 400}"#,
            );
        })
        .await;
    let client = builder(&server.base_url())
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("client");
    let err = client.hang_up(&sid()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    unavailable.assert_calls_async(1).await;
    let err = client
        .update_call(&sid())
        .status(CallUpdateStatus::Canceled)
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.api_code()), (Some(400), Some(21220)));
    not_in_progress.assert_calls_async(1).await;
}
