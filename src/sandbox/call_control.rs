//! `POST Calls/{Sid}.json`: steering a live call — new TwiML or a TwiML URL,
//! hanging up (`Status=completed`) or canceling (`Status=canceled`), and
//! changing its status callback — with Twilio's answers (21220 once it ended).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::Json;
use serde_json::Value;

use super::call_api::{method, render};
use super::call_lifecycle::end_now;
use super::call_script::{self, Course};
use super::limits::{TIME_LIMIT_SECS, TWIML_CHARS};
use super::records::{CallTwiml, TwimlOrigin};
use super::server::{sid_of, Authenticated, FormBody};
use super::state::Shared;
use super::validate::{int_in, invalid, url_param, web_url, ApiFailure};
use crate::webhook::Params;
use crate::{CallSid, CallStatus};

/// What an update asks, checked before anything changes.
struct Update {
    status: Option<CallStatus>,
    course: Option<Course>,
    status_callback: Option<(String, String)>,
}

fn check(form: &Params) -> Result<Update, ApiFailure> {
    let status = match form.get("Status") {
        None => None,
        Some("completed") => Some(CallStatus::Completed),
        Some("canceled") => Some(CallStatus::Canceled),
        Some(other) => {
            return Err(invalid("Status", other, "must be canceled or completed"));
        }
    };
    let twiml = form.get("Twiml").filter(|t| !t.is_empty());
    let url = form.get("Url").filter(|u| !u.is_empty());
    if twiml.is_some() && url.is_some() {
        return Err(invalid(
            "Twiml",
            "(with Url)",
            "give either Twiml or Url, not both",
        ));
    }
    if twiml.is_some_and(|t| t.chars().count() > TWIML_CHARS) {
        return Err(ApiFailure::bad_request(
            32018,
            "Twiml size exceeded maximum allowed value of 4000 characters",
        ));
    }
    let url_method = method(form, "Method")?;
    let course = match (twiml, url) {
        (Some(xml), _) => Some(Course::Twiml(xml.to_owned())),
        (None, Some(raw)) => Some(Course::Url(
            web_url(raw).ok_or_else(|| {
                ApiFailure::bad_request(21205, format!("Url is not a valid URL: {raw}"))
            })?,
            url_method,
            call_script::fallback(form),
        )),
        (None, None) => None,
    };
    url_param(form, "FallbackUrl", 21205)?;
    method(form, "FallbackMethod")?;
    url_param(form, "StatusCallback", 21609)?;
    let callback_method = method(form, "StatusCallbackMethod")?;
    int_in(form, "TimeLimit", TIME_LIMIT_SECS)?;
    let status_callback = form
        .get("StatusCallback")
        .filter(|u| !u.is_empty())
        .map(|u| (u.to_owned(), callback_method));
    if status.is_some() && course.is_some() {
        return Err(invalid(
            "Status",
            form.get("Status").unwrap_or_default(),
            "give either Status or new TwiML (Twiml or Url), not both",
        ));
    }
    Ok(Update {
        status,
        course,
        status_callback,
    })
}

/// `POST Calls/{Sid}.json`.
pub(crate) async fn update(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, segment)): Path<(String, String)>,
    uri: Uri,
    FormBody(form): FormBody,
) -> Result<(StatusCode, Json<Value>), ApiFailure> {
    let not_found = || ApiFailure::not_found(uri.path());
    let sid = sid_of(&segment, uri.path())?;
    let sid = CallSid::parse(sid).map_err(|_| not_found())?;
    let update = check(&form)?;
    let call = shared.call(sid.as_str()).ok_or_else(not_found)?;
    if call.status.is_final() {
        return Err(ApiFailure::bad_request(
            21220,
            "Call is not in-progress. Cannot redirect.",
        ));
    }
    if let Some((url, method)) = update.status_callback {
        shared.update_call(&sid, |c| {
            c.status_callback = Some(url);
            c.status_callback_method = method;
        });
    }
    match update.status {
        // Hanging up a call that was not answered cancels it.
        Some(CallStatus::Completed) if call.status == CallStatus::InProgress => {
            end_now(&shared, &sid, CallStatus::Completed).await;
        }
        Some(_) if call.status != CallStatus::InProgress => {
            end_now(&shared, &sid, CallStatus::Canceled).await;
        }
        // `canceled` does not end a call that was answered, as with Twilio.
        _ => {}
    }
    if let Some(course) = update.course {
        if let Course::Twiml(xml) = &course {
            shared.update_call(&sid, |c| {
                c.documents
                    .push(CallTwiml::new(TwimlOrigin::Update, xml.clone()));
            });
        }
        call_script::redirect(&shared, &sid, course);
    }
    let call = shared.call(sid.as_str()).ok_or_else(not_found)?;
    Ok((StatusCode::OK, Json(render(&shared, &call))))
}
