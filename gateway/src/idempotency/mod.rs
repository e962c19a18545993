//! `Idempotency-Key` on the sending endpoints, as Stripe does it.
//!
//! - The first request with a key is carried out; its answer is kept for
//!   [`KEY_TTL`] when Twilio may have acted on it (a success, or an outcome
//!   that is unknown).
//! - A repeat with the same key and the same body (same route, same JSON
//!   whatever its key order or spacing) gets that answer again, status and
//!   body, with `Idempotent-Replayed: true`, and nothing reaches Twilio.
//! - The same key with another body or route: `422`.
//! - A repeat while the first is still being carried out: `409`.
//! - An answer given when nothing was sent (invalid input, Twilio refused the
//!   content, Twilio unreachable, not configured) is not kept: the key is free
//!   again, so the corrected request can use it.
//!
//! A request whose handler is cut off (the request timeout, a client that went
//! away) keeps its key with a `504` "may have been sent" answer: never a
//! second send. Keys are stored in memory ([`memory::MemoryStore`]) or, with
//! `REDIS_URL`, on Redis ([`redis::RedisStore`]) so that every instance behind
//! a load balancer shares them.

pub mod memory;
pub mod redis;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{AppError, ReachedTwilio};
use crate::state::AppState;

/// The request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a replayed answer.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// How long a key is remembered.
pub const KEY_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// The longest accepted key (Stripe's limit).
pub const MAX_KEY_CHARS: usize = 255;
/// The largest answer kept (the gateway's answers are a few hundred bytes).
const MAX_KEPT_ANSWER: usize = 64 * 1024;

/// A boxed future, so that [`IdempotencyStore`] can be used as `dyn`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where keys live. Implementations must make [`claim`](Self::claim) atomic:
/// of two concurrent claims of one key, exactly one gets [`Claim::Claimed`].
pub trait IdempotencyStore: Send + Sync + fmt::Debug {
    /// Claims `key` for a request with `fingerprint`, or says what holds it.
    fn claim<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<Claim, StoreError>>;
    /// Keeps the answer of the request that claimed `key`, for [`KEY_TTL`].
    fn complete<'a>(
        &'a self,
        key: &'a str,
        answer: &'a Kept,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Frees `key` (nothing was sent).
    fn release<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), StoreError>>;
}

/// What [`IdempotencyStore::claim`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new: carry the request out.
    Claimed,
    /// The same request was answered: replay this.
    Replay(Kept),
    /// The same request is being carried out.
    InFlight,
    /// The key was used for another request.
    Mismatch,
}

/// A kept answer, with the fingerprint of the request that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// SHA-256 of the route and the canonical body.
    pub fingerprint: String,
    /// The HTTP status.
    pub status: u16,
    /// The body (the gateway answers JSON).
    pub body: String,
}

/// What a store holds for a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Record {
    /// Claimed, not answered yet.
    InFlight {
        /// The claiming request's fingerprint.
        fingerprint: String,
    },
    /// Answered.
    Done(Kept),
}

impl Record {
    /// What a claim by `fingerprint` finds in this record.
    pub fn claim_by(&self, fingerprint: &str) -> Claim {
        match self {
            Self::InFlight { fingerprint: f } if f == fingerprint => Claim::InFlight,
            Self::Done(kept) if kept.fingerprint == fingerprint => Claim::Replay(kept.clone()),
            _ => Claim::Mismatch,
        }
    }
}

/// The store could not be used.
#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The store's name for a key: a digest, so any key is a safe store key and
/// takes the same room.
fn store_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// SHA-256 of the route and the body; a JSON body is canonicalised first
/// (keys sorted, no spacing), so a client that re-serialises is not a mismatch.
fn fingerprint(route: &str, body: &[u8]) -> String {
    let canonical = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| serde_json::to_vec(&sorted(value)).ok());
    let mut digest = Sha256::new();
    digest.update(route.as_bytes());
    digest.update([0]);
    digest.update(canonical.as_deref().unwrap_or(body));
    hex(&digest.finalize())
}

