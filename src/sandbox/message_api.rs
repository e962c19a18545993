//! `Messages.json`: create, fetch and list, with Twilio's checks and JSON.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::Uri;
use axum::Json;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::lifecycle::{self, API_VERSION};
use super::limits::{
    BODY_CHARS, MEDIA_URLS, SCHEDULE_AHEAD_MAX, SCHEDULE_AHEAD_MIN, VALIDITY_SECS,
};
use super::message_control::content_type;
use super::outcomes::message_error_text;
use super::records::{SentMedia, SentMessage, StatusChange};
use super::server::{opt_rfc2822, page, rfc2822, sid_of, Authenticated, DateRange, FormBody};
use super::state::Shared;
use super::validate::{
    boolean, invalid, magic_message_from, magic_message_to, not_sms_capable_from, one_of, phone,
    sid_param, web_url, ApiFailure,
};
use crate::webhook::Params;
use crate::{MessageSid, MessageStatus, MessagingServiceSid, E164};

type Answer = Result<(StatusCode, Json<Value>), ApiFailure>;

/// `POST Messages.json`.
pub(crate) async fn create(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    FormBody(form): FormBody,
) -> Answer {
    let message = check(&shared, form)?;
    let json = render(&shared, &message);
    let sid = message.sid.clone();
    shared.insert_message(message);
    lifecycle::start_message(&shared, sid);
    Ok((StatusCode::CREATED, Json(json)))
}

/// `GET Messages/{sid}.json`.
pub(crate) async fn fetch(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, segment)): Path<(String, String)>,
    uri: Uri,
) -> Answer {
    let sid = sid_of(&segment, uri.path())?;
    let message = shared
        .message(sid)
        .ok_or_else(|| ApiFailure::not_found(uri.path()))?;
    Ok((StatusCode::OK, Json(render(&shared, &message))))
}

