//! Listing calls ([`ListCalls`]) a [`Page`] at a time or as a stream.

use std::fmt;

use futures_core::Stream;
use time::Date;

use crate::http::into_future::into_future;
use crate::http::paging::{day, Page, Query};
use crate::http::ApiRequest;
use crate::{Call, CallStatus, Error, TwilioClient, E164};

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
    pub(crate) fn new(client: &TwilioClient) -> Self {
        Self {
            client: client.clone(),
            query: Query::default(),
        }
    }
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

into_future!(ListCalls => Page<Call>);

#[cfg(test)]
mod tests {
    fn client() -> crate::TwilioClient {
        crate::TwilioClient::builder()
            .account_sid("AC0123456789abcdef0123456789abcdef")
            .auth_token("t")
            .build()
            .unwrap()
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
