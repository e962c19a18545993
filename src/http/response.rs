//! Reading one answer: a bounded body, Twilio's error JSON, `Retry-After`.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderValue;

use crate::error::ApiError;

/// At most this much of a body is kept in an error.
pub(crate) const SNIPPET_LEN: usize = 512;

/// A response body read up to a bound.
#[derive(Debug)]
pub(crate) enum Body {
    /// The whole body.
    Complete(Vec<u8>),
    /// The body passed the bound; this is its start (possibly empty, when
    /// `Content-Length` already said it was too large).
    OverLimit(Vec<u8>),
}

/// Reads `response`'s body, stopping as soon as it passes `limit` bytes.
///
/// The chunks are appended to one buffer, which the caller decodes in place.
pub(crate) async fn read_bounded(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Body, reqwest::Error> {
    let announced = response.content_length();
    if announced.is_some_and(|len| len > limit as u64) {
        return Ok(Body::OverLimit(Vec::new()));
    }
    let capacity = announced.map_or(8 * 1024, |len| len as usize);
    let mut body = Vec::with_capacity(capacity.min(limit));
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok(Body::OverLimit(body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Body::Complete(body))
}

/// Cuts `body` to at most [`SNIPPET_LEN`] bytes on a character boundary.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LEN + 4)]);
    let mut end = text.len().min(SNIPPET_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// Reads Twilio's error JSON; anything else keeps the body's start as the message.
pub(crate) fn api_error(status: u16, body: &[u8]) -> ApiError {
    #[derive(serde::Deserialize)]
    struct TwilioErrorBody {
        code: Option<u32>,
        message: Option<String>,
        more_info: Option<String>,
    }
    match serde_json::from_slice::<TwilioErrorBody>(body) {
        Ok(parsed) if parsed.code.is_some() || parsed.message.is_some() => ApiError {
            status,
            code: parsed.code,
            message: parsed.message.unwrap_or_default(),
            more_info: parsed.more_info,
        },
        _ => ApiError {
            status,
            code: None,
            message: snippet(body),
            more_info: None,
        },
    }
}

/// `Retry-After` as delay-seconds or as an HTTP date (a date in the past
/// means now).
pub(crate) fn retry_after(value: Option<&HeaderValue>, now: SystemTime) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_twilio_error_bodies() {
        let e = api_error(
            400,
            br#"{"code": 21211, "message": "The 'To' number is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}"#,
        );
        assert_eq!(e.code, Some(21211));
        assert_eq!(
            e.more_info.as_deref(),
            Some("https://www.twilio.com/docs/errors/21211")
        );
        let e = api_error(502, b"<html>Bad Gateway</html>");
        assert_eq!(
            (e.code, e.message.as_str()),
            (None, "<html>Bad Gateway</html>")
        );
    }

    #[test]
    fn snippet_is_bounded_and_char_safe() {
        let body = "é".repeat(600);
        let s = snippet(body.as_bytes());
        assert!(s.len() <= SNIPPET_LEN);
        assert!(s.chars().all(|c| c == 'é'));
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = httpdate::parse_http_date("Tue, 01 Dec 2026 11:00:00 GMT").unwrap();
        let h = |s: &'static str| HeaderValue::from_static(s);
        assert_eq!(
            retry_after(Some(&h("7")), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(Some(&h("Tue, 01 Dec 2026 11:00:03 GMT")), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(Some(&h("Tuesday, 01-Dec-26 11:00:02 GMT")), now),
            Some(Duration::from_secs(2)),
            "RFC 850 form"
        );
        assert_eq!(
            retry_after(Some(&h("Tue, 01 Dec 2026 10:00:00 GMT")), now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(retry_after(Some(&h("soon")), now), None);
        assert_eq!(retry_after(Some(&h("-1")), now), None);
        assert_eq!(retry_after(None, now), None);
    }
}
