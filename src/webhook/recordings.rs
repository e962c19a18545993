//! Recording webhooks: the `RecordingStatusCallback` of a call, a `<Dial>`, a
//! `<Record>` or a conference recording.

use time::OffsetDateTime;
use url::Url;

use super::calls::rfc2822;
use super::error::PayloadError;
use super::params::Params;
use super::payload::{invalid, Fields, FromParams};
use crate::{
    AccountSid, CallSid, ConferenceSid, RecordingChannels, RecordingSid, RecordingSource,
    RecordingStatus, RecordingTrack,
};

/// A recording status callback (`RecordingStatusCallback` of a call, `<Dial>`,
/// `<Record>` or conference): the recording reached
/// [`recording_status`](Self::recording_status).
///
/// `RecordingDuration`, `RecordingChannels` and `RecordingStartTime` arrive
/// with the `completed` event; an `in-progress` callback may lack them. A
/// conference recording has a `ConferenceSid` and no `CallSid`.
///
/// The status and source are the crate's open enums [`RecordingStatus`] and
/// [`RecordingSource`] (a value outside the spec's list, e.g. a `failed`
/// status, arrives as `Unknown`); a `RecordingTrack` this crate does not know leaves
/// [`recording_track`](Self::recording_track) empty and stays in
/// [`extra`](Self::extra).
///
/// ```
/// use twilio_typed::webhook::{FromParams, Params, RecordingStatusCallback};
/// use twilio_typed::RecordingStatus;
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
    /// `ConferenceSid`, for a conference recording.
    pub conference_sid: Option<ConferenceSid>,
    /// `RecordingSid`.
    pub recording_sid: RecordingSid,
    /// `RecordingUrl`: the recording's media, without an extension (append
    /// `.mp3` or `.wav` to choose a format).
    pub recording_url: Url,
    /// `RecordingStatus`.
    pub recording_status: RecordingStatus,
    /// `RecordingDuration`, in seconds.
    pub recording_duration: Option<u32>,
    /// `RecordingChannels` (`1` or `2` on the wire).
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
            conference_sid: f.parse("ConferenceSid")?,
            recording_sid: f.required("RecordingSid")?,
            recording_url: web_url(&mut f, "RecordingUrl")?,
            recording_status: f.required("RecordingStatus")?,
            recording_duration: f.parse("RecordingDuration")?,
            recording_channels: channels(&mut f, "RecordingChannels")?,
            recording_source: f.parse("RecordingSource")?,
            recording_track: f.known("RecordingTrack", |v| match v {
                "inbound" => Some(RecordingTrack::Inbound),
                "outbound" => Some(RecordingTrack::Outbound),
                "both" => Some(RecordingTrack::Both),
                _ => None,
            }),
            recording_start_time: rfc2822(&mut f, "RecordingStartTime")?,
            error_code: f.parse("ErrorCode")?,
            extra: f.rest(),
        })
    }
}

/// `RecordingChannels` as a status callback writes it: `1` or `2`.
fn channels(f: &mut Fields, name: &str) -> Result<Option<RecordingChannels>, PayloadError> {
    match f.text(name).as_deref() {
        None => Ok(None),
        Some("1") => Ok(Some(RecordingChannels::Mono)),
        Some("2") => Ok(Some(RecordingChannels::Dual)),
        Some(_) => Err(invalid(name, NotAChannelCount)),
    }
}

/// A `RecordingChannels` other than `1` or `2`.
#[derive(Debug, thiserror::Error)]
#[error("recording channels must be 1 or 2")]
struct NotAChannelCount;

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
