//! `IntoResponse` for TwiML documents (feature `axum`): return a
//! [`VoiceResponse`] or [`MessagingResponse`] from a handler.

use super::{MessagingResponse, TwimlError, VoiceResponse};
use ::axum::http::{header, HeaderValue, StatusCode};
use ::axum::response::{IntoResponse, Response};

/// The content type of a rendered document.
const APPLICATION_XML: &str = "application/xml";

fn respond(rendered: Result<String, TwimlError>) -> Response {
    match rendered {
        Ok(xml) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(APPLICATION_XML),
            )],
            xml,
        )
            .into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("invalid TwiML document: {error}"),
        )
            .into_response(),
    }
}

/// `200 OK` with `Content-Type: application/xml` and the document, or `500`
/// with a short text body naming the problem when the document cannot be
/// rendered (see [`VoiceResponse::to_xml`]).
///
/// ```
/// use axum::{routing::post, Router};
/// use twilio_typed::twiml::{Say, VoiceResponse};
///
/// async fn voice() -> VoiceResponse {
///     VoiceResponse::new().say(Say::new("Hello from MYCA."))
/// }
///
/// let app: Router = Router::new().route("/twilio/voice", post(voice));
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
impl IntoResponse for VoiceResponse {
    fn into_response(self) -> Response {
        respond(self.to_xml())
    }
}

/// `200 OK` with `Content-Type: application/xml` and the document, or `500`
/// with a short text body naming the problem when the document cannot be
/// rendered (see [`MessagingResponse::to_xml`]).
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
impl IntoResponse for MessagingResponse {
    fn into_response(self) -> Response {
        respond(self.to_xml())
    }
}
