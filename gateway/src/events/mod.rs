//! Inbound Twilio events (an SMS received, a message or call status change) as
//! the JSON the orchestrator receives at `EVENTS_WEBHOOK_URL`.
//!
//! ```json
//! {"event_id": "evt_3b0c…", "type": "sms.received", "sid": "SM…", "account_sid": "AC…",
//!  "from": "+12025551234", "to": "+12025550100", "body": "STOP", "media_urls": [],
//!  "error_code": null, "received_at": "2026-12-01T11:00:00Z"}
//! ```
//!
//! `event_id` is derived from Twilio's identifiers (the SID, the status, the
//! call's callback sequence number), so a webhook Twilio sends again gives the
//! same id and the receiver can drop the duplicate.

pub mod forward;

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use twilio_typed::webhook::{CallStatusCallback, IncomingMessage, MessageStatusCallback};

use crate::redact::mask_numbers;

/// One event, as POSTed to `EVENTS_WEBHOOK_URL`.
#[derive(Clone, Serialize)]
pub struct Event {
    /// Stable across Twilio's retries of the same webhook.
    pub event_id: String,
    /// `sms.received`, `message.status` or `call.status`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The message's or the call's SID.
    pub sid: String,
    /// The account the event belongs to.
    pub account_sid: String,
    /// The sender or caller (a number, or e.g. `whatsapp:+1…`).
    pub from: Option<String>,
    /// The recipient.
    pub to: Option<String>,
    /// `sms.received`: the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `sms.received`: the MMS media URLs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_urls: Option<Vec<String>>,
    /// Status events: Twilio's status, e.g. `delivered`, `undelivered`, `completed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Twilio's error code (`undelivered`, `failed`), else `null`.
    pub error_code: Option<u32>,
    /// Twilio's error message, when it sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// `call.status`: `outbound-api`, `inbound`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// `call.status`: the call's length in seconds, once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// `call.status`: the callback's sequence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<u32>,
    /// When the gateway received the webhook (RFC 3339, UTC).
    pub received_at: String,
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No body, numbers masked: this may end up in a log.
        f.debug_struct("Event")
            .field("event_id", &self.event_id)
            .field("type", &self.kind)
            .field("sid", &self.sid)
            .field("from", &self.from.as_deref().map(mask_numbers))
            .field("to", &self.to.as_deref().map(mask_numbers))
            .field("status", &self.status)
            .field("error_code", &self.error_code)
            .finish_non_exhaustive()
    }
}

impl Event {
    fn new(kind: &'static str, sid: String, account_sid: String, id_parts: &[&str]) -> Self {
        let mut digest = Sha256::new();
        digest.update(kind.as_bytes());
        for part in std::iter::once(sid.as_str()).chain(id_parts.iter().copied()) {
            digest.update([0]);
            digest.update(part.as_bytes());
        }
        let digest = digest.finalize();
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Self {
            event_id: format!("evt_{hex}"),
            kind,
            sid,
            account_sid,
            from: None,
            to: None,
            body: None,
            media_urls: None,
            status: None,
            error_code: None,
            error_message: None,
            direction: None,
            duration: None,
            sequence_number: None,
            received_at: now(),
        }
    }

    /// `sms.received`: one id per message SID.
    pub fn sms_received(message: &IncomingMessage) -> Self {
        let mut event = Self::new(
            "sms.received",
            message.message_sid.to_string(),
            message.account_sid.to_string(),
            &[],
        );
        event.from = Some(message.from.as_str().to_owned());
        event.to = Some(message.to.as_str().to_owned());
        event.body = Some(message.body.clone());
        event.media_urls = Some(message.media.iter().map(|m| m.url.to_string()).collect());
        event
    }

    /// `message.status`: one id per message SID and status.
    pub fn message_status(callback: &MessageStatusCallback) -> Self {
        let status = callback.message_status.to_string();
        let mut event = Self::new(
            "message.status",
            callback.message_sid.to_string(),
            callback.account_sid.to_string(),
            &[&status],
        );
        event.from = callback.from.as_ref().map(|e| e.as_str().to_owned());
        event.to = callback.to.as_ref().map(|e| e.as_str().to_owned());
        event.status = Some(status);
        event.error_code = callback.error_code;
        event.error_message = callback.error_message.clone();
        event
    }

    /// `call.status`: one id per call SID, status and sequence number.
    pub fn call_status(callback: &CallStatusCallback) -> Self {
        let status = callback.call_status.to_string();
        let sequence = callback
            .sequence_number
            .map(|n| n.to_string())
            .unwrap_or_default();
        let mut event = Self::new(
            "call.status",
            callback.call_sid.to_string(),
            callback.account_sid.to_string(),
            &[&status, &sequence],
        );
        event.from = Some(callback.from.as_str().to_owned());
        event.to = Some(callback.to.as_str().to_owned());
        event.status = Some(status);
        event.error_code = callback
            .extra
            .get("ErrorCode")
            .and_then(|code| code.trim().parse().ok());
        event.error_message = callback.extra.get("ErrorMessage").map(str::to_owned);
        event.direction = callback.direction.as_ref().map(ToString::to_string);
        event.duration = callback.call_duration;
        event.sequence_number = callback.sequence_number;
        event
    }
}

fn now() -> String {
    // Formatting the current UTC time cannot fail.
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}
