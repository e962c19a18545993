//! The media of a message ([`Media`]): list them, and the URL of each file.

use futures_core::Stream;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::http::into_future::into_future;
use crate::http::paging::Query;
use crate::http::ApiRequest;
use crate::types::dates::opt_rfc2822;
use crate::{AccountSid, Error, MediaSid, MessageSid, Page, TwilioClient};

/// A media file of a message, as Twilio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Media {
    /// The media SID.
    pub sid: MediaSid,
    /// The account that owns it.
    pub account_sid: AccountSid,
    /// The message it belongs to.
    #[serde(default)]
    pub parent_sid: Option<MessageSid>,
    /// Its MIME type, e.g. `image/jpeg`.
    #[serde(default)]
    pub content_type: Option<String>,
    /// When the resource was created.
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub date_created: Option<OffsetDateTime>,
    /// When it was last updated.
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub date_updated: Option<OffsetDateTime>,
    /// The resource's URI, relative to the API host.
    #[serde(default)]
    pub uri: Option<String>,
}

/// Lists a message's media; created by [`TwilioClient::list_message_media`],
/// finished by [`send`](Self::send) (one page) or [`stream`](Self::stream).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient, sid: twilio_typed::MessageSid) -> Result<(), twilio_typed::Error> {
/// for media in client.list_message_media(&sid).await?.items {
///     let url = client.media_content_url(&sid, &media.sid)?;
///     println!("{:?} at {url}", media.content_type);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct ListMedia {
    client: TwilioClient,
    list: String,
    query: Query,
}

impl ListMedia {
    /// Starts listing the media of the message `sid`.
    pub(crate) fn new(client: &TwilioClient, sid: &MessageSid) -> Self {
        Self {
            client: client.clone(),
            list: format!("Messages/{sid}/Media.json"),
            query: Query::default(),
        }
    }

    /// Items per page, 1 to 1000 (Twilio's default is 50).
    pub fn page_size(mut self, size: u32) -> Self {
        self.query.page_size(size);
        self
    }

    /// Fetches the first page.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] before anything is sent; [`Error::Api`] (20404
    /// for an unknown message), transport or decode errors.
    pub async fn send(self) -> Result<Page<Media>, Error> {
        let resource = self.query.resource(&self.list)?;
        self.client.execute(ApiRequest::fetch(resource)).await
    }

    /// Every media file, page after page; at most `limit`.
    ///
    /// # Errors
    /// As [`ListMessages::stream`](crate::ListMessages::stream).
    pub fn stream(
        self,
        limit: Option<usize>,
    ) -> impl Stream<Item = Result<Media, Error>> + Send + 'static {
        crate::http::paging::items(self.client, self.query, &self.list, limit)
    }
}

into_future!(ListMedia => Page<Media>);
