//! Fuzzing (proptest, fixed case count): webhook validation and parsing of
//! arbitrary requests never panics; nothing unsigned is ever accepted; the
//! axum extractors answer every arbitrary request with 200, 400, 403 or 413.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use axum::Router;
use proptest::prelude::*;
use tower::ServiceExt;
use twilio_typed::webhook::{
    CallStatusCallback, FromParams, GatherPartialResult, GatherResult, IncomingMessage,
    MachineDetectionResult, MessageStatusCallback, Params, RecordingStatusCallback,
    RequestValidator, SharedKey, SignatureAlgorithm, TwilioJsonWebhook, TwilioWebhook,
    WebhookConfig, SIGNATURE_SETTINGS_HEADER,
};

const CASES: u32 = 256;
const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const SHARED: &str = "shared-key-secret";

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        "(https?|HTTP|ftp)://[a-zA-Z0-9.:\\[\\]@-]{0,20}(/[ -~]{0,12})?(\\?[ -~]{0,20})?(#.{0,4})?",
    ]
}

/// Names Twilio sends (so the payload readers reach their typed fields) and
/// arbitrary ones.
fn name() -> impl Strategy<Value = String> {
    let known = prop::sample::select(vec![
        "AccountSid",
        "CallSid",
        "MessageSid",
        "SmsMessageSid",
        "From",
        "To",
        "Body",
        "NumMedia",
        "MediaUrl0",
        "MediaContentType0",
        "MediaUrl1",
        "MessageStatus",
        "CallStatus",
        "Direction",
        "CallDuration",
        "SequenceNumber",
        "Timestamp",
        "Digits",
        "SpeechResult",
        "Confidence",
        "RecordingSid",
        "RecordingUrl",
        "RecordingStatus",
        "RecordingDuration",
        "RecordingChannels",
        "RecordingStartTime",
        "RecordingSource",
        "RecordingTrack",
        "ErrorCode",
        "AnsweredBy",
        "MachineDetectionDuration",
        "NumSegments",
        "MessagingServiceSid",
        "ParentCallSid",
        "StableSpeechResult",
        "UnstableSpeechResult",
    ]);
    prop_oneof![3 => known.prop_map(str::to_owned), 1 => any_text()]
}

/// Values that are sometimes well-formed for those names.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any_text(),
        1 => "(AC|CA|SM|MM|RE|MG)[0-9a-f]{32}",
        1 => "\\+1202555[0-9]{4}",
        1 => "[0-9]{1,3}",
        1 => "(queued|completed|in-progress|machine_start|human|1|2|0\\.[0-9]{1,4}|-1|NaN)",
        1 => Just("Tue, 01 Dec 2026 11:00:00 +0000".to_owned()),
        1 => Just("https://api.twilio.com/2010-04-01/x".to_owned()),
    ]
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((name(), value()), 0..24)
}

fn settings() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        any_text(),
        "(key=[a-z_0-9]{0,8},)?algorithm=(HMAC_SHA256|HMAC_SHA1|hmac_sha256|HMAC_SHA512|)",
    ])
}

fn validator() -> RequestValidator {
    RequestValidator::new(TOKEN).with_shared_key(SharedKey::new(SHARED))
}

