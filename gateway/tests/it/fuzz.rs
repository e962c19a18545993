//! Fuzzing (proptest, fixed case count): the gateway's endpoints over
//! real HTTP (through `support`) — sending (with arbitrary
//! `Idempotency-Key`s), status, steering (update, hang up, cancel), metrics,
//! TwiML and the Twilio-facing webhooks — fed arbitrary JSON, bytes and SIDs,
//! with a healthy mocked Twilio behind it. Every answer is a well-formed
//! response below 500 (the gateway's documented 5xx — 500 for a Twilio refusal,
//! 502/504 for a failed exchange, 503 when not configured — cannot happen here,
//! since Twilio is configured and accepts everything), errors are
//! `{"detail": ...}` JSON, and the gateway keeps serving.

use std::sync::OnceLock;

use crate::support::*;
use httpmock::prelude::*;
use proptest::prelude::*;
use serde_json::{Map, Value};
use tokio::runtime::Runtime;

const CASES: u32 = 192;

struct Harness {
    runtime: Runtime,
    gateway: Gateway,
}

/// One runtime and one gateway (token auth on, rate limit out of the way)
/// in front of an httpmock Twilio that accepts every create and fetch.
fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let gateway = runtime.block_on(async {
            let gw = Gateway::start(&[
                ("GATEWAY_API_TOKEN", API_TOKEN),
                ("RATE_LIMIT_PER_MINUTE", "1000000"),
            ])
            .await;
            let messages = account_path("Messages.json");
            let calls = account_path("Calls.json");
            gw.twilio
                .mock_async(|when, then| {
                    when.method(POST).path(messages.as_str());
                    then.status(201)
                        .header("content-type", "application/json")
                        .body(fixture("message_queued.json"));
                })
                .await;
            gw.twilio
                .mock_async(|when, then| {
                    when.method(POST).path(calls.as_str());
                    then.status(201)
                        .header("content-type", "application/json")
                        .body(fixture("call_queued.json"));
                })
                .await;
            gw.twilio
                .mock_async(|when, then| {
                    when.method(GET)
                        .path_matches(r"/Messages/(SM|MM)[0-9a-fA-F]{32}\.json$");
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(fixture("message_delivered.json"));
                })
                .await;
            // Steering: updating a call, canceling a message.
            gw.twilio
                .mock_async(|when, then| {
                    when.method(POST)
                        .path_matches(r"/Calls/CA[0-9a-fA-F]{32}\.json$");
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(fixture("call_completed.json"));
                })
                .await;
            gw.twilio
                .mock_async(|when, then| {
                    when.method(POST)
                        .path_matches(r"/Messages/(SM|MM)[0-9a-fA-F]{32}\.json$");
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(fixture("message_queued.json"));
                })
                .await;
            gw.twilio
                .mock_async(|when, then| {
                    when.method(GET)
                        .path_matches(r"/Calls/CA[0-9a-fA-F]{32}\.json$");
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(fixture("call_completed.json"));
                })
                .await;
            gw
        });
        Harness { runtime, gateway }
    })
}

/// Strings, often of the shapes the endpoints accept.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "\\+1202555[0-9]{4}",
        1 => "(alice|man|woman|Polly\\.Joanna|Google\\.en-US-Standard-C|Polly\\.)",
        1 => "https://[a-z]{1,8}\\.example\\.com/[a-z]{0,8}\\.xml",
        1 => "(SM|MM|CA)[0-9a-f]{32}",
        1 => prop::collection::vec(any::<char>(), 1500..1700).prop_map(|c| c.into_iter().collect()),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An object with the endpoints' field names (each present or not) and
/// arbitrary values, or any JSON at all.
fn body() -> impl Strategy<Value = Value> {
    let field = prop_oneof![3 => text().prop_map(Value::String), 1 => json()];
    let keys = [
        "to",
        "message",
        "voice",
        "twiml_url",
        "from",
        "audio_url",
        "loop_count",
        "status",
    ];
    // Mostly well-formed requests with arbitrary message text, so the sending
    // and steering paths (and the answers built from Twilio's reply) are
    // exercised too.
    let plausible = (
        "\\+1202555[0-9]{4}",
        "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{fffe}\u{ffff}]{1,120}",
        prop::option::of(prop::sample::select(vec!["alice", "man", "Polly.Joanna"])),
        "https://[a-z]{1,8}\\.example\\.com/[a-z]{1,8}",
        prop::option::of(prop::sample::select(vec!["completed", "canceled", "busy"])),
    )
        .prop_map(|(to, message, voice, url, status)| {
            let mut map = Map::new();
            map.insert("to".into(), Value::String(to));
            map.insert("message".into(), Value::String(message));
            if let Some(voice) = voice {
                map.insert("voice".into(), Value::String(voice.to_owned()));
            }
            map.insert("twiml_url".into(), Value::String(format!("{url}.xml")));
            map.insert("audio_url".into(), Value::String(format!("{url}.mp3")));
            if let Some(status) = status {
                map.insert("status".into(), Value::String(status.to_owned()));
            }
            Value::Object(map)
        });
    // One action, as steering a live call takes it.
    let steer = prop_oneof![
        "[a-zA-Z ,.!?]{1,80}".prop_map(|m| serde_json::json!({"message": m})),
        "https://[a-z]{1,8}\\.example\\.com/[a-z]{1,8}\\.xml"
            .prop_map(|u| serde_json::json!({"twiml_url": u})),
        prop::sample::select(vec!["completed", "canceled", "ringing"])
            .prop_map(|s| serde_json::json!({"status": s})),
    ];
    prop_oneof![
        3 => plausible,
        1 => steer,
        4 => prop::collection::vec(prop::option::of(field), keys.len()).prop_map(move |values| {
            let map: Map<String, Value> = keys
                .iter()
                .zip(values)
                .filter_map(|(k, v)| v.map(|v| ((*k).to_owned(), v)))
                .collect();
            Value::Object(map)
        }),
        1 => json(),
    ]
}

