//! Placing calls ([`MakeCall`], [`SendVoiceMessage`]) and the [`Call`] resource.

pub(crate) mod list;
pub(crate) mod options;
pub mod update;

use std::fmt;

use serde::Deserialize;
use time::OffsetDateTime;
use url::Url;

use crate::http::input::Deferred;
use crate::http::into_future::into_future;
use crate::http::wait::WaitFor;
use crate::http::{ApiRequest, Form};
use crate::rest::calls::options::CallOptions;
use crate::rest::messages::{web_url, SAME_AS_SENDER};
use crate::twiml::{Say, VoiceResponse};
use crate::types::dates::{open_enum, opt_decimal_text, opt_rfc2822, opt_u32_lenient};
use crate::{
    AccountSid, ApplicationSid, CallSid, Endpoint, Error, Language, TwilioClient, Voice, E164,
};
use crate::{CallUpdateStatus, ListCalls, UpdateCall};

/// Longest inline TwiML Twilio accepts in the `Twiml` parameter, in characters.
pub const MAX_TWIML_CHARS: usize = 4000;
/// Longest ring timeout Twilio accepts, in seconds.
pub const MAX_RING_TIMEOUT_SECS: u32 = 600;
/// Longest call duration Twilio accepts (`TimeLimit`), in seconds (4 hours).
pub const MAX_TIME_LIMIT_SECS: u32 = 14_400;

open_enum! {
    /// The status of a call.
    CallStatus {
        /// Waiting to be placed.
        Queued => "queued",
        /// Being dialed (seen in status callbacks for the `initiated` event).
        Initiated => "initiated",
        /// Ringing.
        Ringing => "ringing",
        /// Answered, in progress.
        InProgress => "in-progress",
        /// Ended normally.
        Completed => "completed",
        /// The callee was busy.
        Busy => "busy",
        /// Could not be placed.
        Failed => "failed",
        /// Not answered.
        NoAnswer => "no-answer",
        /// Canceled before it was answered.
        Canceled => "canceled",
    }
}

impl CallStatus {
    /// Whether the call has ended (completed, busy, failed, no-answer, canceled).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Busy | Self::Failed | Self::NoAnswer | Self::Canceled
        )
    }
}

open_enum! {
    /// Which way a call went.
    CallDirection {
        /// Received by one of your numbers.
        Inbound => "inbound",
        /// Placed through the REST API.
        OutboundApi => "outbound-api",
        /// Placed by `<Dial>`.
        OutboundDial => "outbound-dial",
        /// Elastic SIP trunking, originating.
        TrunkingOriginating => "trunking-originating",
        /// Elastic SIP trunking, terminating.
        TrunkingTerminating => "trunking-terminating",
    }
}

/// The HTTP method Twilio uses to request a URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST` (Twilio's default).
    #[default]
    Post,
}

impl HttpMethod {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// Reads `GET` or `POST` in any case (Twilio writes them upper case).
impl<'de> serde::Deserialize<'de> for HttpMethod {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        if text.eq_ignore_ascii_case("GET") {
            Ok(Self::Get)
        } else if text.eq_ignore_ascii_case("POST") {
            Ok(Self::Post)
        } else {
            Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"GET or POST",
            ))
        }
    }
}

impl serde::Serialize for HttpMethod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A call progress event that triggers the status callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallEvent {
    /// The call was created.
    Initiated,
    /// The callee's phone is ringing.
    Ringing,
    /// The call was answered.
    Answered,
    /// The call ended.
    Completed,
}

impl CallEvent {
    /// Twilio's name for the event.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initiated => "initiated",
            Self::Ringing => "ringing",
            Self::Answered => "answered",
            Self::Completed => "completed",
        }
    }
}

/// Answering machine detection for an outbound call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MachineDetection {
    /// Report as soon as a human or machine is recognised.
    Enable,
    /// Wait for the end of the greeting (to leave a voicemail).
    DetectMessageEnd,
}

impl MachineDetection {
    /// Twilio's name for the mode.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enable => "Enable",
            Self::DetectMessageEnd => "DetectMessageEnd",
        }
    }
}

