//! When a failed request is sent again, in one place.
//!
//! The rule that matters: a request that may have reached Twilio and is not
//! idempotent (creating a message or a call) is **never** retried, since the
//! first attempt may already have sent an SMS or placed a call. Such a request
//! is retried only when Twilio certainly did not act on it: the connection was
//! never established, or Twilio answered 429 (error 20429, too many requests).
//! Fetches (GET) are also retried on timeouts and on 500/502/503/504.

use std::time::Duration;

/// How often and how patiently failed requests are sent again.
///
/// ```
/// use std::time::Duration;
/// use twilio_typed::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_retries(4)
///     .initial_backoff(Duration::from_millis(100));
/// assert_eq!(patient.retries(), 4);
/// assert_eq!(RetryPolicy::none().retries(), 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Two retries, backing off from 250 ms, never waiting more than 5 s.
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets how many times a request may be sent again after the first attempt.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Sets the wait before the first retry (doubled for each further retry).
    #[must_use]
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// Sets the longest wait between two attempts (also caps `Retry-After`).
    #[must_use]
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The number of retries allowed.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `attempt` (1-based), honouring `Retry-After`.
    pub(crate) fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exponential = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        retry_after.unwrap_or(exponential).min(self.max_backoff)
    }
}

/// Whether sending the same request twice has the same effect as once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// A fetch: safe to repeat.
    Idempotent,
    /// A create: repeat only when Twilio certainly did not act on it.
    NotIdempotent,
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure {
    /// The connection was never established.
    Connect,
    /// A timeout or an I/O error after the request may have been sent.
    InFlight,
    /// Twilio answered with this HTTP status.
    Status(u16),
}

/// Whether an attempt that failed this way may be repeated.
pub(crate) fn is_retryable(failure: Failure, idempotency: Idempotency) -> bool {
    match (failure, idempotency) {
        (Failure::Connect, _) | (Failure::Status(429), _) => true,
        (Failure::InFlight, Idempotency::Idempotent) => true,
        (Failure::Status(s), Idempotency::Idempotent) => matches!(s, 500 | 502 | 503 | 504),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_are_retried_only_when_twilio_did_not_act() {
        use Idempotency::*;
        assert!(is_retryable(Failure::Connect, NotIdempotent));
        assert!(is_retryable(Failure::Status(429), NotIdempotent));
        assert!(!is_retryable(Failure::InFlight, NotIdempotent));
        assert!(!is_retryable(Failure::Status(500), NotIdempotent));
        assert!(!is_retryable(Failure::Status(503), NotIdempotent));
        assert!(is_retryable(Failure::InFlight, Idempotent));
        assert!(is_retryable(Failure::Status(503), Idempotent));
        assert!(!is_retryable(Failure::Status(404), Idempotent));
        assert!(!is_retryable(Failure::Status(400), Idempotent));
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, None), Duration::from_millis(250));
        assert_eq!(p.backoff(2, None), Duration::from_millis(500));
        assert_eq!(p.backoff(30, None), Duration::from_secs(5));
        assert_eq!(
            p.backoff(1, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
        assert_eq!(
            p.backoff(1, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
    }
}
