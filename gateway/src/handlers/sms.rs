//! `POST /twilio/sms/send`.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::{required, required_text};
use crate::error::AppError;
use crate::extract::AppJson;
use crate::state::AppState;
use crate::upstream::Operation;

/// `{"to": "+12025551234", "message": "Hello from MYCA!"}`.
#[derive(Debug, Deserialize)]
pub struct SendSms {
    /// The recipient, E.164.
    to: Option<String>,
    /// The text, at most 1600 characters.
    message: Option<String>,
}

/// `{"status": "success", "sid", "to", "from"}`.
#[derive(Debug, Serialize)]
pub struct SmsSent {
    status: &'static str,
    sid: String,
    to: String,
    from: String,
}

/// Sends an SMS from `TWILIO_PHONE_NUMBER`.
///
/// # Errors
/// 503 unconfigured, 400 invalid input, and Twilio's errors as the status
/// table in `upstream.rs` says.
pub async fn send(
    State(state): State<AppState>,
    AppJson(request): AppJson<SendSms>,
) -> Result<Json<SmsSent>, AppError> {
    let client = state.twilio()?;
    let to = state.recipient("to", &required("to", request.to)?)?;
    let message = required_text("message", request.message)?;
    let mut builder = client.send_sms(to, message);
    if let Some(callback) = state.status_callback_url() {
        builder = builder.status_callback(callback);
    }
    let sent = state.settle(
        Operation::Send,
        builder.send().await,
        &[("body", "message")],
    )?;
    tracing::info!(sid = %sent.sid, status = %sent.status, "SMS accepted by Twilio");
    let from = sent
        .from
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| client.default_from().map(ToString::to_string))
        .unwrap_or_default();
    Ok(Json(SmsSent {
        status: "success",
        sid: sent.sid.to_string(),
        to: sent.to.to_string(),
        from,
    }))
}
