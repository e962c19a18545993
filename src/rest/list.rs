//! Listing messages and calls ([`ListMessages`], [`ListCalls`]) one [`Page`] at a time.
//!
//! Twilio answers a list request with one page and the URI of the next one
//! (`next_page_uri`); [`TwilioClient::next_page`] follows it.

use std::fmt;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use time::macros::format_description;
use time::Date;

use crate::http::input::Deferred;
use crate::http::into_future::into_future;
use crate::http::ApiRequest;
use crate::{Call, CallStatus, Error, Message, TwilioClient, E164};

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

    fn number(
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

/// Lists messages, newest first; created by [`TwilioClient::list_messages`],
/// finished by [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient) -> Result<(), twilio_typed::Error> {
/// let page = client.list_messages().to("+12025551234").page_size(20).send().await?;
/// for message in &page.items {
///     println!("{} {}", message.sid, message.status);
/// }
/// if let Some(next) = client.next_page(&page).await? {
///     println!("{} more on the next page", next.items.len());
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct ListMessages {
    client: TwilioClient,
    query: Query,
}

impl ListMessages {
    /// Only messages sent to this number (`To`).
    pub fn to(mut self, number: impl TryInto<E164, Error: fmt::Display>) -> Self {
        self.query.number("To", "to", number);
        self
    }

    /// Only messages sent from this number (`From`).
    pub fn from(mut self, number: impl TryInto<E164, Error: fmt::Display>) -> Self {
        self.query.number("From", "from", number);
        self
    }

    /// Only messages sent on this day, UTC (`DateSent`).
    pub fn date_sent(mut self, date: Date) -> Self {
        self.query.set("DateSent", day(date));
        self
    }

    /// Only messages sent on or before this day, UTC (`DateSent<`).
    pub fn sent_on_or_before(mut self, date: Date) -> Self {
        self.query.set("DateSent<", day(date));
        self
    }

    /// Only messages sent on or after this day, UTC (`DateSent>`).
    pub fn sent_on_or_after(mut self, date: Date) -> Self {
        self.query.set("DateSent>", day(date));
        self
    }

    /// Items per page, 1 to 1000 (Twilio's default is 50).
    pub fn page_size(mut self, size: u32) -> Self {
        self.query.page_size(size);
        self
    }

    /// Fetches the first page.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the filter before anything is sent;
    /// [`Error::Api`], transport or decode errors.
    pub async fn send(self) -> Result<Page<Message>, Error> {
        let resource = self.query.resource("Messages.json")?;
        self.client.execute(ApiRequest::fetch(resource)).await
    }

    /// Every matching message, newest first, following `next_page_uri`
    /// page after page; at most `limit` of them when given.
    ///
    /// ```no_run
    /// # async fn run(client: twilio_typed::TwilioClient) -> Result<(), twilio_typed::Error> {
    /// use futures_util::TryStreamExt;
    /// let recent: Vec<_> = client.list_messages().to("+12025551234").stream(Some(200)).try_collect().await?;
    /// println!("{} messages", recent.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// The stream yields one error and ends: an invalid filter (before any
    /// request), or a page that could not be fetched.
    pub fn stream(
        self,
        limit: Option<usize>,
    ) -> impl Stream<Item = Result<Message, Error>> + Send + 'static {
        crate::http::paging::items(self.client, self.query, "Messages.json", limit)
    }
}

/// Lists calls, newest first; created by [`TwilioClient::list_calls`],
/// finished by [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient) -> Result<(), twilio_typed::Error> {
/// use twilio_typed::CallStatus;
/// let page = client.list_calls().status(CallStatus::Completed).send().await?;
/// println!("{} completed calls on the first page", page.items.len());
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct ListCalls {
    client: TwilioClient,
    query: Query,
}

impl ListCalls {
    /// Only calls to this number (`To`).
    pub fn to(mut self, number: impl TryInto<E164, Error: fmt::Display>) -> Self {
        self.query.number("To", "to", number);
        self
    }

    /// Only calls from this number (`From`).
    pub fn from(mut self, number: impl TryInto<E164, Error: fmt::Display>) -> Self {
        self.query.number("From", "from", number);
        self
    }

    /// Only calls with this status (`Status`).
    pub fn status(mut self, status: CallStatus) -> Self {
        self.query.set("Status", status.as_str().to_owned());
        self
    }

    /// Only calls that started on this day, UTC (`StartTime`).
    pub fn start_time(mut self, date: Date) -> Self {
        self.query.set("StartTime", day(date));
        self
    }

    /// Only calls that started on or before this day, UTC (`StartTime<`).
    pub fn started_on_or_before(mut self, date: Date) -> Self {
        self.query.set("StartTime<", day(date));
        self
    }

    /// Only calls that started on or after this day, UTC (`StartTime>`).
    pub fn started_on_or_after(mut self, date: Date) -> Self {
        self.query.set("StartTime>", day(date));
        self
    }

    /// Items per page, 1 to 1000 (Twilio's default is 50).
    pub fn page_size(mut self, size: u32) -> Self {
        self.query.page_size(size);
        self
    }

    /// Fetches the first page.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the filter before anything is sent;
    /// [`Error::Api`], transport or decode errors.
    pub async fn send(self) -> Result<Page<Call>, Error> {
        let resource = self.query.resource("Calls.json")?;
        self.client.execute(ApiRequest::fetch(resource)).await
    }

    /// Every matching call, newest first, following `next_page_uri` page
    /// after page; at most `limit` of them when given.
    ///
    /// # Errors
    /// As [`ListMessages::stream`].
    pub fn stream(
        self,
        limit: Option<usize>,
    ) -> impl Stream<Item = Result<Call, Error>> + Send + 'static {
        crate::http::paging::items(self.client, self.query, "Calls.json", limit)
    }
}

into_future!(ListMessages => Page<Message>);
into_future!(ListCalls => Page<Call>);

impl TwilioClient {
    /// Starts listing this account's messages, newest first.
    pub fn list_messages(&self) -> ListMessages {
        ListMessages {
            client: self.clone(),
            query: Query::default(),
        }
    }

    /// Starts listing this account's calls, newest first.
    pub fn list_calls(&self) -> ListCalls {
        ListCalls {
            client: self.clone(),
            query: Query::default(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> TwilioClient {
        TwilioClient::builder()
            .account_sid("AC0123456789abcdef0123456789abcdef")
            .auth_token("t")
            .build()
            .unwrap()
    }

    #[test]
    fn query_is_encoded_and_last_value_wins() {
        let list = client()
            .list_messages()
            .to("+1 202 555 1234")
            .sent_on_or_after(time::macros::date!(2025 - 01 - 02))
            .page_size(5)
            .page_size(20);
        assert_eq!(
            list.query.resource("Messages.json").unwrap(),
            "Messages.json?To=%2B12025551234&DateSent%3E=2025-01-02&PageSize=20"
        );
    }

    #[test]
    fn invalid_filters_are_reported_by_send() {
        let err = client()
            .list_calls()
            .page_size(0)
            .query
            .resource("Calls.json")
            .unwrap_err();
        assert!(err.to_string().starts_with("invalid page_size"), "{err}");
        let err = client()
            .list_calls()
            .from("12")
            .query
            .resource("Calls.json")
            .unwrap_err();
        assert!(err.to_string().starts_with("invalid from"), "{err}");
    }
}
