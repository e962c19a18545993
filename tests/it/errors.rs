//! Twilio error answers, API-key auth, retries and timeouts.

use crate::common::*;
use httpmock::prelude::*;
use std::time::Duration;
use twilio_typed::{Error, MessageSid, RetryPolicy, TwilioClient};

async fn error_for(fixture_name: &str, status: u16) -> Error {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(status)
                .header("content-type", "application/json")
                .body(fixture(fixture_name));
        })
        .await;
    client(&server).send_sms(TO, "hi").send().await.unwrap_err()
}

#[tokio::test]
async fn twilio_error_bodies_map_to_typed_errors() {
    for (name, status, code) in [
        ("error_21211.json", 400, 21211),
        ("error_21608.json", 400, 21608),
        ("error_20003.json", 401, 20003),
        ("error_20429.json", 429, 20429),
        ("error_20404.json", 404, 20404),
    ] {
        let err = error_for(name, status).await;
        assert_eq!(err.status(), Some(status), "{name}");
        assert_eq!(err.api_code(), Some(code), "{name}");
        let api = err.api_error().expect("api error");
        assert_eq!(
            api.more_info.as_deref(),
            Some(format!("https://www.twilio.com/docs/errors/{code}").as_str())
        );
        assert!(!api.message.is_empty());
        // Twilio refuses a 429 before acting on it; every other answer may have acted.
        assert_eq!(err.may_have_reached_twilio(), status != 429, "{name}");
        assert!(
            err.to_string()
                .starts_with(&format!("Twilio error {code} (HTTP {status}): ")),
            "{err}"
        );
        assert!(!err.to_string().contains(AUTH_TOKEN));
        assert!(!format!("{err:?}").contains(AUTH_TOKEN));
    }
}

#[tokio::test]
async fn not_found_on_fetch() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(404).body(fixture("error_20404.json"));
        })
        .await;
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let err = client(&server).fetch_message(&sid).await.unwrap_err();
    assert_eq!((err.status(), err.api_code()), (Some(404), Some(20404)));
}

#[tokio::test]
async fn non_json_error_keeps_the_body_start() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(502).body("<html>bad gateway</html>");
        })
        .await;
    let err = client(&server).send_sms(TO, "hi").send().await.unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.api_code(), None);
    assert!(err.to_string().contains("bad gateway"));
}

#[tokio::test]
async fn undecodable_success_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(201).body(r#"{"sid": "not-a-sid"}"#);
        })
        .await;
    let err = client(&server).send_sms(TO, "hi").send().await.unwrap_err();
    match &err {
        Error::Decode {
            status,
            body_snippet,
            ..
        } => {
            assert_eq!(*status, 201);
            assert!(body_snippet.contains("not-a-sid"));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(
        std::error::Error::source(&err).is_some(),
        "source is chained"
    );
    assert!(err.may_have_reached_twilio());
}

#[tokio::test]
async fn api_key_auth_sends_the_key_sid_as_user() {
    let server = MockServer::start_async().await;
    let key = "SK0123456789abcdef0123456789abcdef";
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .header("authorization", basic_auth(key, "key-secret"));
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    let client = builder(&server.base_url())
        .api_key(key, "key-secret")
        .build()
        .unwrap();
    client.send_sms(TO, "hi").send().await.expect("sent");
    mock.assert_async().await;
}

#[tokio::test]
async fn user_agent_carries_the_suffix() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header_includes("user-agent", "twilio-typed/")
                .header_includes("user-agent", " myca/1.0");
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    let client = builder(&server.base_url())
        .user_agent_suffix("myca/1.0")
        .build()
        .unwrap();
    client.send_sms(TO, "hi").send().await.expect("sent");
    mock.assert_async().await;
}

fn retrying_client(server: &MockServer, timeout: Duration) -> TwilioClient {
    builder(&server.base_url())
        .timeout(timeout)
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

/// A create that may have reached Twilio is never sent twice.
#[tokio::test]
async fn creates_are_not_retried_after_a_server_error_or_timeout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(503)
                .body(r#"{"code": 20500, "message": "Internal Server Error"}"#);
        })
        .await;
    let err = retrying_client(&server, Duration::from_secs(5))
        .send_sms(TO, "hi")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(mock.calls_async().await, 1);

    let slow = MockServer::start_async().await;
    let mock = slow
        .mock_async(|when, then| {
            when.method(POST);
            then.status(201)
                .delay(Duration::from_secs(3))
                .body(fixture("message_queued.json"));
        })
        .await;
    // The attempt timeout leaves the request ample time to reach the mock
    // on a loaded machine, and the answer comes far later.
    let err = retrying_client(&slow, Duration::from_millis(500))
        .send_sms(TO, "hi")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.may_have_reached_twilio());
    assert_eq!(mock.calls_async().await, 1);
}

/// 429 means Twilio did not act: safe to retry even a create.
#[tokio::test]
async fn too_many_requests_is_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(429)
                .header("retry-after", "0")
                .body(fixture("error_20429.json"));
        })
        .await;
    let err = retrying_client(&server, Duration::from_secs(5))
        .send_sms(TO, "hi")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(20429));
    assert_eq!(mock.calls_async().await, 3, "first attempt + 2 retries");
}

#[tokio::test]
async fn fetches_are_retried_on_server_errors() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(503).body("{}");
        })
        .await;
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let err = retrying_client(&server, Duration::from_secs(5))
        .fetch_message(&sid)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn connection_refused_never_reached_twilio() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = client.send_sms(TO, "hi").send().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(!err.may_have_reached_twilio());
    assert!(!format!("{err} {err:?}").contains(AUTH_TOKEN));
}

/// A base URL's `user:password@` never shows in an error or its sources.
#[tokio::test]
async fn url_userinfo_never_shows_in_errors() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = builder(&format!("http://proxyuser:proxy-pass-9@127.0.0.1:{port}/"))
        .build()
        .unwrap();
    let err = client.send_sms(TO, "hi").send().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    let mut text = format!("{err} {err:?} {client:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        text.push_str(&format!(" {s} {s:?}"));
        source = s.source();
    }
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(
        !text.contains("proxy-pass-9") && !text.contains("proxyuser"),
        "{text}"
    );
}
