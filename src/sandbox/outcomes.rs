//! How a message or call ends: delivered and answered by default, or a
//! failure chosen by the test, by recipient number
//! ([`SandboxBuilder::message_outcome`](super::SandboxBuilder::message_outcome),
//! [`SandboxBuilder::call_outcome`](super::SandboxBuilder::call_outcome)) or by
//! one of the sandbox's own test numbers.

use std::collections::HashMap;

use crate::E164;

/// How a message's life cycle ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageOutcome {
    /// queued → sending → sent → delivered (the default).
    #[default]
    Delivered,
    /// queued → sending → sent → undelivered, with this Twilio error code
    /// (e.g. 30003, unreachable destination handset).
    Undelivered(u32),
    /// queued → failed, with this Twilio error code (e.g. 30008, unknown error).
    Failed(u32),
}

impl MessageOutcome {
    /// The error code the message ends with, if it fails.
    pub fn error_code(self) -> Option<u32> {
        match self {
            Self::Delivered => None,
            Self::Undelivered(code) | Self::Failed(code) => Some(code),
        }
    }
}

/// How a call's life cycle ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallOutcome {
    /// A person answers and the call runs its TwiML (the default); with
    /// machine detection, `AnsweredBy` is `human`.
    #[default]
    Human,
    /// An answering machine answers: the call runs its TwiML and, with machine
    /// detection, `AnsweredBy` is `machine_start` (`machine_end_beep` for
    /// `DetectMessageEnd`).
    Machine,
    /// The line is busy: queued → ringing → busy.
    Busy,
    /// Nobody answers: queued → ringing → no-answer.
    NoAnswer,
    /// The call cannot be connected: queued → ringing → failed.
    Failed,
    /// The caller gives up while it rings: queued → ringing → canceled.
    Canceled,
}

/// The sandbox's own test recipients (not Twilio's: Twilio's test credentials
/// have no numbers for these outcomes), next to Twilio's magic numbers.
pub(crate) fn magic_message_outcome(to: &str) -> Option<MessageOutcome> {
    Some(match to {
        "+15005550010" => MessageOutcome::Undelivered(30003),
        "+15005550011" => MessageOutcome::Failed(30008),
        _ => return None,
    })
}

/// The sandbox's own test callees (see [`magic_message_outcome`]).
pub(crate) fn magic_call_outcome(to: &str) -> Option<CallOutcome> {
    Some(match to {
        "+15005550010" => CallOutcome::Busy,
        "+15005550011" => CallOutcome::NoAnswer,
        "+15005550012" => CallOutcome::Failed,
        "+15005550013" => CallOutcome::Canceled,
        "+15005550014" => CallOutcome::Machine,
        _ => return None,
    })
}

/// The outcomes a sandbox was built with, by recipient.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcomes {
    pub(crate) messages: HashMap<E164, MessageOutcome>,
    pub(crate) calls: HashMap<E164, CallOutcome>,
}

impl Outcomes {
    /// The outcome of a message to `to`: the builder's setting, else the test
    /// numbers', else delivered.
    pub(crate) fn message(&self, to: &E164) -> MessageOutcome {
        self.messages
            .get(to)
            .copied()
            .or_else(|| magic_message_outcome(to.as_str()))
            .unwrap_or_default()
    }

    /// The outcome of a call to `to` (see [`message`](Self::message)).
    pub(crate) fn call(&self, to: &E164) -> CallOutcome {
        self.calls
            .get(to)
            .copied()
            .or_else(|| magic_call_outcome(to.as_str()))
            .unwrap_or_default()
    }
}

/// Twilio's description of a messaging error code, for `error_message`.
pub(crate) fn message_error_text(code: u32) -> &'static str {
    match code {
        30001 => "Queue overflow",
        30002 => "Account suspended",
        30003 => "Unreachable destination handset",
        30004 => "Message blocked",
        30005 => "Unknown destination handset",
        30006 => "Landline or unreachable carrier",
        30007 => "Message filtered",
        30008 => "Unknown error",
        _ => "Message delivery failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_settings_win_over_test_numbers() {
        let magic: E164 = "+15005550010".parse().unwrap();
        let mut outcomes = Outcomes::default();
        assert_eq!(outcomes.message(&magic), MessageOutcome::Undelivered(30003));
        assert_eq!(outcomes.call(&magic), CallOutcome::Busy);
        outcomes.calls.insert(magic.clone(), CallOutcome::Human);
        assert_eq!(outcomes.call(&magic), CallOutcome::Human);
        let plain: E164 = "+12025551234".parse().unwrap();
        assert_eq!(outcomes.message(&plain), MessageOutcome::Delivered);
        assert_eq!(MessageOutcome::Failed(30008).error_code(), Some(30008));
    }
}
