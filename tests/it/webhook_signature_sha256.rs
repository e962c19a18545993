//! Shared-key signatures (`X-Twilio-Webhooks-Signature-Settings`, HMAC-SHA256
//! and HMAC-SHA1) against vectors generated with twilio-python 9.13's own
//! `RequestValidator` (tests/fixtures/webhook/signatures_sha256.json, made by
//! `gen_signatures_sha256.py` beside it), then through the axum extractor.

use std::net::SocketAddr;

use axum::routing::post;
use axum::Router;
use reqwest::StatusCode;
use serde::Deserialize;
use tokio::net::TcpListener;
use twilio_typed::webhook::{
    body_sha256, RecordingStatusCallback, RequestValidator, SharedKey, SignatureAlgorithm,
    SignatureError, TwilioJsonWebhook, TwilioWebhook, WebhookConfig, SIGNATURE_SETTINGS_HEADER,
};

#[derive(Debug, Deserialize)]
struct Fixture {
    twilio_python_version: String,
    vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    secret: String,
    settings: String,
    /// twilio-python's `get_signature_algorithm(settings)`.
    algorithm: String,
    url: String,
    params: Option<Vec<(String, String)>>,
    body: Option<String>,
    signature: String,
    valid: bool,
    /// twilio-python's `compute_signature(url, params, algorithm)`; `None`
    /// when it raised (unsupported algorithm).
    computed: Option<String>,
}

fn fixture() -> Fixture {
    let text = include_str!("../fixtures/webhook/signatures_sha256.json");
    serde_json::from_str(text).expect("fixture is valid JSON")
}

fn validator(secret: &str) -> RequestValidator {
    // The auth token must never be what validates a shared-key request.
    RequestValidator::new(secret.chars().rev().collect::<String>())
        .with_shared_key(SharedKey::new(secret))
}

fn validate(v: &Vector) -> Result<(), SignatureError> {
    let validator = validator(&v.secret);
    let settings = Some(v.settings.as_str());
    match (&v.params, &v.body) {
        (Some(p), None) => validator.validate_with_settings(&v.url, p, &v.signature, settings),
        (None, Some(b)) => {
            validator.validate_body_with_settings(&v.url, b.as_bytes(), &v.signature, settings)
        }
        _ => panic!("{}: exactly one of params and body", v.name),
    }
}

#[test]
fn fixture_is_substantial() {
    let fixture = fixture();
    assert!(fixture.twilio_python_version.starts_with("9."));
    assert!(fixture.vectors.len() >= 200, "{}", fixture.vectors.len());
    let valid_256 = fixture
        .vectors
        .iter()
        .filter(|v| v.valid && v.algorithm == "HMAC_SHA256")
        .count();
    assert!(valid_256 >= 50, "{valid_256}");
    assert!(fixture.vectors.iter().any(|v| !v.valid));
}

