//! Lists as a [`Stream`] of items that follows `next_page_uri` on its own,
//! for callers who want every item rather than one [`Page`](crate::Page).

use std::collections::VecDeque;

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::http::ApiRequest;
use crate::rest::list::Query;
use crate::{Error, Page, TwilioClient, MAX_PAGE_SIZE};

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
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    T: DeserializeOwned + Send + 'static,
{
    if let Some(limit) = limit {
        if limit > 0 && !query.has("PageSize") {
            let size = u32::try_from(limit)
                .unwrap_or(MAX_PAGE_SIZE)
                .min(MAX_PAGE_SIZE);
            query.page_size(size);
        }
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
