//! The request every generated operation (`src/api/`) builds: method,
//! domain, path, query, form or JSON body and headers, checked before any
//! I/O and sent through the same transport as the hand-written layer
//! (retries, pacing, tracing, bounded bodies, deadline, redirects refused).

// Used by the generated modules, each behind its feature: what a build
// without `full` leaves unused is not dead.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_macros, unused_imports))]

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use crate::http::input::Deferred;
use crate::http::{ApiRequest, Target};
use crate::{AccountSid, Error, TwilioClient};

/// The future of a generated request: `client.lookups_v2().fetch_phone_number(&n).await`.
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

/// Every item of a list, page after page: the stream of a list operation's
/// `.stream()`. It ends after the first error it yields.
pub type Items<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// A text form of a request value, as Twilio reads it in a query, a form or
/// a path.
pub trait Wire {
    /// The value as sent.
    fn wire(&self) -> String;
}

macro_rules! wire_display {
    ($($ty:ty),*) => {$(
        impl Wire for $ty {
            fn wire(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
wire_display!(bool, i64, i32, u32, u64, String, str, rust_decimal::Decimal);

impl Wire for Url {
    fn wire(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Wire for crate::E164 {
    fn wire(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Wire for crate::Endpoint {
    fn wire(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Wire for crate::HttpMethod {
    fn wire(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Wire for serde_json::Value {
    /// A JSON string as its text; anything else as JSON.
    fn wire(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

impl Wire for time::Date {
    /// `YYYY-MM-DD`.
    fn wire(&self) -> String {
        crate::http::paging::day(*self)
    }
}

impl Wire for time::OffsetDateTime {
    /// ISO 8601 in UTC to the second, `2024-05-01T12:00:00Z`, as Twilio's
    /// helper libraries write date-times.
    fn wire(&self) -> String {
        let utc = self.to_offset(time::UtcOffset::UTC);
        // Invariant: a date-time with a four-digit year always formats; a
        // year beyond 9999 (never a Twilio date) would give "".
        utc.format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default()
    }
}

impl<T: Wire + ?Sized> Wire for &T {
    fn wire(&self) -> String {
        (**self).wire()
    }
}

/// A path segment, percent-encoded: everything but unreserved characters
/// (RFC 3986), so a `/`, `?`, `#` or `+` in a name stays in its segment.
pub fn segment(value: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// A generated operation's request, as its setters fill it.
pub(crate) struct Request {
    client: TwilioClient,
    api: ApiRequest,
    errors: Deferred,
    /// `x-twilio.conditional`: at least one of each group must be set.
    one_of: Vec<(&'static [&'static str], &'static str)>,
    /// api_v2010's `{AccountSid}`: another account than the client's.
    account: Option<AccountSid>,
}

impl fmt::Debug for Request {
    /// The operation and the names of the parameters set, never their
    /// values (a credential's secret, a phone number).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |pairs: &[(Cow<'static, str>, String)]| {
            pairs.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>()
        };
        f.debug_struct("Request")
            .field("operation", &self.api.operation_id)
            .field("method", &self.api.method)
            .field("query", &names(&self.api.query))
            .field("form", &self.api.form.as_deref().map(names))
            .field("json", &self.api.json.is_some())
            .finish_non_exhaustive()
    }
}

impl Request {
    /// A request of `operation_id` to `path` (relative, may hold the
    /// `{AccountSid}` of api_v2010) on `domain`'s host.
    pub(crate) fn new(
        client: &TwilioClient,
        method: Method,
        domain: &'static str,
        operation_id: &'static str,
        path: String,
    ) -> Self {
        let form = (method == Method::POST || method == Method::PUT).then(Vec::new);
        Self {
            client: client.clone(),
            api: ApiRequest {
                method,
                target: Target::Domain(domain),
                resource: path,
                form,
                query: Vec::new(),
                json: None,
                headers: Vec::new(),
                operation_id: Some(operation_id),
                accept_redirect: false,
            },
            errors: Deferred::default(),
            one_of: Vec::new(),
            account: None,
        }
    }

    /// Sets query parameter `name`, replacing an earlier value.
    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.api.query.retain(|(n, _)| n != name);
        self.api.query.push((Cow::Borrowed(name), value));
    }

    /// Sets query parameter `name` to `values`, one key each.
    pub(crate) fn query_all(&mut self, name: &'static str, values: Vec<String>) {
        self.api.query.retain(|(n, _)| n != name);
        self.api
            .query
            .extend(values.into_iter().map(|v| (Cow::Borrowed(name), v)));
    }

    fn form_mut(&mut self) -> &mut Vec<(Cow<'static, str>, String)> {
        self.api.form.get_or_insert_with(Vec::new)
    }

    /// Sets form field `name`, replacing an earlier value.
    pub(crate) fn form(&mut self, name: &'static str, value: String) {
        let form = self.form_mut();
        form.retain(|(n, _)| n != name);
        form.push((Cow::Borrowed(name), value));
    }

    /// Sets form field `name` to `values`: repeated keys, as Twilio reads arrays.
    pub(crate) fn form_all(&mut self, name: &'static str, values: Vec<String>) {
        let form = self.form_mut();
        form.retain(|(n, _)| n != name);
        form.extend(values.into_iter().map(|v| (Cow::Borrowed(name), v)));
    }

    /// Sets header `name`, replacing an earlier value.
    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.api.headers.retain(|(n, _)| *n != name);
        self.api.headers.push((name, value));
    }

    /// `Parameter1.Name=k1&Parameter1.Value=v1&...`: numbered pairs, at most
    /// `max`, replacing pairs set before.
    pub(crate) fn indexed(
        &mut self,
        prefix: &'static str,
        key: &'static str,
        value: &'static str,
        max: u32,
        field: &'static str,
        pairs: Vec<(String, String)>,
    ) {
        if pairs.len() > max as usize {
            self.errors
                .fail(field, format!("at most {max} pairs, got {}", pairs.len()));
            return;
        }
        let form = self.form_mut();
        form.retain(|(n, _)| {
            !n.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        });
        for (i, (k, v)) in pairs.into_iter().enumerate() {
            let n = i + 1;
            form.push((Cow::Owned(format!("{prefix}{n}.{key}")), k));
            form.push((Cow::Owned(format!("{prefix}{n}.{value}")), v));
        }
    }

    /// A JSON body of type `content_type`.
    pub(crate) fn json<B: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        body: &B,
    ) {
        self.api.form = None;
        match serde_json::to_value(body) {
            Ok(value) => self.api.json = Some((content_type, value)),
            Err(e) => self.errors.fail("body", e),
        }
    }

    /// Records an invalid parameter, reported when the request is sent.
    pub(crate) fn fail(&mut self, field: &'static str, reason: impl fmt::Display) {
        self.errors.fail(field, reason);
    }

    /// A path parameter must not be empty (it would name another resource).
    pub(crate) fn non_empty(&mut self, field: &'static str, value: &str) {
        if value.is_empty() {
            self.errors.fail(field, "must not be empty");
        }
    }

    /// At least one of the form fields `names` must be set when sent
    /// (`x-twilio.conditional`); `rust` names them for the error.
    pub(crate) fn one_of(&mut self, names: &'static [&'static str], rust: &'static str) {
        self.one_of.push((names, rust));
    }

    /// The operation answers with a redirect (302/307), which is its result.
    pub(crate) fn accept_redirect(&mut self) {
        self.api.accept_redirect = true;
    }

    /// api_v2010: the account whose resource this is.
    pub(crate) fn account(&mut self, sid: &AccountSid) {
        self.account = Some(sid.clone());
    }

    /// The checked request, ready for the transport.
    fn finish(mut self) -> Result<(TwilioClient, ApiRequest), Error> {
        self.errors.check()?;
        for (names, rust) in &self.one_of {
            let set = |name: &str| {
                let has =
                    |pairs: &[(Cow<'static, str>, String)]| pairs.iter().any(|(n, _)| n == name);
                self.api.form.as_deref().is_some_and(has)
                    || has(&self.api.query)
                    || self
                        .api
                        .json
                        .as_ref()
                        .is_some_and(|(_, v)| v.get(name).is_some_and(|v| !v.is_null()))
            };
            if !names.iter().any(|n| set(n)) {
                return Err(Error::invalid(rust, "one of them is required"));
            }
        }
        if self.api.resource.contains("{AccountSid}") {
            let account = self
                .account
                .as_ref()
                .unwrap_or_else(|| self.client.account_sid())
                .as_str()
                .to_owned();
            self.api.resource = self.api.resource.replace("{AccountSid}", &account);
        }
        Ok((self.client, self.api))
    }

    /// Sends the request and decodes the answer as `T`.
    pub(crate) fn send<T: DeserializeOwned + Send + 'static>(self) -> Pending<T> {
        Box::pin(async move {
            let (client, api) = self.finish()?;
            client.execute(api).await
        })
    }

    /// Sends a request answered with `204 No Content`.
    pub(crate) fn send_empty(self) -> Pending<()> {
        Box::pin(async move {
            let (client, api) = self.finish()?;
            client.execute_no_content(api).await
        })
    }

    /// Sends a request whose answer is a redirect, and returns it.
    pub(crate) fn send_redirect(self) -> Pending<Redirect> {
        Box::pin(async move {
            let (client, api) = self.finish()?;
            let (status, location) = client.execute_raw(api).await?;
            let location = String::from_utf8_lossy(&location).into_owned();
            Ok(Redirect { status, location })
        })
    }

    /// Every item of the list, following the pages of `P`.
    pub(crate) fn stream<P: ListPage>(self) -> Items<P::Item> {
        let first = self.finish();
        let state = first.map(|(client, api)| Cursor::<P::Item> {
            client,
            next: Some(api.clone()),
            first: api,
            buffer: VecDeque::new(),
        });
        Box::pin(futures_util::stream::unfold(
            Some(state),
            |state| async move {
                let mut cursor = match state? {
                    Ok(cursor) => cursor,
                    Err(e) => return Some((Err(e), None)),
                };
                loop {
                    if let Some(item) = cursor.buffer.pop_front() {
                        return Some((Ok(item), Some(Ok(cursor))));
                    }
                    let api = cursor.next.take()?;
                    let domain = api.target;
                    let operation_id = api.operation_id;
                    match cursor.client.execute::<P>(api).await {
                        Ok(page) => {
                            cursor.next = match (page.next_page(), page.next_page_number()) {
                                (Some(next), _) => {
                                    Some(ApiRequest::next_page(domain, operation_id, next))
                                }
                                (None, Some(number)) => {
                                    let mut next = cursor.first.clone();
                                    next.query.retain(|(name, _)| name != "Page");
                                    next.query.push((Cow::Borrowed("Page"), number.to_string()));
                                    Some(next)
                                }
                                (None, None) => None,
                            };
                            cursor.buffer = page.into_items().into();
                        }
                        Err(e) => return Some((Err(e), None)),
                    }
                }
            },
        ))
    }
}

/// Where a list stream stands.
struct Cursor<T> {
    client: TwilioClient,
    /// The first page's request (lists paged by number repeat it).
    first: ApiRequest,
    next: Option<ApiRequest>,
    buffer: VecDeque<T>,
}

/// A page of a list operation: its items and where the next page is.
pub trait ListPage: DeserializeOwned + Send + 'static {
    /// One item of the list.
    type Item: Send + 'static;

    /// The items of this page, in Twilio's order.
    fn into_items(self) -> Vec<Self::Item>;

    /// The next page: `meta.next_page_url` (absolute) or api_v2010's
    /// `next_page_uri` (relative to the host); `None` on the last page.
    fn next_page(&self) -> Option<&str>;

    /// For lists paged by number (`has_next`, `current_page`): the next
    /// page's number, fetched by the same request with `Page` set to it.
    fn next_page_number(&self) -> Option<i64> {
        None
    }
}

/// The `meta` of a list page outside api_v2010.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ListMeta {
    /// The page number, from 0.
    pub page: Option<u64>,
    /// The number of items a full page holds.
    pub page_size: Option<u64>,
    /// The first page's URL.
    pub first_page_url: Option<String>,
    /// The previous page's URL; `None` on the first page.
    pub previous_page_url: Option<String>,
    /// This page's URL.
    pub url: Option<String>,
    /// The next page's URL; `None` on the last page.
    pub next_page_url: Option<String>,
    /// The name of the field that holds the items.
    pub key: Option<String>,
}

/// The answer of an operation that redirects (302/307): never followed, so
/// the caller decides whether to fetch its `location`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// 302 or 307.
    pub status: u16,
    /// The `Location` header, as Twilio sent it.
    pub location: String,
}

/// `IntoFuture` for a generated request: `.await` is `.send()`.
macro_rules! into_pending {
    ($builder:ty => $output:ty) => {
        impl ::std::future::IntoFuture for $builder {
            type Output = ::std::result::Result<$output, $crate::Error>;
            type IntoFuture = $crate::http::operation::Pending<$output>;

            /// Sends the request, as `send()` does.
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
pub(crate) use into_pending;
