//! Steering what the gateway started: `POST /twilio/calls/{sid}/update`
//! (say something else now, run other TwiML, or end the call),
//! `POST /twilio/calls/{sid}/hangup` and `POST /twilio/messages/{sid}/cancel`
//! (withdraw a scheduled message).

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use twilio_typed::twiml::{Say, VoiceResponse};
use twilio_typed::{Call, CallSid, CallUpdateStatus, HttpMethod, MessageSid, Voice};

use crate::error::AppError;
use crate::extract::AppJson;
use crate::public_url;
use crate::state::AppState;
use crate::upstream::Operation;

/// Exactly one of: `{"message", "voice"?}` (speak this now, then hang up),
/// `{"twiml_url"}` (fetch the call's next TwiML there, with `POST`),
/// `{"status": "completed"}` (hang up) or `{"status": "canceled"}` (end a
/// call that is still ringing).
#[derive(Debug, Deserialize)]
pub struct CallUpdate {
    message: Option<String>,
    voice: Option<String>,
    twiml_url: Option<String>,
    status: Option<String>,
}

/// `{"status": "success", "sid", "call_status"}`.
#[derive(Debug, Serialize)]
pub struct CallSteered {
    status: &'static str,
    sid: String,
    call_status: String,
}

impl From<Call> for CallSteered {
    fn from(call: Call) -> Self {
        Self {
            status: "success",
            sid: call.sid.to_string(),
            call_status: call.status.to_string(),
        }
    }
}

/// `{"status": "success", "sid", "message_status"}`.
#[derive(Debug, Serialize)]
pub struct MessageCanceled {
    status: &'static str,
    sid: String,
    message_status: String,
}

fn call_sid(sid: &str) -> Result<CallSid, AppError> {
    CallSid::parse(sid).map_err(|e| AppError::bad_request(format!("invalid call SID: {e}")))
}

/// Changes the live call `sid`.
///
/// # Errors
/// 503 unconfigured; 400 for a malformed SID, none or several actions, an
/// unknown voice or status, a `twiml_url` Twilio could not fetch; 404 for a
/// call Twilio does not know; Twilio's other errors as the status table says.
pub async fn update_call(
    State(state): State<AppState>,
    Path(sid): Path<String>,
    AppJson(request): AppJson<CallUpdate>,
) -> Result<Json<CallSteered>, AppError> {
    let client = state.twilio()?;
    let sid = call_sid(&sid)?;
    let update = client.update_call(&sid);
    let result = match (request.message, request.twiml_url, request.status) {
        (Some(message), None, None) => {
            if message.trim().is_empty() {
                return Err(AppError::bad_request("invalid message: must not be empty"));
            }
            let voice = match request.voice.as_deref() {
                None => Voice::default(),
                Some(name) => Voice::parse(name.trim())
                    .map_err(|e| AppError::bad_request(format!("invalid voice: {e}")))?,
            };
            let twiml = VoiceResponse::new().say(Say::new(message).voice(voice));
            update.twiml(&twiml).send().await
        }
        (None, Some(url), None) => {
            let url =
                public_url::check("twiml_url", url.trim(), state.settings().allow_private_urls)?;
            update.url(url).method(HttpMethod::Post).send().await
        }
        (None, None, Some(status)) => {
            let status = match status.trim() {
                "completed" => CallUpdateStatus::Completed,
                "canceled" => CallUpdateStatus::Canceled,
                _ => {
                    return Err(AppError::bad_request(
                        "invalid status: expected \"completed\" (hang up) or \"canceled\" (end a ringing call)",
                    ))
                }
            };
            update.status(status).send().await
        }
        _ => {
            return Err(AppError::bad_request(
                "expected exactly one of: message (with voice), twiml_url, status",
            ))
        }
    };
    let call = state.settle(
        Operation::Update,
        result,
        &[("twiml", "message"), ("url", "twiml_url")],
    )?;
    tracing::info!(sid = %call.sid, status = %call.status, "call updated");
    Ok(Json(call.into()))
}

/// Hangs up the call `sid`.
///
/// # Errors
/// 503 unconfigured, 400 for a malformed SID, 404 for a call Twilio does not
/// know; Twilio's other errors as the status table says.
pub async fn hang_up(
    State(state): State<AppState>,
    Path(sid): Path<String>,
) -> Result<Json<CallSteered>, AppError> {
    let client = state.twilio()?;
    let sid = call_sid(&sid)?;
    let call = state.settle(Operation::Update, client.hang_up(&sid).await, &[])?;
    tracing::info!(sid = %call.sid, status = %call.status, "call hung up");
    Ok(Json(call.into()))
}

/// Cancels the scheduled message `sid` before Twilio sends it.
///
/// # Errors
/// 503 unconfigured, 400 for a malformed SID, 404 for a message Twilio does
/// not know; Twilio's other errors (e.g. a message that is not scheduled) as
/// the status table says.
pub async fn cancel_message(
    State(state): State<AppState>,
    Path(sid): Path<String>,
) -> Result<Json<MessageCanceled>, AppError> {
    let client = state.twilio()?;
    let sid = MessageSid::parse(&sid)
        .map_err(|e| AppError::bad_request(format!("invalid message SID: {e}")))?;
    let message = state.settle(Operation::Update, client.cancel_message(&sid).await, &[])?;
    tracing::info!(sid = %message.sid, status = %message.status, "message canceled");
    Ok(Json(MessageCanceled {
        status: "success",
        sid: message.sid.to_string(),
        message_status: message.status.to_string(),
    }))
}
