//! Fuzzing (proptest, fixed case count): Twilio JSON into the models —
//! arbitrary JSON, mutations of real responses and arbitrary bytes — never
//! panics, directly and through the client (whose answer is then `Ok` or a
//! typed error, with the status kept).

use crate::common;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use proptest::prelude::*;
use serde_json::{Map, Value};
use tokio::runtime::Runtime;
use twilio_typed::{Call, Error, Message, MessageStatus, Page, TwilioClient};

const CASES: u32 = 256;

fn fixtures() -> Vec<(&'static str, Value)> {
    [
        "message_delivered.json",
        "message_queued.json",
        "message_future_status.json",
        "call_completed.json",
        "call_queued.json",
        "list_messages_page0.json",
        "list_messages_page1.json",
        "list_calls_page0.json",
        "error_21211.json",
    ]
    .into_iter()
    .map(|name| {
        (
            name,
            serde_json::from_str(&common::fixture(name)).expect("fixture JSON"),
        )
    })
    .collect()
}

/// Arbitrary JSON, nested a few levels.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[0-9]{1,12}".prop_map(Value::String),
        "(SM|MM|CA|AC|MG)[0-9a-f]{32}".prop_map(Value::String),
        "\\+[0-9]{1,16}".prop_map(Value::String),
        Just(Value::String("Thu, 30 Jul 2015 20:12:31 +0000".into())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One change to a JSON document, at a position chosen by `pick`.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Add(String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        any::<usize>().prop_map(Mutation::Remove),
        ("[a-z_]{1,16}", json()).prop_map(|(k, v)| Mutation::Add(k, v)),
    ]
}

/// Every object in the document (depth first), as paths of keys/indices.
fn objects(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            out.push(path.clone());
            for (k, v) in map {
                path.push(Step::Key(k.clone()));
                objects(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                objects(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

fn apply(doc: &mut Value, mutations: &[Mutation]) {
    for m in mutations {
        let mut paths = Vec::new();
        objects(doc, &mut Vec::new(), &mut paths);
        let Some(path) = paths.first().cloned() else {
            return;
        };
        let pick = |i: usize| paths[i % paths.len()].clone();
        match m {
            Mutation::Replace(i, _) | Mutation::Remove(i) => {
                let path = pick(*i);
                let Value::Object(map) = at(doc, &path) else {
                    continue;
                };
                if map.is_empty() {
                    continue;
                }
                let key = map
                    .keys()
                    .nth(i / paths.len() % map.len())
                    .cloned()
                    .unwrap_or_default();
                if let Mutation::Replace(_, v) = m {
                    map.insert(key, v.clone());
                } else {
                    map.remove(&key);
                }
            }
            Mutation::Add(k, v) => {
                if let Value::Object(map) = at(doc, &path) {
                    map.insert(k.clone(), v.clone());
                }
            }
        }
    }
}

fn decode_all(bytes: &[u8]) {
    let _ = serde_json::from_slice::<Message>(bytes);
    let _ = serde_json::from_slice::<Call>(bytes);
    let _ = serde_json::from_slice::<Page<Message>>(bytes);
    let _ = serde_json::from_slice::<Page<Call>>(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        decode_all(&serde_json::to_vec(&value).unwrap());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_all(&bytes);
    }

    #[test]
    fn mutated_responses_never_panic(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let fixtures = fixtures();
        let (_, original) = which.get(&fixtures);
        let mut doc = original.clone();
        apply(&mut doc, &mutations);
        let bytes = serde_json::to_vec(&doc).unwrap();
        decode_all(&bytes);
        // A truncated body too.
        decode_all(&bytes[..cut.index(bytes.len() + 1)]);
    }

    #[test]
    fn new_fields_and_statuses_do_not_break_decoding(
        extra in prop::collection::btree_map("[a-z_]{1,16}", json(), 0..4),
        status in "[a-z][a-z-]{0,15}",
    ) {
        // What Twilio may add later: fields, and status values.
        let mut doc: Value = serde_json::from_str(&common::fixture("message_delivered.json")).unwrap();
        let Value::Object(map) = &mut doc else { unreachable!() };
        for (k, v) in extra {
            if !map.contains_key(&k) {
                map.insert(k, v);
            }
        }
        map.insert("status".into(), Value::String(status.clone()));
        let message: Message = serde_json::from_value(doc)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(message.status.as_str(), status.as_str());
        if !matches!(message.status, MessageStatus::Unknown(_)) {
            prop_assert_eq!(message.status.to_string(), status);
        }
    }

    #[test]
    fn the_client_survives_any_answer(
        status in prop::sample::select(vec![200u16, 201, 204, 400, 401, 404, 500, 503]),
        body in prop_oneof![
            json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
            prop::collection::vec(any::<u8>(), 0..256),
            (any::<prop::sample::Index>(), prop::collection::vec(mutation(), 1..3)).prop_map(|(i, m)| {
                let fixtures = fixtures();
                let mut doc = i.get(&fixtures).1.clone();
                apply(&mut doc, &m);
                serde_json::to_vec(&doc).unwrap()
            }),
        ],
    ) {
        let (runtime, answer, client) = harness();
        *answer.lock().unwrap() = (status, body);
        let message_sid = common::MESSAGE_SID.parse().unwrap();
        let call_sid = common::CALL_SID.parse().unwrap();
        let results: Vec<Result<(), Error>> = runtime.block_on(async {
            vec![
                client.fetch_message(&message_sid).await.map(drop),
                client.fetch_call(&call_sid).await.map(drop),
                client.list_messages().send().await.map(drop),
                client.list_calls().send().await.map(drop),
            ]
        });
        for result in results {
            match result {
                Ok(()) => prop_assert!((200..300).contains(&status)),
                Err(e) => {
                    // Whatever the body, the token never shows in the error.
                    let shown = format!("{e} {e:?}");
                    prop_assert!(!shown.contains(common::AUTH_TOKEN), "{}", shown);
                    if status >= 400 {
                        prop_assert_eq!(e.status(), Some(status), "{}", e);
                    }
                }
            }
        }
    }
}

type Answer = Arc<Mutex<(u16, Vec<u8>)>>;

/// One runtime, one fake Twilio answering whatever `Answer` holds, one client
/// (no retries), shared by every case.
fn harness() -> &'static (Runtime, Answer, TwilioClient) {
    static HARNESS: OnceLock<(Runtime, Answer, TwilioClient)> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let answer: Answer = Arc::new(Mutex::new((200, Vec::new())));
        let shared = answer.clone();
        let addr: SocketAddr = runtime.block_on(async move {
            let app = Router::new().fallback(get(move || {
                let shared = shared.clone();
                async move {
                    let (status, body) = shared.lock().unwrap().clone();
                    (
                        StatusCode::from_u16(status).unwrap(),
                        [("content-type", "application/json")],
                        body,
                    )
                        .into_response()
                }
            }));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            addr
        });
        let client = common::builder(&format!("http://{addr}")).build().unwrap();
        (runtime, answer, client)
    })
}
