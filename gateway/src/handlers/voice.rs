//! `POST /twilio/voice/message` (text-to-speech call) and `POST /twilio/voice/call`
//! (a call running hosted TwiML).

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use twilio_typed::Voice;

use super::{required, required_text};
use crate::error::AppError;
use crate::extract::AppJson;
use crate::public_url;
use crate::state::{AppState, CALL_EVENTS};
use crate::upstream::Operation;

/// `{"to", "message", "voice"?}`; `voice` defaults to `alice`.
#[derive(Debug, Deserialize)]
pub struct VoiceMessage {
    to: Option<String>,
    message: Option<String>,
    /// `alice`, `man`, `woman`, `Polly.<Name>[-Neural]`, `Google.<lang>-<REGION>-...`.
    voice: Option<String>,
}

/// `{"status": "success", "sid", "to", "message"}`.
#[derive(Debug, Serialize)]
pub struct VoiceMessageSent {
    status: &'static str,
    sid: String,
    to: String,
    message: String,
}

/// Calls `to` and speaks `message`; the text is escaped into inline TwiML, so
/// nothing has to be hosted.
///
/// # Errors
/// 503 unconfigured, 400 invalid input (unknown voice, empty or too long text),
/// and Twilio's errors as the status table in `upstream.rs` says.
pub async fn message(
    State(state): State<AppState>,
    AppJson(request): AppJson<VoiceMessage>,
) -> Result<Json<VoiceMessageSent>, AppError> {
    let client = state.twilio()?;
    let to = state.recipient("to", &required("to", request.to)?)?;
    let message = required_text("message", request.message)?;
    let voice = match request.voice.as_deref() {
        None => Voice::default(),
        Some(name) => Voice::parse(name.trim())
            .map_err(|e| AppError::bad_request(format!("invalid voice: {e}")))?,
    };
    let mut builder = client.send_voice_message(to, message.clone()).voice(voice);
    if let Some(callback) = state.status_callback_url() {
        builder = builder
            .status_callback(callback)
            .status_callback_events(CALL_EVENTS);
    }
    // A text too long for one call is refused by the library as `message`
    // ("too long for one call: its TwiML would be ..."), before sending.
    let call = state.settle(Operation::Send, builder.send().await, &[])?;
    tracing::info!(sid = %call.sid, status = %call.status, "voice message call created");
    Ok(Json(VoiceMessageSent {
        status: "success",
        sid: call.sid.to_string(),
        to: call.to.to_string(),
        message,
    }))
}

/// `{"to", "twiml_url"}`.
#[derive(Debug, Deserialize)]
pub struct TwimlCall {
    to: Option<String>,
    twiml_url: Option<String>,
}

/// `{"status": "success", "sid", "to", "from"}`.
#[derive(Debug, Serialize)]
pub struct CallCreated {
    status: &'static str,
    sid: String,
    to: String,
    from: String,
}

/// Calls `to`; when answered, Twilio fetches its instructions from `twiml_url`.
///
/// # Errors
/// 503 unconfigured, 400 invalid input (a URL Twilio could not fetch), and
/// Twilio's errors as the status table in `upstream.rs` says.
pub async fn call(
    State(state): State<AppState>,
    AppJson(request): AppJson<TwimlCall>,
) -> Result<Json<CallCreated>, AppError> {
    let client = state.twilio()?;
    let to = state.recipient("to", &required("to", request.to)?)?;
    let url = required_text("twiml_url", request.twiml_url)?;
    let url = public_url::check("twiml_url", url.trim(), state.settings().allow_private_urls)?;
    let mut builder = client.call_with_url(to, url);
    if let Some(callback) = state.status_callback_url() {
        builder = builder
            .status_callback(callback)
            .status_callback_events(CALL_EVENTS);
    }
    let call = state.settle(
        Operation::Send,
        builder.send().await,
        &[("url", "twiml_url")],
    )?;
    tracing::info!(sid = %call.sid, status = %call.status, "call created");
    Ok(Json(CallCreated {
        status: "success",
        sid: call.sid.to_string(),
        to: call.to.to_string(),
        from: call.from.to_string(),
    }))
}
