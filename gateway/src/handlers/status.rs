//! `GET /twilio/status/{sid}`: a message's or a call's current state.

use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};
use twilio_typed::{Call, Message, ResourceSid};

use crate::error::AppError;
use crate::state::AppState;
use crate::upstream::Operation;

/// The answer: a message's fields or a call's.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Status {
    /// `{"sid", "status", "to", "from", "body", "date_sent"}`.
    Message {
        sid: String,
        status: String,
        to: String,
        from: Option<String>,
        body: Option<String>,
        /// ISO 8601 in UTC, e.g. `2025-12-17T10:30:00Z`; `null` until sent.
        date_sent: Option<String>,
    },
    /// `{"sid", "status", "to", "from", "duration", "start_time", "end_time"}`.
    Call {
        sid: String,
        status: String,
        to: String,
        from: String,
        /// Seconds, as Twilio writes it (`"42"`); `null` until the call ends.
        duration: Option<String>,
        start_time: Option<String>,
        end_time: Option<String>,
    },
}

/// Looks an `SM`/`MM` (message) or `CA` (call) SID up at Twilio.
///
/// # Errors
/// 503 unconfigured, 400 for any other SID, 404 when Twilio knows no such
/// SID, and Twilio's other errors as the status table in `upstream.rs` says.
pub async fn show(
    State(state): State<AppState>,
    Path(sid): Path<String>,
) -> Result<Json<Status>, AppError> {
    let client = state.twilio()?;
    let sid = ResourceSid::parse(&sid).map_err(|e| AppError::bad_request(e.to_string()))?;
    let status = match sid {
        ResourceSid::Message(sid) => {
            Status::from(state.settle(Operation::Fetch, client.fetch_message(&sid).await, &[])?)
        }
        ResourceSid::Call(sid) => {
            Status::from(state.settle(Operation::Fetch, client.fetch_call(&sid).await, &[])?)
        }
        // ResourceSid is non_exhaustive: a kind added later is not served here.
        other => {
            return Err(AppError::bad_request(format!(
                "unsupported SID {other}: expected a message (SM/MM) or call (CA) SID"
            )))
        }
    };
    Ok(Json(status))
}

impl From<Message> for Status {
    fn from(message: Message) -> Self {
        Self::Message {
            sid: message.sid.to_string(),
            status: message.status.to_string(),
            to: message.to.to_string(),
            from: message.from.map(|from| from.to_string()),
            body: message.body,
            date_sent: iso8601(message.date_sent),
        }
    }
}

impl From<Call> for Status {
    fn from(call: Call) -> Self {
        Self::Call {
            sid: call.sid.to_string(),
            status: call.status.to_string(),
            to: call.to.to_string(),
            from: call.from.to_string(),
            duration: call.duration.map(|secs| secs.to_string()),
            start_time: iso8601(call.start_time),
            end_time: iso8601(call.end_time),
        }
    }
}

/// `2025-12-17T10:30:00Z`.
fn iso8601(date: Option<OffsetDateTime>) -> Option<String> {
    // Formatting a UTC date of a valid year cannot fail; None is the safe answer if it did.
    date.and_then(|d| d.to_offset(UtcOffset::UTC).format(&Rfc3339).ok())
}
