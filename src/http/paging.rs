//! Paging: one [`Page`] of a list as Twilio answers it, the query its list
//! builders share, the next page by `next_page_uri`, and a [`Stream`] of
//! items that follows the pages on its own.

use std::collections::VecDeque;
use std::fmt;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use time::macros::format_description;
use time::Date;

use crate::http::input::Deferred;
use crate::http::ApiRequest;
use crate::{Error, TwilioClient, E164};

/// Largest page Twilio serves (`PageSize`).
pub const MAX_PAGE_SIZE: u32 = 1000;

/// One page of a list, as Twilio returns it.
///
/// The items are in Twilio's order: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The resources of this page (`messages`, `calls`, `recordings` or
    /// `media_list` in Twilio's JSON).
    #[serde(
        alias = "messages",
        alias = "calls",
        alias = "recordings",
        alias = "media_list"
    )]
    pub items: Vec<T>,
    /// The page number, from 0.
    #[serde(default)]
    pub page: u32,
    /// The number of items a full page holds.
    #[serde(default)]
    pub page_size: u32,
    /// The index of the first item of this page in the whole list.
    #[serde(default)]
    pub start: u32,
    /// The index of the last item of this page in the whole list.
    #[serde(default)]
    pub end: u32,
    /// This page's URI, relative to the API host.
    #[serde(default)]
    pub uri: Option<String>,
    /// The first page's URI.
    #[serde(default)]
    pub first_page_uri: Option<String>,
    /// The next page's URI; `None` on the last page.
    #[serde(default)]
    pub next_page_uri: Option<String>,
    /// The previous page's URI; `None` on the first page.
    #[serde(default)]
    pub previous_page_uri: Option<String>,
}

impl<T> Page<T> {
    /// Whether another page follows this one.
    pub fn has_next(&self) -> bool {
        self.next_page_uri.is_some()
    }
}

/// `YYYY-MM-DD`, the form Twilio's date filters take.
pub(crate) fn day(date: Date) -> String {
    // Invariant: formatting a valid `Date` with this description cannot fail.
    date.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// Query parameters shared by the list builders.
#[derive(Debug, Default)]
pub(crate) struct Query {
    errors: Deferred,
    pairs: Vec<(&'static str, String)>,
}

impl Query {
    pub(crate) fn set(&mut self, name: &'static str, value: String) {
        self.pairs.retain(|(n, _)| *n != name);
        self.pairs.push((name, value));
    }

    pub(crate) fn number(
        &mut self,
        name: &'static str,
        field: &'static str,
        value: impl TryInto<E164, Error: fmt::Display>,
    ) {
        if let Some(number) = self.errors.take::<E164, _>(field, value) {
            self.set(name, number.as_str().to_owned());
        }
    }

    /// Whether the parameter `name` is set.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(n, _)| *n == name)
    }

    pub(crate) fn page_size(&mut self, size: u32) {
        if (1..=MAX_PAGE_SIZE).contains(&size) {
            self.set("PageSize", size.to_string());
        } else {
            self.errors.fail(
                "page_size",
                format!("must be 1 to {MAX_PAGE_SIZE}, got {size}"),
            );
        }
    }

    /// `Resource.json?To=...&PageSize=...`, percent-encoded.
    pub(crate) fn resource(mut self, list: &str) -> Result<String, Error> {
        self.errors.check()?;
        if self.pairs.is_empty() {
            return Ok(list.to_owned());
        }
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.pairs {
            query.append_pair(name, value);
        }
        Ok(format!("{list}?{}", query.finish()))
    }
}

/// Where the stream stands between two items.
struct Cursor<T> {
    client: TwilioClient,
    /// The next page to fetch, or why it cannot be fetched.
    next: Option<Result<String, Error>>,
    buffer: VecDeque<T>,
    /// Items still to yield, when bounded.
    remaining: Option<usize>,
}

impl TwilioClient {
    /// The resource path of a `next_page_uri` under this client's account.
    pub(crate) fn page_resource(&self, uri: &str) -> Result<String, Error> {
        let prefix = format!("/2010-04-01/Accounts/{}/", self.account_sid());
        uri.strip_prefix(&prefix).map(str::to_owned).ok_or_else(|| {
            Error::invalid("next_page_uri", format!("{uri:?} is not under {prefix}"))
        })
    }

    /// Fetches the page after `page`, or `None` when `page` is the last one.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `next_page_uri` is not under this client's
    /// account; [`Error::Api`], transport or decode errors.
    pub async fn next_page<T: DeserializeOwned>(
        &self,
        page: &Page<T>,
    ) -> Result<Option<Page<T>>, Error> {
        let Some(uri) = page.next_page_uri.as_deref() else {
            return Ok(None);
        };
        let resource = self.page_resource(uri)?;
        self.execute(ApiRequest::fetch(resource)).await.map(Some)
    }
}

/// Every item of the list `list` (e.g. `Messages.json`) filtered by `query`,
/// page after page, at most `limit` of them.
///
/// With a `limit` and no page size of the caller's, pages hold `limit` items
/// (up to 1000), so a small limit costs one request. The stream ends after
/// the first error it yields (an invalid filter, a failed page).
pub(crate) fn items<T>(
    client: TwilioClient,
    mut query: Query,
    list: &str,
    limit: Option<usize>,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static + use<T>
where
    T: DeserializeOwned + Send + 'static,
{
    if let Some(limit) = limit
        && limit > 0
        && !query.has("PageSize")
    {
        let size = u32::try_from(limit)
            .unwrap_or(MAX_PAGE_SIZE)
            .min(MAX_PAGE_SIZE);
        query.page_size(size);
    }
    let cursor = Cursor {
        client,
        next: Some(query.resource(list)),
        buffer: VecDeque::new(),
        remaining: limit,
    };
    futures_util::stream::unfold(cursor, |mut cursor| async move {
        loop {
            if cursor.remaining == Some(0) {
                return None;
            }
            if let Some(item) = cursor.buffer.pop_front() {
                if let Some(left) = &mut cursor.remaining {
                    *left -= 1;
                }
                return Some((Ok(item), cursor));
            }
            let resource = match cursor.next.take()? {
                Ok(resource) => resource,
                Err(e) => return Some((Err(e), cursor)),
            };
            let request = ApiRequest::fetch(resource);
            match cursor.client.execute::<Page<T>>(request).await {
                Ok(page) => {
                    cursor.buffer = page.items.into();
                    cursor.next = page
                        .next_page_uri
                        .map(|uri| cursor.client.page_resource(&uri));
                }
                Err(e) => return Some((Err(e), cursor)),
            }
        }
    })
}
