//! Listing messages ([`ListMessages`]) a [`Page`] at a time or as a stream.

use std::fmt;

use futures_core::Stream;
use time::Date;

use crate::http::into_future::into_future;
use crate::http::paging::{day, Page, Query};
use crate::http::ApiRequest;
use crate::{Error, Message, TwilioClient, E164};

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
    pub(crate) fn new(client: &TwilioClient) -> Self {
        Self {
            client: client.clone(),
            query: Query::default(),
        }
    }
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

into_future!(ListMessages => Page<Message>);

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
}
