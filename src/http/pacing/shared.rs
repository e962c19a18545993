//! The per-sender rate shared through Redis: GCRA, accounted atomically by a
//! Lua script on the Redis server's clock.

use std::num::NonZeroU32;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::OnceCell;

use crate::Error;

/// Reserves the sender's next slot and answers how long to wait for it, in
/// microseconds. `KEYS[1]`: the sender's key; `ARGV[1]`: microseconds per
/// request; `ARGV[2]`: burst. The key holds the theoretical arrival time of
/// the next request and expires once it is in the past.
const RESERVE: &str = r"
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local wait = tat - now - (burst - 1) * interval
if wait < 0 then wait = 0 end
local next_tat = tat + interval
local ttl_ms = math.ceil((next_tat - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', ttl_ms)
return wait
";

/// Fails fast when Redis is down: a caller waiting for a slot should learn
/// it within seconds, not after a long reconnection schedule.
fn connection_config() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_number_of_retries(2)
        .set_min_delay(Duration::from_millis(50))
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(2)))
}

/// The shared rate: a Redis client, connected on first use.
pub(super) struct SharedRate {
    client: redis::Client,
    connection: OnceCell<ConnectionManager>,
    script: redis::Script,
    interval_us: u64,
    burst: u32,
    prefix: String,
}

impl SharedRate {
    pub(super) fn new(
        url: &SecretString,
        per_second: NonZeroU32,
        burst: NonZeroU32,
        account: &str,
    ) -> Result<Self, Error> {
        // The URL may carry a password: the error names the rule, not the URL.
        let client = redis::Client::open(url.expose_secret())
            .map_err(|_| Error::invalid("pacing.redis_url", "not a valid Redis URL"))?;
        Ok(Self {
            client,
            connection: OnceCell::new(),
            script: redis::Script::new(RESERVE),
            interval_us: 1_000_000 / u64::from(per_second.get()),
            burst: burst.get(),
            prefix: format!("twilio-typed:pace:{account}:"),
        })
    }

    /// Waits until `sender` has a slot, and takes it.
    pub(super) async fn wait(&self, sender: &str) -> Result<(), Error> {
        let pacing = |e: redis::RedisError| Error::Pacing { source: e.into() };
        let connection = self
            .connection
            .get_or_try_init(|| {
                ConnectionManager::new_with_config(self.client.clone(), connection_config())
            })
            .await
            .map_err(pacing)?;
        let wait_us: u64 = self
            .script
            .key(format!("{}{sender}", self.prefix))
            .arg(self.interval_us)
            .arg(self.burst)
            .invoke_async(&mut connection.clone())
            .await
            .map_err(pacing)?;
        if wait_us > 0 {
            tokio::time::sleep(Duration::from_micros(wait_us)).await;
        }
        Ok(())
    }
}
