//! The sandbox's shared state: its account, numbers and clock, the store of
//! messages and calls, SID generation and the bookkeeping of background work.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use secrecy::SecretString;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

use super::call_script::CallRun;
use super::outcomes::Outcomes;
use super::recordings::MadeRecording;
use super::records::{PlacedCall, SentMessage};
use super::Clock;
use crate::webhook::RequestValidator;
use crate::{
    AccountSid, ApiKeySid, CallSid, MediaSid, MessageSid, MessagingServiceSid, RecordingSid, E164,
};

/// Everything the server, the life-cycle tasks and the [`Sandbox`](super::Sandbox) share.
pub(crate) struct Shared {
    pub(crate) account_sid: AccountSid,
    pub(crate) auth_token: SecretString,
    /// An API key accepted as basic-auth user/password besides the token.
    pub(crate) api_key: (ApiKeySid, SecretString),
    /// The numbers this account owns; the first is the default sender.
    pub(crate) numbers: Vec<E164>,
    pub(crate) messaging_service: MessagingServiceSid,
    pub(crate) clock: Clock,
    /// How messages and calls end, by recipient.
    pub(crate) outcomes: Outcomes,
    /// Whether callbacks and TwiML requests may go to non-loopback hosts.
    pub(crate) allow_remote_webhooks: bool,
    /// Sends status callbacks.
    pub(crate) http: reqwest::Client,
    /// Signs status callbacks with the auth token.
    pub(crate) signer: RequestValidator,
    /// Notified when a message is canceled or deleted, to wake its life cycle.
    pub(crate) changed: Notify,
    /// The sandbox's own base URL (for recording URLs).
    pub(crate) base_url: url::Url,
    store: Mutex<Store>,
    sids: SidGenerator,
    /// How many life cycles are running.
    busy: watch::Sender<usize>,
    tasks: Mutex<JoinSet<()>>,
}

#[derive(Default)]
struct Store {
    messages: Vec<SentMessage>,
    calls: Vec<PlacedCall>,
    recordings: Vec<MadeRecording>,
    /// Where each answered call is in its TwiML, by call SID.
    runs: HashMap<CallSid, CallRun>,
}

/// The settings of a sandbox that are not its credentials.
pub(crate) struct Settings {
    pub(crate) numbers: Vec<E164>,
    pub(crate) messaging_service: MessagingServiceSid,
    pub(crate) clock: Clock,
    pub(crate) outcomes: Outcomes,
    pub(crate) allow_remote_webhooks: bool,
    pub(crate) base_url: url::Url,
}

