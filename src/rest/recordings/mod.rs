//! Call recordings ([`Recording`]): list (for the account or one call), fetch,
//! delete, and the URL of the audio as `.mp3` or `.wav`.

use std::fmt;

use futures_core::Stream;
use serde::Deserialize;
use time::{Date, OffsetDateTime};
use url::Url;

use crate::http::into_future::into_future;
use crate::http::paging::{day, Query};
use crate::http::ApiRequest;
use crate::types::dates::{open_enum, opt_decimal_text, opt_rfc2822, opt_u32_lenient};
use crate::{AccountSid, CallSid, ConferenceSid, Error, Page, RecordingSid, TwilioClient};

open_enum! {
    /// The status of a recording.
    RecordingStatus {
        /// Being recorded.
        InProgress => "in-progress",
        /// Paused.
        Paused => "paused",
        /// Stopped, not yet processed.
        Stopped => "stopped",
        /// Being processed.
        Processing => "processing",
        /// Ready to fetch.
        Completed => "completed",
        /// Silent: nothing was kept.
        Absent => "absent",
        /// Deleted.
        Deleted => "deleted",
    }
}

open_enum! {
    /// How a recording was made.
    RecordingSource {
        /// `<Dial record>`.
        DialVerb => "DialVerb",
        /// A conference.
        Conference => "Conference",
        /// `Record=true` when placing the call.
        OutboundApi => "OutboundAPI",
        /// Elastic SIP trunking.
        Trunking => "Trunking",
        /// `<Record>`.
        RecordVerb => "RecordVerb",
        /// The call recordings API.
        StartCallRecordingApi => "StartCallRecordingAPI",
        /// The conference recordings API.
        StartConferenceRecordingApi => "StartConferenceRecordingAPI",
    }
}

/// The audio format of a recording's media ([`TwilioClient::recording_media_url`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum RecordingFormat {
    /// MP3 (32 kbps, smaller).
    Mp3,
    /// WAV (PCM 16-bit, Twilio's default).
    #[default]
    Wav,
}

impl RecordingFormat {
    /// The file extension Twilio serves it under.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Mp3 => "mp3",
            Self::Wav => "wav",
        }
    }
}

impl fmt::Display for RecordingFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// A recording resource as Twilio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Recording {
    /// The recording SID.
    pub sid: RecordingSid,
    /// The account that owns it.
    pub account_sid: AccountSid,
    /// The call it recorded.
    #[serde(default)]
    pub call_sid: Option<CallSid>,
    /// The conference it recorded, if any.
    #[serde(default)]
    pub conference_sid: Option<ConferenceSid>,
    /// Its status.
    pub status: RecordingStatus,
    /// How it was made.
    #[serde(default)]
    pub source: Option<RecordingSource>,
    /// Its length in seconds (`-1` while in progress is read as absent).
    #[serde(default, deserialize_with = "opt_duration")]
    pub duration: Option<u32>,
    /// Number of channels (1 or 2).
    #[serde(default, deserialize_with = "opt_u32_lenient")]
    pub channels: Option<u32>,
    /// The price as decimal text, once known.
    #[serde(default, deserialize_with = "opt_decimal_text")]
    pub price: Option<String>,
    /// The currency of `price` (ISO 4217).
    #[serde(default)]
    pub price_unit: Option<String>,
    /// Twilio's error code when the recording failed.
    #[serde(default, deserialize_with = "opt_u32_lenient")]
    pub error_code: Option<u32>,
    /// When recording started.
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub start_time: Option<OffsetDateTime>,
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

/// Twilio writes `"-1"` for the duration of a recording in progress.
fn opt_duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Num(i64),
        Str(String),
    }
    let value = match Option::<Raw>::deserialize(d)? {
        None => return Ok(None),
        Some(Raw::Num(n)) => n,
        Some(Raw::Str(s)) if s.is_empty() => return Ok(None),
        Some(Raw::Str(s)) => s
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("expected a whole number, got {s:?}")))?,
    };
    Ok(u32::try_from(value).ok())
}

