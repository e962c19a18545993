//! Gateway settings: read once at startup from the environment, then from
//! `.env.local` in the working directory (the environment wins).
//!
//! Every problem is reported by the name of its variable and never with its
//! value, so a malformed secret does not end up in a terminal or a log.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::Path;
use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};
use sha2::{Digest, Sha256};
use twilio_typed::webhook::SharedKey;
use twilio_typed::E164;
use url::Url;

/// The file read next to the environment, as in the integration guide.
pub const ENV_FILE: &str = ".env.local";
/// The guide's port, on loopback only.
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:8001";
/// Sends per minute and per client IP (also the burst size).
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 30;
/// Largest accepted request body. A 1600-character SMS is at most ~10 KB of JSON.
pub const DEFAULT_BODY_LIMIT_BYTES: usize = 64 * 1024;
/// Time allowed for one whole request, Twilio's answer included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long an inbound SMS waits for the events endpoint's `{"reply"}`.
pub const DEFAULT_EVENTS_REPLY_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest `EVENTS_REPLY_TIMEOUT_MS`: Twilio gives up on a webhook after 15 s.
pub const MAX_EVENTS_REPLY_TIMEOUT_MS: u64 = 14_000;
/// The start of every key on Redis.
pub const DEFAULT_REDIS_KEY_PREFIX: &str = "twilio-gateway:";
/// Shortest accepted `GATEWAY_API_TOKEN`.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Looks a variable up: the process environment first, then `.env.local`.
///
/// A variable set to an empty value in the environment counts as unset, so the
/// file's value applies.
#[derive(Clone, Default)]
pub struct EnvLookup {
    /// Stands in for the process environment when set (tests).
    env: Option<HashMap<String, String>>,
    file: HashMap<String, String>,
    file_read: bool,
}

impl fmt::Debug for EnvLookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names only: the values include secrets.
        let mut names: Vec<&str> = self.file.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("EnvLookup")
            .field("process_env", &self.env.is_none())
            .field("file_read", &self.file_read)
            .field("file_variables", &names)
            .finish()
    }
}

fn owned<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> HashMap<String, String> {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

impl EnvLookup {
    /// The process environment, then the file at `path` (a missing file is no
    /// error).
    ///
    /// # Errors
    /// The file exists but cannot be read or has a malformed line. The message
    /// names the file, never the line's content (it may hold a secret).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let iter = match dotenvy::from_path_iter(path) {
            Ok(iter) => iter,
            Err(e) if e.not_found() => return Ok(Self::default()),
            Err(e) => return Err(ConfigError::file(path, &e)),
        };
        let mut file = HashMap::new();
        for item in iter {
            let (name, value) = item.map_err(|e| ConfigError::file(path, &e))?;
            // dotenvy's rule: the first declaration of a name wins.
            file.entry(name).or_insert(value);
        }
        Ok(Self {
            env: None,
            file,
            file_read: true,
        })
    }

    /// Whether the file was found and read.
    pub fn file_read(&self) -> bool {
        self.file_read
    }

    /// `env` in place of the process environment, then `file` (tests, embedding).
    pub fn from_maps<'a, 'b>(
        env: impl IntoIterator<Item = (&'a str, &'a str)>,
        file: impl IntoIterator<Item = (&'b str, &'b str)>,
    ) -> Self {
        Self {
            env: Some(owned(env)),
            file: owned(file),
            file_read: false,
        }
    }

    /// Only these values, isolated from the process environment (tests).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self::from_maps(pairs, [])
    }

    /// The value of `name`: the environment's if set and not empty, else the file's.
    pub fn get(&self, name: &str) -> Option<String> {
        let env = match &self.env {
            None => std::env::var(name).ok(),
            Some(map) => map.get(name).cloned(),
        };
        env.filter(|v| !v.trim().is_empty())
            .or_else(|| self.file.get(name).cloned())
    }

    /// Whether `name` has a non-empty value.
    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| !v.trim().is_empty())
    }
}

/// A startup configuration problem, naming the variables involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl ConfigError {
    /// A problem described in words.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    fn file(path: &Path, error: &dotenvy::Error) -> Self {
        let what = match error {
            // The line itself is not shown: it may be `TWILIO_AUTH_TOKEN=...`.
            dotenvy::Error::LineParse(_, index) => {
                format!("a line is malformed (at character {index})")
            }
            dotenvy::Error::Io(io) => io.to_string(),
            _ => "it cannot be read".to_owned(),
        };
        Self(format!("cannot use {}: {what}", path.display()))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The bearer token callers must present, kept only as its SHA-256 digest.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken([u8; 32]);

impl ApiToken {
    /// Keeps the digest of `token`.
    pub fn new(token: &str) -> Self {
        Self(Sha256::digest(token.as_bytes()).into())
    }

