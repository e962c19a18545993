//! The HTTP side of the sandbox: routes, authentication, fallbacks and the
//! paging envelope of list answers.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::get;
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use secrecy::ExposeSecret;
use serde_json::{json, Map, Value};
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use super::state::Shared;
use super::validate::ApiFailure;
use super::{call_api, call_control, message_api, message_control, recordings};
use crate::webhook::Params;

/// The largest request body the sandbox reads (a create with 10 media URLs
/// and 1,600 characters of text is far below it).
pub(crate) const MAX_BODY_BYTES: usize = 256 * 1024;

/// The sandbox's routes, the same paths as Twilio's REST API.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    const ACCOUNT: &str = "/2010-04-01/Accounts/{account}";
    let at = |path: &str| format!("{ACCOUNT}/{path}");
    Router::new()
        .route(
            &at("Messages.json"),
            get(message_api::list).post(message_api::create),
        )
        .route(
            &at("Messages/{sid}"),
            get(message_api::fetch)
                .post(message_control::update)
                .delete(message_control::delete),
        )
        .route(
            &at("Messages/{sid}/Media.json"),
            get(message_control::list_media),
        )
        .route(
            &at("Messages/{sid}/Media/{media}"),
            get(message_control::fetch_media).delete(message_control::delete_media),
        )
        .route(
            &at("Calls.json"),
            get(call_api::list).post(call_api::create),
        )
        .route(
            &at("Calls/{sid}"),
            get(call_api::fetch).post(call_control::update),
        )
        .route(
            &at("Calls/{sid}/Recordings.json"),
            get(recordings::list_for_call),
        )
        .route(&at("Recordings.json"), get(recordings::list))
        .route(
            &at("Recordings/{sid}"),
            get(recordings::fetch).delete(recordings::delete),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(shared)
}

async fn not_found(uri: Uri) -> ApiFailure {
    ApiFailure::not_found(uri.path())
}

async fn method_not_allowed() -> ApiFailure {
    ApiFailure::new(405, 20004, "Method not allowed")
}

/// Proof that the request carries the sandbox account's credentials (HTTP
/// basic auth: account SID and auth token) and names that account in its path.
pub(crate) struct Authenticated;

impl FromRequestParts<Arc<Shared>> for Authenticated {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, ApiFailure> {
        authenticate(shared, &parts.headers, parts.uri.path())
    }
}

/// Checks the basic-auth credentials of a request to `path` (account SID and
/// auth token, or API key SID and secret, for the account in the path).
pub(crate) fn authenticate(
    shared: &Shared,
    headers: &HeaderMap,
    path: &str,
) -> Result<Authenticated, ApiFailure> {
    let credentials = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|v| STANDARD.decode(v.trim()).ok())
        .and_then(|v| String::from_utf8(v).ok());
    let Some((user, password)) = credentials.as_deref().and_then(|c| c.split_once(':')) else {
        return Err(ApiFailure::unauthorized());
    };
    let token = shared.auth_token.expose_secret();
    let (key_sid, key_secret) = &shared.api_key;
    let path_account = path.split('/').nth(3).unwrap_or_default();
    // Twilio's two schemes: account SID + auth token, or API key SID + secret.
    let with_token = constant_time_eq(user.as_bytes(), shared.account_sid.as_str().as_bytes())
        & constant_time_eq(password.as_bytes(), token.as_bytes());
    let with_key = constant_time_eq(user.as_bytes(), key_sid.as_str().as_bytes())
        & constant_time_eq(password.as_bytes(), key_secret.expose_secret().as_bytes());
    let valid = with_token | with_key;
    if valid && path_account == shared.account_sid.as_str() {
        Ok(Authenticated)
    } else {
        Err(ApiFailure::unauthorized())
    }
}

/// A request's form body, refused in Twilio's JSON error form when it cannot
/// be read (e.g. over the size limit) instead of axum's plain text.
pub(crate) struct FormBody(pub(crate) Params);

