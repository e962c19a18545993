//! The gateway's hardening over real HTTP: bearer token, rate limit,
//! toll-fraud guard, body limit, timeout, graceful shutdown, secure-by-default
//! startup, `.env.local`, and no secret or message body in answers or logs.

use std::time::Duration;

use crate::support::*;
use httpmock::prelude::*;
use serde_json::json;
use twilio_typed::webhook::RequestValidator;

use twilio_gateway::config::{EnvLookup, Settings};

async fn mock_sms(gw: &Gateway) -> httpmock::Mock<'_> {
    gw.twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await
}

fn sms() -> serde_json::Value {
    json!({"to": TO, "message": "Hello from MYCA!"})
}

// ---------------------------------------------------------------- token

#[tokio::test]
async fn token_guards_the_api_but_not_twilios_webhooks() {
    let gw = Gateway::start(&[("GATEWAY_API_TOKEN", API_TOKEN)]).await;
    let mock = mock_sms(&gw).await;

    let r = gw.post_json("/twilio/sms/send", sms()).await;
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    expect_error(r, 401, &["missing bearer token"]).await;
    for wrong in [
        "Bearer nope".to_owned(),
        format!("Bearer {API_TOKEN}x"),
        format!("Bearer {}", &API_TOKEN[..API_TOKEN.len() - 1]),
        format!("Basic {API_TOKEN}"),
        API_TOKEN.to_owned(),
    ] {
        let r = gw
            .http
            .post(gw.at("/twilio/sms/send"))
            .header("authorization", wrong.as_str())
            .json(&sms())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{wrong}");
        let text = r.text().await.unwrap();
        assert!(!text.contains(API_TOKEN), "{text}");
    }
    for path in ["/twilio/config", &format!("/twilio/status/{MESSAGE_SID}")] {
        expect_error(gw.get(path).await, 401, &[]).await;
    }
    assert_eq!(mock.calls_async().await, 0);

    for scheme in ["Bearer", "bearer"] {
        let r = gw
            .http
            .post(gw.at("/twilio/sms/send"))
            .header("authorization", format!("{scheme} {API_TOKEN}"))
            .json(&sms())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = gw
        .http
        .get(gw.at("/twilio/config"))
        .bearer_auth(API_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // Twilio cannot send our token: these are open (the webhook has its signature).
    assert_eq!(gw.get("/healthz").await.status(), 200);
    assert_eq!(gw.get("/twiml/voice.xml").await.status(), 200);
    let url = gw.at("/twilio/handle-input");
    let params = [
        ("CallSid", CALL_SID),
        ("AccountSid", ACCOUNT_SID),
        ("Digits", "9"),
    ];
    let signature = RequestValidator::new(AUTH_TOKEN).compute_signature(&url, params);
    let r = gw
        .http
        .post(&url)
        .header("X-Twilio-Signature", signature)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn without_a_token_the_api_is_open_on_loopback() {
    let gw = Gateway::start(&[]).await;
    mock_sms(&gw).await;
    assert_eq!(gw.post_json("/twilio/sms/send", sms()).await.status(), 200);
}

// ---------------------------------------------------------------- rate limit

#[tokio::test]
async fn sending_endpoints_are_rate_limited_per_client() {
    let gw = Gateway::start(&[("RATE_LIMIT_PER_MINUTE", "2")]).await;
    let mock = mock_sms(&gw).await;
    for _ in 0..2 {
        assert_eq!(gw.post_json("/twilio/sms/send", sms()).await.status(), 200);
    }
    let r = gw.post_json("/twilio/sms/send", sms()).await;
    let retry_after: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    expect_error(r, 429, &["rate limit exceeded", "retry in"]).await;
    // The quota is shared by every sending endpoint...
    let r = gw
        .post_json(
            "/twilio/voice/call",
            json!({"to": TO, "twiml_url": "https://x.example/v.xml"}),
        )
        .await;
    expect_error(r, 429, &[]).await;
    // ...and nothing else is limited.
    assert_eq!(gw.get("/twilio/config").await.status(), 200);
    assert_eq!(gw.get("/healthz").await.status(), 200);
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn rate_limit_comes_after_the_token_check() {
    let gw = Gateway::start(&[
        ("RATE_LIMIT_PER_MINUTE", "1"),
        ("GATEWAY_API_TOKEN", API_TOKEN),
    ])
    .await;
    mock_sms(&gw).await;
    // Unauthenticated noise does not use up the caller's quota.
    for _ in 0..3 {
        assert_eq!(gw.post_json("/twilio/sms/send", sms()).await.status(), 401);
    }
    let send = || {
        gw.http
            .post(gw.at("/twilio/sms/send"))
            .bearer_auth(API_TOKEN)
            .json(&sms())
            .send()
    };
    assert_eq!(send().await.unwrap().status(), 200);
    assert_eq!(send().await.unwrap().status(), 429);
}

// ---------------------------------------------------------------- toll fraud

#[tokio::test]
async fn recipients_outside_allowed_country_codes_are_refused() {
    let gw = Gateway::start(&[("ALLOWED_COUNTRY_CODES", "1, 33")]).await;
    let mock = gw.twilio_must_not_be_called().await;
    let uk = "+442071234567";
    let _refuse_all = &mock;
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": uk, "message": "hi"}))
        .await;
    expect_error(r, 400, &["to", "+44", "ALLOWED_COUNTRY_CODES"]).await;
    let r = gw
        .post_json("/twilio/voice/message", json!({"to": uk, "message": "hi"}))
        .await;
    expect_error(r, 400, &["+44"]).await;
    let r = gw
        .post_json(
            "/twilio/voice/call",
            json!({"to": uk, "twiml_url": "https://x.example/v.xml"}),
        )
        .await;
    expect_error(r, 400, &["+44"]).await;
    assert_eq!(mock.calls_async().await, 0);
    mock.delete_async().await;

    let mock = mock_sms(&gw).await;
    assert_eq!(gw.post_json("/twilio/sms/send", sms()).await.status(), 200);
    mock.assert_async().await;
}

// ---------------------------------------------------------------- limits

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let gw = Gateway::start(&[("BODY_LIMIT_BYTES", "2048")]).await;
    let mock = mock_sms(&gw).await;
    let big = json!({"to": TO, "message": "x".repeat(4096)});
    expect_error(gw.post_json("/twilio/sms/send", big).await, 413, &[]).await;
    // Without a Content-Length (chunked), the limit holds while reading.
    let chunk = format!(
        r#"{{"to": "+12025551234", "message": "{}"}}"#,
        "x".repeat(4096)
    );
    let request = format!(
        "POST /twilio/sms/send HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    let raw = raw_http(&gw, &request).await;
    assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
    assert!(raw.contains(r#"{"detail":"#), "{raw}");
    assert_eq!(mock.calls_async().await, 0);
}

/// Sends `request` as written over a fresh connection; returns the whole answer.
async fn raw_http(gw: &Gateway, request: &str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let addr = gw.url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    // The server may close before reading the whole body; what it sent is enough.
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn slow_requests_time_out_with_504() {
    let gw = Gateway::start(&[("REQUEST_TIMEOUT_SECS", "1")]).await;
    gw.twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(201)
                .delay(Duration::from_secs(3))
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;
    let r = gw.post_json("/twilio/sms/send", sms()).await;
    expect_error(r, 504, &["timed out", "check its status before retrying"]).await;
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight() {
    let mut gw = Gateway::start(&[]).await;
    gw.twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(201)
                .delay(Duration::from_millis(800))
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;
    let request = gw.http.post(gw.at("/twilio/sms/send")).json(&sms()).send();
    let in_flight = tokio::spawn(request);
    tokio::time::sleep(Duration::from_millis(200)).await;
    gw.begin_shutdown();
    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    let url = gw.at("/healthz");
    tokio::time::timeout(Duration::from_secs(5), gw.join())
        .await
        .expect("server stops")
        .expect("cleanly");
    let http = twilio_typed::TwilioClient::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    assert!(http.get(url).send().await.is_err(), "no longer listening");
}

// ---------------------------------------------------------------- startup

fn settings(pairs: &[(&str, &str)]) -> Result<Settings, twilio_gateway::config::ConfigError> {
    Settings::from_env(&EnvLookup::from_pairs(pairs.iter().copied()))
}

#[test]
fn defaults_are_the_guides_port_on_loopback() {
    let s = settings(&[]).unwrap();
    assert_eq!(s.bind_addr.to_string(), "127.0.0.1:8001");
    assert!(s.api_token.is_none());
    assert_eq!(s.rate_limit_per_minute.get(), 30);
    assert!(s.check_exposure().is_ok());
}

#[test]
fn a_public_address_without_a_token_refuses_to_start() {
    let open = settings(&[("BIND_ADDR", "0.0.0.0:8000")]).unwrap();
    let message = open.check_exposure().unwrap_err().to_string();
    for needle in [
        "0.0.0.0:8000",
        "GATEWAY_API_TOKEN",
        "open relay",
        "GATEWAY_ALLOW_UNAUTHENTICATED=1",
        "docker",
    ] {
        assert!(message.contains(needle), "{needle:?} not in {message}");
    }
    let with_token = settings(&[
        ("BIND_ADDR", "0.0.0.0:8000"),
        ("GATEWAY_API_TOKEN", API_TOKEN),
    ])
    .unwrap();
    assert!(with_token.check_exposure().is_ok());
    let private = settings(&[
        ("BIND_ADDR", "0.0.0.0:8000"),
        ("GATEWAY_ALLOW_UNAUTHENTICATED", "1"),
    ])
    .unwrap();
    assert!(private.check_exposure().is_ok());
    let v6 = settings(&[("BIND_ADDR", "[::1]:8001")]).unwrap();
    assert!(v6.check_exposure().is_ok());
    let lan = settings(&[
        ("BIND_ADDR", "192.168.1.10:8001"),
        ("GATEWAY_ALLOW_UNAUTHENTICATED", "0"),
    ])
    .unwrap();
    assert!(lan.check_exposure().is_err());
}

#[test]
fn malformed_settings_are_named_and_never_echoed() {
    let err = settings(&[
        ("BIND_ADDR", "localhost"),
        ("GATEWAY_API_TOKEN", "short-secret"),
        ("RATE_LIMIT_PER_MINUTE", "0"),
        ("ALLOWED_COUNTRY_CODES", "1,UK"),
        ("PUBLIC_BASE_URL", "myca.example.com"),
        ("AGENT_PHONE_NUMBER", "555-0100"),
        ("GATEWAY_ALLOW_UNAUTHENTICATED", "maybe"),
    ])
    .unwrap_err()
    .to_string();
    for name in [
        "BIND_ADDR",
        "GATEWAY_API_TOKEN",
        "RATE_LIMIT_PER_MINUTE",
        "ALLOWED_COUNTRY_CODES",
        "PUBLIC_BASE_URL",
        "AGENT_PHONE_NUMBER",
        "GATEWAY_ALLOW_UNAUTHENTICATED",
    ] {
        assert!(err.contains(name), "{name} not in {err}");
    }
    assert!(!err.contains("short-secret"), "{err}");
    let s = settings(&[
        ("ALLOWED_COUNTRY_CODES", "+1, 44"),
        ("RATE_LIMIT_PER_MINUTE", "5"),
    ])
    .unwrap();
    assert_eq!(
        s.allowed_country_codes
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        vec![1, 44]
    );
    assert_eq!(s.rate_limit_per_minute.get(), 5);
}

#[test]
fn the_environment_wins_over_env_local() {
    let lookup = EnvLookup::from_maps(
        [
            ("TWILIO_PHONE_NUMBER", "+12025550100"),
            ("TWILIO_AUTH_TOKEN", ""),
        ],
        [
            ("TWILIO_PHONE_NUMBER", "+12025559999"),
            ("TWILIO_AUTH_TOKEN", "from-file"),
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ],
    );
    assert_eq!(
        lookup.get("TWILIO_PHONE_NUMBER").as_deref(),
        Some("+12025550100")
    );
    // Set but empty in the environment: the file's value applies.
    assert_eq!(
        lookup.get("TWILIO_AUTH_TOKEN").as_deref(),
        Some("from-file")
    );
    assert_eq!(
        lookup.get("TWILIO_ACCOUNT_SID").as_deref(),
        Some(ACCOUNT_SID)
    );
    assert_eq!(lookup.get("NOPE"), None);
    assert!(!format!("{lookup:?}").contains("from-file"));
}

#[test]
fn env_local_is_read_and_its_errors_never_show_a_line() {
    let dir = std::env::temp_dir().join(format!("twilio-gateway-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.env");
    std::fs::write(
        &good,
        "# TWILIO (SMS/Phone Integration)\nGATEWAY_TEST_ONLY_7F3A=from-file\nGATEWAY_TEST_ONLY_7F3A=second\n",
    )
    .unwrap();
    let lookup = EnvLookup::load(&good).unwrap();
    assert_eq!(
        lookup.get("GATEWAY_TEST_ONLY_7F3A").as_deref(),
        Some("from-file")
    );

    let missing = EnvLookup::load(&dir.join("absent.env")).unwrap();
    assert_eq!(missing.get("GATEWAY_TEST_ONLY_7F3A"), None);

    let bad = dir.join("bad.env");
    std::fs::write(&bad, "TWILIO_AUTH_TOKEN='sekrit-value-in-a-bad-line\n").unwrap();
    let err = EnvLookup::load(&bad).unwrap_err().to_string();
    assert!(err.contains("bad.env"), "{err}");
    assert!(!err.contains("sekrit"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- secrets

#[tokio::test]
async fn no_answer_and_no_log_line_carries_a_secret_or_body_at_info() {
    let gw = Gateway::start(&[("GATEWAY_API_TOKEN", API_TOKEN)]).await;
    let body_text = "private-message-body-51c9e";
    let mut answers = Vec::new();

    gw.twilio
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .form_urlencoded_tuple("Body", body_text);
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;
    gw.twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Calls.json"));
            then.status(401)
                .header("content-type", "application/json")
                .body(r#"{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}"#);
        })
        .await;
    let authed = |path: &str| gw.http.post(gw.at(path)).bearer_auth(API_TOKEN);
    let responses = [
        authed("/twilio/sms/send")
            .json(&json!({"to": TO, "message": body_text}))
            .send()
            .await
            .unwrap(),
        authed("/twilio/voice/message")
            .json(&json!({"to": TO, "message": body_text}))
            .send()
            .await
            .unwrap(),
        authed("/twilio/sms/send")
            .json(&json!({"to": "bad", "message": body_text}))
            .send()
            .await
            .unwrap(),
        gw.http
            .get(gw.at("/twilio/config"))
            .bearer_auth(API_TOKEN)
            .send()
            .await
            .unwrap(),
        gw.http
            .get(gw.at("/twilio/config"))
            .bearer_auth("wrong-token-0000000000")
            .send()
            .await
            .unwrap(),
        gw.http
            .post(gw.at("/twilio/handle-input"))
            .header("X-Twilio-Signature", "bm9wZQ==")
            .form(&[("Digits", "1")])
            .send()
            .await
            .unwrap(),
    ];
    for response in responses {
        let headers = format!("{:?}", response.headers());
        answers.push(headers + &response.text().await.unwrap());
    }

    let basic = basic_auth(ACCOUNT_SID, AUTH_TOKEN);
    let encoded = basic.trim_start_matches("Basic ");
    for answer in &answers {
        for secret in [AUTH_TOKEN, API_TOKEN, encoded] {
            assert!(!answer.contains(secret), "{secret} in {answer}");
        }
    }
    // Give the trace layer a moment to write the last response lines.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let logs = logs();
    assert!(
        logs.contains("SMS accepted by Twilio"),
        "logs are captured: {logs}"
    );
    for line in logs.lines() {
        for secret in [AUTH_TOKEN, API_TOKEN, encoded, "wrong-token-0000000000"] {
            assert!(
                !line.contains(secret),
                "secret in log line: {line}\n\nall logs:\n{logs}"
            );
        }
        if !line.contains("DEBUG") && !line.contains("TRACE") {
            assert!(!line.contains(body_text), "message body at info: {line}");
        }
    }
}