    /// Whether `candidate` is the token, compared in constant time (digests of
    /// equal length, so not even the token's length leaks).
    pub fn matches(&self, candidate: &str) -> bool {
        use subtle::ConstantTimeEq as _;
        let digest: [u8; 32] = Sha256::digest(candidate.as_bytes()).into();
        self.0.ct_eq(&digest).into()
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// Everything the gateway reads besides the `TWILIO_*` client settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `BIND_ADDR`, default `127.0.0.1:8001`.
    pub bind_addr: SocketAddr,
    /// `GATEWAY_API_TOKEN`: when set, `/twilio/*` (except Twilio's webhooks)
    /// requires `Authorization: Bearer <token>`.
    pub api_token: Option<ApiToken>,
    /// `GATEWAY_ALLOW_UNAUTHENTICATED=1`: the network is private, serve a
    /// non-loopback address without a token.
    pub allow_unauthenticated: bool,
    /// `RATE_LIMIT_PER_MINUTE`: sends per minute per client IP.
    pub rate_limit_per_minute: NonZeroU32,
    /// `ALLOWED_COUNTRY_CODES`, e.g. `1,44`: recipients must be in one of them.
    pub allowed_country_codes: Option<BTreeSet<u16>>,
    /// `PUBLIC_BASE_URL`: the scheme and host Twilio calls, for webhook signatures.
    pub public_base_url: Option<String>,
    /// `AGENT_PHONE_NUMBER`: who "press 1" dials.
    pub agent_number: Option<E164>,
    /// `BODY_LIMIT_BYTES`.
    pub body_limit: usize,
    /// `REQUEST_TIMEOUT_SECS`.
    pub request_timeout: Duration,
    /// `REDIS_URL`: idempotency keys and the rate limit on Redis.
    pub redis_url: Option<RedisUrl>,
    /// `REDIS_KEY_PREFIX`: the start of every key the gateway writes on Redis.
    pub redis_key_prefix: String,
    /// `EVENTS_WEBHOOK_URL`: where inbound events are POSTed.
    pub events_webhook_url: Option<Url>,
    /// `EVENTS_WEBHOOK_TOKEN`: sent as `Authorization: Bearer` with each event.
    pub events_webhook_token: Option<SecretString>,
    /// `EVENTS_REPLY_TIMEOUT_MS`: how long an inbound SMS waits for `{"reply"}`.
    pub events_reply_timeout: Duration,
    /// `ALLOW_PRIVATE_URLS=1`: `twiml_url`/`audio_url` may name private hosts.
    pub allow_private_urls: bool,
    /// `TWILIO_WEBHOOK_SHARED_KEY` (and `TWILIO_WEBHOOK_SHARED_KEY_ID`): the
    /// SharedKey secret webhooks carrying `X-Twilio-Webhooks-Signature-Settings`
    /// are checked with. Its `Debug` shows the id only.
    pub webhook_shared_key: Option<SharedKey>,
}

/// `REDIS_URL`, which may hold a password: never shown.
#[derive(Clone)]
pub struct RedisUrl(SecretString);

impl RedisUrl {
    /// The URL, to connect with.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RedisUrl(<redacted>)")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind_addr: SocketAddr::from(([127, 0, 0, 1], 8001)),
            api_token: None,
            allow_unauthenticated: false,
            rate_limit_per_minute: NonZeroU32::new(DEFAULT_RATE_LIMIT_PER_MINUTE)
                .unwrap_or(NonZeroU32::MIN),
            allowed_country_codes: None,
            public_base_url: None,
            agent_number: None,
            body_limit: DEFAULT_BODY_LIMIT_BYTES,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            redis_url: None,
            redis_key_prefix: DEFAULT_REDIS_KEY_PREFIX.to_owned(),
            events_webhook_url: None,
            events_webhook_token: None,
            events_reply_timeout: DEFAULT_EVENTS_REPLY_TIMEOUT,
            allow_private_urls: false,
            webhook_shared_key: None,
        }
    }
}

