//! `Idempotency-Key` on the sending endpoints, over real HTTP: replay,
//! conflict, in-flight and freed keys, in memory and on Redis; two gateway
//! instances on one Redis send once.
//!
//! The Redis tests need a server: `redis-server --port 6390 --save '' --daemonize yes`
//! and `REDIS_URL=redis://127.0.0.1:6390/ cargo test -p twilio-gateway
//! --all-features -- idempotency --include-ignored`. Without `REDIS_URL` they fail.

use std::time::Duration;

use crate::support::*;
use httpmock::prelude::*;
use serde_json::json;

const SEND: &str = "/twilio/sms/send";

/// The memory store (no variables), or Redis with a prefix of its own.
fn memory() -> Vec<(String, String)> {
    Vec::new()
}

fn on_redis(name: &str) -> Vec<(String, String)> {
    vec![
        ("REDIS_URL".to_owned(), redis_url()),
        (
            "REDIS_KEY_PREFIX".to_owned(),
            format!("{}:", unique_key(name)),
        ),
        ("RATE_LIMIT_PER_MINUTE".to_owned(), "1000".to_owned()),
    ]
}

async fn start(vars: &[(String, String)]) -> Gateway {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Gateway::start(&vars).await
}

async fn mock_sms(gw: &Gateway, delay: Duration) -> httpmock::Mock<'_> {
    gw.twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(201)
                .header("content-type", "application/json")
                .delay(delay)
                .body(fixture("message_queued.json"));
        })
        .await
}

async fn replays_the_first_answer(vars: Vec<(String, String)>) {
    let gw = start(&vars).await;
    let mock = mock_sms(&gw, Duration::ZERO).await;
    let key = unique_key("replay");
    let first = gw
        .post_keyed(SEND, &key, json!({"to": TO, "message": "Hello"}))
        .await;
    assert!(first.headers().get("idempotent-replayed").is_none());
    let (status, body) = json(first).await;
    assert_eq!((status, &body["sid"]), (200, &json!(MESSAGE_SID)));
    // The same JSON, keys in another order and spaced otherwise.
    let again = gw
        .http
        .post(gw.at(SEND))
        .header("idempotency-key", &key)
        .header("content-type", "application/json")
        .body(r#"{ "message": "Hello",   "to": "+12025551234" }"#)
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json(again).await, (status, body));
    assert_eq!(
        mock.calls_async().await,
        1,
        "the repeat never reached Twilio"
    );
    let metrics = gw.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("gateway_idempotent_replays_total 1"),
        "{metrics}"
    );
}

async fn another_body_is_422(vars: Vec<(String, String)>) {
    let gw = start(&vars).await;
    let mock = mock_sms(&gw, Duration::ZERO).await;
    let key = unique_key("mismatch");
    let r = gw
        .post_keyed(SEND, &key, json!({"to": TO, "message": "Hello"}))
        .await;
    assert_eq!(r.status(), 200);
    let r = gw
        .post_keyed(SEND, &key, json!({"to": TO, "message": "Goodbye"}))
        .await;
    expect_error(r, 422, &["Idempotency-Key", "different request"]).await;
    // Same body on another sending route: also another request.
    let r = gw
        .post_keyed(
            "/twilio/voice/message",
            &key,
            json!({"to": TO, "message": "Hello"}),
        )
        .await;
    expect_error(r, 422, &["different request"]).await;
    assert_eq!(mock.calls_async().await, 1);
}

async fn a_repeat_in_flight_is_409(vars: Vec<(String, String)>) {
    let gw = start(&vars).await;
    let mock = mock_sms(&gw, Duration::from_millis(800)).await;
    let key = unique_key("in-flight");
    let body = json!({"to": TO, "message": "Hello"});
    let first = gw.post_keyed(SEND, &key, body.clone());
    let second = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        gw.post_keyed(SEND, &key, body.clone()).await
    };
    let (first, second) = tokio::join!(first, second);
    expect_error(second, 409, &["still in progress"]).await;
    let (status, answer) = json(first).await;
    assert_eq!(status, 200);
    let third = gw.post_keyed(SEND, &key, body).await;
    assert_eq!(json(third).await, (200, answer));
    assert_eq!(mock.calls_async().await, 1);
}

