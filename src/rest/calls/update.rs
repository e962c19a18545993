//! Steering a live call ([`UpdateCall`]): new TwiML, a new TwiML URL, or a
//! status change that ends it; [`TwilioClient::hang_up`] as a shortcut.
//!
//! An [`UpdateCall`] starts as `UpdateCall<KeepCourse>`; [`twiml`](UpdateCall::twiml),
//! [`url`](UpdateCall::url) and [`status`](UpdateCall::status) each turn it
//! into the builder of that one action ([`NewTwiml`], [`NewUrl`],
//! [`NewStatus`]), so "new TwiML and a URL at once" does not compile:
//!
//! ```compile_fail
//! # async fn run(client: twilio_typed::TwilioClient, sid: twilio_typed::CallSid) {
//! use twilio_typed::twiml::VoiceResponse;
//! client
//!     .update_call(&sid)
//!     .twiml(&VoiceResponse::new())
//!     .url("https://example.com/next.xml"); // no `url` on a TwiML update
//! # }
//! ```

use std::fmt;

use url::Url;

use crate::http::input::Deferred;
use crate::http::into_future::into_future;
use crate::http::{ApiRequest, Form};
use crate::rest::messages::web_url;
use crate::twiml::VoiceResponse;
use crate::{Call, CallSid, Error, HttpMethod, TwilioClient, MAX_TIME_LIMIT_SECS, MAX_TWIML_CHARS};

/// The status a live call can be moved to (Twilio's `call_enum_update_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallUpdateStatus {
    /// `completed`: hangs up the call, even one already in progress.
    Completed,
    /// `canceled`: withdraws a call that is still queued or ringing; a call
    /// already answered is not affected.
    Canceled,
}

impl CallUpdateStatus {
    /// Twilio's name for the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::Canceled => "canceled",
        }
    }
}

impl fmt::Display for CallUpdateStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

mod sealed {
    pub trait Sealed {}
}

/// What an [`UpdateCall`] does to the call's course: one of [`KeepCourse`],
/// [`NewTwiml`], [`NewUrl`] or [`NewStatus`]. Sealed.
pub trait CallUpdateAction: sealed::Sealed + fmt::Debug + Send + 'static {
    /// Appends the action's form fields.
    #[doc(hidden)]
    fn write(self, form: &mut Form);
    /// Whether the action changes something by itself.
    #[doc(hidden)]
    fn changes_anything(&self) -> bool;
}

/// The call's course stays as it is; only callbacks or the time limit change.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeepCourse;

/// The call runs this inline TwiML next (`Twiml`).
#[derive(Debug, Clone)]
pub struct NewTwiml(Option<String>);

/// The call fetches its TwiML from this URL next (`Url` + `Method`).
#[derive(Debug, Clone)]
pub struct NewUrl {
    url: Option<Url>,
    method: Option<HttpMethod>,
}

/// The call moves to this status (`Status`).
#[derive(Debug, Clone, Copy)]
pub struct NewStatus(CallUpdateStatus);

impl sealed::Sealed for KeepCourse {}
impl sealed::Sealed for NewTwiml {}
impl sealed::Sealed for NewUrl {}
impl sealed::Sealed for NewStatus {}

impl CallUpdateAction for KeepCourse {
    fn write(self, _: &mut Form) {}
    fn changes_anything(&self) -> bool {
        false
    }
}

impl CallUpdateAction for NewTwiml {
    fn write(self, form: &mut Form) {
        if let Some(xml) = self.0 {
            form.push(("Twiml", xml));
        }
    }
    fn changes_anything(&self) -> bool {
        true
    }
}

impl CallUpdateAction for NewUrl {
    fn write(self, form: &mut Form) {
        if let Some(url) = self.url {
            form.push(("Url", url.into()));
        }
        if let Some(method) = self.method {
            form.push(("Method", method.as_str().to_owned()));
        }
    }
    fn changes_anything(&self) -> bool {
        true
    }
}

impl CallUpdateAction for NewStatus {
    fn write(self, form: &mut Form) {
        form.push(("Status", self.0.as_str().to_owned()));
    }
    fn changes_anything(&self) -> bool {
        true
    }
}

/// Changes a live call; created by [`TwilioClient::update_call`], given at
/// most one action ([`twiml`](Self::twiml), [`url`](Self::url) or
/// [`status`](Self::status)), finished by [`send`](Self::send) or `.await`.
///
/// An update may have reached Twilio even when its answer is lost, so it is
/// never retried blindly (see [`Error::may_have_reached_twilio`]).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient, sid: twilio_typed::CallSid) -> Result<(), twilio_typed::Error> {
/// use twilio_typed::twiml::{Say, VoiceResponse};
/// use twilio_typed::CallUpdateStatus;
///
/// // Say something else now.
/// let next = VoiceResponse::new().say(Say::new("Your agent is joining."));
/// client.update_call(&sid).twiml(&next).send().await?;
/// // Or fetch the next TwiML from your server, with GET.
/// client
///     .update_call(&sid)
///     .url("https://example.com/twiml/next.xml")
///     .method(twilio_typed::HttpMethod::Get)
///     .await?;
/// // Or end it.
/// let call = client.update_call(&sid).status(CallUpdateStatus::Completed).await?;
/// println!("{} is {}", call.sid, call.status);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct UpdateCall<A: CallUpdateAction = KeepCourse> {
    client: TwilioClient,
    sid: CallSid,
    errors: Deferred,
    action: A,
    status_callback: Option<Url>,
    status_callback_method: Option<HttpMethod>,
    fallback: Option<(Url, Option<HttpMethod>)>,
    time_limit: Option<u32>,
}

