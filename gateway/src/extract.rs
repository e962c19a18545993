//! Extractors whose rejections are the gateway's `{"detail": ...}` errors.

use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use axum::Json;
use twilio_typed::webhook::{FromParams, TwilioWebhook};

use crate::error::AppError;
use crate::state::AppState;

/// `Json<T>` whose rejections are `400` (malformed JSON, a missing or mistyped
/// field, another content type) or `413` (body over the limit).
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    Json<T>: FromRequest<S, Rejection = axum::extract::rejection::JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

/// A Twilio webhook whose `X-Twilio-Signature` checked out, with payload `T`.
///
/// Delegates to the library's [`TwilioWebhook`] extractor with the state's
/// [`WebhookConfig`](twilio_typed::webhook::WebhookConfig) (`PUBLIC_BASE_URL`, or
/// the scheme and `Host` of the request). Rejections: `403` for a missing or
/// wrong signature, `400` for a malformed payload, `503` without an auth token
/// to check with.
#[derive(Debug, Clone)]
pub struct SignedWebhook<T>(pub T);

impl<T: FromParams> FromRequest<AppState> for SignedWebhook<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let config = state.webhook().map_err(IntoResponse::into_response)?;
        // For the log only: the URL the signature was checked against.
        let url = config.request_url(request.uri(), request.headers());
        match TwilioWebhook::<T>::from_request(request, config).await {
            Ok(TwilioWebhook(payload)) => Ok(Self(payload)),
            Err(rejection) => {
                tracing::warn!(
                    status = rejection.status().as_u16(),
                    checked_url = url.as_deref().unwrap_or("-"),
                    "rejected a webhook: {rejection} (is PUBLIC_BASE_URL the URL Twilio calls?)"
                );
                // Plain text; the json_errors middleware gives it the {"detail"} shape.
                Err(rejection.into_response())
            }
        }
    }
}
