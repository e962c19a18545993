//! Twilio's documented limits, as the sandbox enforces them.
//!
//! Written here from Twilio's API reference and OpenAPI description, not
//! taken from the client's own constants: a client limit that drifts from
//! Twilio's shows up as a disagreement between the client and the sandbox
//! (the sandbox's tests send values the client would refuse straight to the
//! sandbox's HTTP API).

use std::time::Duration;

/// `Body`: "Can be up to 1,600 characters in length" (Messages, create).
pub(crate) const BODY_CHARS: usize = 1600;

/// `MediaUrl`: up to 10 media files per message.
pub(crate) const MEDIA_URLS: usize = 10;

/// `ValidityPeriod`: "integers from `1` to `36000`" seconds.
pub(crate) const VALIDITY_SECS: std::ops::RangeInclusive<u64> = 1..=36_000;

/// `SendAt` with `ScheduleType=fixed`: more than 5 minutes (300 seconds)
/// ahead (Twilio errors 35114/35115, "between 300 seconds and 35 days")...
pub(crate) const SCHEDULE_AHEAD_MIN: Duration = Duration::from_secs(5 * 60);

/// ... and at most 35 days ahead.
pub(crate) const SCHEDULE_AHEAD_MAX: Duration = Duration::from_secs(35 * 24 * 3600);

/// `Twiml` on a call: "Max 4000 characters".
pub(crate) const TWIML_CHARS: usize = 4000;

/// `TimeLimit`: 4 hours, the limit of a call on a default account.
pub(crate) const TIME_LIMIT_SECS: std::ops::RangeInclusive<u32> = 1..=14_400;

/// `PageSize` of a list: 1 to 1000.
pub(crate) const PAGE_SIZE: std::ops::RangeInclusive<usize> = 1..=1000;