/// A key: 1 to 255 visible ASCII characters.
/// `value` with every object's keys in order, whatever map serde_json was
/// built with: in a workspace build another package (the xtask) turns on
/// its `preserve_order`, and the keys would stay as the client sent them.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

fn parse_key(value: &HeaderValue) -> Result<String, AppError> {
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= MAX_KEY_CHARS && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            AppError::bad_request(format!(
                "invalid Idempotency-Key: expected 1 to {MAX_KEY_CHARS} visible ASCII characters, e.g. a UUID"
            ))
        })?;
    Ok(key.to_owned())
}

/// Middleware of the sending routes: see the module documentation.
pub(crate) async fn idempotent(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(value) = request.headers().get(&IDEMPOTENCY_KEY) else {
        return next.run(request).await;
    };
    let key = match parse_key(value) {
        Ok(key) => store_key(&key),
        Err(error) => return error.into_response(),
    };
    let (parts, body) = request.into_parts();
    // The body limit layer bounds this read.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
                .into_response()
        }
    };
    let print = fingerprint(parts.uri.path(), &bytes);
    let store = Arc::clone(state.idempotency());
    match store.claim(&key, &print).await {
        Err(error) => {
            tracing::error!(%error, "idempotency store unavailable");
            AppError::not_configured("idempotency store unavailable; nothing was sent, retry later")
                .into_response()
        }
        Ok(Claim::Mismatch) => AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "this Idempotency-Key was already used with a different request (route or body); \
             use a new key for a new request",
        )
        .into_response(),
        Ok(Claim::InFlight) => AppError::new(
            StatusCode::CONFLICT,
            "a request with this Idempotency-Key is still in progress; retry after it has finished",
        )
        .into_response(),
        Ok(Claim::Replay(kept)) => {
            state.metrics().record_replay();
            tracing::info!(
                status = kept.status,
                "idempotent replay: nothing sent to Twilio"
            );
            replay(kept)
        }
        Ok(Claim::Claimed) => {
            let guard = InFlightGuard {
                store,
                key,
                fingerprint: print,
                armed: true,
            };
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            guard.finish(response).await
        }
    }
}

/// A kept answer, as a response.
fn replay(kept: Kept) -> Response {
    let status = StatusCode::from_u16(kept.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, kept.body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

/// Holds a claimed key; when dropped before [`finish`](Self::finish) (the
/// request was cut off), keeps a "may have been sent" answer for it.
struct InFlightGuard {
    store: Arc<dyn IdempotencyStore>,
    key: String,
    fingerprint: String,
    armed: bool,
}

impl InFlightGuard {
    async fn finish(mut self, response: Response) -> Response {
        self.armed = false;
        let keep = response.status().is_success()
            || response.extensions().get::<ReachedTwilio>().is_some();
        if !keep {
            if let Err(error) = self.store.release(&self.key).await {
                tracing::error!(%error, "could not free an idempotency key");
            }
            return response;
        }
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_KEPT_ANSWER)
            .await
            .unwrap_or_else(|_| Bytes::new());
        let kept = Kept {
            fingerprint: self.fingerprint.clone(),
            status: parts.status.as_u16(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        if let Err(error) = self.store.complete(&self.key, &kept).await {
            // The key stays in flight until it expires: repeats get 409, never a second send.
            tracing::error!(%error, "could not keep an idempotent answer");
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let store = Arc::clone(&self.store);
        let key = std::mem::take(&mut self.key);
        let kept = Kept {
            fingerprint: std::mem::take(&mut self.fingerprint),
            status: StatusCode::GATEWAY_TIMEOUT.as_u16(),
            body: serde_json::json!({
                "detail": "the request was cut off before its answer: it may have been sent; check status before retrying"
            })
            .to_string(),
        };
        runtime.spawn(async move {
            if let Err(error) = store.complete(&key, &kept).await {
                tracing::error!(%error, "could not keep the answer of a cut-off request");
            }
        });
    }
}