/// A call resource as Twilio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Call {
    /// The call SID.
    pub sid: CallSid,
    /// The account that owns it.
    pub account_sid: AccountSid,
    /// The call that created this one (for `<Dial>` legs).
    #[serde(default)]
    pub parent_call_sid: Option<CallSid>,
    /// The callee.
    pub to: Endpoint,
    /// The caller.
    pub from: Endpoint,
    /// The status.
    pub status: CallStatus,
    /// Which way it went.
    #[serde(default)]
    pub direction: Option<CallDirection>,
    /// When it was answered.
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub start_time: Option<OffsetDateTime>,
    /// When it ended.
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub end_time: Option<OffsetDateTime>,
    /// Its length in seconds, once ended.
    #[serde(default, deserialize_with = "opt_u32_lenient")]
    pub duration: Option<u32>,
    /// The price as decimal text (e.g. `-0.01300`), once known.
    #[serde(default, deserialize_with = "opt_decimal_text")]
    pub price: Option<String>,
    /// The currency of `price` (ISO 4217).
    #[serde(default)]
    pub price_unit: Option<String>,
    /// `human`, `machine_start`, ... with machine detection.
    #[serde(default)]
    pub answered_by: Option<String>,
    /// The caller name (CNAM), when looked up.
    #[serde(default)]
    pub caller_name: Option<String>,
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

/// What Twilio runs when the call is answered.
#[derive(Debug)]
pub(crate) enum Instructions {
    Url(Url, HttpMethod),
    Twiml(String),
    Application(ApplicationSid),
}

/// Places a call; created by [`TwilioClient::call_with_url`] or
/// [`TwilioClient::call_with_twiml`], finished by [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient) -> Result<(), twilio_typed::Error> {
/// use twilio_typed::CallEvent;
/// let call = client
///     .call_with_url("+12025551234", "https://example.com/twiml/voice.xml")
///     .status_callback("https://example.com/twilio/call-status")
///     .status_callback_events([CallEvent::Answered, CallEvent::Completed])
///     .timeout(30)
///     .send()
///     .await?;
/// println!("{} is {}", call.sid, call.status);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct MakeCall {
    client: TwilioClient,
    pub(crate) errors: Deferred,
    to: Option<E164>,
    from: Option<E164>,
    instructions: Option<Instructions>,
    pub(crate) options: CallOptions,
    status_callback: Option<Url>,
    status_callback_events: Vec<CallEvent>,
    status_callback_method: Option<HttpMethod>,
    timeout: Option<u32>,
    record: Option<bool>,
    machine_detection: Option<MachineDetection>,
    time_limit: Option<u32>,
}

impl TwilioClient {
    pub(crate) fn make_call(
        &self,
        to: impl TryInto<E164, Error: fmt::Display>,
        mut errors: Deferred,
        instructions: Option<Instructions>,
    ) -> MakeCall {
        let to = errors.take("to", to);
        MakeCall {
            client: self.clone(),
            errors,
            to,
            from: None,
            instructions,
            options: CallOptions::default(),
            status_callback: None,
            status_callback_events: Vec::new(),
            status_callback_method: None,
            timeout: None,
            record: None,
            machine_detection: None,
            time_limit: None,
        }
    }

    /// Calls `to`; when answered, Twilio fetches TwiML from `url` (`POST` by default).
    pub fn call_with_url(
        &self,
        to: impl TryInto<E164, Error: fmt::Display>,
        url: impl TryInto<Url, Error: fmt::Display>,
    ) -> MakeCall {
        let mut errors = Deferred::default();
        let url = web_url(&mut errors, "url", url);
        self.make_call(
            to,
            errors,
            url.map(|u| Instructions::Url(u, HttpMethod::Post)),
        )
    }

