//! An in-process Twilio: a local server that speaks Twilio's REST API, for
//! tests and demos that must not reach Twilio (what stripe-mock or LocalStack
//! are to their services).
//!
//! [`Sandbox::start`] serves the API on `127.0.0.1` (an ephemeral port) inside
//! the process; [`Sandbox::client`] returns a [`TwilioClient`] pointed at it
//! with matching credentials. The sandbox
//!
//! - implements every endpoint the crate calls with Twilio's JSON shapes,
//!   status codes and paging: messages (create, fetch, list, cancel, redact,
//!   delete, media list/fetch/delete), calls (create, fetch, list, update) and recordings (list
//!   for the account or a call, fetch, delete, and the `.wav`/`.mp3` media);
//! - checks credentials (a wrong token gets 401, error 20003) and validates
//!   like Twilio, with Twilio's error codes: required fields, E.164 numbers,
//!   body length, media, callback URLs, every option's values, and a `From`
//!   that must be one of the sandbox's [`numbers`](Sandbox::numbers) (21606 for
//!   messages, 21210 for calls); every refusal is Twilio's JSON error
//!   (`{"code", "message", "more_info", "status"}`), an oversized body or an
//!   out-of-range `PageSize` included;
//! - honours Twilio's magic test numbers, and its own for failures (see below);
//! - moves messages through queued → sending → sent → delivered and calls
//!   through queued → ringing → in-progress → completed, paced by a [`Clock`],
//!   sending status callbacks signed with `X-Twilio-Signature` as Twilio does —
//!   only to loopback hosts unless built with
//!   [`allow_remote_webhooks`](SandboxBuilder::allow_remote_webhooks);
//! - runs an answered call's TwiML as far as a sandbox can (see below);
//! - keeps everything it was sent: [`messages`](Sandbox::messages),
//!   [`calls`](Sandbox::calls) and [`recordings`](Sandbox::recordings) return
//!   snapshots for assertions; a call keeps every TwiML document it ran
//!   ([`PlacedCall::documents`], [`PlacedCall::twiml_document`]) and what it
//!   did ([`PlacedCall::steps`]).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use twilio_typed::sandbox::Sandbox;
//! use twilio_typed::{CallStatus, MessageStatus};
//!
//! let sandbox = Sandbox::start().await?;
//! let client = sandbox.client();
//!
//! let message = client.send_sms("+12025551234", "Hello from MYCA!").send().await?;
//! let call = client.send_voice_message("+12025551234", "Hello, this is MYCA.").send().await?;
//! sandbox.settle().await; // the default clock runs every life cycle at once
//!
//! let sent = sandbox.message(&message.sid).expect("recorded");
//! assert_eq!(sent.body, "Hello from MYCA!");
//! assert_eq!(sent.status, MessageStatus::Delivered);
//! assert_eq!(client.fetch_call(&call.sid).await?.status, CallStatus::Completed);
//! assert_eq!(sandbox.calls()[0].spoken_texts(), ["Hello, this is MYCA."]);
//!
//! // Twilio's magic numbers fail as they do with Twilio's test credentials.
//! let err = client.send_sms("+15005550009", "hi").send().await.unwrap_err();
//! assert_eq!(err.api_code(), Some(21614));
//! # Ok(()) }
//! ```
//!
//! # Magic numbers
//!
//! | request | number | answer |
//! |---|---|---|
//! | message `From` | `+15005550006` | success (the sandbox's first number) |
//! | message `From` | `+15005550001` / `+15005550007` / `+15005550008` | 21212 invalid / 21606 not owned / 21611 queue full |
//! | message `To` | `+15005550001` / `…02` / `…03` / `…04` / `…09` | 21211 invalid / 21612 unroutable / 21408 no permission / 21610 blocked / 21614 not SMS-capable |
//! | call `From` | `+15005550001` | 21212 invalid |
//! | call `To` | `+15005550001` / `…02` / `…03` / `…04` | 21217 invalid / 21214 unreachable / 21215 no permission / 21216 blocked |
//!
//! Any other `From` that is not one of the sandbox's numbers gets 21606
//! (messages) or 21210 (calls); any other valid `To` succeeds.
//!
//! The sandbox's own test recipients (Twilio's test credentials have no
//! numbers for these) end their life cycle in failure; the builder sets the
//! same per number ([`SandboxBuilder::message_outcome`],
//! [`SandboxBuilder::call_outcome`]), which wins over this table:
//!
//! | `To` | message ends | call ends |
//! |---|---|---|
//! | `+15005550010` | `undelivered`, error 30003 | `busy` |
//! | `+15005550011` | `failed`, error 30008 | `no-answer` |
//! | `+15005550012` | delivered | `failed` |
//! | `+15005550013` | delivered | `canceled` (while ringing) |
//! | `+15005550014` | delivered | answered by a machine: `AnsweredBy` is `machine_start` (`machine_end_beep` with `DetectMessageEnd`) when `MachineDetection` is set, and `AsyncAmd=true` posts it to `AsyncAmdStatusCallback` |
//!
//! # Calls run their TwiML
//!
//! When a call is answered, the sandbox takes its inline `Twiml`, or fetches
//! its `Url` (with the call's parameters, signed, as Twilio requests it —
//! from loopback hosts only by default, e.g. a test's server or the example
//! gateway), and runs it: `<Say>`, `<Play>` and `<Pause>` are recorded as
//! [`CallStep`]s; `<Redirect>` fetches the next document (at most
//! [`MAX_TWIML_FETCHES`] documents per call: past that the call ends with a
//! [`CallStep::ApplicationError`]); `<Hangup>` and
//! `<Reject>` end the call; `<Record>` makes a recording (3 s of silence, or
//! `maxLength` if shorter) and posts its `action` (or the document's URL);
//! `<Gather>` waits for digits pressed with [`Sandbox::press`], then posts
//! its `action` with `Digits` and runs the TwiML answered (with
//! [`Clock::Step`], it times out after its `timeout` as with Twilio; with the
//! other clocks it waits, so tests stay deterministic). Other verbs
//! (`<Dial>`, `<Connect>`...) are skipped. A document that cannot be fetched
//! or parsed ends the call (Twilio's "application error", 11200 / 12100);
//! when the `Url` cannot be fetched, a `FallbackUrl` is requested instead,
//! with `ErrorCode` and `ErrorUrl`.
//! The call completes when its TwiML runs out.
//!
//! `POST Calls/{Sid}.json` changes a live call's course: new `Twiml` or a
//! `Url` (recorded in [`PlacedCall::documents`]), `Status=completed` (hang
//! up; a call not yet answered is canceled), `Status=canceled` (for a call
//! not yet answered; an answered one is left alone, as with Twilio); a call
//! that ended answers 21220. `Record=true` records the whole call when it ends.
//!
//! # Standalone
//!
//! `cargo run --example sandbox` serves it on `127.0.0.1:4010`, for the
//! gateway or `curl` through `TWILIO_BASE_URL` (see [`Sandbox::env`]).

