//! Following a message after it was sent: `POST Messages/{Sid}.json`
//! (`Status=canceled` for a scheduled message, `Body=""` to redact), `DELETE
//! Messages/{Sid}.json`, and its media (`Messages/{Sid}/Media.json`).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::message_api::render;
use super::records::{SentMedia, SentMessage, StatusChange};
use super::server::{page, rfc2822, sid_of, Authenticated, DateRange, FormBody};
use super::state::Shared;
use super::validate::{invalid, ApiFailure};
use crate::webhook::Params;
use crate::{MessageSid, MessageStatus};

type Answer = Result<(StatusCode, Json<Value>), ApiFailure>;

fn message_sid(segment: &str, path: &str) -> Result<MessageSid, ApiFailure> {
    let sid = sid_of(segment, path)?;
    MessageSid::parse(sid).map_err(|_| ApiFailure::not_found(path))
}

/// What an update asks.
enum Change {
    Cancel,
    Redact,
}

fn check(form: &Params) -> Result<Change, ApiFailure> {
    match (form.get("Status"), form.get("Body")) {
        (Some("canceled"), None) => Ok(Change::Cancel),
        (Some(other), None) => Err(invalid("Status", other, "the only value is canceled")),
        (None, Some("")) => Ok(Change::Redact),
        (None, Some(_)) => Err(invalid(
            "Body",
            "(text)",
            "a message's body can only be redacted, with an empty Body",
        )),
        (Some(_), Some(_)) => Err(invalid(
            "Status",
            "(with Body)",
            "give either Status=canceled or Body=\"\", not both",
        )),
        (None, None) => Err(invalid(
            "Body",
            "(missing)",
            "give Status=canceled or Body=\"\"",
        )),
    }
}

/// `POST Messages/{Sid}.json`.
pub(crate) async fn update(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, segment)): Path<(String, String)>,
    uri: Uri,
    FormBody(form): FormBody,
) -> Answer {
    let sid = message_sid(&segment, uri.path())?;
    let change = check(&form)?;
    let now = OffsetDateTime::now_utc();
    let outcome = shared
        .update_message(&sid, |m| apply(m, &change, now))
        .ok_or_else(|| ApiFailure::not_found(uri.path()))?;
    outcome?;
    // Wake a scheduled message's life cycle so it sees the cancel.
    shared.changed.notify_waiters();
    let message = shared
        .message(sid.as_str())
        .ok_or_else(|| ApiFailure::not_found(uri.path()))?;
    Ok((StatusCode::OK, Json(render(&shared, &message))))
}

fn apply(m: &mut SentMessage, change: &Change, now: OffsetDateTime) -> Result<(), ApiFailure> {
    match change {
        Change::Cancel if m.status == MessageStatus::Scheduled => {
            m.status = MessageStatus::Canceled;
            m.history.push(StatusChange {
                status: MessageStatus::Canceled,
                at: now,
            });
        }
        Change::Cancel => {
            return Err(ApiFailure::bad_request(
                30409,
                format!(
                    "This message cannot be canceled: its status is {}, and only scheduled messages can be",
                    m.status
                ),
            ))
        }
        Change::Redact if m.status.is_final() => m.body.clear(),
        Change::Redact => return Err(in_flight(m, "redact")),
    }
    m.date_updated = now;
    Ok(())
}

/// Twilio's 20009: a message still on its way cannot be changed or deleted.
fn in_flight(m: &SentMessage, action: &str) -> ApiFailure {
    ApiFailure::bad_request(
        20009,
        format!(
            "Cannot {action} message {}: it is still in flight (status {})",
            m.sid, m.status
        ),
    )
}

