//! Recordings: made by `<Record>` or `Record=true`, listed, fetched and
//! deleted through `Recordings.json` and `Calls/{CallSid}/Recordings.json`,
//! with a small generated audio file at `Recordings/{Sid}.wav` / `.mp3`.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::audio;
use super::call_lifecycle::Pending;
use super::call_script::resolve;
use super::lifecycle::API_VERSION;
use super::records::{Callback, PlacedCall};
use super::server::{page, rfc2822, Authenticated, DateRange};
use super::state::Shared;
use super::twiml_check::TwimlElement;
use super::validate::ApiFailure;
use crate::webhook::Params;
use crate::{CallSid, RecordingSid};

/// How long a `<Record>` records in the sandbox, unless its `maxLength` is shorter.
pub(crate) const RECORD_VERB_SECONDS: u32 = 3;

/// A recording the sandbox made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MadeRecording {
    /// The recording SID (`RE...`).
    pub sid: RecordingSid,
    /// The call recorded.
    pub call_sid: CallSid,
    /// How it was made: `RecordVerb` (`<Record>`) or `OutboundAPI` (`Record=true`).
    pub source: String,
    /// 1 (mono) or 2 (dual, `RecordingChannels=dual`).
    pub channels: u8,
    /// `inbound`, `outbound` or `both` (`RecordingTrack`).
    pub track: String,
    /// Its length in whole seconds (the audio file has as many seconds of silence).
    pub duration: u32,
    /// When recording started.
    pub start_time: OffsetDateTime,
    /// When the recording resource was created.
    pub date_created: OffsetDateTime,
    /// The recording status callbacks sent, in order.
    pub callbacks: Vec<Callback>,
}

fn new_recording(
    shared: &Shared,
    call_sid: &CallSid,
    source: &str,
    duration: u32,
    start_time: OffsetDateTime,
) -> MadeRecording {
    MadeRecording {
        sid: shared.new_recording_sid(),
        call_sid: call_sid.clone(),
        source: source.to_owned(),
        channels: 1,
        track: "both".to_owned(),
        duration,
        start_time,
        date_created: OffsetDateTime::now_utc(),
        callbacks: Vec::new(),
    }
}

/// The URL of a recording, without extension (as Twilio's `RecordingUrl`).
fn media_url(shared: &Shared, sid: &RecordingSid) -> String {
    format!(
        "{}2010-04-01/Accounts/{}/Recordings/{sid}",
        shared.base_url, shared.account_sid
    )
}

/// The parameters of a recording status callback or `<Record>` action.
fn recording_params(shared: &Shared, r: &MadeRecording) -> Params {
    let mut params = Params::new();
    params.push("AccountSid", shared.account_sid.as_str());
    params.push("CallSid", r.call_sid.as_str());
    params.push("RecordingChannels", r.channels.to_string());
    params.push("RecordingDuration", r.duration.to_string());
    params.push("RecordingSid", r.sid.as_str());
    params.push("RecordingSource", r.source.as_str());
    params.push(
        "RecordingStartTime",
        rfc2822(r.start_time).as_str().unwrap_or_default(),
    );
    params.push("RecordingStatus", "completed");
    params.push("RecordingUrl", media_url(shared, &r.sid));
    params
}

/// The recording of a whole call (`Record=true`), made when it ends, and its
/// `RecordingStatusCallback` if the `completed` event is asked for. Does not
/// store it (it runs under the store's lock).
pub(crate) fn record_whole_call(
    shared: &Shared,
    c: &PlacedCall,
    now: OffsetDateTime,
) -> (MadeRecording, Option<Pending>) {
    let start = c.start_time.unwrap_or(now);
    let mut recording = new_recording(
        shared,
        &c.sid,
        "OutboundAPI",
        c.duration.unwrap_or(1).max(1),
        start,
    );
    if c.request.get("RecordingChannels") == Some("dual") {
        recording.channels = 2;
    }
    if let Some(track) = c.request.get("RecordingTrack") {
        recording.track = track.to_owned();
    }
    let pending = status_callback(shared, &c.request, "RecordingStatusCallback", &recording);
    (recording, pending)
}