impl Settings {
    /// Reads the settings through `env`.
    ///
    /// # Errors
    /// Every malformed variable, one per line, by name.
    pub fn from_env(env: &EnvLookup) -> Result<Self, ConfigError> {
        let mut problems = Vec::new();
        let mut settings = Self::default();
        let get = |name: &str| {
            env.get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        if let Some(addr) = get("BIND_ADDR") {
            match addr.parse() {
                Ok(addr) => settings.bind_addr = addr,
                Err(_) => problems.push(format!(
                    "BIND_ADDR must be an IP address and port, e.g. {DEFAULT_BIND_ADDR} or 0.0.0.0:8000"
                )),
            }
        }
        if let Some(token) = get("GATEWAY_API_TOKEN") {
            if token.chars().count() < MIN_TOKEN_CHARS {
                problems.push(format!(
                    "GATEWAY_API_TOKEN must be at least {MIN_TOKEN_CHARS} characters (e.g. `openssl rand -hex 32`)"
                ));
            } else {
                settings.api_token = Some(ApiToken::new(&token));
            }
        }
        for (name, flag) in [
            (
                "GATEWAY_ALLOW_UNAUTHENTICATED",
                &mut settings.allow_unauthenticated,
            ),
            ("ALLOW_PRIVATE_URLS", &mut settings.allow_private_urls),
        ] {
            if let Some(value) = get(name) {
                match value.to_ascii_lowercase().as_str() {
                    "1" | "true" | "yes" => *flag = true,
                    "0" | "false" | "no" => {}
                    _ => problems.push(format!("{name} must be 1 or 0")),
                }
            }
        }
        if let Some(url) = get("REDIS_URL") {
            // redis:// or rediss:// (TLS is not compiled in: refused at connect).
            if url.starts_with("redis://")
                || url.starts_with("redis+unix://")
                || url.starts_with("unix://")
            {
                settings.redis_url = Some(RedisUrl(SecretString::from(url)));
            } else {
                problems
                    .push("REDIS_URL must be a redis:// URL, e.g. redis://redis:6379/0".to_owned());
            }
        }
        if let Some(prefix) = get("REDIS_KEY_PREFIX") {
            if prefix.len() <= 64 && prefix.bytes().all(|b| b.is_ascii_graphic()) {
                settings.redis_key_prefix = prefix;
            } else {
                problems.push(
                    "REDIS_KEY_PREFIX must be at most 64 visible ASCII characters, e.g. twilio-gateway:"
                        .to_owned(),
                );
            }
        }
        if let Some(url) = get("EVENTS_WEBHOOK_URL") {
            match Url::parse(&url) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                    settings.events_webhook_url = Some(url);
                }
                // The value is not shown: an n8n webhook's path is its secret.
                _ => problems.push(
                    "EVENTS_WEBHOOK_URL must be an absolute http(s) URL, e.g. http://n8n:5678/webhook/twilio-events"
                        .to_owned(),
                ),
            }
        }
        if let Some(token) = get("EVENTS_WEBHOOK_TOKEN") {
            settings.events_webhook_token = Some(SecretString::from(token));
        }
        match shared_key(
            get("TWILIO_WEBHOOK_SHARED_KEY"),
            get("TWILIO_WEBHOOK_SHARED_KEY_ID"),
        ) {
            Ok(key) => settings.webhook_shared_key = key,
            Err(e) => problems.push(e),
        }
        if settings.webhook_shared_key.is_some() && get("TWILIO_AUTH_TOKEN").is_none() {
            // Webhooks are checked only when there is an auth token to check
            // the unkeyed ones with: a key set alone would be silently unused.
            problems.push(
                "TWILIO_WEBHOOK_SHARED_KEY needs TWILIO_AUTH_TOKEN (webhooks are checked with both)"
                    .to_owned(),
            );
        }
        if let Some(ms) = get("EVENTS_REPLY_TIMEOUT_MS") {
            match ms.parse::<u64>() {
                Ok(ms) if (100..=MAX_EVENTS_REPLY_TIMEOUT_MS).contains(&ms) => {
                    settings.events_reply_timeout = Duration::from_millis(ms);
                }
                _ => problems.push(format!(
                    "EVENTS_REPLY_TIMEOUT_MS must be a whole number from 100 to {MAX_EVENTS_REPLY_TIMEOUT_MS} (Twilio waits 15 s)"
                )),
            }
        }
        if let Some(rate) = get("RATE_LIMIT_PER_MINUTE") {
            match rate.parse::<NonZeroU32>() {
                Ok(rate) => settings.rate_limit_per_minute = rate,
                Err(_) => problems
                    .push("RATE_LIMIT_PER_MINUTE must be a whole number of at least 1".to_owned()),
            }
        }
        if let Some(codes) = get("ALLOWED_COUNTRY_CODES") {
            match parse_country_codes(&codes) {
                Ok(codes) => settings.allowed_country_codes = Some(codes),
                Err(e) => problems.push(e),
            }
        }
        if let Some(url) = get("PUBLIC_BASE_URL") {
            match check_public_base_url(&url) {
                Ok(()) => settings.public_base_url = Some(url),
                Err(e) => problems.push(e),
            }
        }
        if let Some(number) = get("AGENT_PHONE_NUMBER") {
            match E164::parse(&number) {
                Ok(number) => settings.agent_number = Some(number),
                Err(e) => problems.push(format!("AGENT_PHONE_NUMBER: {e}")),
            }
        }
        if let Some(limit) = get("BODY_LIMIT_BYTES") {
            match limit.parse::<usize>() {
                Ok(limit) if limit >= 1024 => settings.body_limit = limit,
                _ => problems
                    .push("BODY_LIMIT_BYTES must be a whole number of at least 1024".to_owned()),
            }
        }
        if let Some(secs) = get("REQUEST_TIMEOUT_SECS") {
            match secs.parse::<u64>() {
                Ok(secs) if secs >= 1 => settings.request_timeout = Duration::from_secs(secs),
                _ => problems
                    .push("REQUEST_TIMEOUT_SECS must be a whole number of at least 1".to_owned()),
            }
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(ConfigError(problems.join("\n")))
        }
    }

    /// Secure by default: refuses to serve a non-loopback address without a
    /// token, unless `GATEWAY_ALLOW_UNAUTHENTICATED=1` says the network is private.
    ///
    /// # Errors
    /// The explanation to print before exiting.
    pub fn check_exposure(&self) -> Result<(), ConfigError> {
        if self.bind_addr.ip().is_loopback()
            || self.api_token.is_some()
            || self.allow_unauthenticated
        {
            return Ok(());
        }
        Err(ConfigError(format!(
            "refusing to listen on {addr} without GATEWAY_API_TOKEN.\n\
             Anyone who can reach {addr} could send SMS and place calls billed to your \
             Twilio account: an open relay for paid messages (SMS pumping, toll fraud).\n\
             Do one of:\n  \
             - set GATEWAY_API_TOKEN (at least {MIN_TOKEN_CHARS} characters) and send \
             `Authorization: Bearer <token>` with every /twilio/* call;\n  \
             - bind to loopback, e.g. BIND_ADDR={DEFAULT_BIND_ADDR};\n  \
             - set GATEWAY_ALLOW_UNAUTHENTICATED=1 if only trusted services can reach this \
             network (e.g. the orchestrator's docker network).",
            addr = self.bind_addr
        )))
    }

    /// Whether `number` may be called or texted under `ALLOWED_COUNTRY_CODES`.
    pub fn allows(&self, number: &E164) -> bool {
        self.allowed_country_codes
            .as_ref()
            .is_none_or(|codes| codes.contains(&number.country_code()))
    }
}

