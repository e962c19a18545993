//! Life cycles over time: messages go queued → sending → sent → delivered,
//! calls queued → ringing → in-progress → completed, paced by the sandbox's
//! [`Clock`], each change POSTing a signed status callback as Twilio does.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, USER_AGENT};
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

use super::records::{Callback, CallbackOutcome, PlacedCall, SentMessage, StatusChange};
use super::state::Shared;
use super::Clock;
use crate::webhook::{Params, SIGNATURE_HEADER};
use crate::{CallEvent, CallSid, CallStatus, MessageSid, MessageStatus};

/// Twilio's API version, sent in every callback.
pub(crate) const API_VERSION: &str = "2010-04-01";
/// How long a status callback may take before it counts as failed (Twilio's limit).
const CALLBACK_TIMEOUT: Duration = Duration::from_secs(15);

/// Starts the life cycle of message `sid` in the background (not with [`Clock::Manual`]).
pub(crate) fn start_message(shared: &Arc<Shared>, sid: MessageSid) {
    if matches!(shared.clock, Clock::Manual) {
        return;
    }
    let task_shared = Arc::clone(shared);
    shared.spawn(async move {
        loop {
            let send_at = task_shared.message(sid.as_str()).and_then(|m| {
                (m.status == MessageStatus::Scheduled)
                    .then_some(m.send_at)
                    .flatten()
            });
            pause(task_shared.clock, send_at).await;
            if !advance_message(&task_shared, &sid).await {
                break;
            }
        }
    });
}

/// Starts the life cycle of call `sid` in the background (not with [`Clock::Manual`]).
pub(crate) fn start_call(shared: &Arc<Shared>, sid: CallSid) {
    if matches!(shared.clock, Clock::Manual) {
        return;
    }
    let task_shared = Arc::clone(shared);
    shared.spawn(async move {
        loop {
            pause(task_shared.clock, None).await;
            if !advance_call(&task_shared, &sid).await {
                break;
            }
        }
    });
}

/// Waits for the next step: one step of the clock, or until `until` for a
/// scheduled message on a stepped clock.
async fn pause(clock: Clock, until: Option<OffsetDateTime>) {
    match clock {
        Clock::Step(step) => {
            let wait = until
                .map(|at| at - OffsetDateTime::now_utc())
                .and_then(|left| Duration::try_from(left).ok())
                .map_or(step, |left| left.max(step));
            tokio::time::sleep(wait).await;
        }
        // Instant (and Manual, which never gets here): let the create answer go first.
        Clock::Instant | Clock::Manual => tokio::task::yield_now().await,
    }
}

/// Every message and call one step further; returns how many moved.
pub(crate) async fn advance_all(shared: &Shared) -> usize {
    let (messages, calls) = shared.unfinished();
    let mut moved = 0;
    for sid in &messages {
        moved += usize::from(advance_message(shared, sid).await);
    }
    for sid in &calls {
        moved += usize::from(advance_call(shared, sid).await);
    }
    moved
}

fn next_message_status(status: &MessageStatus) -> Option<MessageStatus> {
    Some(match status {
        MessageStatus::Accepted | MessageStatus::Scheduled => MessageStatus::Queued,
        MessageStatus::Queued => MessageStatus::Sending,
        MessageStatus::Sending => MessageStatus::Sent,
        MessageStatus::Sent => MessageStatus::Delivered,
        _ => return None,
    })
}

/// Moves message `sid` one status further and sends its callback; `false`
/// when its life cycle is over.
pub(crate) async fn advance_message(shared: &Shared, sid: &MessageSid) -> bool {
    let now = OffsetDateTime::now_utc();
    let step = shared.update_message(sid, |m| {
        let next = next_message_status(&m.status)?;
        m.status = next.clone();
        m.history.push(StatusChange {
            status: next.clone(),
            at: now,
        });
        m.date_updated = now;
        if next == MessageStatus::Queued && m.from.is_none() {
            // A messaging service picks its sender when the message leaves `accepted`.
            m.from = shared.numbers.first().cloned();
        }
        if next == MessageStatus::Sent {
            m.date_sent = Some(now);
        }
        Some(
            m.status_callback
                .clone()
                .map(|url| (url, message_params(shared, m))),
        )
    });
    let Some(Some(callback)) = step else {
        return false;
    };
    if let Some((url, params)) = callback {
        let sent = deliver(shared, &url, "POST", params).await;
        shared.update_message(sid, |m| m.callbacks.push(sent));
    }
    true
}

/// The parameters of a message status callback.
fn message_params(shared: &Shared, m: &SentMessage) -> Params {
    let mut params = Params::new();
    params.push("AccountSid", shared.account_sid.as_str());
    params.push("ApiVersion", API_VERSION);
    if let Some(from) = &m.from {
        params.push("From", from.as_str());
    }
    params.push("MessageSid", m.sid.as_str());
    params.push("MessageStatus", m.status.as_str());
    if let Some(service) = &m.messaging_service_sid {
        params.push("MessagingServiceSid", service.as_str());
    }
    params.push("SmsSid", m.sid.as_str());
    params.push("SmsStatus", m.status.as_str());
    params.push("To", m.to.as_str());
    params
}

