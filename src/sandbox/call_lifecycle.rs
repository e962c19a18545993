//! A call's life cycle: queued → ringing → in-progress (its TwiML runs, see
//! [`call_script`](super::call_script)) → completed, or busy, no-answer,
//! failed or canceled as its [`CallOutcome`] says or an update asks; each
//! change sends the status callbacks its events ask for.

use std::sync::Arc;

use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

use super::call_script::{self, CallRun, Phase};
use super::lifecycle::{deliver, API_VERSION};
use super::outcomes::CallOutcome;
use super::recordings::{self, MadeRecording};
use super::records::{PlacedCall, StatusChange};
use super::state::Shared;
use crate::webhook::Params;
use crate::{CallEvent, CallSid, CallStatus};

/// A request to send once the store's lock is released.
pub(crate) struct Pending {
    pub(crate) url: String,
    pub(crate) method: String,
    pub(crate) params: Params,
}

/// Where a call goes next, if anywhere.
enum Move {
    To(CallStatus, &'static [CallEvent]),
    End(CallStatus),
}

fn next_move(call: &PlacedCall, run: &CallRun) -> Option<Move> {
    Some(match call.status {
        CallStatus::Queued => Move::To(
            CallStatus::Ringing,
            &[CallEvent::Initiated, CallEvent::Ringing],
        ),
        CallStatus::Ringing => match call.outcome {
            CallOutcome::Human | CallOutcome::Machine => {
                Move::To(CallStatus::InProgress, &[CallEvent::Answered])
            }
            CallOutcome::Busy => Move::End(CallStatus::Busy),
            CallOutcome::NoAnswer => Move::End(CallStatus::NoAnswer),
            CallOutcome::Failed => Move::End(CallStatus::Failed),
            CallOutcome::Canceled => Move::End(CallStatus::Canceled),
        },
        // An answered call hangs up once its TwiML has run out.
        CallStatus::InProgress if matches!(run.phase, Phase::Done) => {
            Move::End(CallStatus::Completed)
        }
        _ => return None,
    })
}

/// Moves call `sid` one status further and sends the callbacks its events
/// ask for; on answering, runs its TwiML as far as it goes. `false` when the
/// call did not move (ended, or waiting at a `<Gather>`).
pub(crate) async fn advance_call(shared: &Arc<Shared>, sid: &CallSid) -> bool {
    let now = OffsetDateTime::now_utc();
    let step = shared.with_run(sid, |c, run| match next_move(c, run)? {
        Move::To(next, events) => {
            set_status(c, next.clone(), now);
            let mut pending = callbacks_for(shared, c, events, now);
            if next == CallStatus::InProgress {
                c.start_time = Some(now);
                c.answered_by = answered_by(c);
                pending.extend(async_amd_callback(shared, c));
            }
            Some((next, (pending, None)))
        }
        Move::End(status) => Some((status.clone(), end(shared, c, run, status, now))),
    });
    let Some(Some((status, pending))) = step else {
        return false;
    };
    let pending = keep_recording(shared, pending);
    send_all(shared, sid, pending).await;
    if status == CallStatus::InProgress {
        call_script::answer(shared, sid).await;
    }
    true
}

/// Ends call `sid` now with `status` (an update's hang-up or cancel), sending
/// its callbacks; `false` when it had already ended.
pub(crate) async fn end_now(shared: &Shared, sid: &CallSid, status: CallStatus) -> bool {
    let now = OffsetDateTime::now_utc();
    let pending = shared.with_run(sid, |c, run| {
        (!c.status.is_final()).then(|| end(shared, c, run, status, now))
    });
    let Some(Some(pending)) = pending else {
        return false;
    };
    send_all(shared, sid, keep_recording(shared, pending)).await;
    true
}

/// Stores the recording an ending call made (outside the call's lock) and
/// returns the callbacks to send.
fn keep_recording(shared: &Shared, (pending, recording): Ended) -> Vec<Pending> {
    if let Some(recording) = recording {
        shared.insert_recording(recording);
    }
    pending
}

/// The callbacks an ending call sends, and the recording it made.
type Ended = (Vec<Pending>, Option<MadeRecording>);

/// Sends `pending` in order, recording each on the call (recording status
/// callbacks on their recording).
async fn send_all(shared: &Shared, sid: &CallSid, pending: Vec<Pending>) {
    for Pending {
        url,
        method,
        params,
    } in pending
    {
        let recording = params.get("RecordingSid").map(str::to_owned);
        let sent = deliver(shared, &url, &method, params).await;
        match recording {
            Some(recording) => recordings::push_callback(shared, &recording, sent),
            None => {
                shared.update_call(sid, |c| c.callbacks.push(sent));
            }
        }
    }
}

fn set_status(c: &mut PlacedCall, status: CallStatus, now: OffsetDateTime) {
    c.status = status.clone();
    c.history.push(StatusChange { status, at: now });
    c.date_updated = now;
}

/// Ends the call (its TwiML stops), makes the recording `Record=true` asked
/// for, and returns the callbacks to send. Runs under the store's lock.
fn end(
    shared: &Shared,
    c: &mut PlacedCall,
    run: &mut CallRun,
    status: CallStatus,
    now: OffsetDateTime,
) -> Ended {
    run.stop();
    set_status(c, status, now);
    c.end_time = Some(now);
    let seconds = c
        .start_time
        .map_or(0, |start| (now - start).whole_seconds());
    // A call that was answered is billed at least one second; others none.
    let seconds = if c.start_time.is_some() {
        seconds.max(1)
    } else {
        0
    };
    c.duration = Some(u32::try_from(seconds).unwrap_or(u32::MAX));
    let mut pending = callbacks_for(shared, c, &[CallEvent::Completed], now);
    let mut recording = None;
    if c.start_time.is_some() && c.request.get("Record") == Some("true") {
        let (made, callback) = recordings::record_whole_call(shared, c, now);
        pending.extend(callback);
        recording = Some(made);
    }
    (pending, recording)
}

/// The status callbacks `events` trigger for the call, as it is now.
fn callbacks_for(
    shared: &Shared,
    c: &PlacedCall,
    events: &[CallEvent],
    now: OffsetDateTime,
) -> Vec<Pending> {
    let Some(url) = c.status_callback.clone() else {
        return Vec::new();
    };
    events
        .iter()
        .filter(|e| c.status_callback_events.contains(e))
        .enumerate()
        .map(|(i, event)| Pending {
            url: url.clone(),
            method: c.status_callback_method.clone(),
            params: status_params(shared, c, *event, c.callbacks.len() + i, now),
        })
        .collect()
}

/// `AnsweredBy` once answered, when the create asked for machine detection.
fn answered_by(c: &PlacedCall) -> Option<String> {
    let detection = c.request.get("MachineDetection")?;
    Some(
        match (c.outcome, detection) {
            (CallOutcome::Machine, "DetectMessageEnd") => "machine_end_beep",
            (CallOutcome::Machine, _) => "machine_start",
            _ => "human",
        }
        .to_owned(),
    )
}

/// The `AsyncAmdStatusCallback` request of an answered call with `AsyncAmd=true`.
fn async_amd_callback(shared: &Shared, c: &PlacedCall) -> Option<Pending> {
    if c.request.get("AsyncAmd") != Some("true") {
        return None;
    }
    let url = c.request.get("AsyncAmdStatusCallback")?.to_owned();
    let method = c
        .request
        .get("AsyncAmdStatusCallbackMethod")
        .unwrap_or("POST")
        .to_ascii_uppercase();
    let mut params = Params::new();
    params.push("AccountSid", shared.account_sid.as_str());
    params.push("AnsweredBy", c.answered_by.clone().unwrap_or_default());
    params.push("CallSid", c.sid.as_str());
    // A plausible detection time in milliseconds; the sandbox detects nothing.
    params.push("MachineDetectionDuration", "2140");
    Some(Pending {
        url,
        method,
        params,
    })
}

/// The parameters Twilio sends about a call (status callbacks and TwiML
/// requests share them).
pub(crate) fn call_params(shared: &Shared, c: &PlacedCall, status: &str) -> Params {
    let mut params = Params::new();
    params.push("AccountSid", shared.account_sid.as_str());
    if let Some(answered_by) = &c.answered_by {
        params.push("AnsweredBy", answered_by.as_str());
    }
    params.push("ApiVersion", API_VERSION);
    params.push("CallSid", c.sid.as_str());
    params.push("CallStatus", status);
    params.push("Called", c.to.as_str());
    params.push("Caller", c.from.as_str());
    params.push("Direction", "outbound-api");
    params.push("From", c.from.as_str());
    params.push("To", c.to.as_str());
    params
}

/// The parameters of a call status callback for `event`.
fn status_params(
    shared: &Shared,
    c: &PlacedCall,
    event: CallEvent,
    sequence: usize,
    now: OffsetDateTime,
) -> Params {
    let status = match event {
        CallEvent::Initiated => "initiated",
        CallEvent::Ringing => "ringing",
        CallEvent::Answered => "in-progress",
        // The completed event reports how the call ended: busy, no-answer...
        CallEvent::Completed => c.status.as_str(),
    };
    let mut params = call_params(shared, c, status);
    params.push("CallbackSource", "call-progress-events");
    params.push("SequenceNumber", sequence.to_string());
    if let Ok(timestamp) = now.format(&Rfc2822) {
        params.push("Timestamp", timestamp);
    }
    if event == CallEvent::Completed {
        let seconds = c.duration.unwrap_or(0);
        params.push("CallDuration", seconds.to_string());
        params.push("Duration", seconds.div_ceil(60).to_string());
        let sip = match c.status {
            CallStatus::Busy => "486",
            CallStatus::NoAnswer => "487",
            CallStatus::Failed => "500",
            CallStatus::Canceled => "487",
            _ => "200",
        };
        params.push("SipResponseCode", sip);
    }
    params
}
