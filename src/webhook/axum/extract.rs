//! The extractors: [`TwilioWebhook`] for form webhooks, [`TwilioJsonWebhook`] for
//! JSON bodies signed through `bodySHA256`.

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{HeaderMap, Method};
use serde::de::DeserializeOwned;

use super::{WebhookConfig, WebhookRejection};
use crate::webhook::{
    FromParams, Params, PayloadError, SignatureError, SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER,
};

/// An authenticated Twilio webhook with its payload `T` (e.g.
/// [`IncomingMessage`](crate::webhook::IncomingMessage),
/// [`GatherResult`](crate::webhook::GatherResult), or [`Params`] untyped).
///
/// Extraction checks `X-Twilio-Signature` against the URL rebuilt by the
/// [`WebhookConfig`] from the router state and the form parameters (for a `GET`
/// webhook, the signed URL carries them and they are read from the query), then
/// reads `T`. A request carrying `X-Twilio-Webhooks-Signature-Settings` is
/// checked with the config's [shared keys](WebhookConfig::shared_key) and the
/// header's algorithm (HMAC-SHA256 or HMAC-SHA1) instead of the auth token. It is rejected with `403` when the signature is missing or wrong and
/// with `400` when `T` cannot be read (see [`WebhookRejection`]). It consumes the
/// body, so it must be the last extractor of a handler.
///
/// ```
/// use axum::{routing::post, Router};
/// use twilio_typed::webhook::{GatherResult, TwilioWebhook, WebhookConfig};
///
/// async fn handle_input(TwilioWebhook(gather): TwilioWebhook<GatherResult>) -> String {
///     format!("you pressed {}", gather.digits.as_deref().unwrap_or("nothing"))
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let config = WebhookConfig::new("your_auth_token")
///     .public_base_url("https://hooks.example.com")?;
/// let app: Router = Router::new()
///     .route("/twilio/handle-input", post(handle_input))
///     .with_state(config);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TwilioWebhook<T = Params>(pub T);

impl<T> TwilioWebhook<T> {
    /// The payload.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<S, T> FromRequest<S> for TwilioWebhook<T>
where
    S: Send + Sync,
    WebhookConfig: FromRef<S>,
    T: FromParams,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = WebhookConfig::from_ref(state);
        let signature = signature(req.headers())?;
        let settings = settings(req.headers())?;
        let url = config.request_url(req.uri(), req.headers())?;
        let params = if req.method() == Method::GET {
            let query = req.uri().query().unwrap_or_default();
            config.validator().validate_with_settings(
                &url,
                std::iter::empty::<(&str, &str)>(),
                &signature,
                settings.as_deref(),
            )?;
            Params::from_form(query.as_bytes())
        } else {
            let body = Bytes::from_request(req, state)
                .await
                .map_err(WebhookRejection::Body)?;
            let params = Params::from_form(&body);
            config.validator().validate_with_settings(
                &url,
                &params,
                &signature,
                settings.as_deref(),
            )?;
            params
        };
        Ok(Self(T::from_params(params)?))
    }
}

/// An authenticated Twilio webhook with a JSON body deserialized into `T`.
///
/// Twilio signs such requests through a `bodySHA256` query parameter (see
/// [`RequestValidator::validate_body`](crate::webhook::RequestValidator::validate_body));
/// the signature, the body hash and then the JSON are checked, with the same
/// `403`/`400` answers as [`TwilioWebhook`].
#[derive(Debug, Clone, PartialEq)]
pub struct TwilioJsonWebhook<T>(pub T);

impl<T> TwilioJsonWebhook<T> {
    /// The payload.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<S, T> FromRequest<S> for TwilioJsonWebhook<T>
where
    S: Send + Sync,
    WebhookConfig: FromRef<S>,
    T: DeserializeOwned,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = WebhookConfig::from_ref(state);
        let signature = signature(req.headers())?;
        let settings = settings(req.headers())?;
        let url = config.request_url(req.uri(), req.headers())?;
        let body = Bytes::from_request(req, state)
            .await
            .map_err(WebhookRejection::Body)?;
        config.validator().validate_body_with_settings(
            &url,
            &body,
            &signature,
            settings.as_deref(),
        )?;
        let payload = serde_json::from_slice(&body).map_err(PayloadError::Json)?;
        Ok(Self(payload))
    }
}

/// The `X-Twilio-Webhooks-Signature-Settings` header, if present. A value that
/// is not text cannot name a supported algorithm.
fn settings(headers: &HeaderMap) -> Result<Option<String>, SignatureError> {
    match headers.get(SIGNATURE_SETTINGS_HEADER) {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .map(|v| Some(v.to_owned()))
            .map_err(|_| SignatureError::UnsupportedAlgorithm),
    }
}

/// The `X-Twilio-Signature` header; absent or not text is `Missing`.
fn signature(headers: &HeaderMap) -> Result<String, SignatureError> {
    headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or(SignatureError::Missing)
}