/// The next status of a call and the callback events reaching it fires.
fn next_call_status(status: &CallStatus) -> Option<(CallStatus, &'static [CallEvent])> {
    Some(match status {
        CallStatus::Queued => (
            CallStatus::Ringing,
            &[CallEvent::Initiated, CallEvent::Ringing],
        ),
        CallStatus::Ringing => (CallStatus::InProgress, &[CallEvent::Answered]),
        CallStatus::InProgress => (CallStatus::Completed, &[CallEvent::Completed]),
        _ => return None,
    })
}

/// Moves call `sid` one status further and sends the callbacks its events
/// ask for; `false` when its life cycle is over.
pub(crate) async fn advance_call(shared: &Shared, sid: &CallSid) -> bool {
    let now = OffsetDateTime::now_utc();
    let step = shared.update_call(sid, |c| {
        let (next, events) = next_call_status(&c.status)?;
        c.status = next.clone();
        c.history.push(StatusChange {
            status: next.clone(),
            at: now,
        });
        c.date_updated = now;
        match next {
            CallStatus::InProgress => c.start_time = Some(now),
            CallStatus::Completed => {
                c.end_time = Some(now);
                let seconds = c
                    .start_time
                    .map_or(0, |start| (now - start).whole_seconds());
                // A call that was answered is billed at least one second.
                c.duration = Some(u32::try_from(seconds.max(1)).unwrap_or(u32::MAX));
            }
            _ => {}
        }
        let Some(url) = c.status_callback.clone() else {
            return Some(Vec::new());
        };
        let wanted = events
            .iter()
            .filter(|e| c.status_callback_events.contains(e));
        let callbacks = wanted
            .enumerate()
            .map(|(i, event)| {
                (
                    url.clone(),
                    call_params(shared, c, *event, c.callbacks.len() + i, now),
                )
            })
            .collect();
        Some(callbacks)
    });
    let Some(Some(callbacks)) = step else {
        return false;
    };
    for (url, params) in callbacks {
        let method = shared
            .call(sid.as_str())
            .map_or_else(|| "POST".to_owned(), |c| c.status_callback_method);
        let sent = deliver(shared, &url, &method, params).await;
        shared.update_call(sid, |c| c.callbacks.push(sent));
    }
    true
}

/// The parameters of a call status callback for `event`.
fn call_params(
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
        CallEvent::Completed => "completed",
    };
    let mut params = Params::new();
    params.push("AccountSid", shared.account_sid.as_str());
    params.push("ApiVersion", API_VERSION);
    params.push("CallSid", c.sid.as_str());
    params.push("CallStatus", status);
    params.push("Called", c.to.as_str());
    params.push("Caller", c.from.as_str());
    params.push("CallbackSource", "call-progress-events");
    params.push("Direction", "outbound-api");
    params.push("From", c.from.as_str());
    params.push("SequenceNumber", sequence.to_string());
    if let Ok(timestamp) = now.format(&Rfc2822) {
        params.push("Timestamp", timestamp);
    }
    params.push("To", c.to.as_str());
    if event == CallEvent::Completed {
        let seconds = c.duration.unwrap_or(0);
        params.push("CallDuration", seconds.to_string());
        params.push("Duration", seconds.div_ceil(60).to_string());
        params.push("SipResponseCode", "200");
    }
    params
}

/// Sends one status callback, signed with `X-Twilio-Signature` as Twilio signs it.
pub(crate) async fn deliver(shared: &Shared, url: &str, method: &str, params: Params) -> Callback {
    let (target, signature) = if method.eq_ignore_ascii_case("GET") {
        // Twilio puts GET parameters in the query and signs the whole URL.
        let separator = if url.contains('?') { '&' } else { '?' };
        let full = format!("{url}{separator}{}", params.to_form());
        let none: [(&str, &str); 0] = [];
        let signature = shared.signer.compute_signature(&full, none);
        (full, signature)
    } else {
        let signature = shared.signer.compute_signature(url, &params);
        (url.to_owned(), signature)
    };
    let request = if method.eq_ignore_ascii_case("GET") {
        shared.http.get(&target)
    } else {
        shared
            .http
            .post(&target)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(params.to_form())
    };
    let outcome = match request
        .header(SIGNATURE_HEADER, &signature)
        .header(USER_AGENT, "TwilioProxy/1.1")
        .timeout(CALLBACK_TIMEOUT)
        .send()
        .await
    {
        Ok(response) => CallbackOutcome::Answered(response.status().as_u16()),
        Err(error) => CallbackOutcome::Failed(error.to_string()),
    };
    Callback {
        url: target,
        method: method.to_ascii_uppercase(),
        params,
        signature,
        outcome,
    }
}
