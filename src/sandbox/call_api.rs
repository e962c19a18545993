//! `Calls.json`: create, fetch and list, with Twilio's checks and JSON.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::Uri;
use axum::Json;
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::lifecycle::{self, API_VERSION};
use super::limits::{TIME_LIMIT_SECS, TWIML_CHARS};
use super::records::{CallTwiml, TwimlOrigin};
use super::records::{PlacedCall, StatusChange};
use super::server::{
    formatted, opt_rfc2822, page, rfc2822, sid_of, Authenticated, DateRange, FormBody,
};
use super::state::Shared;
use super::validate::{
    boolean, int_in, invalid, magic_call_from, magic_call_to, not_verified_caller, one_of, phone,
    sid_param, url_param, web_url, ApiFailure,
};
use crate::webhook::Params;
use crate::{CallEvent, CallSid, CallStatus, E164};

type Answer = Result<(StatusCode, Json<Value>), ApiFailure>;

/// `POST Calls.json`.
pub(crate) async fn create(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    FormBody(form): FormBody,
) -> Answer {
    let call = check(&shared, form)?;
    let json = render(&shared, &call);
    let sid = call.sid.clone();
    shared.insert_call(call);
    lifecycle::start_call(&shared, sid);
    Ok((StatusCode::CREATED, Json(json)))
}

/// `GET Calls/{sid}.json`.
pub(crate) async fn fetch(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, segment)): Path<(String, String)>,
    uri: Uri,
) -> Answer {
    let sid = sid_of(&segment, uri.path())?;
    let call = shared
        .call(sid)
        .ok_or_else(|| ApiFailure::not_found(uri.path()))?;
    Ok((StatusCode::OK, Json(render(&shared, &call))))
}

