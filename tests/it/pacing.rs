//! In-process pacing: the per-sender rate measured over a burst, senders kept
//! apart, the maximum in flight, and a Redis that cannot be reached.

use crate::common;
use std::time::{Duration, Instant};

use crate::common::{builder, fixture, TO};
use crate::fault_server::{answer, Fault, FaultServer};
use twilio_typed::{Error, MessageSid, Pacing};

const OTHER_SENDER: &str = "+12025550111";

fn queued() -> Fault {
    answer(
        201,
        &[("content-type", "application/json")],
        &fixture("message_queued.json"),
    )
}

/// Arrival times of the requests whose form body contains `from`, in order.
fn arrivals(server: &FaultServer, from: &str) -> Vec<Instant> {
    let needle = format!("From={}", from.replace('+', "%2B"));
    let mut times: Vec<Instant> = server
        .requests()
        .iter()
        .filter(|seen| seen.body.contains(&needle))
        .map(|seen| seen.at)
        .collect();
    times.sort();
    times
}

#[tokio::test]
async fn a_burst_leaves_at_the_sender_rate() {
    // 5 per second, burst 1: the k-th message of a sender leaves k intervals
    // after the first, at the earliest.
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
    let interval = Duration::from_secs(1) / RATE;
    // The limiter hands out a sender's k-th slot no earlier than k intervals
    // after its first, and the first comes after `started`; a request only
    // reaches the server after its slot. So the k-th arrival is at least k
    // intervals after `started`, however late any request was delivered.
    // (Measuring from the first arrival instead would let a slow first
    // delivery on a loaded machine shrink the span.) The tolerance covers
    // the limiter's clock (quanta) against std's.
    let tolerance = Duration::from_millis(5);
    for from in [common::FROM, OTHER_SENDER] {
        let times = arrivals(&server, from);
        assert_eq!(times.len(), EACH, "{from}");
        for (k, at) in times.iter().enumerate() {
            let earliest = interval * k as u32;
            assert!(
                *at - started + tolerance >= earliest,
                "{from}: message {k} arrived after {:?}, before {earliest:?}",
                *at - started
            );
        }
    }
    // The two senders are paced apart, not one after the other: their
    // arrivals interleave.
    let (a, b) = (
        arrivals(&server, common::FROM),
        arrivals(&server, OTHER_SENDER),
    );
    assert!(
        b[0] < a[EACH - 1] && a[0] < b[EACH - 1],
        "senders should not wait for each other"
    );
    assert_eq!(server.requests().len(), 2 * EACH, "each message sent once");
}

#[tokio::test]
async fn fetches_are_not_rate_paced() {
    const FETCHES: u32 = 6;
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
    for _ in 0..FETCHES {
        client.fetch_message(&sid).await.expect("fetched");
    }
    // Paced at 1 per second, the fetches would take at least 5 s; unpaced,
    // milliseconds. The bound sits at the paced minimum, so only a very
    // stalled machine could confuse the two.
    let paced = Duration::from_secs(1) * (FETCHES - 1);
    let elapsed = started.elapsed();
    assert!(elapsed < paced, "{elapsed:?}: fetches waited for the pacer");
    assert_eq!(server.requests().len(), FETCHES as usize);
}

#[tokio::test]
async fn at_most_max_in_flight_at_once() {
    let Fault::Raw(bytes) = queued() else {
        unreachable!()
    };
    // Each answer is held long enough that the two requests let in together
    // overlap at the server even when one is delivered late on a busy machine.
    let hold = Duration::from_millis(500);
    let server = FaultServer::always(Fault::Slow(hold, bytes)).await;
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
    assert!(started.elapsed() >= hold * 3, "three rounds of {hold:?}");
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

/// Queues `queued` messages from `FROM` on a `per_sender(1)` client with
/// `max_in_flight`, then sends one message from another sender and fetches
/// one message. Returns how many of the queued messages had reached the
/// server when each of those two was done.
async fn others_behind_a_queue(max_in_flight: usize, queued_sends: usize) -> (usize, usize) {
    let message = fixture("message_queued.json");
    let server =
        FaultServer::start(move |_| answer(201, &[("content-type", "application/json")], &message))
            .await;
    let client = builder(&server.base_url)
        .pacing(Pacing::new().per_sender(1).max_in_flight(max_in_flight))
        .build()
        .unwrap();
    let queue: Vec<_> = (0..queued_sends)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.send_sms(TO, "alert").send().await })
        })
        .collect();
    // Let the queue form: the first message leaves, the others wait for
    // their sender's slots, one per second.
    while arrivals(&server, common::FROM).is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let from_queue = || arrivals(&server, common::FROM).len();
    // Bounded so that a failing run ends; the assertions are on counts.
    let bound = Duration::from_secs(30);
    tokio::time::timeout(
        bound,
        client.send_sms(TO, "other").from(OTHER_SENDER).send(),
    )
    .await
    .expect("another sender's message waited behind the queue")
    .expect("sent");
    let before_other = from_queue();
    let sid: MessageSid = common::MESSAGE_SID.parse().unwrap();
    // The stand-in answers every request with the same message.
    tokio::time::timeout(bound, client.fetch_message(&sid))
        .await
        .expect("a fetch waited behind the queue")
        .expect("fetched");
    let before_fetch = from_queue();
    for send in queue {
        send.abort();
    }
    (before_other, before_fetch)
}

#[tokio::test]
async fn one_senders_queue_does_not_block_other_senders_or_fetches() {
    // The README's setting: 20 messages of one sender queue for 19 s. Before
    // the rate slot, they used to take all 16 places in flight, so the other
    // sender and the fetch waited for 5 of them to leave.
    let (before_other, before_fetch) = others_behind_a_queue(16, 20).await;
    // Only the first of the queue (maybe a second, on a slow machine) left
    // before them.
    assert!(
        before_other <= 2,
        "{before_other} queued messages went first"
    );
    assert!(
        before_fetch <= 2,
        "{before_fetch} queued messages went first"
    );
}

#[tokio::test]
async fn a_queue_holds_no_place_in_flight_while_it_waits_for_its_rate() {
    // One place in flight: the queued messages hold it only while each is
    // on the wire, so the other sender and the fetch take it in between.
    let (before_other, before_fetch) = others_behind_a_queue(1, 6).await;
    assert!(
        before_other <= 2,
        "{before_other} queued messages went first"
    );
    assert!(
        before_fetch <= 2,
        "{before_fetch} queued messages went first"
    );
}