impl UpdateCall {
    /// Starts an update of the call `sid` that changes nothing yet.
    pub(crate) fn new(client: &TwilioClient, sid: &CallSid) -> Self {
        Self {
            client: client.clone(),
            sid: sid.clone(),
            errors: Deferred::default(),
            action: KeepCourse,
            status_callback: None,
            status_callback_method: None,
            fallback: None,
            time_limit: None,
        }
    }
}

impl<A: CallUpdateAction> UpdateCall<A> {
    fn with_action<B: CallUpdateAction>(self, action: B) -> UpdateCall<B> {
        UpdateCall {
            client: self.client,
            sid: self.sid,
            errors: self.errors,
            action,
            status_callback: self.status_callback,
            status_callback_method: self.status_callback_method,
            fallback: self.fallback,
            time_limit: self.time_limit,
        }
    }

    /// Where Twilio sends this call's status changes from now on (`StatusCallback`).
    pub fn status_callback(mut self, url: impl TryInto<Url, Error: fmt::Display>) -> Self {
        self.status_callback = web_url(&mut self.errors, "status_callback", url);
        self
    }

    /// The method of the status callback (`StatusCallbackMethod`, default `POST`).
    pub fn status_callback_method(mut self, method: HttpMethod) -> Self {
        self.status_callback_method = Some(method);
        self
    }

    /// Ends the call after this many seconds from now on (`TimeLimit`, 1 to 14400).
    pub fn time_limit(mut self, seconds: u32) -> Self {
        if (1..=MAX_TIME_LIMIT_SECS).contains(&seconds) {
            self.time_limit = Some(seconds);
        } else {
            self.errors.fail(
                "time_limit",
                format!("must be 1 to {MAX_TIME_LIMIT_SECS} seconds, got {seconds}"),
            );
        }
        self
    }

    /// Validates every field and returns the form Twilio receives.
    pub(crate) fn into_request(mut self) -> Result<(TwilioClient, ApiRequest), Error> {
        self.errors.check()?;
        let changes_anything = self.action.changes_anything()
            || self.status_callback.is_some()
            || self.status_callback_method.is_some()
            || self.time_limit.is_some();
        if !changes_anything {
            return Err(Error::invalid(
                "update",
                "nothing to change: set twiml(), url(), status(), a status callback or a time limit",
            ));
        }
        let mut form: Form = Vec::with_capacity(6);
        self.action.write(&mut form);
        if let Some((url, method)) = self.fallback {
            form.push(("FallbackUrl", url.into()));
            if let Some(method) = method {
                form.push(("FallbackMethod", method.as_str().to_owned()));
            }
        }
        if let Some(url) = self.status_callback {
            form.push(("StatusCallback", url.into()));
        }
        if let Some(method) = self.status_callback_method {
            form.push(("StatusCallbackMethod", method.as_str().to_owned()));
        }
        if let Some(seconds) = self.time_limit {
            form.push(("TimeLimit", seconds.to_string()));
        }
        let resource = format!("Calls/{}.json", self.sid);
        Ok((self.client, ApiRequest::update(resource, form)))
    }

    /// Sends the update; Twilio answers with the call as it now is.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field before anything is sent (also
    /// when nothing would change); [`Error::Api`] with Twilio's code (20404
    /// unknown call, 21220 a call that is not in progress); transport,
    /// timeout or decode errors.
    pub async fn send(self) -> Result<Call, Error> {
        let (client, request) = self.into_request()?;
        client.execute(request).await
    }
}

impl UpdateCall<KeepCourse> {
    /// Runs this TwiML next, in place of what the call is doing (`Twiml`).
    /// Checked like a new call's: well-formed, at most 4000 characters.
    pub fn twiml(mut self, twiml: &VoiceResponse) -> UpdateCall<NewTwiml> {
        let xml = match twiml.to_xml() {
            Ok(xml) => {
                let chars = xml.chars().count();
                if chars > MAX_TWIML_CHARS {
                    self.errors.fail(
                        "twiml",
                        format!("must be at most {MAX_TWIML_CHARS} characters, got {chars}"),
                    );
                    None
                } else {
                    Some(xml)
                }
            }
            Err(e) => {
                self.errors.fail("twiml", e);
                None
            }
        };
        self.with_action(NewTwiml(xml))
    }

    /// Fetches the next TwiML from `url` (`Url`, with `POST` unless
    /// [`method`](UpdateCall::method) says otherwise).
    pub fn url(mut self, url: impl TryInto<Url, Error: fmt::Display>) -> UpdateCall<NewUrl> {
        let url = web_url(&mut self.errors, "url", url);
        self.with_action(NewUrl { url, method: None })
    }

    /// Moves the call to `status`: [`CallUpdateStatus::Completed`] hangs up,
    /// [`CallUpdateStatus::Canceled`] withdraws a call not yet answered.
    pub fn status(self, status: CallUpdateStatus) -> UpdateCall<NewStatus> {
        self.with_action(NewStatus(status))
    }
}

impl UpdateCall<NewUrl> {
    /// The method Twilio uses to fetch the URL (`Method`, default `POST`).
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.action.method = Some(method);
        self
    }

    /// Where Twilio goes when the URL fails (`FallbackUrl`, + `FallbackMethod`).
    pub fn fallback_url(
        mut self,
        url: impl TryInto<Url, Error: fmt::Display>,
        method: Option<HttpMethod>,
    ) -> Self {
        self.fallback = web_url(&mut self.errors, "fallback_url", url).map(|u| (u, method));
        self
    }
}

into_future!([A: CallUpdateAction] UpdateCall<A> => Call);