/// `GET Calls.json`, with the `To`, `From`, `Status`, `StartTime`, `EndTime`
/// and `ParentCallSid` filters.
pub(crate) async fn list(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Answer {
    let query = Params::from_form(query.unwrap_or_default().as_bytes());
    let started = DateRange::from_query(&query, "StartTime")?;
    let ended = DateRange::from_query(&query, "EndTime")?;
    let number = |name| {
        query
            .get(name)
            .map(|v| phone(v).map_or_else(|| v.to_owned(), |n| n.as_str().to_owned()))
    };
    let (to, from) = (number("To"), number("From"));
    let status = query.get("Status");
    // Calls placed through the REST API have no parent.
    let parent = query.get("ParentCallSid");
    let items = shared
        .calls()
        .iter()
        .rev()
        .filter(|c| to.as_deref().is_none_or(|to| c.to.as_str() == to))
        .filter(|c| from.as_deref().is_none_or(|from| c.from.as_str() == from))
        .filter(|c| status.is_none_or(|s| c.status.as_str() == s))
        .filter(|_| parent.is_none())
        .filter(|c| started.matches(c.start_time) && ended.matches(c.end_time))
        .map(|c| render(&shared, c))
        .collect();
    Ok((
        StatusCode::OK,
        Json(page(uri.path(), "calls", &query, items)?),
    ))
}

fn event(name: &str) -> Option<CallEvent> {
    Some(match name {
        "initiated" => CallEvent::Initiated,
        "ringing" => CallEvent::Ringing,
        "answered" => CallEvent::Answered,
        "completed" => CallEvent::Completed,
        _ => return None,
    })
}

pub(crate) fn method(form: &Params, name: &str) -> Result<String, ApiFailure> {
    match form.get(name).filter(|m| !m.is_empty()) {
        None => Ok("POST".to_owned()),
        Some(m) if m.eq_ignore_ascii_case("GET") || m.eq_ignore_ascii_case("POST") => {
            Ok(m.to_ascii_uppercase())
        }
        Some(m) => Err(ApiFailure::bad_request(
            21209,
            format!("{name} must be GET or POST, got {m}"),
        )),
    }
}

/// Checks a create request as Twilio does and builds the new call.
fn check(shared: &Shared, form: Params) -> Result<PlacedCall, ApiFailure> {
    let to = form
        .get("To")
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiFailure::bad_request(21201, "No 'To' number is specified"))?;
    let from = form
        .get("From")
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiFailure::bad_request(21213, "No 'From' number is specified"))?;
    if let Some(failure) = magic_call_to(to) {
        return Err(failure);
    }
    let to = phone(to).ok_or_else(|| {
        ApiFailure::bad_request(
            21211,
            format!("The 'To' number {to} is not a valid phone number."),
        )
    })?;
    if let Some(failure) = magic_call_from(from) {
        return Err(failure);
    }
    let from = phone(from).ok_or_else(|| {
        ApiFailure::bad_request(
            21212,
            format!("The source phone number provided, {from}, is not a valid phone number."),
        )
    })?;
    if !shared.owns(&from) {
        return Err(ApiFailure::bad_request(
            21210,
            not_verified_caller(from.as_str()),
        ));
    }
    if to == from {
        return Err(ApiFailure::bad_request(
            21211,
            format!("The 'To' number {to} is not a valid phone number: a Twilio number cannot call itself."),
        ));
    }

    let twiml = form
        .get("Twiml")
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let url = match form.get("Url").filter(|v| !v.is_empty()) {
        Some(raw) => Some(web_url(raw).ok_or_else(|| {
            ApiFailure::bad_request(21205, format!("Url is not a valid URL: {raw}"))
        })?),
        None => None,
    };
    let application = sid_param(&form, "ApplicationSid", "AP", 21218)?;
    if twiml.is_none() && url.is_none() && application.is_none() {
        return Err(ApiFailure::bad_request(
            21205,
            "Url parameter is required. For more information, see http://www.twilio.com/docs/api/twiml",
        ));
    }
    if application.is_some() && (twiml.is_some() || url.is_some()) {
        return Err(ApiFailure::bad_request(
            21205,
            "ApplicationSid cannot be combined with Url or Twiml",
        ));
    }
    if twiml
        .as_ref()
        .is_some_and(|t| t.chars().count() > TWIML_CHARS)
    {
        return Err(ApiFailure::bad_request(
            32018,
            "Twiml size exceeded maximum allowed value of 4000 characters",
        ));
    }
    let url_method = method(&form, "Method")?;
    let status_callback = form.get("StatusCallback").filter(|v| !v.is_empty());
    if let Some(raw) = status_callback {
        web_url(raw).ok_or_else(|| {
            ApiFailure::bad_request(
                21609,
                format!("The StatusCallback URL {raw} is not a valid URL."),
            )
        })?;
    }
    let callback_method = method(&form, "StatusCallbackMethod")?;
    if let Some(timeout) = form.get("Timeout")
        && !timeout.parse::<u32>().is_ok_and(|t| t > 0)
    {
        return Err(ApiFailure::bad_request(
            21208,
            format!("Invalid Timeout value: {timeout}"),
        ));
    }
    check_options(&form)?;
    // Several events may also come space-separated in one value, as some clients send them.
    let mut events: Vec<CallEvent> = form
        .get_all("StatusCallbackEvent")
        .flat_map(str::split_whitespace)
        .filter_map(event)
        .collect();
    if events.is_empty() {
        events.push(CallEvent::Completed);
    }

    let now = OffsetDateTime::now_utc();
    let documents = twiml
        .iter()
        .map(|xml| CallTwiml::new(TwimlOrigin::Create, xml.clone()))
        .collect();
    let sid = CallSid::parse(&shared.new_sid("CA"))
        .map_err(|e| ApiFailure::new(500, 20500, e.to_string()))?;
    let outcome = shared.outcomes.call(&to);
    Ok(PlacedCall {
        sid,
        to,
        from,
        twiml,
        url,
        method: url_method,
        status: CallStatus::Queued,
        history: vec![StatusChange {
            status: CallStatus::Queued,
            at: now,
        }],
        status_callback: status_callback.map(str::to_owned),
        status_callback_events: events,
        status_callback_method: callback_method,
        callbacks: Vec::new(),
        start_time: None,
        end_time: None,
        duration: None,
        outcome,
        answered_by: None,
        documents,
        steps: Vec::new(),
        date_created: now,
        date_updated: now,
        request: form,
    })
}