mod audio;
mod builder;
mod call_api;
mod call_control;
mod call_lifecycle;
mod call_script;
mod lifecycle;
mod limits;
mod message_api;
mod message_control;
mod outcomes;
mod recordings;
mod records;
mod server;
mod state;
mod twiml_check;
mod validate;
mod webhooks;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use builder::SandboxBuilder;
pub use call_script::MAX_TWIML_FETCHES;
pub use outcomes::{CallOutcome, MessageOutcome};
pub use recordings::MadeRecording;
pub use records::{
    CallStep, CallTwiml, Callback, CallbackOutcome, PlacedCall, SentMedia, SentMessage,
    StatusChange, TwimlOrigin,
};
pub use twiml_check::{TwimlDocument, TwimlElement, TwimlParseError};

use self::state::Shared;
use crate::webhook::RequestValidator;
use crate::{
    AccountSid, ApiKeySid, CallSid, CallStatus, ClientBuilder, MessageSid, MessagingServiceSid,
    RetryPolicy, TwilioClient, E164,
};

/// Why [`Sandbox::press`] could not hand digits to a call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PressError {
    /// The sandbox placed no call with this SID.
    #[error("the sandbox placed no such call")]
    UnknownCall,
    /// The call is not waiting at a `<Gather>` (not answered yet, running,
    /// or ended).
    #[error("the call is not waiting at a <Gather> (its status is {status})")]
    NotWaiting {
        /// The call's status.
        status: CallStatus,
    },
}

