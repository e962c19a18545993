//! Waiting for a final status against a Twilio stand-in that answers a
//! sequence of statuses: the number of polls, when each lands, the resource
//! returned, the deadline and the bounds checked before any request.
//!
//! The tests run on tokio's paused clock, so the poll schedule is exact and
//! does not depend on how busy the machine is: the clock only moves when
//! every task is waiting on a timer (the stand-in answers on the same
//! runtime, and its I/O wakes the runtime without advancing the clock).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use tokio::time::Instant;
use twilio_typed::{CallSid, CallStatus, Error, MessageSid, MessageStatus};

/// When each poll reached the stand-in (tokio's clock, paused in these tests).
#[derive(Clone, Default)]
struct Polls(Arc<Mutex<Vec<Instant>>>);

impl Polls {
    fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// Each poll's time after `start`, in milliseconds.
    fn offsets_ms(&self, start: Instant) -> Vec<u128> {
        let polls = self.0.lock().unwrap();
        polls.iter().map(|at| (*at - start).as_millis()).collect()
    }
}

/// Serves `fixture` at `path`, its `"status"` replaced by `statuses` in turn
/// (the last one forever); returns the base URL and the polls seen.
async fn serve_statuses(
    path: String,
    fixture_name: &str,
    statuses: &'static [&'static str],
) -> (String, Polls) {
    serve(path, fixture_name, statuses, usize::MAX).await
}

/// Like [`serve_statuses`], but poll number `stall_from` (0-based) and later
/// ones are answered only after an hour.
async fn serve(
    path: String,
    fixture_name: &str,
    statuses: &'static [&'static str],
    stall_from: usize,
) -> (String, Polls) {
    let polls = Polls::default();
    let template: serde_json::Value = serde_json::from_str(&fixture(fixture_name)).unwrap();
    let state = (polls.clone(), template);
    let app = Router::new()
        .route(
            &path,
            get(
                move |State((polls, template)): State<(Polls, serde_json::Value)>| async move {
                    let n = {
                        let mut seen = polls.0.lock().unwrap();
                        seen.push(Instant::now());
                        seen.len() - 1
                    };
                    if n >= stall_from {
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                    }
                    let mut body = template.clone();
                    body["status"] = statuses[n.min(statuses.len() - 1)].into();
                    body.to_string()
                },
            ),
        )
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), polls)
}

#[tokio::test(start_paused = true)]
async fn wait_for_message_polls_until_a_final_status() {
    let (url, polls) = serve_statuses(
        account_path(&format!("Messages/{MESSAGE_SID}.json")),
        "message_queued.json",
        &["queued", "sent", "delivered", "read"],
    )
    .await;
    let client = builder(&url).build().unwrap();
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let start = Instant::now();
    let message = client
        .wait_for_message(&sid)
        .interval(Duration::from_millis(500))
        .timeout(Duration::from_secs(10))
        .await
        .expect("delivered");
    assert_eq!(message.status, MessageStatus::Delivered);
    // queued, sent, delivered: one poll per interval, none after the final status.
    assert_eq!(polls.offsets_ms(start), [0, 500, 1000]);
    assert_eq!(start.elapsed(), Duration::from_millis(1000));
}

#[tokio::test(start_paused = true)]
async fn wait_for_call_can_stop_at_a_status_of_the_callers_choice() {
    let (url, polls) = serve_statuses(
        account_path(&format!("Calls/{CALL_SID}.json")),
        "call_queued.json",
        &["queued", "ringing", "in-progress", "completed"],
    )
    .await;
    let client = builder(&url).build().unwrap();
    let sid: CallSid = CALL_SID.parse().unwrap();
    let start = Instant::now();
    let call = client
        .wait_for_call(&sid)
        .interval(Duration::from_millis(500))
        .until([CallStatus::InProgress])
        .send()
        .await
        .expect("answered");
    assert_eq!(call.status, CallStatus::InProgress);
    assert_eq!(polls.offsets_ms(start), [0, 500, 1000]);
}

#[tokio::test(start_paused = true)]
async fn a_wait_past_its_deadline_reports_the_last_status() {
    let (url, polls) = serve_statuses(
        account_path(&format!("Messages/{MESSAGE_SID}.json")),
        "message_queued.json",
        &["queued", "sending"],
    )
    .await;
    let client = builder(&url).build().unwrap();
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let start = Instant::now();
    let err = client
        .wait_for_message(&sid)
        .interval(Duration::from_millis(500))
        .timeout(Duration::from_millis(1200))
        .await
        .unwrap_err();
    // Polls at 0, 0.5 and 1.0 s; none on the deadline at 1.2 s, where it
    // would have no time left to be answered.
    assert_eq!(polls.offsets_ms(start), [0, 500, 1000]);
    assert_eq!(start.elapsed(), Duration::from_millis(1200));
    match err {
        Error::WaitTimedOut {
            sid,
            last_status,
            waited,
        } => {
            assert_eq!(sid, MESSAGE_SID);
            assert_eq!(last_status.as_deref(), Some("sending"));
            assert_eq!(waited, Duration::from_millis(1200));
        }
        other => panic!("expected WaitTimedOut, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_slow_poll_does_not_carry_the_wait_past_its_timeout() {
    // The third poll (at 1.0 s) is answered only after an hour; the client's
    // own timeout (30 s) and deadline (60 s) would let it run far past the
    // wait's 1.2 s.
    let (url, polls) = serve(
        account_path(&format!("Messages/{MESSAGE_SID}.json")),
        "message_queued.json",
        &["queued", "sending", "delivered"],
        2,
    )
    .await;
    let client = builder(&url).build().unwrap();
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let start = Instant::now();
    let err = client
        .wait_for_message(&sid)
        .interval(Duration::from_millis(500))
        .timeout(Duration::from_millis(1200))
        .await
        .unwrap_err();
    assert_eq!(polls.offsets_ms(start), [0, 500, 1000]);
    assert_eq!(start.elapsed(), Duration::from_millis(1200));
    match err {
        Error::WaitTimedOut {
            last_status,
            waited,
            ..
        } => {
            assert_eq!(last_status.as_deref(), Some("sending"), "the last answered");
            assert_eq!(waited, Duration::from_millis(1200));
        }
        other => panic!("expected WaitTimedOut, got {other:?}"),
    }
}

#[tokio::test]
async fn out_of_bounds_waits_are_refused_before_any_request() {
    let (url, polls) = serve_statuses(
        account_path(&format!("Messages/{MESSAGE_SID}.json")),
        "message_queued.json",
        &["delivered"],
    )
    .await;
    let client = builder(&url).build().unwrap();
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let field = |e: Error| match e {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    let too_fast = client
        .wait_for_message(&sid)
        .interval(Duration::from_millis(100));
    assert_eq!(field(too_fast.await.unwrap_err()), "interval");
    let too_slow = client
        .wait_for_message(&sid)
        .interval(Duration::from_secs(61));
    assert_eq!(field(too_slow.await.unwrap_err()), "interval");
    let forever = client
        .wait_for_message(&sid)
        .timeout(Duration::from_secs(25 * 3600));
    assert_eq!(field(forever.await.unwrap_err()), "timeout");
    let zero = client.wait_for_message(&sid).timeout(Duration::ZERO);
    assert_eq!(field(zero.await.unwrap_err()), "timeout");
    assert_eq!(polls.count(), 0);
}
