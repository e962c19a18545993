//! Life cycles over time, paced by the sandbox's [`Clock`]: messages go
//! queued → sending → sent → delivered (or end as their [`MessageOutcome`]
//! says), each change POSTing a signed status callback as Twilio does; calls
//! move in [`call_lifecycle`](super::call_lifecycle).

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use super::call_lifecycle::advance_call;
use super::outcomes::MessageOutcome;
use super::records::{Callback, SentMessage, StatusChange};
use super::state::Shared;
use super::{webhooks, Clock};
use crate::webhook::Params;
use crate::{CallSid, MessageSid, MessageStatus};

/// Twilio's API version, sent in every callback.
pub(crate) const API_VERSION: &str = "2010-04-01";

/// Starts the life cycle of message `sid` in the background (not with [`Clock::Manual`]).
pub(crate) fn start_message(shared: &Arc<Shared>, sid: MessageSid) {
    if matches!(shared.clock, Clock::Manual) {
        return;
    }
    let task_shared = Arc::clone(shared);
    shared.spawn(async move {
        loop {
            // Registered before reading the message, so a cancel or delete
            // in between still wakes the wait below.
            let changed = task_shared.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let Some(message) = task_shared.message(sid.as_str()) else {
                break;
            };
            if message.status.is_final() {
                break;
            }
            let send_at = (message.status == MessageStatus::Scheduled)
                .then_some(message.send_at)
                .flatten();
            tokio::select! {
                () = pause(task_shared.clock, send_at) => {}
                () = &mut changed => continue,
            }
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
pub(crate) async fn pause(clock: Clock, until: Option<OffsetDateTime>) {
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
pub(crate) async fn advance_all(shared: &Arc<Shared>) -> usize {
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

fn next_message_status(status: &MessageStatus, outcome: MessageOutcome) -> Option<MessageStatus> {
    Some(match (status, outcome) {
        (MessageStatus::Accepted | MessageStatus::Scheduled, _) => MessageStatus::Queued,
        (MessageStatus::Queued, MessageOutcome::Failed(_)) => MessageStatus::Failed,
        (MessageStatus::Queued, _) => MessageStatus::Sending,
        (MessageStatus::Sending, _) => MessageStatus::Sent,
        (MessageStatus::Sent, MessageOutcome::Undelivered(_)) => MessageStatus::Undelivered,
        (MessageStatus::Sent, _) => MessageStatus::Delivered,
        _ => return None,
    })
}

/// Moves message `sid` one status further and sends its callback; `false`
/// when its life cycle is over.
pub(crate) async fn advance_message(shared: &Shared, sid: &MessageSid) -> bool {
    let now = OffsetDateTime::now_utc();
    let step = shared.update_message(sid, |m| {
        let next = next_message_status(&m.status, m.outcome)?;
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
        if matches!(next, MessageStatus::Failed | MessageStatus::Undelivered) {
            m.error_code = m.outcome.error_code();
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
    if let Some(code) = m.error_code {
        params.push("ErrorCode", code.to_string());
    }
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

/// Sends one status callback, signed with `X-Twilio-Signature` as Twilio signs it.
pub(crate) async fn deliver(shared: &Shared, url: &str, method: &str, params: Params) -> Callback {
    webhooks::send(shared, url, method, params, false)
        .await
        .callback
}
