//! When a failed request is sent again, in one place.
//!
//! The rule that matters: a request that may have reached Twilio and is not
//! idempotent (creating a message or a call, updating a call) is **never**
//! retried, since the first attempt may already have sent an SMS or placed a
//! call. Any request is retried when Twilio certainly did not act on it: the
//! connection was never established, or Twilio answered 429 (error 20429, too
//! many requests, refused before acting). Idempotent requests (GET, DELETE)
//! are also retried on timeouts, I/O errors after sending, and 500/502/503/504;
//! a delete whose retry answers 404 after such a failure had succeeded (the
//! transport's retry loop treats it so).
//! Nothing is retried after a redirect, a response over the size bound, or a
//! success that could not be decoded.
//!
//! [`may_have_reached`] and [`is_retryable`] are the single source of truth:
//! [`Error::may_have_reached_twilio`](crate::Error::may_have_reached_twilio)
//! and the transport's retry loop both ask them.

use std::time::Duration;

/// How often and how patiently failed requests are sent again.
///
/// What is retried: any request Twilio certainly did not act on (the
/// connection was never established, or a 429); fetches and deletes also
/// after a timeout, an I/O error once sent, or a 500, 502, 503 or 504. A
/// create or update that may have reached Twilio is never sent again, and
/// nothing is retried after another status, a redirect, an answer over the
/// size bound or an undecodable success. A delete retried after an attempt
/// that may have reached Twilio, and then answered 404, has succeeded (the
/// lost attempt deleted it).
///
/// Waits grow exponentially from `initial_backoff`, capped by `max_backoff`,
/// with *full jitter* (each wait is a random duration between zero and the
/// exponential value) so that many clients failing together do not retry in
/// step. A `Retry-After` header (seconds or an HTTP date) is honoured as
/// given, also capped by `max_backoff`. Retries also stop when the next wait
/// would pass the call's deadline ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline)).
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

    /// Sets the ceiling of the wait before the first retry (doubled for each
    /// further retry); the actual wait is a random duration up to it.
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

    /// The wait before retry number `attempt` (1-based): `Retry-After` when
    /// given, else full jitter, `jitter` (in `[0, 1]`) times the exponential
    /// ceiling; never more than `max_backoff`.
    pub(crate) fn backoff(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Duration {
        let wait = match retry_after {
            Some(hint) => hint,
            None => {
                let ceiling = self
                    .initial_backoff
                    .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
                    .min(self.max_backoff);
                ceiling.mul_f64(jitter.clamp(0.0, 1.0))
            }
        };
        wait.min(self.max_backoff)
    }
}

/// A random factor in `[0, 1)` for full jitter.
pub(crate) fn jitter() -> f64 {
    fastrand::f64()
}

/// Whether sending the same request twice has the same effect as once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// A fetch or a delete: safe to repeat.
    Idempotent,
    /// A create or an update: repeat only when Twilio certainly did not act on it.
    NotIdempotent,
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Nothing was sent: invalid input, missing configuration, or the pacer
    /// could not grant a slot.
    NotSent,
    /// The connection was never established.
    Connect,
    /// A timeout or an I/O error after the request may have been sent
    /// (including a reset or a truncated response).
    InFlight,
    /// Twilio answered with this HTTP status (not 2xx, not 3xx).
    Status(u16),
    /// The server answered with a redirect, which is refused.
    Redirect,
    /// The response body passed the size bound.
    TooLarge,
    /// A success response whose body could not be decoded.
    Undecodable,
    /// A wait for a resource's final status gave up: the resource exists.
    StillPending,
}

/// Whether an attempt that failed this way may have taken effect at Twilio.
///
/// `false` only when it certainly did not: nothing was sent, the connection
/// was never established, or Twilio answered 429 (refused before acting).
pub(crate) fn may_have_reached(failure: Failure) -> bool {
    !matches!(
        failure,
        Failure::NotSent | Failure::Connect | Failure::Status(429)
    )
}

/// Whether an attempt that failed this way may be repeated.
///
/// A request that certainly did not reach Twilio may always be repeated
/// (except when nothing was sent: that failure is final). One that may have
/// reached it is repeated only when it is idempotent and the failure is
/// transient (a timeout, an I/O error, 500/502/503/504).
pub(crate) fn is_retryable(failure: Failure, idempotency: Idempotency) -> bool {
    if failure == Failure::NotSent {
        return false;
    }
    if !may_have_reached(failure) {
        return true;
    }
    let transient = matches!(
        failure,
        Failure::InFlight | Failure::Status(500 | 502 | 503 | 504)
    );
    transient && idempotency == Idempotency::Idempotent
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every failure kind, with (may have reached, retryable create, retryable fetch).
    const TABLE: &[(Failure, bool, bool, bool)] = &[
        (Failure::NotSent, false, false, false),
        (Failure::Connect, false, true, true),
        (Failure::Status(429), false, true, true),
        (Failure::InFlight, true, false, true),
        (Failure::Status(500), true, false, true),
        (Failure::Status(502), true, false, true),
        (Failure::Status(503), true, false, true),
        (Failure::Status(504), true, false, true),
        (Failure::Status(400), true, false, false),
        (Failure::Status(401), true, false, false),
        (Failure::Status(404), true, false, false),
        (Failure::Status(501), true, false, false),
        (Failure::Redirect, true, false, false),
        (Failure::TooLarge, true, false, false),
        (Failure::Undecodable, true, false, false),
        (Failure::StillPending, true, false, false),
    ];

    #[test]
    fn one_rule_for_every_failure_kind() {
        for &(failure, reached, create, fetch) in TABLE {
            assert_eq!(may_have_reached(failure), reached, "{failure:?}");
            assert_eq!(
                is_retryable(failure, Idempotency::NotIdempotent),
                create,
                "{failure:?} create"
            );
            assert_eq!(
                is_retryable(failure, Idempotency::Idempotent),
                fetch,
                "{failure:?} fetch"
            );
            // The invariant: a create that may have reached Twilio is never retried.
            assert!(!(reached && is_retryable(failure, Idempotency::NotIdempotent)));
        }
    }

    #[test]
    fn backoff_has_full_jitter_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, None, 1.0), Duration::from_millis(250));
        assert_eq!(p.backoff(2, None, 1.0), Duration::from_millis(500));
        assert_eq!(p.backoff(2, None, 0.5), Duration::from_millis(250));
        assert_eq!(p.backoff(2, None, 0.0), Duration::ZERO);
        assert_eq!(p.backoff(30, None, 1.0), Duration::from_secs(5));
        assert_eq!(p.backoff(u32::MAX, None, 1.0), Duration::from_secs(5));
        assert_eq!(
            p.backoff(1, Some(Duration::from_secs(60)), 0.0),
            Duration::from_secs(5)
        );
        assert_eq!(
            p.backoff(1, Some(Duration::from_secs(1)), 0.0),
            Duration::from_secs(1),
            "Retry-After is not jittered"
        );
        for _ in 0..100 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j));
        }
    }
}