async fn nothing_sent_frees_the_key(vars: Vec<(String, String)>) {
    let gw = start(&vars).await;
    let key = unique_key("freed");
    // Refused by the gateway: Twilio never sees it.
    let r = gw
        .post_keyed(SEND, &key, json!({"to": "12", "message": "Hello"}))
        .await;
    expect_error(r, 400, &["invalid to"]).await;
    // Refused by Twilio: nothing was sent either.
    let refusal = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(400)
                .header("content-type", "application/json")
                .body(fixture("error_21211.json"));
        })
        .await;
    let body = json!({"to": TO, "message": "Hello"});
    let r = gw.post_keyed(SEND, &key, body.clone()).await;
    expect_error(r, 400, &["not a valid phone number"]).await;
    refusal.delete_async().await;
    let mock = mock_sms(&gw, Duration::ZERO).await;
    let r = gw.post_keyed(SEND, &key, body).await;
    assert_eq!(json(r).await.0, 200);
    assert_eq!(mock.calls_async().await, 1);
}

async fn an_unknown_outcome_is_kept(vars: Vec<(String, String)>) {
    let gw = start(&vars).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Calls.json"));
            then.status(500).body("oops");
        })
        .await;
    let key = unique_key("unknown");
    let body = json!({"to": TO, "message": "Hello"});
    for _ in 0..2 {
        let r = gw
            .post_keyed("/twilio/voice/message", &key, body.clone())
            .await;
        expect_error(
            r,
            502,
            &["may have been sent; check status before retrying"],
        )
        .await;
    }
    assert_eq!(mock.calls_async().await, 1, "never a second call");
}

// ---------------------------------------------------------------- memory

#[tokio::test]
async fn memory_replays_the_first_answer() {
    replays_the_first_answer(memory()).await;
}

#[tokio::test]
async fn memory_another_body_is_422() {
    another_body_is_422(memory()).await;
}

#[tokio::test]
async fn memory_a_repeat_in_flight_is_409() {
    a_repeat_in_flight_is_409(memory()).await;
}

#[tokio::test]
async fn memory_nothing_sent_frees_the_key() {
    nothing_sent_frees_the_key(memory()).await;
}

#[tokio::test]
async fn memory_an_unknown_outcome_is_kept() {
    an_unknown_outcome_is_kept(memory()).await;
}

