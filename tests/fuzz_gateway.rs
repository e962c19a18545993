//! Fuzzing (proptest, fixed case count): the example gateway's endpoints over
//! real HTTP (through `tests/server_support`), fed arbitrary JSON and bytes,
//! with a healthy mocked Twilio behind it. Every answer is a well-formed
//! response below 500 (the gateway's documented 5xx — 500 for a Twilio refusal,
//! 502/504 for a failed exchange, 503 when not configured — cannot happen here,
//! since Twilio is configured and accepts everything), errors are
//! `{"detail": ...}` JSON, and the gateway keeps serving.

#[macro_use]
#[path = "server_support/modules.rs"]
mod server_modules;
gateway_modules!();

mod server_support;

use std::sync::OnceLock;

use httpmock::prelude::*;
use proptest::prelude::*;
use serde_json::{Map, Value};
use server_support::*;
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
    let keys = ["to", "message", "voice", "twiml_url", "from"];
    // Mostly well-formed requests with arbitrary message text, so the sending
    // paths (and the answers built from Twilio's reply) are exercised too.
    let plausible = (
        "\\+1202555[0-9]{4}",
        "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{fffe}\u{ffff}]{1,120}",
        prop::option::of(prop::sample::select(vec!["alice", "man", "Polly.Joanna"])),
        "https://[a-z]{1,8}\\.example\\.com/[a-z]{1,8}\\.xml",
    )
        .prop_map(|(to, message, voice, url)| {
            let mut map = Map::new();
            map.insert("to".into(), Value::String(to));
            map.insert("message".into(), Value::String(message));
            if let Some(voice) = voice {
                map.insert("voice".into(), Value::String(voice.to_owned()));
            }
            map.insert("twiml_url".into(), Value::String(url));
            Value::Object(map)
        });
    prop_oneof![
        3 => plausible,
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

/// Sends one request; returns the status and checks the error shape.
async fn send(
    method: &str,
    path: &str,
    payload: Option<&Payload>,
    token: bool,
) -> Result<u16, String> {
    let gw = &harness().gateway;
    let mut request = match method {
        "GET" => gw.http.get(gw.at(path)),
        _ => gw.http.post(gw.at(path)),
    };
    if token {
        request = request.bearer_auth(API_TOKEN);
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
        path in prop::sample::select(vec!["/twilio/sms/send", "/twilio/voice/message", "/twilio/voice/call"]),
        payload in payload(),
        token in prop::bool::weighted(0.9),
    ) {
        let status = harness()
            .runtime
            .block_on(send("POST", path, Some(&payload), token))
            .map_err(TestCaseError::fail)?;
        if !token {
            prop_assert_eq!(status, 401);
        } else {
            prop_assert!([200, 201, 400, 413, 415, 422].contains(&status), "{}", status);
        }
    }

    #[test]
    fn status_and_twilio_facing_endpoints(
        sid in text(),
        payload in payload(),
        which in 0..4usize,
    ) {
        let encoded: String = url::form_urlencoded::byte_serialize(sid.as_bytes()).collect();
        let (method, path, body) = match which {
            0 => ("GET", format!("/twilio/status/{}", encoded.replace('+', "%20")), None),
            1 => ("POST", "/twilio/handle-input".to_owned(), Some(&payload)),
            2 => ("GET", format!("/twiml/voice.xml?x={encoded}"), None),
            _ => ("POST", "/twiml/voice.xml".to_owned(), Some(&payload)),
        };
        let status = harness()
            .runtime
            .block_on(send(method, &path, body, true))
            .map_err(TestCaseError::fail)?;
        if which == 1 {
            // Unsigned: refused before the handler.
            prop_assert!([403, 413].contains(&status), "{}", status);
        }
    }
}

#[test]
fn a_valid_send_goes_through_the_same_gateway() {
    // The properties above mostly see refusals; this shows the same gateway
    // accepts a good request, so they are not vacuous.
    let body = serde_json::json!({"to": TO, "message": "fuzz harness check"});
    let status = harness()
        .runtime
        .block_on(send(
            "POST",
            "/twilio/sms/send",
            Some(&Payload::Json(body)),
            true,
        ))
        .unwrap();
    assert_eq!(status, 200);
}