/// Lists recordings, newest first; created by [`TwilioClient::list_recordings`]
/// or [`TwilioClient::list_call_recordings`], finished by [`send`](Self::send)
/// (one page) or [`stream`](Self::stream) (every item).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient, call: twilio_typed::CallSid) -> Result<(), twilio_typed::Error> {
/// use twilio_typed::RecordingFormat;
/// let page = client.list_call_recordings(&call).await?;
/// for recording in &page.items {
///     let url = client.recording_media_url(&recording.sid, RecordingFormat::Mp3)?;
///     println!("{} ({:?} s): {url}", recording.sid, recording.duration);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct ListRecordings {
    client: TwilioClient,
    list: String,
    query: Query,
}

impl ListRecordings {
    /// Only recordings created on this day, UTC (`DateCreated`).
    pub fn created_on(mut self, date: Date) -> Self {
        self.query.set("DateCreated", day(date));
        self
    }

    /// Only recordings created on or before this day, UTC (`DateCreated<`).
    pub fn created_on_or_before(mut self, date: Date) -> Self {
        self.query.set("DateCreated<", day(date));
        self
    }

    /// Only recordings created on or after this day, UTC (`DateCreated>`).
    pub fn created_on_or_after(mut self, date: Date) -> Self {
        self.query.set("DateCreated>", day(date));
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
    /// [`Error::InvalidInput`] before anything is sent; [`Error::Api`],
    /// transport or decode errors.
    pub async fn send(self) -> Result<Page<Recording>, Error> {
        let resource = self.query.resource(&self.list)?;
        self.client.execute(ApiRequest::fetch(resource)).await
    }

    /// Every recording, newest first, page after page; at most `limit`.
    ///
    /// # Errors
    /// As [`ListMessages::stream`](crate::ListMessages::stream).
    pub fn stream(
        self,
        limit: Option<usize>,
    ) -> impl Stream<Item = Result<Recording, Error>> + Send + 'static {
        crate::http::paging::items(self.client, self.query, &self.list, limit)
    }
}

into_future!(ListRecordings => Page<Recording>);

impl TwilioClient {
    /// Starts listing this account's recordings (`Recordings.json`).
    pub fn list_recordings(&self) -> ListRecordings {
        ListRecordings {
            client: self.clone(),
            list: "Recordings.json".to_owned(),
            query: Query::default(),
        }
    }

    /// Starts listing the recordings of the call `call` (`Calls/{CallSid}/Recordings.json`).
    pub fn list_call_recordings(&self, call: &CallSid) -> ListRecordings {
        ListRecordings {
            client: self.clone(),
            list: format!("Calls/{call}/Recordings.json"),
            query: Query::default(),
        }
    }

    /// Fetches a recording by SID.
    ///
    /// # Errors
    /// [`Error::Api`] (20404 when it does not exist), transport or decode errors.
    pub async fn fetch_recording(&self, sid: &RecordingSid) -> Result<Recording, Error> {
        self.execute(ApiRequest::fetch(format!("Recordings/{sid}.json")))
            .await
    }

    /// Deletes a recording (`DELETE`, answered 204). Safe to repeat: a retry
    /// after a delete that did land answers 404 (code 20404).
    ///
    /// # Errors
    /// [`Error::Api`] (20404 when it does not exist), transport or timeout errors.
    pub async fn delete_recording(&self, sid: &RecordingSid) -> Result<(), Error> {
        self.execute_no_content(ApiRequest::delete(format!("Recordings/{sid}.json")))
            .await
    }

    /// The URL of a recording's audio in `format`
    /// (`.../Recordings/RE....mp3`), under this client's base URL. Fetching
    /// it needs the account's credentials unless the account makes recordings public.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the base URL cannot take the path.
    pub fn recording_media_url(
        &self,
        sid: &RecordingSid,
        format: RecordingFormat,
    ) -> Result<Url, Error> {
        self.resource_url(&format!("Recordings/{sid}.{}", format.extension()))
    }
}