/// `TWILIO_WEBHOOK_SHARED_KEY` and `TWILIO_WEBHOOK_SHARED_KEY_ID` → the key,
/// restricted to that id when one is given. Neither value is ever shown.
fn shared_key(secret: Option<String>, id: Option<String>) -> Result<Option<SharedKey>, String> {
    match (secret, id) {
        (None, None) => Ok(None),
        (None, Some(_)) => Err(
            "TWILIO_WEBHOOK_SHARED_KEY_ID is set without TWILIO_WEBHOOK_SHARED_KEY (the key's secret)"
                .to_owned(),
        ),
        (Some(secret), None) => Ok(Some(SharedKey::new(secret))),
        // The id is matched against `key=` of the settings header, a
        // comma-separated list: a comma, `=` or a blank could never match.
        (Some(secret), Some(id))
            if id.len() <= 128
                && id.bytes().all(|b| b.is_ascii_graphic() && b != b',' && b != b'=') =>
        {
            Ok(Some(SharedKey::with_id(id, secret)))
        }
        (Some(_), Some(_)) => Err(
            "TWILIO_WEBHOOK_SHARED_KEY_ID must be the SharedKey's id: at most 128 visible ASCII characters, without `,` or `=`"
                .to_owned(),
        ),
    }
}

/// `1,44` or `+1, +44` → {1, 44}.
fn parse_country_codes(text: &str) -> Result<BTreeSet<u16>, String> {
    let mut codes = BTreeSet::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let digits = part.strip_prefix('+').unwrap_or(part);
        match digits.parse::<u16>() {
            Ok(code) if (1..=999).contains(&code) && !digits.starts_with('0') => {
                codes.insert(code);
            }
            _ => {
                return Err(format!(
                    "ALLOWED_COUNTRY_CODES must list country calling codes separated by commas, e.g. 1,44 (got {part:?})"
                ))
            }
        }
    }
    if codes.is_empty() {
        return Err("ALLOWED_COUNTRY_CODES is set but lists no country code".to_owned());
    }
    Ok(codes)
}

/// An absolute `http(s)` URL with a host and no query or fragment.
fn check_public_base_url(text: &str) -> Result<(), String> {
    let problem = |why: &str| {
        Err(format!(
            "PUBLIC_BASE_URL must be the scheme and host Twilio calls, e.g. https://myca.example.com ({why})"
        ))
    };
    let Ok(url) = url::Url::parse(text) else {
        return problem("not an absolute URL");
    };
    if !matches!(url.scheme(), "http" | "https") {
        return problem("the scheme must be http or https");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return problem("a host is required");
    }
    if text.contains(['?', '#']) {
        return problem("no query or fragment");
    }
    Ok(())
}