    /// Calls `to` and runs `twiml` (sent inline; at most 4000 characters rendered).
    pub fn call_with_twiml(
        &self,
        to: impl TryInto<E164, Error: fmt::Display>,
        twiml: &VoiceResponse,
    ) -> MakeCall {
        let mut errors = Deferred::default();
        let xml = match twiml.to_xml() {
            Ok(xml) => Some(Instructions::Twiml(xml)),
            Err(e) => {
                errors.fail("twiml", e);
                None
            }
        };
        self.make_call(to, errors, xml)
    }

    /// Calls `to` and speaks `text` (text-to-speech), with no TwiML to host.
    ///
    /// The text is XML-escaped into inline TwiML, so it can never add TwiML
    /// of its own: `</Say><Dial>` is spoken, not obeyed.
    pub fn send_voice_message(
        &self,
        to: impl TryInto<E164, Error: fmt::Display>,
        text: impl Into<String>,
    ) -> SendVoiceMessage {
        SendVoiceMessage {
            call: self.make_call(to, Deferred::default(), None),
            text: text.into(),
            voice: Voice::default(),
            language: None,
            loop_count: 1,
        }
    }

    /// Fetches a call by SID.
    ///
    /// # Errors
    /// [`Error::Api`] (20404 when it does not exist), transport or decode errors.
    pub async fn fetch_call(&self, sid: &CallSid) -> Result<Call, Error> {
        self.execute(ApiRequest::fetch(format!("Calls/{sid}.json")))
            .await
    }

    /// Calls `to` and lets the TwiML application `application` handle it
    /// (`ApplicationSid`): the third way to say what a call runs, beside a URL
    /// and inline TwiML. Twilio then takes the voice URL and status callback
    /// from the application, and ignores those of the request.
    pub fn call_with_application(
        &self,
        to: impl TryInto<E164, Error: fmt::Display>,
        application: impl TryInto<ApplicationSid, Error: fmt::Display>,
    ) -> MakeCall {
        let mut errors = Deferred::default();
        let app = errors.take::<ApplicationSid, _>("application_sid", application);
        self.make_call(
            to,
            errors,
            app.map(crate::rest::calls::Instructions::Application),
        )
    }

    /// Starts changing the live call `sid`: its TwiML, its TwiML URL, its
    /// status, its status callback or its time limit.
    pub fn update_call(&self, sid: &CallSid) -> UpdateCall {
        UpdateCall::new(self, sid)
    }

    /// Hangs up the call `sid` (`Status=completed`), even one already in
    /// progress, as `update_call(sid).status(CallUpdateStatus::Completed)` does.
    ///
    /// To withdraw a call only if it has not been answered yet, send
    /// [`CallUpdateStatus::Canceled`] instead.
    ///
    /// # Errors
    /// [`Error::Api`] (20404 for an unknown call; 21220 for a call that is not
    /// in progress); transport, timeout or decode errors.
    pub async fn hang_up(&self, sid: &CallSid) -> Result<Call, Error> {
        self.update_call(sid)
            .status(CallUpdateStatus::Completed)
            .send()
            .await
    }
    /// Waits until the call `sid` has ended (completed, busy, failed,
    /// no-answer, canceled) and returns it.
    pub fn wait_for_call(&self, sid: &CallSid) -> WaitFor<Call> {
        WaitFor::new(self, sid.clone())
    }

    /// Starts listing this account's calls, newest first.
    pub fn list_calls(&self) -> ListCalls {
        ListCalls::new(self)
    }
}

impl MakeCall {
    /// Calls from this number instead of the client's default sender.
    pub fn from(mut self, from: impl TryInto<E164, Error: fmt::Display>) -> Self {
        self.from = self.errors.take("from", from);
        self
    }

    /// The method Twilio uses to fetch the TwiML URL (default `POST`).
    /// No effect on a call with inline TwiML.
    pub fn method(mut self, method: HttpMethod) -> Self {
        if let Some(Instructions::Url(_, m)) = &mut self.instructions {
            *m = method;
        }
        self
    }

    /// Where Twilio sends call status changes.
    pub fn status_callback(mut self, url: impl TryInto<Url, Error: fmt::Display>) -> Self {
        self.status_callback = web_url(&mut self.errors, "status_callback", url);
        self
    }

