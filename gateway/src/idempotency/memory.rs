//! Keys in this process's memory: the default, for a single instance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{BoxFuture, Claim, IdempotencyStore, Kept, Record, StoreError, KEY_TTL};

/// Keys in a map, each forgotten [`KEY_TTL`] after it was last written.
#[derive(Debug)]
pub struct MemoryStore {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, Record)>>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::with_ttl(KEY_TTL)
    }
}

impl MemoryStore {
    /// Keys that live `ttl`.
    pub fn with_ttl(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut HashMap<String, (Instant, Record)>) -> R) -> R {
        // The map stays consistent if a holder panicked: keep using it.
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut entries)
    }

    fn write(&self, key: &str, record: Record) {
        let expires = Instant::now() + self.ttl;
        self.with(|entries| entries.insert(key.to_owned(), (expires, record)));
    }
}

impl IdempotencyStore for MemoryStore {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<Claim, StoreError>> {
        let now = Instant::now();
        let claim = self.with(|entries| {
            // Expired keys go first, so the map holds at most a day of keys.
            entries.retain(|_, (expires, _)| *expires > now);
            match entries.get(key) {
                Some((_, record)) => record.claim_by(fingerprint),
                None => {
                    let record = Record::InFlight {
                        fingerprint: fingerprint.to_owned(),
                    };
                    entries.insert(key.to_owned(), (now + self.ttl, record));
                    Claim::Claimed
                }
            }
        });
        Box::pin(async move { Ok(claim) })
    }

    fn complete<'a>(
        &'a self,
        key: &'a str,
        answer: &'a Kept,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.write(key, Record::Done(answer.clone()));
        Box::pin(async { Ok(()) })
    }

    fn release<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), StoreError>> {
        self.with(|entries| entries.remove(key));
        Box::pin(async { Ok(()) })
    }
}
