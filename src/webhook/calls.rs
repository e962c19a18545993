//! Voice webhooks: call status callbacks and `<Gather>` results.

use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

use super::amd::AnsweredBy;
use super::error::PayloadError;
use super::params::Params;
use super::payload::{invalid, Fields, FromParams};
use crate::{AccountSid, CallDirection, CallSid, CallStatus, Endpoint};

/// A call status callback (the `StatusCallback` of a call): the call reached
/// `call_status`.
///
/// Other parameters (`ApiVersion`, `ForwardedFrom`, `CallerName`, `SipResponseCode`,
/// recording fields, ...) stay in [`extra`](Self::extra).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CallStatusCallback {
    /// `CallSid`.
    pub call_sid: CallSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `From`: a phone number, or e.g. `client:alice` / `sip:...`.
    pub from: Endpoint,
    /// `To`.
    pub to: Endpoint,
    /// `CallStatus`.
    pub call_status: CallStatus,
    /// `Direction`.
    pub direction: Option<CallDirection>,
    /// `CallDuration`, in seconds, once the call has completed.
    pub call_duration: Option<u32>,
    /// `ParentCallSid`, for a call created by `<Dial>`.
    pub parent_call_sid: Option<CallSid>,
    /// `SequenceNumber` of this callback among the call's callbacks.
    pub sequence_number: Option<u32>,
    /// `CallbackSource`, e.g. `call-progress-events`.
    pub callback_source: Option<String>,
    /// `Timestamp` of the event (RFC 2822 on the wire).
    pub timestamp: Option<OffsetDateTime>,
    /// `AnsweredBy`, for a call placed with (synchronous) answering machine
    /// detection.
    pub answered_by: Option<AnsweredBy>,
    /// Every other parameter, in the order received.
    pub extra: Params,
}

impl FromParams for CallStatusCallback {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        let mut f = Fields::new(params);
        Ok(Self {
            call_sid: f.required("CallSid")?,
            account_sid: f.required("AccountSid")?,
            from: Endpoint::from_twilio(&f.required_text("From")?),
            to: Endpoint::from_twilio(&f.required_text("To")?),
            call_status: f.required("CallStatus")?,
            direction: f.parse("Direction")?,
            call_duration: f.parse("CallDuration")?,
            parent_call_sid: f.parse("ParentCallSid")?,
            sequence_number: f.parse("SequenceNumber")?,
            callback_source: f.text("CallbackSource"),
            timestamp: rfc2822(&mut f, "Timestamp")?,
            answered_by: f.parse("AnsweredBy")?,
            extra: f.rest(),
        })
    }
}

/// What a caller entered at a `<Gather>`: the request Twilio sends to the
/// `action` URL (e.g. the gateway's `POST /twilio/handle-input`).
///
/// Only `CallSid` and `AccountSid` are required, so a request carrying just the
/// input and the call is accepted; the usual voice-request parameters are typed
/// when present, the rest stay in [`extra`](Self::extra).
///
/// ```
/// use twilio_typed::webhook::{FromParams, GatherResult, Params};
///
/// let params = Params::from_form(
///     b"CallSid=CA0123456789abcdef0123456789abcdef\
///       &AccountSid=AC0123456789abcdef0123456789abcdef&Digits=42%23",
/// );
/// let gather = GatherResult::from_params(params)?;
/// assert_eq!(gather.input(), Some("42#"));
/// # Ok::<(), twilio_typed::webhook::PayloadError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GatherResult {
    /// `CallSid`.
    pub call_sid: CallSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `From`.
    pub from: Option<Endpoint>,
    /// `To`.
    pub to: Option<Endpoint>,
    /// `CallStatus`.
    pub call_status: Option<CallStatus>,
    /// `Direction`.
    pub direction: Option<CallDirection>,
    /// `Digits`: the keys pressed (DTMF), if any.
    pub digits: Option<String>,
    /// `FinishedOnKey`: the key that ended input, if any.
    pub finished_on_key: Option<String>,
    /// `SpeechResult`: the transcribed speech, for `input="speech"`.
    pub speech_result: Option<String>,
    /// `Confidence` of the transcription, 0.0 to 1.0 (a value outside that
    /// range is refused as invalid).
    pub confidence: Option<f64>,
    /// `AnsweredBy`, for a call placed with answering machine detection.
    pub answered_by: Option<AnsweredBy>,
    /// Every other parameter, in the order received.
    pub extra: Params,
}