impl<S: Send + Sync> FromRequest<S> for FormBody {
    type Rejection = ApiFailure;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiFailure> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                    format!("The request body is too large: the limit is {MAX_BODY_BYTES} bytes")
                } else {
                    format!(
                        "The request body could not be read: {}",
                        rejection.body_text()
                    )
                };
                ApiFailure::new(status.as_u16(), 20001, message)
            })?;
        Ok(Self(Params::from_form(&bytes)))
    }
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The SID in a `.../{sid}.json` path segment, or 404.
pub(crate) fn sid_of<'a>(segment: &'a str, path: &str) -> Result<&'a str, ApiFailure> {
    segment
        .strip_suffix(".json")
        .ok_or_else(|| ApiFailure::not_found(path))
}

/// RFC 2822, as Twilio writes dates (`Wed, 17 Dec 2025 10:29:58 +0000`).
pub(crate) fn rfc2822(at: OffsetDateTime) -> Value {
    at.format(&Rfc2822).map_or(Value::Null, Value::String)
}

pub(crate) fn opt_rfc2822(at: Option<OffsetDateTime>) -> Value {
    at.map_or(Value::Null, rfc2822)
}

/// A date filter: a day (`2025-12-17`) or an instant (RFC 3339).
#[derive(Debug, Clone, Copy)]
pub(crate) enum DateFilter {
    Day(Date),
    Instant(OffsetDateTime),
}

impl DateFilter {
    fn parse(name: &str, value: &str) -> Result<Self, ApiFailure> {
        if let Ok(day) = Date::parse(value, format_description!("[year]-[month]-[day]")) {
            return Ok(Self::Day(day));
        }
        OffsetDateTime::parse(value, &Rfc3339)
            .map(Self::Instant)
            .map_err(|_| {
                ApiFailure::bad_request(
                    400,
                    format!("Invalid {name}: {value} (expected YYYY-MM-DD)"),
                )
            })
    }

    fn cmp(self, at: OffsetDateTime) -> std::cmp::Ordering {
        match self {
            Self::Day(day) => at.to_offset(time::UtcOffset::UTC).date().cmp(&day),
            Self::Instant(instant) => at.cmp(&instant),
        }
    }
}

/// The `Name`, `Name<` and `Name>` filters of a list request on one date field.
#[derive(Debug, Default)]
pub(crate) struct DateRange {
    on: Option<DateFilter>,
    on_or_before: Option<DateFilter>,
    on_or_after: Option<DateFilter>,
}

impl DateRange {
    pub(crate) fn from_query(query: &Params, name: &str) -> Result<Self, ApiFailure> {
        let read = |key: String| {
            query
                .get(&key)
                .map(|v| DateFilter::parse(&key, v))
                .transpose()
        };
        Ok(Self {
            on: read(name.to_owned())?,
            on_or_before: read(format!("{name}<"))?,
            on_or_after: read(format!("{name}>"))?,
        })
    }

    fn is_empty(&self) -> bool {
        self.on.is_none() && self.on_or_before.is_none() && self.on_or_after.is_none()
    }

    /// Whether `at` passes every filter; a missing date passes only when none is set.
    pub(crate) fn matches(&self, at: Option<OffsetDateTime>) -> bool {
        let Some(at) = at else {
            return self.is_empty();
        };
        self.on.is_none_or(|f| f.cmp(at).is_eq())
            && self.on_or_before.is_none_or(|f| f.cmp(at).is_le())
            && self.on_or_after.is_none_or(|f| f.cmp(at).is_ge())
    }
}

/// The query parameters that select items (everything but paging ones), in order.
fn filters(query: &Params) -> Vec<(&str, &str)> {
    query
        .iter()
        .filter(|(name, _)| !matches!(*name, "Page" | "PageSize" | "PageToken"))
        .collect()
}

fn page_uri(path: &str, filters: &[(&str, &str)], page_size: usize, page: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(filters);
    query.append_pair("PageSize", &page_size.to_string());
    query.append_pair("Page", &page.to_string());
    format!("{path}?{}", query.finish())
}