/// Locks `mutex`, recovering the data if a panicking thread poisoned it: every
/// critical section leaves the store consistent, so the data stays usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    pub(crate) fn new(
        account_sid: AccountSid,
        auth_token: String,
        api_key: (ApiKeySid, String),
        settings: Settings,
        http: reqwest::Client,
    ) -> Self {
        let Settings {
            numbers,
            messaging_service,
            clock,
            outcomes,
            allow_remote_webhooks,
            base_url,
        } = settings;
        Self {
            account_sid,
            signer: RequestValidator::new(auth_token.clone()),
            auth_token: SecretString::from(auth_token),
            api_key: (api_key.0, SecretString::from(api_key.1)),
            numbers,
            messaging_service,
            clock,
            outcomes,
            allow_remote_webhooks,
            http,
            changed: Notify::new(),
            base_url,
            store: Mutex::default(),
            sids: SidGenerator::default(),
            busy: watch::channel(0).0,
            tasks: Mutex::default(),
        }
    }

    /// A new random SID with `prefix` (`SM`, `MM`, `CA`...).
    pub(crate) fn new_sid(&self, prefix: &str) -> String {
        self.sids.next(prefix)
    }

    /// A new recording SID.
    pub(crate) fn new_recording_sid(&self) -> RecordingSid {
        // Invariant: the generator makes `RE` + 32 hex digits (tested below).
        RecordingSid::parse(&self.new_sid("RE")).expect("generated SIDs are valid")
    }

    /// A new media SID.
    pub(crate) fn new_media_sid(&self) -> MediaSid {
        // Invariant: as for recording SIDs.
        MediaSid::parse(&self.new_sid("ME")).expect("generated SIDs are valid")
    }

    pub(crate) fn owns(&self, number: &E164) -> bool {
        self.numbers.contains(number)
    }

    pub(crate) fn insert_message(&self, message: SentMessage) {
        lock(&self.store).messages.push(message);
    }

    pub(crate) fn insert_call(&self, call: PlacedCall) {
        lock(&self.store).calls.push(call);
    }

    pub(crate) fn messages(&self) -> Vec<SentMessage> {
        lock(&self.store).messages.clone()
    }

    pub(crate) fn calls(&self) -> Vec<PlacedCall> {
        lock(&self.store).calls.clone()
    }

    pub(crate) fn message(&self, sid: &str) -> Option<SentMessage> {
        lock(&self.store)
            .messages
            .iter()
            .find(|m| m.sid.as_str() == sid)
            .cloned()
    }

    pub(crate) fn call(&self, sid: &str) -> Option<PlacedCall> {
        lock(&self.store)
            .calls
            .iter()
            .find(|c| c.sid.as_str() == sid)
            .cloned()
    }

    /// Runs `f` on the message `sid` under the store's lock.
    pub(crate) fn update_message<R>(
        &self,
        sid: &MessageSid,
        f: impl FnOnce(&mut SentMessage) -> R,
    ) -> Option<R> {
        lock(&self.store)
            .messages
            .iter_mut()
            .find(|m| &m.sid == sid)
            .map(f)
    }

    /// Runs `f` on the call `sid` under the store's lock.
    pub(crate) fn update_call<R>(
        &self,
        sid: &CallSid,
        f: impl FnOnce(&mut PlacedCall) -> R,
    ) -> Option<R> {
        lock(&self.store)
            .calls
            .iter_mut()
            .find(|c| &c.sid == sid)
            .map(f)
    }

    /// Removes the message `sid`; whether it existed.
    pub(crate) fn remove_message(&self, sid: &MessageSid) -> bool {
        let mut store = lock(&self.store);
        let before = store.messages.len();
        store.messages.retain(|m| &m.sid != sid);
        store.messages.len() != before
    }

    pub(crate) fn insert_recording(&self, recording: MadeRecording) {
        lock(&self.store).recordings.push(recording);
    }

    pub(crate) fn recordings(&self) -> Vec<MadeRecording> {
        lock(&self.store).recordings.clone()
    }

    /// Runs `f` on the recordings under the store's lock.
    pub(crate) fn with_recordings<R>(&self, f: impl FnOnce(&mut Vec<MadeRecording>) -> R) -> R {
        f(&mut lock(&self.store).recordings)
    }

    /// Runs `f` on the call `sid` and its TwiML run (created empty when
    /// missing) under the store's lock.
    pub(crate) fn with_run<R>(
        &self,
        sid: &CallSid,
        f: impl FnOnce(&mut PlacedCall, &mut CallRun) -> R,
    ) -> Option<R> {
        let mut store = lock(&self.store);
        let Store { calls, runs, .. } = &mut *store;
        let call = calls.iter_mut().find(|c| &c.sid == sid)?;
        Some(f(call, runs.entry(sid.clone()).or_default()))
    }

    /// The SIDs of every message and call whose life cycle is not over.
    pub(crate) fn unfinished(&self) -> (Vec<MessageSid>, Vec<CallSid>) {
        let store = lock(&self.store);
        let messages = store
            .messages
            .iter()
            .filter(|m| !m.status.is_final())
            .map(|m| m.sid.clone())
            .collect();
        let calls = store
            .calls
            .iter()
            .filter(|c| !c.status.is_final())
            .map(|c| c.sid.clone())
            .collect();
        (messages, calls)
    }

    /// Runs `work` in the background, counted until it ends (or is aborted).
    pub(crate) fn spawn(&self, work: impl std::future::Future<Output = ()> + Send + 'static) {
        self.busy.send_modify(|n| *n += 1);
        let guard = BusyGuard(self.busy.clone());
        let mut tasks = lock(&self.tasks);
        // Reap finished tasks so the set does not grow with every message.
        while tasks.try_join_next().is_some() {}
        tasks.spawn(async move {
            let _guard = guard;
            work.await;
        });
    }

    /// Waits until no background work is running.
    pub(crate) async fn settle(&self) {
        let mut busy = self.busy.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = busy.wait_for(|n| *n == 0).await;
    }

    /// Stops every life cycle.
    pub(crate) fn abort_all(&self) {
        lock(&self.tasks).abort_all();
    }
}

/// Decrements the busy count when a background task ends, however it ends.
struct BusyGuard(watch::Sender<usize>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// Random-looking, unique SIDs without a random number generator: a counter
/// hashed with two randomly keyed SipHash instances.
struct SidGenerator {
    keys: (RandomState, RandomState),
    counter: AtomicU64,
}

impl Default for SidGenerator {
    fn default() -> Self {
        Self {
            keys: (RandomState::new(), RandomState::new()),
            counter: AtomicU64::new(0),
        }
    }
}

impl SidGenerator {
    fn next(&self, prefix: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let high = self.keys.0.hash_one(n);
        let low = self.keys.1.hash_one(n);
        format!("{prefix}{high:016x}{low:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_are_valid_and_unique() {
        let sids = SidGenerator::default();
        let a = sids.next("SM");
        let b = sids.next("SM");
        assert_ne!(a, b);
        assert!(MessageSid::parse(&a).is_ok(), "{a}");
        assert!(CallSid::parse(&sids.next("CA")).is_ok());
        assert!(RecordingSid::parse(&sids.next("RE")).is_ok());
        assert!(MediaSid::parse(&sids.next("ME")).is_ok());
    }
}