/// The sandbox's account SID unless [`SandboxBuilder::account_sid`] sets another.
pub const DEFAULT_ACCOUNT_SID: &str = "AC5a4db0c5a4db0c5a4db0c5a4db0c5a4d";
/// The sandbox's auth token unless [`SandboxBuilder::auth_token`] sets another.
pub const DEFAULT_AUTH_TOKEN: &str = "sandbox-auth-token";
/// The API key SID the sandbox accepts (as basic-auth user) unless
/// [`SandboxBuilder::api_key`] sets another.
pub const DEFAULT_API_KEY_SID: &str = "SK5a4db0c5a4db0c5a4db0c5a4db0c5a4d";
/// The secret of [`DEFAULT_API_KEY_SID`] unless [`SandboxBuilder::api_key`] sets another.
pub const DEFAULT_API_KEY_SECRET: &str = "sandbox-api-key-secret";
/// The sandbox's messaging service unless [`SandboxBuilder::messaging_service`] sets another.
pub const DEFAULT_MESSAGING_SERVICE_SID: &str = "MG5a4db0c5a4db0c5a4db0c5a4db0c5a4d";
/// The numbers the sandbox owns by default; the first, Twilio's magic valid
/// sender, is the default `From` of [`Sandbox::client`].
pub const DEFAULT_NUMBERS: [&str; 3] = ["+15005550006", "+12025550100", "+12025550101"];

/// How fast messages and calls move through their statuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Clock {
    /// Every life cycle runs to its end at once, in the background (the
    /// default, for tests): await [`Sandbox::settle`] to see the final statuses.
    /// Scheduled messages do not wait for their `SendAt`.
    #[default]
    Instant,
    /// One status change per step, e.g. 1 s for a realistic demo. Scheduled
    /// messages wait for their `SendAt`.
    Step(Duration),
    /// Nothing moves until [`Sandbox::advance`] is called: each call moves
    /// every unfinished message and call one status further.
    Manual,
}

