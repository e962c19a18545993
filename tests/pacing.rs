//! In-process pacing: the per-sender rate measured over a burst, senders kept
//! apart, the maximum in flight, and a Redis that cannot be reached.

mod common;
mod fault_server;

use std::time::{Duration, Instant};

use common::{builder, fixture, TO};
use fault_server::{answer, Fault, FaultServer};
use twilio_typed::{Error, MessageSid, Pacing};

const OTHER_SENDER: &str = "+12025550111";

fn queued() -> Fault {
    answer(
        201,
        &[("content-type", "application/json")],
        &fixture("message_queued.json"),
    )
}

/// Arrival times of the requests whose form body contains `from`.
fn arrivals(server: &FaultServer, from: &str) -> Vec<Instant> {
    let needle = format!("From={}", from.replace('+', "%2B"));
    server
        .requests()
        .iter()
        .filter(|seen| seen.body.contains(&needle))
        .map(|seen| seen.at)
        .collect()
}

/// Arrival span of the requests whose form body contains `from`.
fn span_of(server: &FaultServer, from: &str) -> (usize, Duration) {
    let needle = format!("From={}", from.replace('+', "%2B"));
    let times: Vec<Instant> = server
        .requests()
        .iter()
        .filter(|seen| seen.body.contains(&needle))
        .map(|seen| seen.at)
        .collect();
    let first = times.iter().min().copied().unwrap();
    let last = times.iter().max().copied().unwrap();
    (times.len(), last - first)
}

#[tokio::test]
async fn a_burst_leaves_at_the_sender_rate() {
    // 5 per second, burst 1: 10 messages of one sender span at least 9 intervals.
    const RATE: u32 = 5;
    const EACH: usize = 10;
    let server = FaultServer::always(queued()).await;
    let client = builder(&server.base_url)
        .pacing(Pacing::new().per_sender(RATE))
        .build()
        .unwrap();
    let started = Instant::now();
    let sends = (0..EACH).flat_map(|_| {
        let c = client.clone();
        let d = client.clone();
        [
            tokio::spawn(async move { c.send_sms(TO, "alert").send().await }),
            tokio::spawn(async move { d.send_sms(TO, "alert").from(OTHER_SENDER).send().await }),
        ]
    });
    for send in sends.collect::<Vec<_>>() {
        send.await.unwrap().expect("sent");
    }
    let elapsed = started.elapsed();
    let interval = Duration::from_secs(1) / RATE;
    let lower = interval * (EACH as u32 - 1);
    for from in [common::FROM, OTHER_SENDER] {
        let (count, span) = span_of(&server, from);
        assert_eq!(count, EACH, "{from}");
        // Tolerance for timer granularity: 5% of the ideal span.
        assert!(span >= lower.mul_f64(0.95), "{from}: {span:?} < {lower:?}");
    }
    // The two senders are paced apart, not one after the other: their
    // arrivals interleave.
    let (a, b) = (
        arrivals(&server, common::FROM),
        arrivals(&server, OTHER_SENDER),
    );
    assert!(
        b.iter().min() < a.iter().max() && a.iter().min() < b.iter().max(),
        "senders should not wait for each other"
    );
    assert!(elapsed >= lower.mul_f64(0.95));
    assert_eq!(server.requests().len(), 2 * EACH, "each message sent once");
}

#[tokio::test]
async fn fetches_are_not_rate_paced() {
    let server = FaultServer::always(answer(
        200,
        &[("content-type", "application/json")],
        &fixture("message_delivered.json"),
    ))
    .await;
    let client = builder(&server.base_url)
        .pacing(Pacing::new().per_sender(1))
        .build()
        .unwrap();
    let sid: MessageSid = common::MESSAGE_SID.parse().unwrap();
    let started = Instant::now();
    for _ in 0..5 {
        client.fetch_message(&sid).await.expect("fetched");
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn at_most_max_in_flight_at_once() {
    let Fault::Raw(bytes) = queued() else {
        unreachable!()
    };
    let server = FaultServer::always(Fault::Slow(Duration::from_millis(300), bytes)).await;
    let client = builder(&server.base_url)
        .pacing(Pacing::new().max_in_flight(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let sends: Vec<_> = (0..6)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.send_sms(TO, "alert").send().await })
        })
        .collect();
    for send in sends {
        send.await.unwrap().expect("sent");
    }
    assert_eq!(server.requests().len(), 6);
    assert_eq!(server.max_concurrent(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(880),
        "three rounds of 300 ms"
    );
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn unreachable_redis_fails_before_sending() {
    let server = FaultServer::always(queued()).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = builder(&server.base_url)
        .pacing(
            Pacing::new()
                .per_sender(10)
                .shared_redis(format!("redis://:redis-pass-7@127.0.0.1:{port}/")),
        )
        .build()
        .unwrap();
    let err = client.send_sms(TO, "alert").send().await.unwrap_err();
    assert!(matches!(err, Error::Pacing { .. }), "{err:?}");
    assert!(!err.may_have_reached_twilio());
    assert!(!format!("{err} {err:?} {client:?}").contains("redis-pass-7"));
    assert_eq!(server.connections(), 0, "nothing sent");
}

#[test]
fn bad_pacing_settings_name_the_field() {
    let err = builder("http://127.0.0.1:9/")
        .pacing(Pacing::new().per_sender(0))
        .build()
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "pacing.per_sender",
            ..
        }
    ));
}