/// A paging parameter: absent, or an integer in `range`; else Twilio's 400.
fn paging_number(
    query: &Params,
    name: &str,
    range: std::ops::RangeInclusive<usize>,
) -> Result<Option<usize>, ApiFailure> {
    let Some(raw) = query.get(name) else {
        return Ok(None);
    };
    match raw.parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(ApiFailure::bad_request(
            20001,
            format!(
                "Invalid {name}: {raw} (must be an integer from {} to {})",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// One page of `items` (already filtered, newest first) in Twilio's list
/// envelope.
///
/// # Errors
/// 400 (20001) for a `PageSize` outside 1..=1000 or a `Page` that is not a
/// non-negative integer.
pub(crate) fn page(
    path: &str,
    key: &str,
    query: &Params,
    items: Vec<Value>,
) -> Result<Value, ApiFailure> {
    let page_size = paging_number(query, "PageSize", super::limits::PAGE_SIZE)?.unwrap_or(50);
    let page = paging_number(query, "Page", 0..=u32::MAX as usize)?.unwrap_or(0);
    let total = items.len();
    let start = page.saturating_mul(page_size);
    let selected: Vec<Value> = items.into_iter().skip(start).take(page_size).collect();
    let filters = filters(query);
    let uri = |p| Value::String(page_uri(path, &filters, page_size, p));
    let mut envelope = Map::new();
    envelope.insert(
        "end".into(),
        json!(start + selected.len().saturating_sub(1)),
    );
    envelope.insert("first_page_uri".into(), uri(0));
    let more = start.saturating_add(page_size) < total;
    envelope.insert(
        "next_page_uri".into(),
        if more { uri(page + 1) } else { Value::Null },
    );
    envelope.insert("page".into(), json!(page));
    envelope.insert("page_size".into(), json!(page_size));
    envelope.insert(
        "previous_page_uri".into(),
        if page > 0 { uri(page - 1) } else { Value::Null },
    );
    envelope.insert("start".into(), json!(start));
    envelope.insert("uri".into(), uri(page));
    envelope.insert(key.into(), Value::Array(selected));
    Ok(Value::Object(envelope))
}

/// `(202) 555-1234` for a NANP number, the E.164 form otherwise.
pub(crate) fn formatted(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(d) if d.len() == 10 => format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..]),
        _ => number.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_like_twilio() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let query = Params::from_form(b"To=%2B12025551234&PageSize=2&Page=1");
        let page = page("/x/Messages.json", "messages", &query, items).unwrap();
        assert_eq!(page["messages"], json!([2, 3]));
        assert_eq!(page["start"], 2);
        assert_eq!(page["end"], 3);
        assert_eq!(
            page["next_page_uri"],
            "/x/Messages.json?To=%2B12025551234&PageSize=2&Page=2"
        );
        assert_eq!(
            page["previous_page_uri"],
            "/x/Messages.json?To=%2B12025551234&PageSize=2&Page=0"
        );
    }

    #[test]
    fn out_of_range_paging_is_refused() {
        for bad in [
            "PageSize=-1",
            "PageSize=0",
            "PageSize=1001",
            "PageSize=ten",
            "Page=-1",
        ] {
            let query = Params::from_form(bad.as_bytes());
            let err = page("/x", "messages", &query, Vec::new()).unwrap_err();
            assert_eq!((err.status, err.code), (400, 20001), "{bad}");
        }
        let query = Params::from_form(b"PageSize=1000&Page=0");
        assert!(page("/x", "messages", &query, Vec::new()).is_ok());
    }

    #[test]
    fn date_ranges_are_inclusive_days() {
        let at = time::macros::datetime!(2025-12-17 10:00 UTC);
        let query = Params::from_form(b"DateSent%3C=2025-12-17&DateSent>=2025-12-17");
        assert!(DateRange::from_query(&query, "DateSent")
            .unwrap()
            .matches(Some(at)));
        let query = Params::from_form(b"DateSent=2025-12-18");
        assert!(!DateRange::from_query(&query, "DateSent")
            .unwrap()
            .matches(Some(at)));
        assert!(!DateRange::from_query(&query, "DateSent")
            .unwrap()
            .matches(None));
        assert!(DateRange::from_query(&Params::from_form(b"DateSent=soon"), "DateSent").is_err());
    }

    #[test]
    fn formats_nanp_numbers() {
        assert_eq!(formatted("+12025551234"), "(202) 555-1234");
        assert_eq!(formatted("+442071234567"), "+442071234567");
    }
}
