//! Pacing shared through a real Redis: two clients (two processes, as far as
//! the rate knows) together stay within one per-sender rate.
#![cfg(feature = "redis")]

use std::time::{Duration, Instant};

use crate::common::{builder, fixture, TO};
use crate::fault_server::{answer, FaultServer};
use twilio_typed::{Pacing, TwilioClient};

fn redis_url() -> String {
    std::env::var("REDIS_URL")
        .expect("REDIS_URL must point at a running redis-server (e.g. redis://127.0.0.1:6379/)")
}

#[tokio::test]
#[ignore = "needs redis-server: start one and set REDIS_URL=redis://127.0.0.1:6379/"]
async fn two_clients_share_one_rate() {
    const RATE: u32 = 5;
    const EACH: usize = 8;
    // A sender of its own, so earlier runs' accounting cannot interfere.
    let from = format!("+1202555{:04}", std::process::id() % 10_000);
    let server = FaultServer::always(answer(
        201,
        &[("content-type", "application/json")],
        &fixture("message_queued.json"),
    ))
    .await;
    let make = || -> TwilioClient {
        builder(&server.base_url)
            .from_number(from.as_str())
            .pacing(Pacing::new().per_sender(RATE).shared_redis(redis_url()))
            .build()
            .unwrap()
    };
    let (a, b) = (make(), make());
    let started = Instant::now();
    let sends: Vec<_> = (0..EACH)
        .flat_map(|_| [a.clone(), b.clone()])
        .map(|c| tokio::spawn(async move { c.send_sms(TO, "alert").send().await }))
        .collect();
    for send in sends {
        send.await.unwrap().expect("sent");
    }
    let mut times: Vec<Instant> = server.requests().iter().map(|s| s.at).collect();
    times.sort();
    assert_eq!(times.len(), 2 * EACH, "each message sent once");
    let interval = Duration::from_secs(1) / RATE;
    // One shared rate reserves the k-th slot of the sender k intervals after
    // the first (on the Redis server's clock), whichever client asks, and a
    // client sends only once its slot has come; so the k-th arrival of the
    // two clients together is at least k intervals after `started`, however
    // late a request is delivered on a busy machine. Separate rates would let
    // two messages in per interval and fail at k = 1. The tolerance covers
    // the Redis server's clock against this process's.
    let tolerance = Duration::from_millis(5);
    for (k, at) in times.iter().enumerate() {
        let earliest = interval * k as u32;
        assert!(
            *at - started + tolerance >= earliest,
            "message {k} arrived after {:?}, before {earliest:?}",
            *at - started
        );
    }
}
