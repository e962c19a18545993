//! `GET /metrics`: counters in Prometheus' text format (no exporter crate:
//! five counter families are a few lines of text).
//!
//! - `gateway_http_requests_total{route, status}`: answers by route template
//!   (`/twilio/status/{sid}`, never the SID) and status; `unmatched` for
//!   unknown paths;
//! - `gateway_twilio_requests_total{operation, outcome}`: requests to Twilio
//!   by [`Outcome`];
//! - `gateway_idempotent_replays_total`: answers replayed for a repeated
//!   `Idempotency-Key`;
//! - `gateway_events_total{result}`: inbound events `forwarded`, `failed`
//!   (every attempt failed) or `logged` (no `EVENTS_WEBHOOK_URL`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;
use crate::upstream::{Operation, Outcome};

/// The gateway's counters; shared by every request.
#[derive(Debug, Default)]
pub struct Metrics {
    counters: Mutex<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    requests: BTreeMap<(String, u16), u64>,
    twilio: BTreeMap<(&'static str, &'static str), u64>,
    replays: u64,
    events: BTreeMap<&'static str, u64>,
}

/// What became of an inbound event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventResult {
    /// The events endpoint accepted it.
    Forwarded,
    /// Every attempt failed.
    Failed,
    /// Logged only: no `EVENTS_WEBHOOK_URL`.
    Logged,
}

impl Metrics {
    fn with<R>(&self, f: impl FnOnce(&mut Counters) -> R) -> R {
        // A panic while counting leaves consistent counters: keep using them.
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut counters)
    }

    /// Counts one answer of `route` with `status`.
    pub fn record_request(&self, route: &str, status: u16) {
        self.with(|c| *c.requests.entry((route.to_owned(), status)).or_default() += 1);
    }

    /// Counts one request to Twilio.
    pub fn record_twilio(&self, operation: Operation, outcome: Outcome) {
        let operation = match operation {
            Operation::Send => "send",
            Operation::Update => "update",
            Operation::Fetch => "fetch",
        };
        self.with(|c| *c.twilio.entry((operation, outcome.as_str())).or_default() += 1);
    }

    /// Counts one replayed answer.
    pub fn record_replay(&self) {
        self.with(|c| c.replays += 1);
    }

    /// Counts one inbound event.
    pub fn record_event(&self, result: EventResult) {
        let result = match result {
            EventResult::Forwarded => "forwarded",
            EventResult::Failed => "failed",
            EventResult::Logged => "logged",
        };
        self.with(|c| *c.events.entry(result).or_default() += 1);
    }

    /// The Prometheus text exposition of every counter.
    pub fn render(&self) -> String {
        self.with(|c| {
            let mut out = String::new();
            // Writing to a String cannot fail.
            let _ = render(&mut out, c);
            out
        })
    }
}

fn render(out: &mut String, c: &Counters) -> std::fmt::Result {
    writeln!(
        out,
        "# HELP gateway_http_requests_total Answers by route and status."
    )?;
    writeln!(out, "# TYPE gateway_http_requests_total counter")?;
    for ((route, status), n) in &c.requests {
        writeln!(
            out,
            "gateway_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
            escape(route)
        )?;
    }
    writeln!(
        out,
        "# HELP gateway_twilio_requests_total Requests to Twilio by outcome."
    )?;
    writeln!(out, "# TYPE gateway_twilio_requests_total counter")?;
    for ((operation, outcome), n) in &c.twilio {
        writeln!(
            out,
            "gateway_twilio_requests_total{{operation=\"{operation}\",outcome=\"{outcome}\"}} {n}"
        )?;
    }
    writeln!(
        out,
        "# HELP gateway_idempotent_replays_total Answers replayed for a repeated Idempotency-Key."
    )?;
    writeln!(out, "# TYPE gateway_idempotent_replays_total counter")?;
    writeln!(out, "gateway_idempotent_replays_total {}", c.replays)?;
    writeln!(
        out,
        "# HELP gateway_events_total Inbound Twilio events by result."
    )?;
    writeln!(out, "# TYPE gateway_events_total counter")?;
    for result in ["forwarded", "failed", "logged"] {
        let n = c.events.get(result).copied().unwrap_or(0);
        writeln!(out, "gateway_events_total{{result=\"{result}\"}} {n}")?;
    }
    Ok(())
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// `GET /metrics`.
pub(crate) async fn show(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics().render(),
    )
        .into_response()
}

/// Where the inner [`note_route`] leaves the matched route for [`count_requests`].
#[derive(Debug, Clone, Default)]
struct RouteSlot(Arc<OnceLock<String>>);

/// Outer middleware: counts every answer, those of the outer layers (timeouts,
/// unknown routes) included.
pub(crate) async fn count_requests(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let route = slot.0.get().map_or("unmatched", String::as_str);
    state
        .metrics()
        .record_request(route, response.status().as_u16());
    response
}

/// Route middleware: records the route template the request matched.
pub(crate) async fn note_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) = (
        request.extensions().get::<RouteSlot>(),
        request.extensions().get::<MatchedPath>(),
    ) {
        let _ = slot.0.set(path.as_str().to_owned());
    }
    next.run(request).await
}