#[tokio::test]
async fn malformed_keys_are_400_and_no_key_means_no_replay() {
    let gw = Gateway::start(&[]).await;
    let mock = mock_sms(&gw, Duration::ZERO).await;
    let body = json!({"to": TO, "message": "Hello"});
    for bad in ["x".repeat(256), "with space".to_owned(), "é".to_owned()] {
        let r = gw
            .http
            .post(gw.at(SEND))
            .header("idempotency-key", bad.as_bytes())
            .json(&body)
            .send()
            .await
            .unwrap();
        expect_error(r, 400, &["invalid Idempotency-Key"]).await;
    }
    // Without a key, every request is sent: the caller chose no protection.
    for _ in 0..2 {
        assert_eq!(json(gw.post_json(SEND, body.clone()).await).await.0, 200);
    }
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn the_memory_store_forgets_keys_after_their_ttl() {
    use twilio_gateway::idempotency::memory::MemoryStore;
    use twilio_gateway::idempotency::{Claim, IdempotencyStore as _, Kept};
    let store = MemoryStore::with_ttl(Duration::from_millis(50));
    assert_eq!(store.claim("k", "f").await.unwrap(), Claim::Claimed);
    assert_eq!(store.claim("k", "f").await.unwrap(), Claim::InFlight);
    let kept = Kept {
        fingerprint: "f".to_owned(),
        status: 200,
        body: "{}".to_owned(),
    };
    store.complete("k", &kept).await.unwrap();
    assert_eq!(store.claim("k", "f").await.unwrap(), Claim::Replay(kept));
    assert_eq!(store.claim("k", "g").await.unwrap(), Claim::Mismatch);
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(store.claim("k", "g").await.unwrap(), Claim::Claimed);
}

// ---------------------------------------------------------------- Redis

#[tokio::test]
#[ignore = "needs redis-server: set REDIS_URL"]
async fn redis_replays_the_first_answer() {
    replays_the_first_answer(on_redis("replay")).await;
}

#[tokio::test]
#[ignore = "needs redis-server: set REDIS_URL"]
async fn redis_another_body_is_422() {
    another_body_is_422(on_redis("mismatch")).await;
}

#[tokio::test]
#[ignore = "needs redis-server: set REDIS_URL"]
async fn redis_a_repeat_in_flight_is_409() {
    a_repeat_in_flight_is_409(on_redis("in-flight")).await;
}

#[tokio::test]
#[ignore = "needs redis-server: set REDIS_URL"]
async fn redis_nothing_sent_frees_the_key() {
    nothing_sent_frees_the_key(on_redis("freed")).await;
}

#[tokio::test]
#[ignore = "needs redis-server: set REDIS_URL"]
async fn redis_an_unknown_outcome_is_kept() {
    an_unknown_outcome_is_kept(on_redis("unknown")).await;
}

#[tokio::test]
#[ignore = "needs redis-server: set REDIS_URL"]
async fn two_instances_on_one_redis_send_once() {
    let vars = on_redis("two-instances");
    let a = start(&vars).await;
    let mock = mock_sms(&a, Duration::from_millis(300)).await;
    // Instance B talks to the same Twilio.
    let mut b_vars = vars.clone();
    b_vars.push(("TWILIO_BASE_URL".to_owned(), a.twilio.base_url()));
    let b = start(&b_vars).await;
    let key = unique_key("two");
    let body = json!({"to": TO, "message": "Hello"});

    // At the same time: one sends, the other is told it is in flight.
    let (ra, rb) = tokio::join!(
        a.post_keyed(SEND, &key, body.clone()),
        b.post_keyed(SEND, &key, body.clone())
    );
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    // Afterwards, either instance replays the one answer.
    for gw in [&a, &b] {
        let r = gw.post_keyed(SEND, &key, body.clone()).await;
        assert_eq!(r.headers()["idempotent-replayed"], "true");
        let (status, answer) = json(r).await;
        assert_eq!((status, &answer["sid"]), (200, &json!(MESSAGE_SID)));
    }
    assert_eq!(mock.calls_async().await, 1, "exactly one Twilio request");
}

#[tokio::test]
#[ignore = "needs redis-server: set REDIS_URL"]
async fn two_instances_on_one_redis_share_the_rate_limit() {
    let mut vars = on_redis("shared-rate");
    vars.retain(|(k, _)| k != "RATE_LIMIT_PER_MINUTE");
    vars.push(("RATE_LIMIT_PER_MINUTE".to_owned(), "2".to_owned()));
    // The window is the clock minute: start well inside one.
    let second = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60;
    if second > 50 {
        tokio::time::sleep(Duration::from_secs(61 - second)).await;
    }
    let a = start(&vars).await;
    let mock = mock_sms(&a, Duration::ZERO).await;
    let mut b_vars = vars.clone();
    b_vars.push(("TWILIO_BASE_URL".to_owned(), a.twilio.base_url()));
    let b = start(&b_vars).await;
    let body = json!({"to": TO, "message": "Hello"});
    assert_eq!(a.post_json(SEND, body.clone()).await.status(), 200);
    assert_eq!(b.post_json(SEND, body.clone()).await.status(), 200);
    let r = a.post_json(SEND, body.clone()).await;
    assert!(r.headers().contains_key("retry-after"));
    expect_error(r, 429, &["rate limit exceeded"]).await;
    let r = b.post_json(SEND, body).await;
    expect_error(r, 429, &["rate limit exceeded"]).await;
    assert_eq!(mock.calls_async().await, 2);
}
