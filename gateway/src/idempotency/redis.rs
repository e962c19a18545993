//! Keys on Redis (`REDIS_URL`): shared by every gateway instance.
//!
//! A claim is one atomic `SET key <in-flight> NX PX <ttl>`: of two instances
//! claiming one key at once, exactly one succeeds; the other reads the record
//! and answers `409` or replays.

use std::time::Duration;

use redis::aio::ConnectionManager;

use super::{BoxFuture, Claim, IdempotencyStore, Kept, Record, StoreError, KEY_TTL};

/// Keys on a Redis server, through a reconnecting connection.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    prefix: String,
    ttl: Duration,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the connection: its URL may hold a password.
        f.debug_struct("RedisStore")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Keys that live [`KEY_TTL`], on `connection`, named
    /// `<prefix>idempotency:<digest of the key>`.
    pub fn new(connection: ConnectionManager, prefix: &str) -> Self {
        Self {
            connection,
            prefix: format!("{prefix}idempotency:"),
            ttl: KEY_TTL,
        }
    }

    fn ttl_ms(&self) -> u64 {
        u64::try_from(self.ttl.as_millis()).unwrap_or(u64::MAX)
    }
}

fn failed(error: &redis::RedisError) -> StoreError {
    StoreError(format!("Redis: {:?}", error.kind()))
}

fn encode(record: &Record) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|e| StoreError(format!("cannot encode a record: {e}")))
}

impl IdempotencyStore for RedisStore {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        fingerprint: &'a str,
    ) -> BoxFuture<'a, Result<Claim, StoreError>> {
        Box::pin(async move {
            let key = format!("{}{key}", self.prefix);
            let in_flight = encode(&Record::InFlight {
                fingerprint: fingerprint.to_owned(),
            })?;
            let mut connection = self.connection.clone();
            // A record can expire between SET and GET: then claim again.
            for _ in 0..3 {
                let set: Option<String> = redis::cmd("SET")
                    .arg(&key)
                    .arg(&in_flight)
                    .arg("NX")
                    .arg("PX")
                    .arg(self.ttl_ms())
                    .query_async(&mut connection)
                    .await
                    .map_err(|e| failed(&e))?;
                if set.is_some() {
                    return Ok(Claim::Claimed);
                }
                let stored: Option<String> = redis::cmd("GET")
                    .arg(&key)
                    .query_async(&mut connection)
                    .await
                    .map_err(|e| failed(&e))?;
                if let Some(stored) = stored {
                    let record: Record = serde_json::from_str(&stored)
                        .map_err(|_| StoreError("a record on Redis is unreadable".to_owned()))?;
                    return Ok(record.claim_by(fingerprint));
                }
            }
            Err(StoreError(
                "a key kept expiring while being claimed".to_owned(),
            ))
        })
    }

    fn complete<'a>(
        &'a self,
        key: &'a str,
        answer: &'a Kept,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let record = encode(&Record::Done(answer.clone()))?;
            let mut connection = self.connection.clone();
            redis::cmd("SET")
                .arg(format!("{}{key}", self.prefix))
                .arg(record)
                .arg("PX")
                .arg(self.ttl_ms())
                .query_async::<()>(&mut connection)
                .await
                .map_err(|e| failed(&e))
        })
    }

    fn release<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            redis::cmd("DEL")
                .arg(format!("{}{key}", self.prefix))
                .query_async::<()>(&mut connection)
                .await
                .map_err(|e| failed(&e))
        })
    }
}