    /// Which events trigger the status callback (default: `completed` only).
    pub fn status_callback_events(mut self, events: impl IntoIterator<Item = CallEvent>) -> Self {
        self.status_callback_events = events.into_iter().collect();
        self
    }

    /// The method of the status callback (default `POST`).
    pub fn status_callback_method(mut self, method: HttpMethod) -> Self {
        self.status_callback_method = Some(method);
        self
    }

    /// Seconds to let the phone ring before giving up (1 to 600; Twilio's default 60).
    pub fn timeout(mut self, seconds: u32) -> Self {
        self.timeout = Some(seconds);
        self
    }

    /// Records the call.
    pub fn record(mut self, record: bool) -> Self {
        self.record = Some(record);
        self
    }

    /// Detects answering machines.
    pub fn machine_detection(mut self, mode: MachineDetection) -> Self {
        self.machine_detection = Some(mode);
        self
    }

    /// Ends the call after this many seconds (1 to 14400).
    pub fn time_limit(mut self, seconds: u32) -> Self {
        self.time_limit = Some(seconds);
        self
    }

    /// Validates every field and returns the form Twilio receives.
    pub(crate) fn into_form(mut self) -> Result<(TwilioClient, Form), Error> {
        self.errors.check()?;
        let to = self.to.ok_or_else(|| Error::invalid("to", "is required"))?;
        let from = self
            .from
            .or_else(|| self.client.inner.default_from.clone())
            .ok_or_else(|| {
                Error::invalid(
                    "from",
                    "no caller: set from() or a default sender on the client",
                )
            })?;
        if from == to {
            return Err(Error::invalid("to", SAME_AS_SENDER));
        }
        let instructions = self.instructions.ok_or_else(|| {
            Error::invalid("twiml", "a URL, inline TwiML or an application is required")
        })?;
        let mut form: Form = Vec::with_capacity(12);
        form.push(("To", to.as_str().to_owned()));
        form.push(("From", from.as_str().to_owned()));
        match instructions {
            Instructions::Url(url, method) => {
                form.push(("Url", url.into()));
                form.push(("Method", method.as_str().to_owned()));
            }
            Instructions::Twiml(xml) => {
                let chars = xml.chars().count();
                if chars > MAX_TWIML_CHARS {
                    return Err(Error::invalid(
                        "twiml",
                        format!("must be at most {MAX_TWIML_CHARS} characters, got {chars}"),
                    ));
                }
                form.push(("Twiml", xml));
            }
            Instructions::Application(sid) => {
                form.push(("ApplicationSid", sid.as_str().to_owned()));
            }
        }
        if let Some(url) = self.status_callback {
            form.push(("StatusCallback", url.into()));
        }
        for event in &self.status_callback_events {
            form.push(("StatusCallbackEvent", event.as_str().to_owned()));
        }
        if let Some(method) = self.status_callback_method {
            form.push(("StatusCallbackMethod", method.as_str().to_owned()));
        }
        if let Some(t) = self.timeout {
            if !(1..=MAX_RING_TIMEOUT_SECS).contains(&t) {
                return Err(Error::invalid(
                    "timeout",
                    format!("must be 1 to {MAX_RING_TIMEOUT_SECS} seconds, got {t}"),
                ));
            }
            form.push(("Timeout", t.to_string()));
        }
        if let Some(record) = self.record {
            form.push(("Record", record.to_string()));
        }
        if let Some(mode) = self.machine_detection {
            form.push(("MachineDetection", mode.as_str().to_owned()));
        }
        if let Some(t) = self.time_limit {
            if !(1..=MAX_TIME_LIMIT_SECS).contains(&t) {
                return Err(Error::invalid(
                    "time_limit",
                    format!("must be 1 to {MAX_TIME_LIMIT_SECS} seconds, got {t}"),
                ));
            }
            form.push(("TimeLimit", t.to_string()));
        }
        self.options.write(&mut form)?;
        Ok((self.client, form))
    }

