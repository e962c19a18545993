//! The per-client-IP rate limit of the sending endpoints, with `tower_governor`
//! (a generic cell rate algorithm from the `governor` crate).
//!
//! `RATE_LIMIT_PER_MINUTE` requests may come at once (the burst); then one more
//! every `60 s / RATE_LIMIT_PER_MINUTE`. The key is the peer IP address, so the
//! server must be run with `into_make_service_with_connect_info::<SocketAddr>()`.
//! A refusal is `429 {"detail": ...}` with `Retry-After`.
//!
//! With `REDIS_URL`, the limit is shared by every instance on that Redis
//! ([`RateLimit::shared`]): a fixed one-minute window per client IP, counted
//! with an atomic `INCR` (the window's key expires with it).

use std::convert::Infallible;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::Route;
use redis::aio::ConnectionManager;
use tower::util::BoxCloneSyncServiceLayer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::{GovernorError, GovernorLayer};

use crate::config::ConfigError;
use crate::error::AppError;

/// How often idle clients are forgotten (their quota is full again anyway).
pub const CLEANUP_INTERVAL: Duration = Duration::from_secs(60);

/// The rate limit: a layer for the sending routes and a way to bound its memory.
#[derive(Clone)]
pub struct RateLimit {
    per_minute: NonZeroU32,
    // Boxed: the limiter's type names `governor`'s middleware type, which is
    // not re-exported by tower_governor.
    layer: BoxCloneSyncServiceLayer<Route, Request, Response, Infallible>,
    retain_recent: Arc<dyn Fn() -> usize + Send + Sync>,
}

impl fmt::Debug for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimit")
            .field("per_minute", &self.per_minute)
            .finish_non_exhaustive()
    }
}

impl RateLimit {
    /// `per_minute` requests per client IP and minute, all of them allowed at once.
    ///
    /// # Errors
    /// When governor refuses the quota (it cannot for `per_minute >= 1`).
    pub fn per_minute(per_minute: NonZeroU32) -> Result<Self, ConfigError> {
        let config = GovernorConfigBuilder::default()
            .period(Duration::from_secs(60) / per_minute.get())
            .burst_size(per_minute.get())
            .finish()
            .ok_or_else(|| ConfigError::new("RATE_LIMIT_PER_MINUTE gives no usable quota"))?;
        let config = Arc::new(config);
        let limiter = config.limiter().clone();
        let layer = GovernorLayer::new(config).error_handler(too_many_requests);
        Ok(Self {
            per_minute,
            layer: BoxCloneSyncServiceLayer::new(layer),
            retain_recent: Arc::new(move || {
                limiter.retain_recent();
                limiter.len()
            }),
        })
    }

    /// `per_minute` requests per client IP and clock minute, counted on Redis
    /// so that every instance shares them.
    /// Keys are `<prefix>rate:<ip>:<minute>`.
    pub fn shared(per_minute: NonZeroU32, connection: ConnectionManager, prefix: &str) -> Self {
        let shared = SharedLimit {
            per_minute: per_minute.get(),
            connection,
            prefix: format!("{prefix}rate:"),
        };
        let layer = axum::middleware::from_fn_with_state(shared, shared_limit);
        Self {
            per_minute,
            layer: BoxCloneSyncServiceLayer::new(layer),
            // Redis forgets each window itself.
            retain_recent: Arc::new(|| 0),
        }
    }

    /// The layer to put on the sending routes (`Router::route_layer`).
    pub fn layer(&self) -> BoxCloneSyncServiceLayer<Route, Request, Response, Infallible> {
        self.layer.clone()
    }

    /// Forgets clients whose quota is full again; returns how many are tracked.
    pub fn retain_recent(&self) -> usize {
        (self.retain_recent)()
    }
}

/// Forgets idle clients every [`CLEANUP_INTERVAL`], for the life of the server.
pub async fn cleanup(limit: RateLimit) {
    let mut interval = tokio::time::interval(CLEANUP_INTERVAL);
    loop {
        interval.tick().await;
        let tracked = limit.retain_recent();
        tracing::debug!(tracked, "rate limiter cleaned up");
    }
}

/// The Redis side of [`RateLimit::shared`].
#[derive(Clone)]
struct SharedLimit {
    per_minute: u32,
    connection: ConnectionManager,
    prefix: String,
}

/// Counts the request in its client's current minute; refuses past the limit.
async fn shared_limit(State(limit): State<SharedLimit>, request: Request, next: Next) -> Response {
    let Some(ConnectInfo(peer)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    else {
        return too_many_requests(GovernorError::UnableToExtractKey);
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let window = now / 60;
    let key = format!("{}{}:{window}", limit.prefix, peer.ip());
    let mut connection = limit.connection.clone();
    let count: Result<(u64,), _> = redis::pipe()
        .atomic()
        .incr(&key, 1)
        .expire(&key, 120)
        .ignore()
        .query_async(&mut connection)
        .await;
    match count {
        Ok((count,)) if count > u64::from(limit.per_minute) => {
            too_many_requests(GovernorError::TooManyRequests {
                wait_time: 60 - now % 60,
                headers: None,
            })
        }
        Ok(_) => next.run(request).await,
        Err(error) => {
            tracing::error!(error = ?error.kind(), "rate limit: Redis unavailable");
            AppError::not_configured("rate limit store unavailable; nothing was sent, retry later")
                .into_response()
        }
    }
}

/// The refusal: `429` with `Retry-After`, or `500` if the peer address is unknown.
fn too_many_requests(error: GovernorError) -> Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            // governor rounds down; never tell a client to retry "in 0 seconds".
            let wait = wait_time.max(1);
            tracing::warn!(retry_after = wait, "rate limit exceeded");
            let mut response = AppError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("rate limit exceeded: retry in {wait} s"),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            response
        }
        GovernorError::UnableToExtractKey => {
            tracing::error!("rate limiter: no peer address (serve with connect info)");
            AppError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "cannot identify the client",
            )
            .into_response()
        }
        GovernorError::Other { code, msg, .. } => {
            AppError::new(code, msg.unwrap_or_else(|| "request refused".to_owned())).into_response()
        }
    }
}