/// A running in-process Twilio (see the [module documentation](self)).
///
/// Dropping it (or [`shutdown`](Self::shutdown)) stops the server and every
/// life cycle; its clients then fail to connect.
pub struct Sandbox {
    shared: Arc<Shared>,
    base_url: Url,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url.as_str())
            .field("account_sid", &self.shared.account_sid)
            .field("auth_token", &"<redacted>")
            .field("numbers", &self.shared.numbers)
            .field("clock", &self.shared.clock)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox with the defaults: an ephemeral port on 127.0.0.1,
    /// [`Clock::Instant`], [`DEFAULT_ACCOUNT_SID`], [`DEFAULT_AUTH_TOKEN`] and
    /// [`DEFAULT_NUMBERS`].
    ///
    /// # Errors
    /// As [`SandboxBuilder::start`].
    pub async fn start() -> io::Result<Self> {
        Self::builder().start().await
    }

    /// Starts configuring a sandbox.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// A client builder already pointed at the sandbox: its base URL and
    /// credentials, its first number as default sender, no retries.
    pub fn client_builder(&self) -> ClientBuilder {
        let builder = TwilioClient::builder()
            .account_sid(self.shared.account_sid.clone())
            .auth_token(self.auth_token())
            .base_url(self.base_url.clone())
            .http_client(self.shared.http.clone())
            .retry_policy(RetryPolicy::none());
        match self.shared.numbers.first() {
            Some(number) => builder.from_number(number.clone()),
            None => builder,
        }
    }

    /// A client pointed at the sandbox (see [`client_builder`](Self::client_builder)).
    pub fn client(&self) -> TwilioClient {
        // Invariant: every setting is typed and valid and an HTTP client is
        // supplied, so building cannot fail.
        self.client_builder()
            .build()
            .expect("the sandbox's client settings are valid")
    }

    /// The base URL the sandbox serves, e.g. `http://127.0.0.1:4010/`.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The account SID requests must use.
    pub fn account_sid(&self) -> &AccountSid {
        &self.shared.account_sid
    }

    /// The auth token requests must carry (a sandbox secret, safe to show).
    pub fn auth_token(&self) -> &str {
        secrecy::ExposeSecret::expose_secret(&self.shared.auth_token)
    }

    /// The API key (SID and secret) the sandbox accepts besides the auth token,
    /// for testing clients built with [`ClientBuilder::api_key`].
    pub fn api_key(&self) -> (&ApiKeySid, &str) {
        let (sid, secret) = &self.shared.api_key;
        (sid, secrecy::ExposeSecret::expose_secret(secret))
    }

    /// The numbers the sandbox owns: the valid `From` numbers, the first being
    /// the default sender.
    pub fn numbers(&self) -> &[E164] {
        &self.shared.numbers
    }

    /// The messaging service the sandbox knows.
    pub fn messaging_service_sid(&self) -> &MessagingServiceSid {
        &self.shared.messaging_service
    }

    /// The `TWILIO_*` variables that point [`TwilioClient::from_env`] at this
    /// sandbox (`TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`,
    /// `TWILIO_PHONE_NUMBER`, `TWILIO_BASE_URL`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let sandbox = twilio_typed::sandbox::Sandbox::start().await?;
    /// let env = sandbox.env();
    /// let client = twilio_typed::TwilioClient::from_env_with(|name| env.get(name).cloned())?;
    /// assert_eq!(client.base_url(), sandbox.base_url());
    /// # Ok(()) }
    /// ```
    pub fn env(&self) -> BTreeMap<&'static str, String> {
        let mut env = BTreeMap::new();
        env.insert("TWILIO_ACCOUNT_SID", self.shared.account_sid.to_string());
        env.insert("TWILIO_AUTH_TOKEN", self.auth_token().to_owned());
        if let Some(number) = self.shared.numbers.first() {
            env.insert("TWILIO_PHONE_NUMBER", number.to_string());
        }
        env.insert("TWILIO_BASE_URL", self.base_url.to_string());
        env
    }

    /// A validator for the signatures of the sandbox's status callbacks (they
    /// are signed with the sandbox's auth token, as Twilio signs with yours).
    pub fn validator(&self) -> RequestValidator {
        RequestValidator::new(self.auth_token().to_owned())
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<SentMessage> {
        self.shared.messages()
    }

    /// Every call placed so far, oldest first.
    pub fn calls(&self) -> Vec<PlacedCall> {
        self.shared.calls()
    }

    /// The message `sid`, if the sandbox accepted it.
    pub fn message(&self, sid: &MessageSid) -> Option<SentMessage> {
        self.shared.message(sid.as_str())
    }

    /// The call `sid`, if the sandbox placed it.
    pub fn call(&self, sid: &CallSid) -> Option<PlacedCall> {
        self.shared.call(sid.as_str())
    }

    /// Every recording made so far (by `<Record>` or `Record=true`), oldest
    /// first; deleted ones are gone.
    pub fn recordings(&self) -> Vec<MadeRecording> {
        self.shared.recordings()
    }

    /// Presses `digits` on the phone of call `sid`, waiting at a `<Gather>`:
    /// the sandbox posts the `<Gather>`'s `action` with `Digits` (signed with
    /// `X-Twilio-Signature`, as Twilio does) and runs the TwiML it answers, in
    /// the background ([`settle`](Self::settle) waits for it). A trailing
    /// `finishOnKey` (`#` by default) ends the input; empty `digits` act as a
    /// `<Gather>` that timed out (the call goes on with the next verb).
    ///
    /// It first waits until the call is at a `<Gather>` or has ended (or
    /// until nothing runs, e.g. with [`Clock::Manual`]), so a call on its way
    /// to its `<Gather>` gets there. With [`Clock::Instant`] and
    /// [`Clock::Manual`] a call waits at a `<Gather>` until pressed, redirected
    /// or hung up; with [`Clock::Step`] it times out after the `<Gather>`'s
    /// `timeout` (5 s by default) and goes on with the next verb, as with Twilio.
    ///
    /// # Errors
    /// [`PressError`] when there is no such call or it is not waiting at a `<Gather>`.
    pub async fn press(&self, sid: &CallSid, digits: &str) -> Result<(), PressError> {
        let ready = async {
            while !call_script::is_waiting_or_over(&self.shared, sid) {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        tokio::select! {
            () = ready => {}
            () = self.settle() => {}
        }
        call_script::press(&self.shared, sid, digits)
    }

    /// Waits until every running life cycle has ended and its callbacks have
    /// been answered (at once with [`Clock::Manual`], which runs none). With
    /// [`Clock::Step`] this includes waiting for scheduled messages' `SendAt`.
    pub async fn settle(&self) {
        self.shared.settle().await;
    }

    /// Moves every unfinished message and call one status further, sending
    /// their callbacks; returns how many moved. Meant for [`Clock::Manual`]
    /// (with another clock it races the background life cycles).
    pub async fn advance(&self) -> usize {
        lifecycle::advance_all(&self.shared).await
    }

    /// Stops the server (letting requests in flight finish) and every life cycle.
    pub async fn shutdown(mut self) {
        self.shared.abort_all();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shared.abort_all();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn debug_hides_the_token() {
        let sandbox = Sandbox::builder()
            .auth_token("very-secret")
            .start()
            .await
            .unwrap();
        let text = format!("{sandbox:?} {:?}", sandbox.client());
        assert!(!text.contains("very-secret"), "{text}");
        assert!(text.contains("<redacted>"));
    }
}
