//! What the client traces: one span per API call with its fields, retries as
//! events, and never a secret, a message's text or a full phone number.

use crate::common;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{builder, fixture, AUTH_TOKEN, FROM, MESSAGE_SID, TO};
use crate::fault_server::{answer, FaultServer};
use tracing_subscriber::fmt::format::FmtSpan;
use twilio_typed::{MessageSid, RetryPolicy};

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// In a process of its own: tracing caches each callsite's interest
/// process-wide, and tests running beside this one (without a subscriber)
/// register the same callsites, which can leave a span of this test unrecorded.
#[test]
fn spans_and_events_carry_the_call_and_no_secret() {
    common::in_own_process(
        module_path!(),
        "spans_and_events_carry_the_call_and_no_secret",
        || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(spans_and_events())
        },
    );
}

async fn spans_and_events() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // Current-thread runtime: the default subscriber covers the client and the fake.
    let _guard = tracing::subscriber::set_default(subscriber);

    let json = ("content-type", "application/json");
    let server = FaultServer::start(move |n| match n {
        0 => answer(
            429,
            &[json, ("retry-after", "0")],
            r#"{"code": 20429, "message": "Too Many Requests", "status": 429}"#,
        ),
        1 => answer(201, &[json], &fixture("message_queued.json")),
        2 => answer(
            503,
            &[json],
            r#"{"code": 20503, "message": "down", "status": 503}"#,
        ),
        _ => answer(404, &[json], &fixture("error_20404.json")),
    })
    .await;
    let client = builder(&server.base_url)
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let body_text = "Patient alert: private-body-text";
    client.send_sms(TO, body_text).send().await.expect("sent");
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let err = client.fetch_message(&sid).await.unwrap_err();
    assert_eq!(err.api_code(), Some(20404));

    let text = captured.text();
    // One span per call, closed with its fields.
    let closes: Vec<&str> = text.lines().filter(|l| l.contains("close")).collect();
    assert_eq!(closes.len(), 2, "{text}");
    assert!(closes[0].contains("twilio.api"), "{text}");
    for field in [
        "method=POST",
        "resource=Messages",
        "attempt=2",
        "status=201",
    ] {
        assert!(
            closes[0].contains(field),
            "{field} missing in {}",
            closes[0]
        );
    }
    for field in [
        "method=GET",
        "resource=Messages/{sid}",
        "attempt=2",
        "status=404",
        "code=20404",
    ] {
        assert!(
            closes[1].contains(field),
            "{field} missing in {}",
            closes[1]
        );
    }
    assert!(text.contains("elapsed_ms="), "{text}");
    // Retries are events with their reason and wait.
    let retries: Vec<&str> = text.lines().filter(|l| l.contains("retrying")).collect();
    assert_eq!(retries.len(), 2, "{text}");
    assert!(retries[0].contains("code=20429") && retries[0].contains("wait_ms="));
    assert!(retries[1].contains("status=503"));

    // Never a secret, the message's text or a full number.
    let auth = common::basic_auth(common::ACCOUNT_SID, AUTH_TOKEN);
    for secret in [
        AUTH_TOKEN,
        auth.as_str(),
        "private-body-text",
        MESSAGE_SID,
        &TO[2..],
        &FROM[2..],
    ] {
        assert!(!text.contains(secret), "{secret} appears in:\n{text}");
    }
}