/// Every payload reader, on the same parameters: none may panic.
fn read_all(params: &Params) {
    let _ = IncomingMessage::from_params(params.clone());
    let _ = MessageStatusCallback::from_params(params.clone());
    let _ = CallStatusCallback::from_params(params.clone());
    let _ = GatherResult::from_params(params.clone());
    let _ = GatherPartialResult::from_params(params.clone());
    let _ = RecordingStatusCallback::from_params(params.clone());
    let _ = MachineDetectionResult::from_params(params.clone());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_requests_are_never_accepted(
        url in any_text(),
        params in params(),
        signature in any_text(),
        settings in settings(),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let v = validator();
        // A random "signature" matching is a 2^-160 event: any Ok is a bug.
        prop_assert!(v.validate(&url, &params, &signature).is_err());
        prop_assert!(v.validate_with_settings(&url, &params, &signature, settings.as_deref()).is_err());
        prop_assert!(v.validate_body(&url, &body, &signature).is_err());
        prop_assert!(v.validate_body_with_settings(&url, &body, &signature, settings.as_deref()).is_err());
        // Computing never panics either.
        let _ = v.compute_signature(&url, &params);
        let _ = SharedKey::new(SHARED).compute_signature(SignatureAlgorithm::HmacSha256, &url, &params);
    }

    #[test]
    fn signed_arbitrary_parameters_are_accepted(
        host in "[a-z]{1,10}\\.(com|example)",
        path in "(/[a-zA-Z0-9._~%-]{0,10}){0,3}",
        params in params(),
        sha256 in any::<bool>(),
    ) {
        let url = format!("https://{host}{path}");
        let v = validator();
        if sha256 {
            let signature = SharedKey::new(SHARED).compute_signature(SignatureAlgorithm::HmacSha256, &url, &params);
            let header = Some("key=webhooks_sharedkey_x,algorithm=HMAC_SHA256");
            prop_assert!(v.validate_with_settings(&url, &params, &signature, header).is_ok());
            prop_assert!(v.validate(&url, &params, &signature).is_err());
        } else {
            let signature = v.compute_signature(&url, &params);
            prop_assert!(v.validate(&url, &params, &signature).is_ok());
            prop_assert!(v.validate_with_settings(&url, &params, &signature, None).is_ok());
        }
    }

    #[test]
    fn payload_readers_never_panic(params in params()) {
        let params: Params = params.into_iter().collect();
        read_all(&params);
    }

    #[test]
    fn forms_decode_and_re_encode(body in prop::collection::vec(any::<u8>(), 0..256)) {
        let params = Params::from_form(&body);
        read_all(&params);
        // Re-encoding then decoding gives the same pairs.
        prop_assert_eq!(Params::from_form(params.to_form().as_bytes()), params);
    }

    #[test]
    fn the_extractors_answer_every_request(
        path in prop::sample::select(vec!["/form", "/json"]),
        query in "(\\?[A-Za-z0-9=&%+._~-]{0,30})?",
        body in prop::collection::vec(any::<u8>(), 0..128),
        signature in prop::option::of("[ -~]{0,44}"),
        settings in settings(),
        form_like in any::<bool>(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let status = runtime.block_on(async {
            let query = query.replace(' ', "+");
            let mut request = Request::post(format!("{path}{query}"))
                .header("host", "hooks.example.com")
                .header(
                    "content-type",
                    if form_like { "application/x-www-form-urlencoded" } else { "application/json" },
                );
            if let Some(signature) = &signature {
                request = request.header("X-Twilio-Signature", signature.as_str());
            }
            if let Some(settings) = settings.as_deref().filter(|s| s.bytes().all(|b| (b' '..=b'~').contains(&b))) {
                request = request.header(SIGNATURE_SETTINGS_HEADER, settings);
            }
            let request = request.body(Body::from(body.clone())).unwrap();
            app().oneshot(request).await.unwrap().status()
        });
        // Unsigned input never reaches a handler.
        prop_assert!(
            [StatusCode::FORBIDDEN, StatusCode::PAYLOAD_TOO_LARGE].contains(&status),
            "{status}"
        );
    }
}

/// An inbound SMS, deliberately out of order.
const SMS: [(&str, &str); 8] = [
    ("ToCountry", "US"),
    ("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("NumMedia", "0"),
    ("Body", "Hello"),
    ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("MessageStatus", "received"),
    ("From", "+14155550199"),
    ("To", "+14155550100"),
];

/// `signed_arbitrary_parameters_are_accepted` signs and validates with the
/// same code; these signatures come from Python 3.11's standard library
/// instead, the signed string written out (the URL spelling twilio-python
/// signs, then the sorted parameters; `SMS` and `REPEATS` as in the test):
///
/// ```python
/// import base64, hashlib, hmac
/// def sig(key, signed, h):
///     return base64.b64encode(hmac.new(key.encode(), signed.encode(), h).digest()).decode()
/// def join(pairs):
///     return "".join(n + v for n, v in sorted(set(pairs)))
/// K, URL = "shared-key-secret", "https://hooks.example.com/twilio/sms?tenant=acme"
/// sig(K, URL + join(SMS), hashlib.sha256)                                   # b4zFMa0J...
/// sig(K, URL.replace(".com/", ".com:443/") + join(SMS), hashlib.sha256)     # FDj8/Jf3...
/// sig(K, URL + join(SMS), hashlib.sha1)                                     # aUx4w69j...
/// sig(K, "https://e.example/x" + join(REPEATS), hashlib.sha256)             # L1NrcWVM...
/// sig("0123456789abcdef0123456789abcdef", URL + join(SMS), hashlib.sha1)    # EeuxgpUX...
/// ```
#[test]
fn signatures_match_fixed_vectors() {
    let url = "https://hooks.example.com/twilio/sms?tenant=acme";
    let v = validator();
    let key = SharedKey::new(SHARED);
    let sha256 = Some("key=webhooks_sharedkey_x,algorithm=HMAC_SHA256");
    let verbatim = "b4zFMa0JLvfgvUD1GE64pKO88h07PChlV/FuM0rQDWQ=";
    assert_eq!(
        key.compute_signature(SignatureAlgorithm::HmacSha256, url, SMS),
        verbatim
    );
    assert!(v.validate_with_settings(url, SMS, verbatim, sha256).is_ok());
    let with_port = "FDj8/Jf3GgMoQtbjQZODPZ0cBERISE+rAgs/vhuLRFg=";
    assert!(v
        .validate_with_settings(url, SMS, with_port, sha256)
        .is_ok());
    assert!(v
        .validate_with_settings(url, &SMS[1..], with_port, sha256)
        .is_err());

    let sha1 = "aUx4w69jv5ARF991AZLilL9a2KQ=";
    assert_eq!(
        key.compute_signature(SignatureAlgorithm::HmacSha1, url, SMS),
        sha1
    );
    assert!(v
        .validate_with_settings(url, SMS, sha1, Some("algorithm=HMAC_SHA1"))
        .is_ok());
    assert!(v.validate(url, SMS, sha1).is_err());

    let repeats = [
        ("To", "b"),
        ("To", "a"),
        ("To", "a"),
        ("\u{e9}", "1"),
        ("A", ""),
        ("", "x"),
    ];
    assert_eq!(
        key.compute_signature(
            SignatureAlgorithm::HmacSha256,
            "https://e.example/x",
            repeats
        ),
        "L1NrcWVM5CT26idiWOQWaoeil/ayf1TNYqQ0txNBM1M="
    );

    let token = "EeuxgpUXlY+hGpikLp9mXHCBUdo=";
    assert_eq!(v.compute_signature(url, SMS), token);
    assert!(v.validate(url, SMS, token).is_ok());
    assert!(v.validate_with_settings(url, SMS, token, sha256).is_err());
}

async fn form(TwilioWebhook(_): TwilioWebhook<RecordingStatusCallback>) -> StatusCode {
    StatusCode::OK
}

async fn json(TwilioJsonWebhook(_): TwilioJsonWebhook<serde_json::Value>) -> StatusCode {
    StatusCode::OK
}

fn app() -> Router {
    let config = WebhookConfig::new(TOKEN).shared_key(SharedKey::new(SHARED));
    Router::new()
        .route("/form", post(form))
        .route("/json", post(json))
        .with_state(config)
}

#[tokio::test]
async fn a_signed_request_through_the_same_app_is_accepted() {
    // The extractor property above only sees unsigned requests; this checks
    // the same app does accept a genuine one, so the 403s are not vacuous.
    let params = [
        ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("RecordingSid", "RE0123456789abcdef0123456789abcdef"),
        ("RecordingUrl", "https://api.twilio.com/2010-04-01/r"),
        ("RecordingStatus", "absent"),
    ];
    let signature = SharedKey::new(SHARED).compute_signature(
        SignatureAlgorithm::HmacSha256,
        "http://hooks.example.com/form",
        params,
    );
    let body = Params::from_iter(params).to_form();
    let request = Request::post("/form")
        .header("host", "hooks.example.com")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .header(SIGNATURE_SETTINGS_HEADER, "algorithm=HMAC_SHA256")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(
        app().oneshot(request).await.unwrap().status(),
        StatusCode::OK
    );
}