impl GatherResult {
    /// The caller's input: the digits if any, else the speech result.
    pub fn input(&self) -> Option<&str> {
        self.digits.as_deref().or(self.speech_result.as_deref())
    }
}

impl FromParams for GatherResult {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        let mut f = Fields::new(params);
        Ok(Self {
            call_sid: f.required("CallSid")?,
            account_sid: f.required("AccountSid")?,
            from: f.text("From").map(|s| Endpoint::from_twilio(&s)),
            to: f.text("To").map(|s| Endpoint::from_twilio(&s)),
            call_status: f.parse("CallStatus")?,
            direction: f.parse("Direction")?,
            digits: f.text("Digits"),
            finished_on_key: f.text("FinishedOnKey"),
            speech_result: f.text("SpeechResult"),
            confidence: confidence(&mut f, "Confidence")?,
            answered_by: f.parse("AnsweredBy")?,
            extra: f.rest(),
        })
    }
}

/// Intermediate speech recognition results: the request Twilio sends to a
/// `<Gather>`'s `partialResultCallback` while the caller is still speaking.
///
/// ```
/// use twilio_typed::webhook::{FromParams, GatherPartialResult, Params};
///
/// let params = Params::from_form(
///     b"CallSid=CA0123456789abcdef0123456789abcdef\
///       &AccountSid=AC0123456789abcdef0123456789abcdef\
///       &SequenceNumber=3&StableSpeechResult=I+would+like&UnstableSpeechResult=+to+pay",
/// );
/// let partial = GatherPartialResult::from_params(params)?;
/// assert_eq!(partial.sequence_number, Some(3));
/// assert_eq!(partial.stable_speech_result.as_deref(), Some("I would like"));
/// # Ok::<(), twilio_typed::webhook::PayloadError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GatherPartialResult {
    /// `CallSid`.
    pub call_sid: CallSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `SequenceNumber` of this partial result, from 1.
    pub sequence_number: Option<u32>,
    /// `StableSpeechResult`: the part of the transcript that will not change.
    pub stable_speech_result: Option<String>,
    /// `UnstableSpeechResult`: the part that may still change.
    pub unstable_speech_result: Option<String>,
    /// Every other parameter, in the order received.
    pub extra: Params,
}

impl FromParams for GatherPartialResult {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        let mut f = Fields::new(params);
        Ok(Self {
            call_sid: f.required("CallSid")?,
            account_sid: f.required("AccountSid")?,
            sequence_number: f.parse("SequenceNumber")?,
            stable_speech_result: f.text("StableSpeechResult"),
            unstable_speech_result: f.text("UnstableSpeechResult"),
            extra: f.rest(),
        })
    }
}

/// A speech recognition confidence outside 0.0 to 1.0 (or not a number).
#[derive(Debug, thiserror::Error)]
#[error("confidence must be a number from 0.0 to 1.0")]
struct ConfidenceOutOfRange;

/// `name` as a confidence in 0.0..=1.0; absent or empty is `None`.
fn confidence(f: &mut Fields, name: &str) -> Result<Option<f64>, PayloadError> {
    match f.parse::<f64>(name)? {
        Some(c) if !(0.0..=1.0).contains(&c) => Err(invalid(name, ConfidenceOutOfRange)),
        other => Ok(other),
    }
}

pub(super) fn rfc2822(f: &mut Fields, name: &str) -> Result<Option<OffsetDateTime>, PayloadError> {
    match f.text(name) {
        None => Ok(None),
        Some(s) => OffsetDateTime::parse(&s, &Rfc2822)
            .map(Some)
            .map_err(|e| invalid(name, e)),
    }
}