#[test]
fn validation_matches_twilio_python() {
    let mut failures = Vec::new();
    for v in fixture().vectors {
        let result = validate(&v);
        if result.is_ok() != v.valid {
            failures.push(format!("{}: python {} rust {:?}", v.name, v.valid, result));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn algorithm_and_signature_match_twilio_python() {
    for v in fixture().vectors {
        let parsed = v.algorithm.parse::<SignatureAlgorithm>();
        let settings = v
            .settings
            .parse::<twilio_typed::webhook::SignatureSettings>();
        match (&parsed, &settings) {
            (Ok(a), Ok(s)) => assert_eq!(s.algorithm(), *a, "{}", v.name),
            (Err(_), Err(e)) => assert_eq!(*e, SignatureError::UnsupportedAlgorithm),
            _ => panic!("{}: {parsed:?} vs {settings:?}", v.name),
        }
        let (Some(params), Ok(algorithm)) = (&v.params, parsed) else {
            continue;
        };
        let computed =
            SharedKey::new(v.secret.as_str()).compute_signature(algorithm, &v.url, params);
        assert_eq!(Some(computed), v.computed, "{}", v.name);
    }
}

#[test]
fn a_shared_key_request_needs_a_shared_key() {
    let url = "https://example.com/twilio/sms";
    let params = [("Body", "hi")];
    let key = SharedKey::new("shared");
    let sha256 = key.compute_signature(SignatureAlgorithm::HmacSha256, url, params);
    let header = Some("key=webhooks_sharedkey_a,algorithm=HMAC_SHA256");

    // The same secret as auth token does not count once the header is present.
    let token_only = RequestValidator::new("shared");
    assert_eq!(
        token_only.validate_with_settings(url, params, &sha256, header),
        Err(SignatureError::NoSharedKey)
    );
    // Without the header, the auth token and HMAC-SHA1 apply.
    let sha1_token = token_only.compute_signature(url, params);
    assert_eq!(
        token_only.validate_with_settings(url, params, &sha1_token, None),
        Ok(())
    );
    assert_eq!(
        token_only.validate_with_settings(url, params, &sha1_token, Some("")),
        Ok(())
    );
    assert_eq!(
        token_only.validate_with_settings(url, params, &sha256, None),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn keys_with_ids_are_chosen_by_the_header() {
    let url = "https://example.com/twilio/voice";
    let params = [("CallSid", "CA0123456789abcdef0123456789abcdef")];
    let old = SharedKey::with_id("webhooks_sharedkey_old", "old-secret");
    let new = SharedKey::with_id("webhooks_sharedkey_new", "new-secret");
    let validator = RequestValidator::new("token")
        .with_shared_key(old.clone())
        .with_shared_key(new.clone());
    let by_new = new.compute_signature(SignatureAlgorithm::HmacSha256, url, params);
    let by_old = old.compute_signature(SignatureAlgorithm::HmacSha256, url, params);
    let naming = |id: &str| format!("key={id},algorithm=HMAC_SHA256");

    let new_header = naming("webhooks_sharedkey_new");
    assert!(validator
        .validate_with_settings(url, params, &by_new, Some(&new_header))
        .is_ok());
    let old_header = naming("webhooks_sharedkey_old");
    assert!(validator
        .validate_with_settings(url, params, &by_old, Some(&old_header))
        .is_ok());
    // A signature by the old key claiming to be the new key's is refused.
    assert_eq!(
        validator.validate_with_settings(url, params, &by_old, Some(&new_header)),
        Err(SignatureError::Mismatch)
    );
    // A key id nobody configured.
    assert_eq!(
        validator.validate_with_settings(url, params, &by_new, Some(&naming("other"))),
        Err(SignatureError::NoSharedKey)
    );
}

// ---- the axum extractors ----

const SECRET: &str = "shared-key-secret-5f1c";
const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const CALL: &str = "CA0123456789abcdef0123456789abcdef";
const RECORDING: &str = "RE0123456789abcdef0123456789abcdef";

async fn recording(TwilioWebhook(cb): TwilioWebhook<RecordingStatusCallback>) -> String {
    format!("{}|{}", cb.recording_sid, cb.recording_status)
}

async fn events(TwilioJsonWebhook(event): TwilioJsonWebhook<serde_json::Value>) -> String {
    event["type"].as_str().unwrap_or_default().to_owned()
}

async fn server() -> SocketAddr {
    let config = WebhookConfig::new("the-auth-token")
        .shared_key(SharedKey::new(SECRET))
        .public_base_url("https://hooks.example.com")
        .expect("valid base URL");
    let app = Router::new()
        .route("/twilio/recording", post(recording))
        .route("/twilio/events", post(events))
        .with_state(config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn recording_params() -> Vec<(&'static str, String)> {
    vec![
        ("AccountSid", ACCOUNT.to_owned()),
        ("CallSid", CALL.to_owned()),
        ("RecordingSid", RECORDING.to_owned()),
        (
            "RecordingUrl",
            format!("https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}"),
        ),
        ("RecordingStatus", "completed".to_owned()),
        ("RecordingDuration", "7".to_owned()),
    ]
}

async fn post_form(
    addr: SocketAddr,
    signature: &str,
    settings: Option<&str>,
    params: &[(&str, String)],
) -> (StatusCode, String) {
    let mut request = crate::common::http()
        .post(format!("http://{addr}/twilio/recording"))
        .header("X-Twilio-Signature", signature)
        .form(params);
    if let Some(settings) = settings {
        request = request.header(SIGNATURE_SETTINGS_HEADER, settings);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn extractor_accepts_sha256_and_refuses_the_rest() {
    let addr = server().await;
    let url = "https://hooks.example.com/twilio/recording";
    let params = recording_params();
    let key = SharedKey::new(SECRET);
    let sha256 = key.compute_signature(SignatureAlgorithm::HmacSha256, url, &params);
    let header = "key=webhooks_sharedkey_01,algorithm=HMAC_SHA256";

    let (status, body) = post_form(addr, &sha256, Some(header), &params).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, format!("{RECORDING}|completed"));

    // The same signature without the header is checked as HMAC-SHA1 with the
    // auth token: refused.
    let (status, _) = post_form(addr, &sha256, None, &params).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An unsupported algorithm, or a header claiming SHA-1 for a SHA-256 signature.
    for other in [
        "algorithm=HMAC_SHA512",
        "key=webhooks_sharedkey_01,algorithm=HMAC_SHA1",
    ] {
        let (status, _) = post_form(addr, &sha256, Some(other), &params).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{other}");
    }

    // HMAC-SHA1 with the shared key, as the header says.
    let sha1 = key.compute_signature(SignatureAlgorithm::HmacSha1, url, &params);
    let (status, _) = post_form(addr, &sha1, Some("key=k,algorithm=HMAC_SHA1"), &params).await;
    assert_eq!(status, StatusCode::OK);

    // A changed parameter.
    let mut tampered = params.clone();
    tampered[5].1 = "8".to_owned();
    let (status, _) = post_form(addr, &sha256, Some(header), &tampered).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn json_extractor_accepts_sha256() {
    let addr = server().await;
    let body = r#"{"type":"com.twilio.voice.recording"}"#;
    let path = format!("/twilio/events?bodySHA256={}", body_sha256(body.as_bytes()));
    let url = format!("https://hooks.example.com{path}");
    let none: [(&str, &str); 0] = [];
    let signature =
        SharedKey::new(SECRET).compute_signature(SignatureAlgorithm::HmacSha256, &url, none);
    let send = |body: &'static str| {
        crate::common::http()
            .post(format!("http://{addr}{path}"))
            .header("X-Twilio-Signature", &signature)
            .header(SIGNATURE_SETTINGS_HEADER, "algorithm=HMAC_SHA256")
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let response = send(body).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "com.twilio.voice.recording");
    let response = send(r#"{"type":"forged"}"#).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