/// The recording a `<Record>` verb makes, and its `recordingStatusCallback`.
pub(crate) fn record_verb(
    shared: &Shared,
    call_sid: &CallSid,
    verb: &TwimlElement,
    base: Option<&url::Url>,
) -> (RecordingSid, Vec<Pending>) {
    let duration = verb
        .attribute("maxLength")
        .and_then(|l| l.parse::<u32>().ok())
        .map_or(RECORD_VERB_SECONDS, |max| max.clamp(1, RECORD_VERB_SECONDS));
    let recording = new_recording(
        shared,
        call_sid,
        "RecordVerb",
        duration,
        OffsetDateTime::now_utc(),
    );
    // A relative callback URL is relative to the document's URL.
    let attributes: Params = verb
        .attributes
        .iter()
        .map(|(k, v)| match k.as_str() {
            "recordingStatusCallback" => (
                k.clone(),
                resolve(base, v).map_or_else(|_| v.clone(), String::from),
            ),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    let pending = status_callback(shared, &attributes, "recordingStatusCallback", &recording);
    let sid = recording.sid.clone();
    shared.insert_recording(recording);
    (sid, pending.into_iter().collect())
}

/// The recording status callback `settings[name]` asks for, if its events
/// (`{name}Event`, default `completed`) include `completed`.
fn status_callback(
    shared: &Shared,
    settings: &Params,
    name: &str,
    recording: &MadeRecording,
) -> Option<Pending> {
    let url = settings.get(name).filter(|u| !u.is_empty())?;
    let events_name = format!("{name}Event");
    let mut events = settings
        .get_all(&events_name)
        .flat_map(str::split_whitespace)
        .peekable();
    let wanted = events.peek().is_none() || events.any(|e| e == "completed");
    let method_name = format!("{name}Method");
    wanted.then(|| Pending {
        url: url.to_owned(),
        method: settings
            .get(&method_name)
            .unwrap_or("POST")
            .to_ascii_uppercase(),
        params: recording_params(shared, recording),
    })
}

/// The parameters a `<Record>` posts to its `action`.
pub(crate) fn action_params(shared: &Shared, sid: &RecordingSid) -> Params {
    let mut params = Params::new();
    let recording = shared.recordings().into_iter().find(|r| &r.sid == sid);
    if let Some(r) = recording {
        params.push("RecordingDuration", r.duration.to_string());
        params.push("RecordingSid", r.sid.as_str());
        params.push("RecordingUrl", media_url(shared, &r.sid));
        params.push("Digits", "hangup");
    }
    params
}

/// Keeps a recording status callback on its recording.
pub(crate) fn push_callback(shared: &Shared, sid: &str, callback: Callback) {
    shared.with_recordings(|all| {
        if let Some(r) = all.iter_mut().find(|r| r.sid.as_str() == sid) {
            r.callbacks.push(callback);
        }
    });
}

type Answer = Result<(StatusCode, Json<Value>), ApiFailure>;

/// `GET Recordings.json`, with the `CallSid` and `DateCreated` filters.
pub(crate) async fn list(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Answer {
    let query = Params::from_form(query.unwrap_or_default().as_bytes());
    let call = query.get("CallSid").map(str::to_owned);
    list_where(&shared, &query, uri.path(), call.as_deref())
}

/// `GET Calls/{CallSid}/Recordings.json`.
pub(crate) async fn list_for_call(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, call_sid)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    uri: Uri,
) -> Answer {
    if shared.call(&call_sid).is_none() {
        return Err(ApiFailure::not_found(uri.path()));
    }
    let query = Params::from_form(query.unwrap_or_default().as_bytes());
    list_where(&shared, &query, uri.path(), Some(&call_sid))
}

fn list_where(shared: &Shared, query: &Params, path: &str, call: Option<&str>) -> Answer {
    let created = DateRange::from_query(query, "DateCreated")?;
    let items = shared
        .recordings()
        .iter()
        .rev()
        .filter(|r| call.is_none_or(|c| r.call_sid.as_str() == c))
        .filter(|r| created.matches(Some(r.date_created)))
        .map(|r| render(shared, r))
        .collect();
    Ok((
        StatusCode::OK,
        Json(page(path, "recordings", query, items)?),
    ))
}

/// `GET Recordings/{Sid}.json` (the resource), `.wav` or `.mp3` (the audio;
/// WAV without an extension, as Twilio's `RecordingUrl` serves it).
pub(crate) async fn fetch(
    State(shared): State<Arc<Shared>>,
    Path((account, segment)): Path<(String, String)>,
    uri: Uri,
    parts: axum::http::HeaderMap,
) -> Result<Response, ApiFailure> {
    let not_found = || ApiFailure::not_found(uri.path());
    // Without an extension, Twilio serves the audio as WAV.
    let (sid, extension) = segment
        .rsplit_once('.')
        .unwrap_or((segment.as_str(), "wav"));
    let recording = shared
        .recordings()
        .into_iter()
        .find(|r| r.sid.as_str() == sid)
        .filter(|_| account == shared.account_sid.as_str())
        .ok_or_else(not_found)?;
    match extension {
        "json" => {
            super::server::authenticate(&shared, &parts, uri.path())?;
            Ok((StatusCode::OK, Json(render(&shared, &recording))).into_response())
        }
        // Recording media needs no credentials, as with Twilio's default settings.
        "wav" => Ok(audio_answer(
            "audio/x-wav",
            audio::wav(recording.duration, recording.channels),
        )),
        "mp3" => Ok(audio_answer("audio/mpeg", audio::mp3(recording.duration))),
        _ => Err(not_found()),
    }
}

fn audio_answer(content_type: &'static str, bytes: Vec<u8>) -> Response {
    ([(CONTENT_TYPE, content_type)], bytes).into_response()
}

/// `DELETE Recordings/{Sid}.json`: 204, then 404.
pub(crate) async fn delete(
    _: Authenticated,
    State(shared): State<Arc<Shared>>,
    Path((_, segment)): Path<(String, String)>,
    uri: Uri,
) -> Result<StatusCode, ApiFailure> {
    let sid = super::server::sid_of(&segment, uri.path())?;
    let removed = shared.with_recordings(|all| {
        let before = all.len();
        all.retain(|r| r.sid.as_str() != sid);
        all.len() != before
    });
    if removed {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiFailure::not_found(uri.path()))
    }
}

/// The recording resource as Twilio's JSON.
fn render(shared: &Shared, r: &MadeRecording) -> Value {
    let uri = format!(
        "/2010-04-01/Accounts/{}/Recordings/{}",
        shared.account_sid, r.sid
    );
    let price = format!("-{:.5}", 0.0025 * f64::from(r.duration.div_ceil(60).max(1)));
    json!({
        "account_sid": shared.account_sid.as_str(),
        "api_version": API_VERSION,
        "call_sid": r.call_sid.as_str(),
        "channels": r.channels,
        "conference_sid": null,
        "date_created": rfc2822(r.date_created),
        "date_updated": rfc2822(r.date_created),
        "duration": r.duration.to_string(),
        "encryption_details": null,
        "error_code": null,
        "media_url": media_url(shared, &r.sid),
        "price": price,
        "price_unit": "USD",
        "sid": r.sid.as_str(),
        "source": r.source,
        "start_time": rfc2822(r.start_time),
        "status": "completed",
        "subresource_uris": {
            "add_on_results": format!("{uri}/AddOnResults.json"),
            "transcriptions": format!("{uri}/Transcriptions.json"),
        },
        "uri": format!("{uri}.json"),
    })
}
