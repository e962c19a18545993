//! Thin handlers: read the request, call the library, shape the answer.

pub mod config;
pub mod inbound;
pub mod play;
pub mod sms;
pub mod status;
pub mod steer;
pub mod twiml;
pub mod voice;

use axum::Json;
use serde_json::{json, Value};

use crate::error::AppError;

/// `GET /healthz`: the process is up (it says nothing about Twilio).
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The value of a required JSON field, or `400` naming it.
fn required(field: &str, value: Option<String>) -> Result<String, AppError> {
    value.ok_or_else(|| AppError::missing_field(field))
}

/// A required text that must not be blank.
fn required_text(field: &str, value: Option<String>) -> Result<String, AppError> {
    let text = required(field, value)?;
    if text.trim().is_empty() {
        return Err(AppError::bad_request(format!(
            "invalid {field}: must not be empty"
        )));
    }
    Ok(text)
}
