//! Twilio's webhooks into the gateway: `POST /twilio/sms/incoming` (a message
//! to one of your numbers) and `POST /twilio/status-callback` (message and
//! call status changes). Both are signature-checked, become an
//! [`Event`](crate::events::Event), and go to `EVENTS_WEBHOOK_URL`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use twilio_typed::twiml::{Message as TwimlMessage, MessagingResponse};
use twilio_typed::webhook::{
    CallStatusCallback, FromParams, IncomingMessage, MessageStatusCallback, Params,
};

use crate::error::AppError;
use crate::events::Event;
use crate::extract::SignedWebhook;
use crate::state::AppState;

/// Twilio's webhook path for incoming messages.
pub const SMS_INCOMING_PATH: &str = "/twilio/sms/incoming";
/// Twilio's webhook path for status callbacks; sends made by the gateway
/// point `StatusCallback` here when `PUBLIC_BASE_URL` is set.
pub const STATUS_CALLBACK_PATH: &str = "/twilio/status-callback";
/// The longest reply Twilio sends as one message.
const MAX_REPLY_CHARS: usize = 1600;

/// `POST /twilio/sms/incoming`: forwards `sms.received`; answers Twilio with
/// the events endpoint's `{"reply"}` as `<Message>` when it comes within
/// `EVENTS_REPLY_TIMEOUT_MS`, else with an empty `<Response/>`.
pub async fn sms_incoming(
    State(state): State<AppState>,
    SignedWebhook(message): SignedWebhook<IncomingMessage>,
) -> MessagingResponse {
    let event = Event::sms_received(&message);
    let event_id = event.event_id.clone();
    let answer = state.events().dispatch(event);
    let deadline = state.settings().events_reply_timeout;
    let reply = match tokio::time::timeout(deadline, answer).await {
        Ok(Ok(Some(reply))) => reply_text(reply),
        Ok(_) => None,
        Err(_) => {
            tracing::info!(%event_id, "no reply within EVENTS_REPLY_TIMEOUT_MS: answering Twilio without one");
            None
        }
    };
    match reply {
        Some(text) => MessagingResponse::new().message(TwimlMessage::new(text)),
        None => MessagingResponse::new(),
    }
}

/// A reply fit to send: not blank, and not over Twilio's limit (never cut).
fn reply_text(reply: String) -> Option<String> {
    if reply.trim().is_empty() {
        return None;
    }
    if reply.chars().count() > MAX_REPLY_CHARS {
        tracing::warn!(
            chars = reply.chars().count(),
            "reply over {MAX_REPLY_CHARS} characters: not sent"
        );
        return None;
    }
    Some(reply)
}

/// `POST /twilio/status-callback`: a call's callback (it has `CallSid`) becomes
/// `call.status`, a message's `message.status`. Answers `204` at once;
/// delivery goes on in the background.
///
/// # Errors
/// `400` when the parameters are not a status callback.
pub async fn status_callback(
    State(state): State<AppState>,
    SignedWebhook(params): SignedWebhook<Params>,
) -> Result<Response, AppError> {
    let event = if params.contains("CallSid") {
        CallStatusCallback::from_params(params).map(|c| Event::call_status(&c))
    } else {
        MessageStatusCallback::from_params(params).map(|c| Event::message_status(&c))
    }
    .map_err(|e| AppError::bad_request(format!("not a status callback: {e}")))?;
    // The receiver has the event; Twilio needs only an acknowledgement.
    drop(state.events().dispatch(event));
    Ok(StatusCode::NO_CONTENT.into_response())
}
