//! Recording webhooks: the `RecordingStatusCallback` of a call, a `<Dial>`, a
//! `<Record>` or a conference recording.

use time::OffsetDateTime;
use url::Url;

use super::calls::rfc2822;
use super::error::PayloadError;
use super::params::Params;
use super::payload::{invalid, Fields, FromParams};
use crate::dates::open_enum;
use crate::{AccountSid, CallSid, RecordingSid};

open_enum! {
    /// `RecordingStatus`: where a recording is in its life.
    ///
    /// A status callback reports `in-progress`, `completed`, `absent` (nothing
    /// was recorded, e.g. silence trimmed away) or `failed`; the other values
    /// are those of Twilio's Recording resource.
    RecordingStatus {
        /// Recording has started.
        InProgress => "in-progress",
        /// Paused through the API.
        Paused => "paused",
        /// Stopped through the API.
        Stopped => "stopped",
        /// Being processed into a media file.
        Processing => "processing",
        /// Done: the media is available at the recording URL.
        Completed => "completed",
        /// Nothing was recorded.
        Absent => "absent",
        /// The recording failed (see `ErrorCode`).
        Failed => "failed",
        /// Deleted.
        Deleted => "deleted",
    }
}

open_enum! {
    /// `RecordingSource`: what started the recording.
    RecordingSource {
        /// `<Dial record="...">`.
        DialVerb => "DialVerb",
        /// A conference recording.
        Conference => "Conference",
        /// `Record=true` when the call was created through the API.
        OutboundApi => "OutboundAPI",
        /// An Elastic SIP Trunking recording.
        Trunking => "Trunking",
        /// The `<Record>` verb.
        RecordVerb => "RecordVerb",
        /// A recording started on a live call through the API.
        StartCallRecordingApi => "StartCallRecordingAPI",
        /// A recording started on a conference through the API.
        StartConferenceRecordingApi => "StartConferenceRecordingAPI",
    }
}

open_enum! {
    /// `RecordingTrack`: which audio of the call was recorded.
    RecordingTrack {
        /// What the callee said (the audio Twilio received).
        Inbound => "inbound",
        /// What was played to the callee.
        Outbound => "outbound",
        /// Both directions.
        Both => "both",
    }
}

/// How many audio channels a recording has (`RecordingChannels`: `1` or `2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordingChannels {
    /// `1`: both parties mixed into one channel.
    Mono,
    /// `2`: each party on its own channel.
    Dual,
}

impl RecordingChannels {
    /// The count: 1 or 2.
    pub fn count(self) -> u8 {
        match self {
            Self::Mono => 1,
            Self::Dual => 2,
        }
    }
}

/// A `RecordingChannels` value other than `1` or `2`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("recording channels must be 1 or 2")]
#[non_exhaustive]
pub struct ParseRecordingChannelsError;

impl std::str::FromStr for RecordingChannels {
    type Err = ParseRecordingChannelsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "1" => Ok(Self::Mono),
            "2" => Ok(Self::Dual),
            _ => Err(ParseRecordingChannelsError),
        }
    }
}

/// A recording status callback (`RecordingStatusCallback` of a call, `<Dial>`,
/// `<Record>` or conference): the recording reached
/// [`recording_status`](Self::recording_status).
///
/// `RecordingDuration`, `RecordingChannels` and `RecordingStartTime` arrive
/// with the `completed` event; an `in-progress` callback may lack them. A
/// conference recording has a `ConferenceSid` (in [`extra`](Self::extra)) and
/// no `CallSid`.
///
/// ```
/// use twilio_typed::webhook::{FromParams, Params, RecordingStatus, RecordingStatusCallback};
///
/// let params = Params::from_form(
///     b"AccountSid=AC0123456789abcdef0123456789abcdef\
///       &CallSid=CA0123456789abcdef0123456789abcdef\
///       &RecordingSid=RE0123456789abcdef0123456789abcdef\
///       &RecordingUrl=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2FAC0123456789abcdef0123456789abcdef%2FRecordings%2FRE0123456789abcdef0123456789abcdef\
///       &RecordingStatus=completed&RecordingDuration=12&RecordingChannels=1\
///       &RecordingSource=RecordVerb",
/// );
/// let callback = RecordingStatusCallback::from_params(params)?;
/// assert_eq!(callback.recording_status, RecordingStatus::Completed);
/// assert_eq!(callback.recording_duration, Some(12));
/// # Ok::<(), twilio_typed::webhook::PayloadError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecordingStatusCallback {
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `CallSid`: the recorded call (absent for a conference recording).
    pub call_sid: Option<CallSid>,
    /// `RecordingSid`.
    pub recording_sid: RecordingSid,
    /// `RecordingUrl`: the recording's media, without an extension (append
    /// `.mp3` or `.wav` to choose a format).
    pub recording_url: Url,
    /// `RecordingStatus`.
    pub recording_status: RecordingStatus,
    /// `RecordingDuration`, in seconds.
    pub recording_duration: Option<u32>,
    /// `RecordingChannels`.
    pub recording_channels: Option<RecordingChannels>,
    /// `RecordingSource`.
    pub recording_source: Option<RecordingSource>,
    /// `RecordingTrack`.
    pub recording_track: Option<RecordingTrack>,
    /// `RecordingStartTime` (RFC 2822 on the wire).
    pub recording_start_time: Option<OffsetDateTime>,
    /// `ErrorCode`: why a recording failed (`0` or absent otherwise).
    pub error_code: Option<u32>,
    /// Every other parameter, in the order received.
    pub extra: Params,
}

impl FromParams for RecordingStatusCallback {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        let mut f = Fields::new(params);
        Ok(Self {
            account_sid: f.required("AccountSid")?,
            call_sid: f.parse("CallSid")?,
            recording_sid: f.required("RecordingSid")?,
            recording_url: web_url(&mut f, "RecordingUrl")?,
            recording_status: f.required("RecordingStatus")?,
            recording_duration: f.parse("RecordingDuration")?,
            recording_channels: f.parse("RecordingChannels")?,
            recording_source: f.parse("RecordingSource")?,
            recording_track: f.parse("RecordingTrack")?,
            recording_start_time: rfc2822(&mut f, "RecordingStartTime")?,
            error_code: f.parse("ErrorCode")?,
            extra: f.rest(),
        })
    }
}

/// A required `http(s)` URL.
fn web_url(f: &mut Fields, name: &str) -> Result<Url, PayloadError> {
    let url: Url = f.required(name)?;
    match url.scheme() {
        "https" | "http" => Ok(url),
        _ => Err(invalid(name, NotWebUrl)),
    }
}

/// A URL whose scheme is neither `https` nor `http`.
#[derive(Debug, thiserror::Error)]
#[error("not an http(s) URL")]
struct NotWebUrl;
