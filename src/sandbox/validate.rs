//! Twilio's answers to bad requests: the error JSON, the checks Twilio makes
//! on create requests, and the magic test numbers of Twilio's test credentials
//! (<https://www.twilio.com/docs/iam/test-credentials>).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use url::Url;

use crate::webhook::Params;
use crate::E164;

/// An error answer, serialized exactly as Twilio does:
/// `{"code", "message", "more_info", "status"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiFailure {
    pub(crate) status: u16,
    pub(crate) code: u32,
    pub(crate) message: String,
}

impl ApiFailure {
    pub(crate) fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// A 400 Bad Request with Twilio error `code`.
    pub(crate) fn bad_request(code: u32, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }

    /// 401, error 20003: wrong or missing credentials.
    pub(crate) fn unauthorized() -> Self {
        Self::new(401, 20003, "Authenticate")
    }

    /// 404, error 20404, naming the path.
    pub(crate) fn not_found(path: &str) -> Self {
        Self::new(
            404,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let body = json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status,
        });
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut response = (status, Json(body)).into_response();
        if self.status == 401 {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Basic realm=\"Twilio API\""),
            );
        }
        response
    }
}

/// The error a magic `From` number gives a message, if it is one.
pub(crate) fn magic_message_from(from: &str) -> Option<ApiFailure> {
    let (code, message) = match from {
        "+15005550001" => (21212, format!("The 'From' number {from} is not a valid phone number, shortcode, or alphanumeric sender ID.")),
        "+15005550007" => (21606, not_sms_capable_from(from)),
        "+15005550008" => (21611, format!("This 'From' number {from} has exceeded the maximum number of queued messages.")),
        _ => return None,
    };
    Some(ApiFailure::bad_request(code, message))
}

/// The error a magic `To` number gives a message, if it is one.
pub(crate) fn magic_message_to(to: &str) -> Option<ApiFailure> {
    let (code, message) = match to {
        "+15005550001" => (21211, format!("The 'To' number {to} is not a valid phone number.")),
        "+15005550002" => (21612, format!("The 'To' phone number: {to}, is not currently reachable using the 'From' phone number via SMS.")),
        "+15005550003" => (21408, format!("Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}.")),
        "+15005550004" => (21610, "Attempt to send to unsubscribed recipient".to_owned()),
        "+15005550009" => (21614, format!("'To' number {to} is not a valid mobile number")),
        _ => return None,
    };
    Some(ApiFailure::bad_request(code, message))
}

/// The error a magic `From` number gives a call, if it is one.
pub(crate) fn magic_call_from(from: &str) -> Option<ApiFailure> {
    (from == "+15005550001").then(|| {
        ApiFailure::bad_request(
            21212,
            format!("The source phone number provided, {from}, is not a valid phone number."),
        )
    })
}

/// The error a magic `To` number gives a call, if it is one.
pub(crate) fn magic_call_to(to: &str) -> Option<ApiFailure> {
    let (code, message) = match to {
        "+15005550001" => (21217, format!("The phone number you are attempting to call, {to}, is not valid.")),
        "+15005550002" => (21214, format!("'To' phone number cannot be reached: {to}")),
        "+15005550003" => (21215, format!("Account not authorized to call {to}. Perhaps you need to enable some international permissions.")),
        "+15005550004" => (21216, format!("Account not allowed to call {to}")),
        _ => return None,
    };
    Some(ApiFailure::bad_request(code, message))
}

pub(crate) fn not_sms_capable_from(from: &str) -> String {
    format!("The From phone number {from} is not a valid, SMS-capable inbound phone number or short code for your account.")
}

pub(crate) fn not_verified_caller(from: &str) -> String {
    format!("The source phone number provided, {from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.")
}

/// Reads a phone number parameter the way Twilio does: E.164, returned canonical.
pub(crate) fn phone(value: &str) -> Option<E164> {
    E164::parse(value).ok()
}

/// An absolute `http(s)` URL, or `None`.
pub(crate) fn web_url(value: &str) -> Option<Url> {
    Url::parse(value)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// Twilio's answer to a parameter value it does not accept (error 20001,
/// "invalid parameter"), naming the parameter and the rule.
pub(crate) fn invalid(name: &str, value: &str, rule: &str) -> ApiFailure {
    ApiFailure::bad_request(20001, format!("Invalid {name}: {value} ({rule})"))
}

/// Checks that `form[name]`, if present, is one of `allowed` (case-sensitive, as Twilio's enums).
pub(crate) fn one_of(form: &Params, name: &str, allowed: &[&str]) -> Result<(), ApiFailure> {
    for value in form.get_all(name) {
        if !allowed.contains(&value) {
            return Err(invalid(
                name,
                value,
                &format!("must be one of {}", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Checks that `form[name]`, if present, is `true` or `false`.
pub(crate) fn boolean(form: &Params, name: &str) -> Result<(), ApiFailure> {
    one_of(form, name, &["true", "false"])
}

/// Checks that `form[name]`, if present, is an integer in `range`.
pub(crate) fn int_in(
    form: &Params,
    name: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Result<(), ApiFailure> {
    match form.get(name) {
        Some(value) if !value.parse::<u32>().is_ok_and(|n| range.contains(&n)) => Err(invalid(
            name,
            value,
            &format!(
                "must be an integer from {} to {}",
                range.start(),
                range.end()
            ),
        )),
        _ => Ok(()),
    }
}

/// Checks that `form[name]`, if present and not empty, is an absolute http(s) URL.
pub(crate) fn url_param(form: &Params, name: &str, code: u32) -> Result<(), ApiFailure> {
    match form.get(name).filter(|v| !v.is_empty()) {
        Some(raw) if web_url(raw).is_none() => Err(ApiFailure::bad_request(
            code,
            format!("The {name} URL {raw} is not a valid URL."),
        )),
        _ => Ok(()),
    }
}

/// Checks that `form[name]`, if present, is a SID with `prefix` + 32 hex digits.
pub(crate) fn sid_param(
    form: &Params,
    name: &str,
    prefix: &str,
    code: u32,
) -> Result<Option<String>, ApiFailure> {
    let Some(value) = form.get(name).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let valid = value.len() == 34
        && value.starts_with(prefix)
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit());
    if valid {
        Ok(Some(value.to_owned()))
    } else {
        Err(ApiFailure::bad_request(
            code,
            format!("Invalid {name}: {value} (a {prefix} SID has {prefix} and 32 hex digits)"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_carry_twilio_codes() {
        assert_eq!(
            magic_message_to("+15005550009").map(|f| f.code),
            Some(21614)
        );
        assert_eq!(
            magic_message_from("+15005550008").map(|f| f.code),
            Some(21611)
        );
        assert_eq!(magic_call_to("+15005550003").map(|f| f.code), Some(21215));
        assert!(magic_message_to("+12025551234").is_none());
        assert!(magic_call_from("+15005550006").is_none());
    }
}
