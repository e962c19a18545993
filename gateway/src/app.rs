//! The router ([`app`]) and the server loop ([`serve`]), shared by `main` and
//! the tests.

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use axum::extract::Request;
use axum::http::{HeaderName, StatusCode};
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::auth::require_token;
use crate::error::json_errors;
use crate::handlers::{self, config, inbound, play, sms, status, steer, twiml, voice};
use crate::idempotency::idempotent;
use crate::metrics::{self, count_requests, note_route};
use crate::state::AppState;

/// The header carrying the request id (kept from the client, or a new UUID).
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The gateway's routes and middleware.
///
/// | route | auth | rate limit |
/// |---|---|---|
/// | `POST /twilio/sms/send`, `/twilio/voice/message`, `/twilio/voice/call`, `/twilio/voice/play` | token | per IP, then `Idempotency-Key` |
/// | `GET /twilio/status/{sid}`, `/twilio/config`, `/metrics` | token | |
/// | `POST /twilio/calls/{sid}/update`, `/twilio/calls/{sid}/hangup`, `/twilio/messages/{sid}/cancel` | token | |
/// | `POST /twilio/handle-input`, `/twilio/sms/incoming`, `/twilio/status-callback` | Twilio signature | |
/// | `GET`/`POST /twiml/voice.xml`, `GET /healthz` | | |
///
/// "token" applies only when `GATEWAY_API_TOKEN` is set. Every response carries
/// `x-request-id`; every error is `{"detail": ...}`.
pub fn app(state: AppState) -> Router {
    // Layers run bottom-up: the rate limit, then the idempotency key.
    let sending = Router::new()
        .route("/twilio/sms/send", post(sms::send))
        .route("/twilio/voice/message", post(voice::message))
        .route("/twilio/voice/call", post(voice::call))
        .route("/twilio/voice/play", post(play::play))
        .route_layer(middleware::from_fn_with_state(state.clone(), idempotent))
        .route_layer(state.rate_limit().layer());

    let api = Router::new()
        .merge(sending)
        .route("/twilio/status/{sid}", get(status::show))
        .route("/twilio/config", get(config::show))
        .route("/twilio/calls/{sid}/update", post(steer::update_call))
        .route("/twilio/calls/{sid}/hangup", post(steer::hang_up))
        .route("/twilio/messages/{sid}/cancel", post(steer::cancel_message))
        .route("/metrics", get(metrics::show))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));

    let twilio_facing = Router::new()
        .route("/twiml/voice.xml", get(twiml::menu).post(twiml::menu))
        .route(twiml::HANDLE_INPUT_PATH, post(twiml::handle_input))
        .route(inbound::SMS_INCOMING_PATH, post(inbound::sms_incoming))
        .route(
            inbound::STATUS_CALLBACK_PATH,
            post(inbound::status_callback),
        );

    let settings = state.settings();
    let middleware = ServiceBuilder::new()
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(middleware::from_fn(json_errors))
        .layer(RequestBodyLimitLayer::new(settings.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            settings.request_timeout,
        ));

    Router::new()
        .merge(api)
        .merge(twilio_facing)
        .route("/healthz", get(handlers::health))
        .route_layer(middleware::from_fn(note_route))
        .layer(middleware)
        .with_state(state)
}

/// The span of one request: its id, method and path. Never headers (they
/// carry the bearer token) nor the body (it carries the message).
fn request_span(request: &Request) -> Span {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes the
/// requests in flight. Peer addresses are recorded for the rate limiter.
///
/// # Errors
/// I/O errors of the listener.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