/// The options of a create request beyond its course: machine detection,
/// recording and the rest, each checked against the values Twilio accepts.
fn check_options(form: &Params) -> Result<(), ApiFailure> {
    one_of(form, "MachineDetection", &["Enable", "DetectMessageEnd"])?;
    int_in(form, "MachineDetectionTimeout", 3..=59)?;
    int_in(form, "MachineDetectionSpeechThreshold", 1000..=6000)?;
    int_in(form, "MachineDetectionSpeechEndThreshold", 500..=5000)?;
    int_in(form, "MachineDetectionSilenceTimeout", 2000..=10000)?;
    boolean(form, "AsyncAmd")?;
    url_param(form, "AsyncAmdStatusCallback", 21609)?;
    one_of(form, "AsyncAmdStatusCallbackMethod", &["GET", "POST"])?;
    if form.get("AsyncAmd") == Some("true") && form.get("MachineDetection").is_none() {
        return Err(invalid(
            "AsyncAmd",
            "true",
            "needs MachineDetection (Enable or DetectMessageEnd)",
        ));
    }
    boolean(form, "Record")?;
    one_of(form, "RecordingChannels", &["mono", "dual"])?;
    url_param(form, "RecordingStatusCallback", 21609)?;
    one_of(form, "RecordingStatusCallbackMethod", &["GET", "POST"])?;
    for events in form.get_all("RecordingStatusCallbackEvent") {
        for event in events.split_whitespace() {
            if !matches!(event, "in-progress" | "completed" | "absent") {
                return Err(invalid(
                    "RecordingStatusCallbackEvent",
                    event,
                    "must be in-progress, completed or absent",
                ));
            }
        }
    }
    one_of(form, "RecordingTrack", &["inbound", "outbound", "both"])?;
    one_of(form, "Trim", &["trim-silence", "do-not-trim"])?;
    int_in(form, "TimeLimit", TIME_LIMIT_SECS)?;
    url_param(form, "FallbackUrl", 21205)?;
    method(form, "FallbackMethod")?;
    Ok(())
}

/// `PN` and the number's digits, zero-padded: a stable SID for an owned number.
fn phone_number_sid(number: &E164) -> String {
    let digits: String = number
        .as_str()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    format!("PN{digits:0>32}")
}

/// The call resource as Twilio's JSON.
pub(crate) fn render(shared: &Shared, c: &PlacedCall) -> Value {
    let uri = format!(
        "/2010-04-01/Accounts/{}/Calls/{}",
        shared.account_sid, c.sid
    );
    let sub = |name: &str| format!("{uri}/{name}.json");
    let price = c
        .duration
        .map(|seconds| format!("-{:.5}", 0.014 * f64::from(seconds.div_ceil(60).max(1))));
    json!({
        "account_sid": shared.account_sid.as_str(),
        "answered_by": c.answered_by,
        "api_version": API_VERSION,
        "caller_name": null,
        "date_created": rfc2822(c.date_created),
        "date_updated": rfc2822(c.date_updated),
        "direction": "outbound-api",
        "duration": c.duration.map(|d| d.to_string()),
        "end_time": opt_rfc2822(c.end_time),
        "forwarded_from": null,
        "from": c.from.as_str(),
        "from_formatted": formatted(c.from.as_str()),
        "group_sid": null,
        "parent_call_sid": null,
        "phone_number_sid": phone_number_sid(&c.from),
        "price": price,
        "price_unit": "USD",
        "queue_time": "0",
        "sid": c.sid.as_str(),
        "start_time": opt_rfc2822(c.start_time),
        "status": c.status.as_str(),
        "subresource_uris": {
            "events": sub("Events"),
            "notifications": sub("Notifications"),
            "payments": sub("Payments"),
            "recordings": sub("Recordings"),
            "siprec": sub("Siprec"),
            "streams": sub("Streams"),
            "transcriptions": sub("Transcriptions"),
            "user_defined_message_subscriptions": sub("UserDefinedMessageSubscriptions"),
            "user_defined_messages": sub("UserDefinedMessages"),
        },
        "to": c.to.as_str(),
        "to_formatted": formatted(c.to.as_str()),
        "trunk_sid": null,
        "uri": format!("{uri}.json"),
    })
}