    /// Places the call.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field before anything is sent;
    /// [`Error::Api`] with Twilio's code; transport, timeout or decode errors.
    pub async fn send(self) -> Result<Call, Error> {
        let (client, form) = self.into_form()?;
        client.execute(ApiRequest::create("Calls.json", form)).await
    }
}

/// Calls a number and speaks a text; created by
/// [`TwilioClient::send_voice_message`], finished by [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient) -> Result<(), twilio_typed::Error> {
/// let call = client
///     .send_voice_message("+12025551234", "Alert: system status check failed.")
///     .voice("Polly.Joanna-Neural")
///     .loop_count(2)
///     .send()
///     .await?;
/// println!("{} is {}", call.sid, call.status);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct SendVoiceMessage {
    call: MakeCall,
    text: String,
    voice: Voice,
    language: Option<Language>,
    loop_count: u32,
}

impl SendVoiceMessage {
    /// The voice (default `alice`): a [`Voice`], or a name such as
    /// `"Polly.Joanna-Neural"` (`&str`, `String`) parsed by [`Voice::parse`].
    /// A name that is not a voice Twilio documents is reported by
    /// [`send`](Self::send) as [`Error::InvalidInput`] for `voice`, before
    /// anything is sent.
    pub fn voice(mut self, voice: impl TryInto<Voice, Error: fmt::Display>) -> Self {
        if let Some(voice) = self.call.errors.take("voice", voice) {
            self.voice = voice;
        }
        self
    }

    /// The language of the text, e.g. `en-US`.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// How many times the text is spoken (default 1; 0 repeats until hang-up).
    pub fn loop_count(mut self, count: u32) -> Self {
        self.loop_count = count;
        self
    }

    /// Calls from this number instead of the client's default sender.
    pub fn from(mut self, from: impl TryInto<E164, Error: fmt::Display>) -> Self {
        self.call = self.call.from(from);
        self
    }

    /// Where Twilio sends call status changes.
    pub fn status_callback(mut self, url: impl TryInto<Url, Error: fmt::Display>) -> Self {
        self.call = self.call.status_callback(url);
        self
    }

    /// Which events trigger the status callback.
    pub fn status_callback_events(mut self, events: impl IntoIterator<Item = CallEvent>) -> Self {
        self.call = self.call.status_callback_events(events);
        self
    }

    /// The inline TwiML this call runs.
    pub(crate) fn into_call(mut self) -> Result<MakeCall, Error> {
        self.call.errors.check()?;
        if self.text.trim().is_empty() {
            return Err(Error::invalid("message", "must not be empty"));
        }
        let mut say = Say::new(self.text).voice(self.voice);
        if self.loop_count != 1 {
            // 1 is Twilio's default: leave the attribute out, as its helper libraries do.
            say = say.loop_count(self.loop_count);
        }
        if let Some(language) = self.language {
            say = say.language(language);
        }
        let xml = VoiceResponse::new()
            .say(say)
            .to_xml()
            .map_err(|e| Error::invalid("message", e))?;
        let chars = xml.chars().count();
        if chars > MAX_TWIML_CHARS {
            return Err(Error::invalid(
                "message",
                format!(
                    "too long for one call: its TwiML would be {} characters, Twilio's limit is {}",
                    thousands(chars),
                    thousands(MAX_TWIML_CHARS)
                ),
            ));
        }
        self.call.instructions = Some(Instructions::Twiml(xml));
        Ok(self.call)
    }

    /// Places the call.
    ///
    /// # Errors
    /// As [`MakeCall::send`]; [`Error::InvalidInput`] for `voice` (not a
    /// voice Twilio documents), or for `message` when the text is empty or
    /// too long for one call (`invalid message: too long for one call: its
    /// TwiML would be 5,084 characters, Twilio's limit is 4,000`).
    pub async fn send(self) -> Result<Call, Error> {
        self.into_call()?.send().await
    }
}

/// `5084` as `5,084`, as people write counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

into_future!(MakeCall => Call);
into_future!(SendVoiceMessage => Call);
