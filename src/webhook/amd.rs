//! Answering machine detection (AMD): who or what answered a call.

use super::error::PayloadError;
use super::params::Params;
use super::payload::{Fields, FromParams};
use crate::types::dates::open_enum;
use crate::{AccountSid, CallSid};

open_enum! {
    /// `AnsweredBy`: the verdict of answering machine detection.
    ///
    /// With `MachineDetection=Enable` Twilio answers as soon as it can tell
    /// (`human`, `machine_start`, `fax` or `unknown`); with
    /// `DetectMessageEnd` it waits for the greeting to end and reports one of
    /// the `machine_end_*` values for a machine.
    AnsweredBy {
        /// A person answered.
        Human => "human",
        /// A machine answered (`Enable` mode).
        MachineStart => "machine_start",
        /// A machine's greeting ended with a beep.
        MachineEndBeep => "machine_end_beep",
        /// A machine's greeting ended with silence.
        MachineEndSilence => "machine_end_silence",
        /// A machine's greeting ended otherwise.
        MachineEndOther => "machine_end_other",
        /// A fax machine answered.
        Fax => "fax",
        /// `unknown`: detection could not decide before its timeout.
        Undetermined => "unknown",
    }
}

impl AnsweredBy {
    /// Whether this verdict is an answering machine (any `machine_*` value).
    pub fn is_machine(&self) -> bool {
        matches!(
            self,
            Self::MachineStart
                | Self::MachineEndBeep
                | Self::MachineEndSilence
                | Self::MachineEndOther
        )
    }
}

/// The result of asynchronous answering machine detection: the request Twilio
/// sends to the `AsyncAmdStatusCallback` of a call created with
/// `AsyncAmd=true`.
///
/// ```
/// use twilio_typed::webhook::{AnsweredBy, FromParams, MachineDetectionResult, Params};
///
/// let params = Params::from_form(
///     b"AccountSid=AC0123456789abcdef0123456789abcdef\
///       &CallSid=CA0123456789abcdef0123456789abcdef\
///       &AnsweredBy=machine_end_beep&MachineDetectionDuration=4120",
/// );
/// let result = MachineDetectionResult::from_params(params)?;
/// assert_eq!(result.answered_by, AnsweredBy::MachineEndBeep);
/// assert!(result.answered_by.is_machine());
/// assert_eq!(result.machine_detection_duration_ms, Some(4120));
/// # Ok::<(), twilio_typed::webhook::PayloadError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MachineDetectionResult {
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `CallSid`.
    pub call_sid: CallSid,
    /// `AnsweredBy`.
    pub answered_by: AnsweredBy,
    /// `MachineDetectionDuration`: how long detection took, in milliseconds.
    pub machine_detection_duration_ms: Option<u32>,
    /// Every other parameter, in the order received.
    pub extra: Params,
}

impl FromParams for MachineDetectionResult {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        let mut f = Fields::new(params);
        Ok(Self {
            account_sid: f.required("AccountSid")?,
            call_sid: f.required("CallSid")?,
            answered_by: f.required("AnsweredBy")?,
            machine_detection_duration_ms: f.parse("MachineDetectionDuration")?,
            extra: f.rest(),
        })
    }
}
