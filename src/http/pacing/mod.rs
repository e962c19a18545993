//! Pacing for bursts: a per-sender rate and a maximum of calls in flight.
//!
//! Opt-in through [`ClientBuilder::pacing`](crate::ClientBuilder::pacing).
//! The rate is kept in process by default; with the `redis` cargo feature and
//! [`Pacing::shared_redis`] it is kept in Redis, so every process of a
//! deployment shares it (Twilio meters per account and sender, not per
//! process).

mod local;
#[cfg(feature = "redis")]
mod shared;

use std::fmt;
use std::num::{NonZeroU32, NonZeroUsize};
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::Error;

/// How a client paces what it sends, so a burst of requests leaves as a
/// steady stream instead of a storm of 429s.
///
/// - [`per_sender`](Self::per_sender): at most this many requests per second
///   per sender, for every attempt of a create: messages keyed by their `From`
///   number or messaging service, calls by their `From`. Waits are spread
///   evenly (after an initial [`burst`](Self::burst), 1 by default).
/// - [`max_in_flight`](Self::max_in_flight): at most this many requests of
///   this client on the wire at once, of any kind (creates, updates, fetches,
///   deletes); the others wait their turn, first come first served.
///
/// An attempt first waits for its sender's rate slot (creates only), then
/// for a place in flight, which it holds until its answer is read. A create
/// waiting for its sender's slot, or a call backing off before a retry,
/// holds no place: a queue of one sender's messages never blocks another
/// sender or a fetch (a [`wait_for_message`](crate::TwilioClient::wait_for_message)
/// poll, say) longer than the requests actually in flight take. Fetches
/// take a place too, since Twilio counts every concurrent request of an
/// account against its concurrency limit, but no rate slot.
///
/// Waiting for a slot or a place sends nothing, so dropping a waiting future
/// (e.g. with `tokio::time::timeout`) is always safe. Time spent queueing
/// before the first attempt does not count against the call's
/// [`deadline`](crate::ClientBuilder::deadline); queueing before a retry does.
///
/// ```
/// use twilio_typed::{Pacing, TwilioClient};
///
/// let client = TwilioClient::builder()
///     .account_sid("AC0123456789abcdef0123456789abcdef")
///     .auth_token("your_auth_token")
///     .from_number("+12025551234")
///     .pacing(Pacing::new().per_sender(10).max_in_flight(32))
///     .build()?;
/// # drop(client);
/// # Ok::<(), twilio_typed::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Pacing {
    per_second: Option<u32>,
    burst: Option<u32>,
    max_in_flight: Option<usize>,
    #[cfg(feature = "redis")]
    redis_url: Option<secrecy::SecretString>,
}

impl fmt::Debug for Pacing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Pacing");
        s.field("per_second", &self.per_second)
            .field("burst", &self.burst)
            .field("max_in_flight", &self.max_in_flight);
        #[cfg(feature = "redis")]
        s.field("redis_url", &self.redis_url.as_ref().map(|_| "<redacted>"));
        s.finish()
    }
}

impl Pacing {
    /// No pacing; add limits with the setters.
    pub fn new() -> Self {
        Self::default()
    }

    /// At most `per_second` requests per second per sender (at least 1).
    #[must_use]
    pub fn per_sender(mut self, per_second: u32) -> Self {
        self.per_second = Some(per_second);
        self
    }

    /// How many requests of one sender may leave at once before the rate
    /// applies (at least 1; default 1: evenly spaced from the start).
    #[must_use]
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = Some(burst);
        self
    }

    /// At most `calls` requests of this client on the wire at once (at
    /// least 1). Each attempt holds a place only while it is sent and
    /// answered, not while it waits for its sender's rate or backs off.
    #[must_use]
    pub fn max_in_flight(mut self, calls: usize) -> Self {
        self.max_in_flight = Some(calls);
        self
    }

    /// Keeps the per-sender rate in Redis at `url` (e.g.
    /// `redis://127.0.0.1:6379/`), shared by every client that uses the same
    /// Redis and account. Accounting is atomic, on the Redis server's clock.
    /// If Redis cannot be reached, a call fails with [`Error::Pacing`]
    /// without sending anything.
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    #[must_use]
    pub fn shared_redis(mut self, url: impl Into<String>) -> Self {
        self.redis_url = Some(secrecy::SecretString::from(url.into()));
        self
    }

    /// Checks the settings and builds the pacer for `account`.
    pub(crate) fn build(&self, account: &str) -> Result<Pacer, Error> {
        let in_flight = match self.max_in_flight {
            None => None,
            Some(n) => Some(
                NonZeroUsize::new(n)
                    .ok_or_else(|| Error::invalid("pacing.max_in_flight", "must be at least 1"))?,
            ),
        };
        let burst = NonZeroU32::new(self.burst.unwrap_or(1))
            .ok_or_else(|| Error::invalid("pacing.burst", "must be at least 1"))?;
        let rate = match self.per_second {
            None => None,
            Some(r) => {
                let per_second = NonZeroU32::new(r)
                    .ok_or_else(|| Error::invalid("pacing.per_sender", "must be at least 1"))?;
                Some(self.rate(per_second, burst, account)?)
            }
        };
        Ok(Pacer {
            in_flight: in_flight.map(|n| Arc::new(Semaphore::new(n.get()))),
            rate,
        })
    }

    #[cfg_attr(not(feature = "redis"), allow(clippy::unnecessary_wraps))]
    fn rate(
        &self,
        per_second: NonZeroU32,
        burst: NonZeroU32,
        account: &str,
    ) -> Result<Rate, Error> {
        #[cfg(feature = "redis")]
        if let Some(url) = &self.redis_url {
            return shared::SharedRate::new(url, per_second, burst, account).map(Rate::Shared);
        }
        let _ = account;
        Ok(Rate::Local(local::LocalRate::new(per_second, burst)))
    }
}

/// The running pacer of a client.
pub(crate) struct Pacer {
    in_flight: Option<Arc<Semaphore>>,
    rate: Option<Rate>,
}

enum Rate {
    Local(local::LocalRate),
    #[cfg(feature = "redis")]
    Shared(shared::SharedRate),
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rate = match &self.rate {
            None => "none",
            Some(Rate::Local(_)) => "in-process",
            #[cfg(feature = "redis")]
            Some(Rate::Shared(_)) => "redis",
        };
        f.debug_struct("Pacer")
            .field(
                "max_in_flight",
                &self.in_flight.as_ref().map(|s| s.available_permits()),
            )
            .field("rate", &rate)
            .finish()
    }
}

impl Pacer {
    /// Waits for room among the requests in flight; the permit is held for
    /// one attempt, taken after the attempt's rate slot.
    pub(crate) async fn enter(&self) -> Option<OwnedSemaphorePermit> {
        let semaphore = self.in_flight.as_ref()?;
        // Acquiring fails only on a closed semaphore, and this one is never closed.
        Arc::clone(semaphore).acquire_owned().await.ok()
    }

    /// Waits until `sender` may send one more request.
    ///
    /// # Errors
    /// [`Error::Pacing`] when the shared store cannot be reached.
    pub(crate) async fn slot(&self, sender: &str) -> Result<(), Error> {
        match &self.rate {
            None => Ok(()),
            Some(Rate::Local(rate)) => {
                rate.wait(sender).await;
                Ok(())
            }
            #[cfg(feature = "redis")]
            Some(Rate::Shared(rate)) => rate.wait(sender).await,
        }
    }
}
