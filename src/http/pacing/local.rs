//! The in-process per-sender rate: a keyed GCRA limiter from `governor`.

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Past this many senders, the states of idle ones are dropped.
const RETAIN_ABOVE: usize = 1024;

/// One GCRA state per sender, in this process.
pub(super) struct LocalRate {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl LocalRate {
    pub(super) fn new(per_second: NonZeroU32, burst: NonZeroU32) -> Self {
        Self {
            limiter: RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst)),
        }
    }

    /// Waits until `sender` has a slot, and takes it.
    pub(super) async fn wait(&self, sender: &str) {
        if self.limiter.len() > RETAIN_ABOVE {
            // A sender idle long enough to be back at a full burst needs no state.
            self.limiter.retain_recent();
        }
        self.limiter.until_key_ready(&sender.to_owned()).await;
    }
}