#[derive(Debug, Clone)]
enum Payload {
    Json(Value),
    Bytes(Vec<u8>, &'static str),
}

fn payload() -> impl Strategy<Value = Payload> {
    prop_oneof![
        4 => body().prop_map(Payload::Json),
        1 => (
            prop::collection::vec(any::<u8>(), 0..256),
            prop::sample::select(vec!["application/json", "text/plain", "application/x-www-form-urlencoded", ""]),
        )
            .prop_map(|(b, t)| Payload::Bytes(b, t)),
    ]
}

/// One request to the gateway.
struct Call<'a> {
    method: &'a str,
    path: &'a str,
    payload: Option<&'a Payload>,
    token: bool,
    idempotency_key: Option<&'a str>,
}

/// Sends one request; returns the status and checks the error shape.
async fn send(call: Call<'_>) -> Result<u16, String> {
    let Call {
        method,
        path,
        payload,
        token,
        idempotency_key,
    } = call;
    let gw = &harness().gateway;
    let mut request = match method {
        "GET" => gw.http.get(gw.at(path)),
        _ => gw.http.post(gw.at(path)),
    };
    if token {
        request = request.bearer_auth(API_TOKEN);
    }
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    match payload {
        Some(Payload::Json(v)) => request = request.json(v),
        Some(Payload::Bytes(b, t)) => {
            if !t.is_empty() {
                request = request.header("content-type", *t);
            }
            request = request.body(b.clone());
        }
        None => {}
    }
    let response = request.send().await.map_err(|e| format!("{path}: {e}"))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.map_err(|e| e.to_string())?;
    if status >= 500 {
        return Err(format!("{method} {path} answered {status}: {text}"));
    }
    if status >= 400 && content_type.starts_with("application/json") {
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
        if !value["detail"].is_string() {
            return Err(format!("{path} {status} without a detail: {text}"));
        }
    }
    Ok(status)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn sending_endpoints(
        path in prop::sample::select(vec![
            "/twilio/sms/send", "/twilio/voice/message", "/twilio/voice/call", "/twilio/voice/play",
        ]),
        payload in payload(),
        token in prop::bool::weighted(0.9),
        key in prop::option::of("[!-~]{1,80}"),
    ) {
        let call = Call {
            method: "POST",
            path,
            payload: Some(&payload),
            token,
            idempotency_key: key.as_deref(),
        };
        let status = harness().runtime.block_on(send(call)).map_err(TestCaseError::fail)?;
        if !token {
            prop_assert_eq!(status, 401);
        } else {
            prop_assert!([200, 201, 400, 409, 413, 415, 422].contains(&status), "{}", status);
        }
    }

    #[test]
    fn other_endpoints(
        sid in text(),
        payload in payload(),
        which in 0..10usize,
        real_sid in any::<bool>(),
    ) {
        // Half the time a well-formed SID of the right kind, so the steering
        // handlers get past their SID check.
        let sid = match (real_sid, which) {
            (true, 8) => MESSAGE_SID.to_owned(),
            (true, 0 | 6 | 7) => CALL_SID.to_owned(),
            _ => sid,
        };
        let encoded: String = url::form_urlencoded::byte_serialize(sid.as_bytes()).collect();
        let segment = encoded.replace('+', "%20");
        let (method, path, body) = match which {
            0 => ("GET", format!("/twilio/status/{segment}"), None),
            1 => ("POST", "/twilio/handle-input".to_owned(), Some(&payload)),
            2 => ("POST", "/twilio/sms/incoming".to_owned(), Some(&payload)),
            3 => ("POST", "/twilio/status-callback".to_owned(), Some(&payload)),
            4 => ("GET", format!("/twiml/voice.xml?x={encoded}"), None),
            5 => ("POST", "/twiml/voice.xml".to_owned(), Some(&payload)),
            6 => ("POST", format!("/twilio/calls/{segment}/update"), Some(&payload)),
            7 => ("POST", format!("/twilio/calls/{segment}/hangup"), Some(&payload)),
            8 => ("POST", format!("/twilio/messages/{segment}/cancel"), Some(&payload)),
            _ => ("GET", "/metrics".to_owned(), None),
        };
        let call = Call { method, path: &path, payload: body, token: true, idempotency_key: None };
        let status = harness().runtime.block_on(send(call)).map_err(TestCaseError::fail)?;
        if (1..=3).contains(&which) {
            // Twilio-facing and unsigned: refused before the handler.
            prop_assert!([403, 413].contains(&status), "{} {}", path, status);
        }
    }
}

#[test]
fn valid_requests_go_through_the_same_gateway() {
    // The properties above mostly see refusals; this shows the same gateway
    // accepts good requests, so they are not vacuous.
    let sms = Payload::Json(serde_json::json!({"to": TO, "message": "fuzz harness check"}));
    let hang_up = Payload::Json(serde_json::json!({}));
    let cases = [
        ("/twilio/sms/send".to_owned(), &sms),
        (format!("/twilio/calls/{CALL_SID}/hangup"), &hang_up),
    ];
    for (path, payload) in cases {
        let call = Call {
            method: "POST",
            path: &path,
            payload: Some(payload),
            token: true,
            idempotency_key: None,
        };
        let status = harness().runtime.block_on(send(call)).unwrap();
        assert_eq!(status, 200, "{path}");
    }
}