/// `DELETE Messages/{Sid}.json`: 204, then 404; a message still on its way
/// cannot be deleted (20009).
pub(crate) async fn delete(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, segment)): Path<(String, String)>,
    uri: Uri,
) -> Result<StatusCode, ApiFailure> {
    let sid = message_sid(&segment, uri.path())?;
    let message = shared
        .message(sid.as_str())
        .ok_or_else(|| ApiFailure::not_found(uri.path()))?;
    // A scheduled message is not on its way yet: deleting it withdraws it.
    if !message.status.is_final() && message.status != MessageStatus::Scheduled {
        return Err(in_flight(&message, "delete"));
    }
    shared.remove_message(&sid);
    shared.changed.notify_waiters();
    Ok(StatusCode::NO_CONTENT)
}

/// `GET Messages/{Sid}/Media.json`, with the `DateCreated` filters.
pub(crate) async fn list_media(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, message)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Answer {
    let message = shared
        .message(&message)
        .ok_or_else(|| ApiFailure::not_found(uri.path()))?;
    let query = Params::from_form(query.unwrap_or_default().as_bytes());
    let created = DateRange::from_query(&query, "DateCreated")?;
    let items = message
        .media
        .iter()
        .filter(|_| created.matches(Some(message.date_created)))
        .map(|media| render_media(&shared, &message, media))
        .collect();
    Ok((
        StatusCode::OK,
        Json(page(uri.path(), "media_list", &query, items)?),
    ))
}

/// `GET Messages/{MessageSid}/Media/{Sid}.json` (the resource); without
/// `.json`, the content: a redirect to where it is, as Twilio redirects to
/// its media store (the sandbox keeps no copy).
pub(crate) async fn fetch_media(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, message, segment)): Path<(String, String, String)>,
    uri: Uri,
) -> Result<Response, ApiFailure> {
    let not_found = || ApiFailure::not_found(uri.path());
    let (sid, json) = match segment.strip_suffix(".json") {
        Some(sid) => (sid, true),
        None => (segment.as_str(), false),
    };
    let message = shared.message(&message).ok_or_else(not_found)?;
    let media = message
        .media
        .iter()
        .find(|m| m.sid.as_str() == sid)
        .ok_or_else(not_found)?;
    if json {
        Ok((StatusCode::OK, Json(render_media(&shared, &message, media))).into_response())
    } else {
        Ok(Redirect::temporary(media.url.as_str()).into_response())
    }
}

/// `DELETE Messages/{MessageSid}/Media/{Sid}.json`: 204, then 404.
pub(crate) async fn delete_media(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, message, segment)): Path<(String, String, String)>,
    uri: Uri,
) -> Result<StatusCode, ApiFailure> {
    let sid = sid_of(&segment, uri.path())?;
    let message = MessageSid::parse(&message).map_err(|_| ApiFailure::not_found(uri.path()))?;
    let removed = shared.update_message(&message, |m| {
        let before = m.media.len();
        m.media.retain(|media| media.sid.as_str() != sid);
        m.media.len() != before
    });
    match removed {
        Some(true) => Ok(StatusCode::NO_CONTENT),
        _ => Err(ApiFailure::not_found(uri.path())),
    }
}

/// A media resource as Twilio's JSON.
fn render_media(shared: &Shared, message: &SentMessage, media: &SentMedia) -> Value {
    json!({
        "account_sid": shared.account_sid.as_str(),
        "content_type": media.content_type,
        "date_created": rfc2822(message.date_created),
        "date_updated": rfc2822(message.date_created),
        "parent_sid": message.sid.as_str(),
        "sid": media.sid.as_str(),
        "uri": format!(
            "/2010-04-01/Accounts/{}/Messages/{}/Media/{}.json",
            shared.account_sid, message.sid, media.sid
        ),
    })
}

/// The content type of a media URL, from its file extension.
pub(crate) fn content_type(url: &url::Url) -> &'static str {
    let extension = url
        .path()
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "wav" => "audio/x-wav",
        "ogg" => "audio/ogg",
        "pdf" => "application/pdf",
        "vcf" => "text/vcard",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}
