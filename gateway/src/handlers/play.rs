//! `POST /twilio/voice/play`: a call that plays an audio file, with the
//! `<Play>` sent inline, so nothing but the audio has to be hosted (the
//! guide's ElevenLabs step).

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use twilio_typed::twiml::{Play, VoiceResponse};

use super::{required, required_text};
use crate::error::AppError;
use crate::extract::AppJson;
use crate::public_url;
use crate::state::{AppState, CALL_EVENTS};
use crate::upstream::Operation;

/// The most times one call may play the file (`0`, "until hang-up", would
/// keep a billed call open for as long as the callee listens).
pub const MAX_LOOP: u32 = 10;

/// `{"to", "audio_url", "loop"?}`; `loop` (1 to 10) defaults to 1.
#[derive(Debug, Deserialize)]
pub struct PlayAudio {
    to: Option<String>,
    audio_url: Option<String>,
    #[serde(rename = "loop")]
    loop_count: Option<u32>,
}

/// `{"status": "success", "sid", "to", "from", "audio_url"}`.
#[derive(Debug, Serialize)]
pub struct PlayStarted {
    status: &'static str,
    sid: String,
    to: String,
    from: String,
    audio_url: String,
}

/// Calls `to` and plays `audio_url` `loop` times.
///
/// # Errors
/// 503 unconfigured, 400 invalid input (an `audio_url` Twilio could not
/// fetch, a `loop` outside 1 to 10), and Twilio's errors as the status table says.
pub async fn play(
    State(state): State<AppState>,
    AppJson(request): AppJson<PlayAudio>,
) -> Result<Json<PlayStarted>, AppError> {
    let client = state.twilio()?;
    let to = state.recipient("to", &required("to", request.to)?)?;
    let audio_url = required_text("audio_url", request.audio_url)?;
    let url = public_url::check(
        "audio_url",
        audio_url.trim(),
        state.settings().allow_private_urls,
    )?;
    let times = request.loop_count.unwrap_or(1);
    if !(1..=MAX_LOOP).contains(&times) {
        return Err(AppError::bad_request(format!(
            "invalid loop: must be 1 to {MAX_LOOP}"
        )));
    }
    let twiml = VoiceResponse::new().play(Play::new(url.as_str()).loop_count(times));
    let mut builder = client.call_with_twiml(to, &twiml);
    if let Some(callback) = state.status_callback_url() {
        builder = builder
            .status_callback(callback)
            .status_callback_events(CALL_EVENTS);
    }
    let call = state.settle(
        Operation::Send,
        builder.send().await,
        &[("twiml", "audio_url")],
    )?;
    tracing::info!(sid = %call.sid, status = %call.status, "audio call created");
    Ok(Json(PlayStarted {
        status: "success",
        sid: call.sid.to_string(),
        to: call.to.to_string(),
        from: call.from.to_string(),
        audio_url: url.to_string(),
    }))
}