/// `GET Messages.json`, with the `To`, `From` and `DateSent` filters.
pub(crate) async fn list(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Answer {
    let query = Params::from_form(query.unwrap_or_default().as_bytes());
    let sent = DateRange::from_query(&query, "DateSent")?;
    let to = query
        .get("To")
        .map(|v| phone(v).map_or_else(|| v.to_owned(), |n| n.as_str().to_owned()));
    let from = query
        .get("From")
        .map(|v| phone(v).map_or_else(|| v.to_owned(), |n| n.as_str().to_owned()));
    let items = shared
        .messages()
        .iter()
        .rev()
        .filter(|m| to.as_deref().is_none_or(|to| m.to.as_str() == to))
        .filter(|m| {
            from.as_deref()
                .is_none_or(|f| m.from.as_ref().is_some_and(|n| n.as_str() == f))
        })
        .filter(|m| sent.matches(m.date_sent))
        .map(|m| render(&shared, m))
        .collect();
    Ok((
        StatusCode::OK,
        Json(page(uri.path(), "messages", &query, items)?),
    ))
}

/// Checks a create request as Twilio does and builds the new message.
fn check(shared: &Shared, form: Params) -> Result<SentMessage, ApiFailure> {
    let to = form
        .get("To")
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiFailure::bad_request(21604, "A 'To' phone number is required."))?;
    let service = form.get("MessagingServiceSid").filter(|v| !v.is_empty());
    let from = form.get("From").filter(|v| !v.is_empty());
    if from.is_none() && service.is_none() {
        return Err(ApiFailure::bad_request(
            21603,
            "A 'From' phone number is required.",
        ));
    }
    let to = phone(to).ok_or_else(|| {
        ApiFailure::bad_request(
            21211,
            format!("The 'To' number {to} is not a valid phone number."),
        )
    })?;
    if let Some(failure) = magic_message_to(to.as_str()) {
        return Err(failure);
    }
    let service = service.map(|sid| check_service(shared, sid)).transpose()?;
    let from = from.map(|from| check_from(shared, from)).transpose()?;
    if from.as_ref() == Some(&to) {
        return Err(ApiFailure::bad_request(
            21266,
            "'To' and 'From' number cannot be the same",
        ));
    }

    let body = form.get("Body").unwrap_or_default().to_owned();
    let media_urls = form
        .get_all("MediaUrl")
        .map(|raw| {
            web_url(raw).ok_or_else(|| {
                ApiFailure::bad_request(
                    21620,
                    format!(
                        "Media urls: {raw} are invalid. Please use only valid http and https urls"
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let content = sid_param(&form, "ContentSid", "HX", 21655)?;
    if body.is_empty() && media_urls.is_empty() && content.is_none() {
        return Err(ApiFailure::bad_request(21602, "Message body is required."));
    }
    check_content_options(&form, content.is_some(), service.is_some())?;
    if body.chars().count() > BODY_CHARS {
        return Err(ApiFailure::bad_request(
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        ));
    }
    if media_urls.len() > MEDIA_URLS {
        return Err(ApiFailure::bad_request(
            21623,
            "The number of media files exceeds the allowed limit of 10.",
        ));
    }
    let status_callback = form.get("StatusCallback").filter(|v| !v.is_empty());
    if let Some(url) = status_callback {
        web_url(url).ok_or_else(|| {
            ApiFailure::bad_request(
                21609,
                format!("The StatusCallback URL {url} is not a valid URL."),
            )
        })?;
    }
    if let Some(period) = form.get("ValidityPeriod") {
        let valid = period
            .parse::<u64>()
            .is_ok_and(|p| VALIDITY_SECS.contains(&p));
        if !valid {
            return Err(ApiFailure::bad_request(
                21624,
                format!("Invalid validity period value: {period}"),
            ));
        }
    }
    let send_at = check_schedule(&form, service.as_ref())?;

    let now = OffsetDateTime::now_utc();
    let status = match (&send_at, &service) {
        (Some(_), _) => MessageStatus::Scheduled,
        (None, Some(_)) => MessageStatus::Accepted,
        (None, None) => MessageStatus::Queued,
    };
    let prefix = if media_urls.is_empty() { "SM" } else { "MM" };
    let media = media_urls
        .iter()
        .map(|url| SentMedia {
            sid: shared.new_media_sid(),
            url: url.clone(),
            content_type: content_type(url).to_owned(),
        })
        .collect();
    let sid = MessageSid::parse(&shared.new_sid(prefix))
        .map_err(|e| ApiFailure::new(500, 20500, e.to_string()))?;
    let outcome = shared.outcomes.message(&to);
    Ok(SentMessage {
        sid,
        to,
        from,
        messaging_service_sid: service,
        num_segments: num_segments(&body),
        body,
        media_urls,
        media,
        status: status.clone(),
        history: vec![StatusChange { status, at: now }],
        status_callback: status_callback.map(str::to_owned),
        callbacks: Vec::new(),
        send_at,
        outcome,
        error_code: None,
        date_created: now,
        date_updated: now,
        date_sent: None,
        request: form,
    })
}

/// The `num_segments` Twilio reports for `body`: the crate's
/// [`sms_segments`](crate::sms_segments) count, and 1 for an empty body (a
/// message with only media or a `ContentSid`, which Twilio reports and
/// prices as one message).
fn num_segments(body: &str) -> u32 {
    crate::sms_segments(body).segments.max(1)
}

/// `ContentVariables` (a JSON object of strings, with a `ContentSid`),
/// `ShortenUrls` (with a messaging service), `SmartEncoded`, `RiskCheck`,
/// `SendAsMms`.
fn check_content_options(
    form: &Params,
    has_content: bool,
    has_service: bool,
) -> Result<(), ApiFailure> {
    if let Some(raw) = form.get("ContentVariables") {
        let parsed: Option<serde_json::Map<String, Value>> = serde_json::from_str(raw).ok();
        let valid = parsed.is_some_and(|vars| vars.values().all(Value::is_string));
        if !valid {
            return Err(ApiFailure::bad_request(
                21656,
                "The ContentVariables Parameter is invalid: it must be a JSON object of strings",
            ));
        }
        if !has_content {
            return Err(invalid("ContentVariables", raw, "needs a ContentSid"));
        }
    }
    boolean(form, "ShortenUrls")?;
    if form.get("ShortenUrls") == Some("true") && !has_service {
        return Err(invalid(
            "ShortenUrls",
            "true",
            "link shortening needs a MessagingServiceSid",
        ));
    }
    boolean(form, "SmartEncoded")?;
    boolean(form, "SendAsMms")?;
    one_of(form, "RiskCheck", &["enable", "disable"])?;
    Ok(())
}

fn check_service(shared: &Shared, sid: &str) -> Result<MessagingServiceSid, ApiFailure> {
    let parsed = MessagingServiceSid::parse(sid).map_err(|_| {
        ApiFailure::bad_request(
            21705,
            format!("The Messaging Service Sid {sid} is invalid."),
        )
    })?;
    if parsed == shared.messaging_service {
        Ok(parsed)
    } else {
        Err(ApiFailure::bad_request(
            21701,
            format!("The Messaging Service Sid {sid} does not exist"),
        ))
    }
}

fn check_from(shared: &Shared, from: &str) -> Result<E164, ApiFailure> {
    if let Some(failure) = magic_message_from(from) {
        return Err(failure);
    }
    let number = phone(from).ok_or_else(|| {
        ApiFailure::bad_request(21212, format!("The 'From' number {from} is not a valid phone number, shortcode, or alphanumeric sender ID."))
    })?;
    if shared.owns(&number) {
        Ok(number)
    } else {
        Err(ApiFailure::bad_request(
            21606,
            not_sms_capable_from(number.as_str()),
        ))
    }
}

/// `SendAt` and `ScheduleType`: a scheduled message needs a messaging service
/// and a time from 5 minutes to 35 days ahead.
fn check_schedule(
    form: &Params,
    service: Option<&MessagingServiceSid>,
) -> Result<Option<OffsetDateTime>, ApiFailure> {
    let send_at = form.get("SendAt").filter(|v| !v.is_empty());
    let Some(send_at) = send_at else {
        if form.get("ScheduleType") == Some("fixed") {
            return Err(ApiFailure::bad_request(
                35111,
                "SendAt timestamp is missing",
            ));
        }
        return Ok(None);
    };
    if service.is_none() {
        return Err(ApiFailure::bad_request(
            35118,
            "MessagingServiceSid is required to schedule a message",
        ));
    }
    let out_of_range = || {
        ApiFailure::bad_request(
            35114,
            "SendAt time must be between 300 seconds and 35 days (3024000 seconds) in the future, inclusive.",
        )
    };
    let at = OffsetDateTime::parse(send_at, &Rfc3339).map_err(|_| out_of_range())?;
    let ahead = at - OffsetDateTime::now_utc();
    if ahead < SCHEDULE_AHEAD_MIN || ahead > SCHEDULE_AHEAD_MAX {
        return Err(out_of_range());
    }
    Ok(Some(at))
}

/// The message resource as Twilio's JSON.
pub(crate) fn render(shared: &Shared, m: &SentMessage) -> Value {
    let uri = format!(
        "/2010-04-01/Accounts/{}/Messages/{}",
        shared.account_sid, m.sid
    );
    let priced = matches!(m.status, MessageStatus::Sent | MessageStatus::Delivered);
    let price = priced.then(|| format!("-{:.5}", 0.0079 * f64::from(m.num_segments)));
    json!({
        "account_sid": shared.account_sid.as_str(),
        "api_version": API_VERSION,
        "body": m.body,
        "date_created": rfc2822(m.date_created),
        "date_sent": opt_rfc2822(m.date_sent),
        "date_updated": rfc2822(m.date_updated),
        "direction": "outbound-api",
        "error_code": m.error_code,
        "error_message": m.error_code.map(message_error_text),
        "from": m.from.as_ref().map(E164::as_str),
        "messaging_service_sid": m.messaging_service_sid.as_ref().map(MessagingServiceSid::as_str),
        "num_media": m.media_urls.len().to_string(),
        "num_segments": m.num_segments.to_string(),
        "price": price,
        "price_unit": "USD",
        "sid": m.sid.as_str(),
        "status": m.status.as_str(),
        "subresource_uris": { "media": format!("{uri}/Media.json") },
        "to": m.to.as_str(),
        "uri": format!("{uri}.json"),
    })
}
