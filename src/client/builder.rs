//! [`ClientBuilder`]: a [`TwilioClient`] configured from code or from the
//! process environment (`TWILIO_*`), checked once by `build()`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

use super::{
    Inner, TwilioClient, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
use crate::error::NotConfigured;
use crate::http::input::Deferred;
use crate::http::redact::display_url;
use crate::{AccountSid, ApiKeySid, Error, MessagingServiceSid, Pacing, RetryPolicy, E164};

/// Configures a [`TwilioClient`]; finished by [`build`](ClientBuilder::build).
///
/// Setters that take strings validate them; the first invalid value is
/// reported by `build()`.
#[must_use]
#[derive(Default)]
pub struct ClientBuilder {
    errors: Deferred,
    account_sid: Option<AccountSid>,
    auth_token: Option<SecretString>,
    api_key: Option<(ApiKeySid, SecretString)>,
    default_from: Option<E164>,
    messaging_service: Option<MessagingServiceSid>,
    base_url: Option<Url>,
    region: Option<String>,
    edge: Option<String>,
    domain_urls: Vec<(String, Url)>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    http: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
    deadline: Option<Duration>,
    max_response_bytes: Option<usize>,
    pacing: Option<Pacing>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("account_sid", &self.account_sid)
            .field(
                "auth_token",
                &self.auth_token.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "api_key",
                &self.api_key.as_ref().map(|(sid, _)| (sid, "<redacted>")),
            )
            .field("default_from", &self.default_from)
            .field("messaging_service", &self.messaging_service)
            .field("base_url", &self.base_url.as_ref().map(display_url))
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry", &self.retry)
            .field("deadline", &self.deadline)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("pacing", &self.pacing)
            .finish_non_exhaustive()
    }
}

fn is_host_label(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 63
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl ClientBuilder {
    /// Reads the variables [`TwilioClient::from_env`] documents through `lookup`.
    ///
    /// # Errors
    /// As [`TwilioClient::from_env`].
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let account_sid = get("TWILIO_ACCOUNT_SID");
        let auth_token = get("TWILIO_AUTH_TOKEN");
        let phone = get("TWILIO_PHONE_NUMBER");
        let api_key = get("TWILIO_API_KEY");
        let api_secret = get("TWILIO_API_SECRET");

        let mut missing = Vec::new();
        if account_sid.is_none() {
            missing.push("TWILIO_ACCOUNT_SID");
        }
        match (&api_key, &api_secret) {
            (Some(_), None) => missing.push("TWILIO_API_SECRET"),
            (None, Some(_)) => missing.push("TWILIO_API_KEY"),
            (None, None) if auth_token.is_none() => missing.push("TWILIO_AUTH_TOKEN"),
            _ => {}
        }
        if phone.is_none() {
            missing.push("TWILIO_PHONE_NUMBER");
        }
        if !missing.is_empty() {
            return Err(NotConfigured { missing }.into());
        }

        let sid = account_sid.unwrap_or_default();
        let mut builder = Self::default().account_sid(
            AccountSid::parse(&sid).map_err(|e| Error::invalid("TWILIO_ACCOUNT_SID", e))?,
        );
        let phone = phone.unwrap_or_default();
        builder = builder.from_number(
            E164::parse(&phone).map_err(|e| Error::invalid("TWILIO_PHONE_NUMBER", e))?,
        );
        if let (Some(key), Some(secret)) = (api_key, api_secret) {
            let key = ApiKeySid::parse(&key).map_err(|e| Error::invalid("TWILIO_API_KEY", e))?;
            builder = builder.api_key(key, secret);
        } else if let Some(token) = auth_token {
            builder = builder.auth_token(token);
        }
        if let Some(url) = get("TWILIO_BASE_URL") {
            let url = Url::parse(&url).map_err(|e| Error::invalid("TWILIO_BASE_URL", e))?;
            builder = builder.base_url(url);
        }
        if let Some(region) = get("TWILIO_REGION") {
            builder = builder.region(region);
        }
        if let Some(edge) = get("TWILIO_EDGE") {
            builder = builder.edge(edge);
        }
        builder.errors.check()?;
        Ok(builder)
    }

    /// The account SID (`AC...`): whose resources are used. Required.
    pub fn account_sid<S>(mut self, sid: S) -> Self
    where
        S: TryInto<AccountSid>,
        S::Error: fmt::Display,
    {
        self.account_sid = self.errors.take("account_sid", sid);
        self
    }

    /// Authenticates with the account's auth token.
    pub fn auth_token(mut self, token: impl Into<String>) -> Self {
        self.auth_token = Some(SecretString::from(token.into()));
        self
    }

    /// Authenticates with an API key (Twilio's recommendation for production):
    /// the key SID (`SK...`) is the basic-auth user, the secret its password.
    /// The account SID still names the account in request paths.
    pub fn api_key<K>(mut self, key_sid: K, secret: impl Into<String>) -> Self
    where
        K: TryInto<ApiKeySid>,
        K::Error: fmt::Display,
    {
        if let Some(sid) = self.errors.take("api_key", key_sid) {
            self.api_key = Some((sid, SecretString::from(secret.into())));
        }
        self
    }

    /// The default sender (`From`) of messages and calls.
    pub fn from_number<N>(mut self, number: N) -> Self
    where
        N: TryInto<E164>,
        N::Error: fmt::Display,
    {
        self.default_from = self.errors.take("from_number", number);
        self
    }

    /// The default messaging service (`MG...`) for messages that set no sender.
    /// Takes precedence over [`from_number`](Self::from_number) for messages.
    pub fn messaging_service<S>(mut self, sid: S) -> Self
    where
        S: TryInto<MessagingServiceSid>,
        S::Error: fmt::Display,
    {
        self.messaging_service = self.errors.take("messaging_service", sid);
        self
    }

    /// Sends requests to another host (a mock, a proxy). Overrides region and edge.
    pub fn base_url<U>(mut self, url: U) -> Self
    where
        U: TryInto<Url>,
        U::Error: fmt::Display,
    {
        if let Some(url) = self.errors.take::<Url, _>("base_url", url) {
            if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                self.errors.fail("base_url", "must be an http(s) URL");
            } else {
                self.base_url = Some(url);
            }
        }
        self
    }

    /// Sends the requests of one of Twilio's domains (`lookups`, `verify`,
    /// `messaging`: the first label of its host) to another host, e.g. a
    /// mock serving that domain's OpenAPI file. Overrides
    /// [`base_url`](Self::base_url), region and edge for that domain.
    pub fn domain_base_url<U>(mut self, domain: &str, url: U) -> Self
    where
        U: TryInto<Url>,
        U::Error: fmt::Display,
    {
        if domain.is_empty() || !domain.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            self.errors.fail(
                "domain_base_url",
                "the domain must be a host label such as lookups",
            );
            return self;
        }
        if let Some(mut url) = self.errors.take::<Url, _>("domain_base_url", url) {
            if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                self.errors
                    .fail("domain_base_url", "must be an http(s) URL");
            } else {
                if !url.path().ends_with('/') {
                    let path = format!("{}/", url.path());
                    url.set_path(&path);
                }
                self.domain_urls.retain(|(d, _)| d != domain);
                self.domain_urls.push((domain.to_owned(), url));
            }
        }
        self
    }

    /// Twilio region, e.g. `ie1`, `au1` (host `api.<edge>.<region>.twilio.com`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        let region = region.into();
        if is_host_label(&region) {
            self.region = Some(region);
        } else {
            self.errors
                .fail("region", "must be a lowercase name such as ie1");
        }
        self
    }

    /// Twilio edge location, e.g. `dublin`, `sydney`.
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        let edge = edge.into();
        if is_host_label(&edge) {
            self.edge = Some(edge);
        } else {
            self.errors
                .fail("edge", "must be a lowercase name such as dublin");
        }
        self
    }

    /// Time allowed to establish a connection (default 10 s). Ignored with
    /// [`http_client`](Self::http_client), whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for **one attempt**: connecting, sending and reading the
    /// whole answer (default 30 s). See [`deadline`](Self::deadline) for the
    /// bound on a whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed for **one API call**, every attempt and every wait
    /// between attempts included (default 60 s, [`DEFAULT_DEADLINE`]).
    /// An attempt is cut at the deadline, and no retry starts when its wait
    /// would end past it.
    ///
    /// The deadline starts at the first attempt: queueing for
    /// [`pacing`](Self::pacing) before it (the sender's rate slot, a place in
    /// flight) is **not** counted, however long; queueing before a retry is.
    /// To bound a call queueing included, wrap it in `tokio::time::timeout`
    /// (dropping a call while it queues sends nothing).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        if deadline.is_zero() {
            self.errors.fail("deadline", "must be longer than zero");
        } else {
            self.deadline = Some(deadline);
        }
        self
    }

    /// The largest response body read, in bytes (default 4 MiB,
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]). Reading stops past it and the call
    /// fails with [`Error::ResponseTooLarge`]; an error answer over it keeps
    /// its status and only the start of its body. Must be at least 1 KiB.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        if bytes >= 1024 {
            self.max_response_bytes = Some(bytes);
        } else {
            self.errors
                .fail("max_response_bytes", "must be at least 1024 bytes");
        }
        self
    }

    /// Paces what the client sends: a per-sender rate and a maximum of calls
    /// in flight (default: no pacing). See [`Pacing`].
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = Some(pacing);
        self
    }

    /// Appended to the `User-Agent` header, e.g. `myca-orchestrator/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        let suffix = suffix.into();
        if suffix.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            self.user_agent_suffix = Some(suffix);
        } else {
            self.errors
                .fail("user_agent_suffix", "must be printable ASCII");
        }
        self
    }

    /// Uses a caller-supplied HTTP client (its pool, proxy and TLS settings).
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: Twilio
    /// never redirects, and a client that follows a redirect has already
    /// re-sent the request (a `307`/`308` re-posts the form: the message
    /// text, the call's TwiML) before this crate sees the answer. The call
    /// still fails with [`Error::Redirect`] whenever the answer came from a
    /// URL other than the one requested, on the same host or another, but
    /// the re-sent request cannot be taken back.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Builds the client.
    ///
    /// Build the client once, at startup, and clone it (clones share the
    /// connection pool).
    ///
    /// # Errors
    /// The first invalid setting ([`Error::InvalidInput`]), missing account
    /// SID or credentials ([`Error::NotConfigured`]), TLS that cannot be set
    /// up ([`Error::Tls`]), or an HTTP client that cannot be built
    /// ([`Error::Transport`]).
    pub fn build(mut self) -> Result<TwilioClient, Error> {
        self.errors.check()?;
        let mut missing = Vec::new();
        if self.account_sid.is_none() {
            missing.push("account_sid");
        }
        if self.auth_token.is_none() && self.api_key.is_none() {
            missing.push("auth_token or api_key");
        }
        let (Some(account_sid), true) = (self.account_sid, missing.is_empty()) else {
            return Err(NotConfigured { missing }.into());
        };
        let (auth_user, auth_secret) = match (self.api_key, self.auth_token) {
            (Some((key, secret)), _) => (key.as_str().to_owned(), secret),
            (None, Some(token)) => (account_sid.as_str().to_owned(), token),
            (None, None) => {
                return Err(NotConfigured {
                    missing: vec!["auth_token or api_key"],
                }
                .into())
            }
        };
        let explicit_base = self.base_url.is_some();
        let base_url = match self.base_url {
            Some(mut url) => {
                if !url.path().ends_with('/') {
                    let path = format!("{}/", url.path());
                    url.set_path(&path);
                }
                url
            }
            None => regional_base_url(self.region.as_deref(), self.edge.as_deref())?,
        };
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = match self.http {
            Some(http) => http,
            None => super::tls::reqwest_builder()?
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .timeout(timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|source| Error::Transport { source })?,
        };
        let pacer = match &self.pacing {
            Some(pacing) => Some(pacing.build(account_sid.as_str())?),
            None => None,
        };
        let mut user_agent = format!("twilio-typed/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(&suffix);
        }
        // The suffix is checked to be printable ASCII, so this cannot fail.
        let user_agent = HeaderValue::try_from(user_agent)
            .map_err(|e| Error::invalid("user_agent_suffix", e))?;
        let authorization = basic_authorization(&auth_user, &auth_secret)?;
        let account_url = base_url
            .join(&format!("2010-04-01/Accounts/{}/", account_sid.as_str()))
            .map_err(|e| Error::invalid("base_url", e))?;
        let domains = super::Domains {
            region: self.region,
            edge: self.edge,
            base_url: explicit_base.then(|| base_url.clone()),
            each: self.domain_urls,
        };
        Ok(TwilioClient {
            inner: Arc::new(Inner {
                http,
                account_sid,
                auth_user,
                default_from: self.default_from,
                messaging_service: self.messaging_service,
                base_url,
                account_url,
                timeout,
                deadline: self.deadline.unwrap_or(DEFAULT_DEADLINE),
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                user_agent,
                authorization,
                retry: self.retry.unwrap_or_default(),
                pacer,
                domains,
            }),
        })
    }
}

/// `Basic base64(user:secret)`, marked sensitive: the header reqwest's
/// `basic_auth` builds, made once per client instead of once per request.
fn basic_authorization(user: &str, secret: &SecretString) -> Result<HeaderValue, Error> {
    let mut credentials = String::with_capacity(user.len() + 1 + secret.expose_secret().len());
    credentials.push_str(user);
    credentials.push(':');
    credentials.push_str(secret.expose_secret());
    let mut value = String::from("Basic ");
    base64::engine::general_purpose::STANDARD.encode_string(credentials.as_bytes(), &mut value);
    // "Basic " and base64 are always a valid header value; the error
    // names the field only, as its value would be the secret.
    let mut header = HeaderValue::try_from(value)
        .map_err(|_| Error::invalid("auth_token", "is not a valid HTTP header value"))?;
    header.set_sensitive(true);
    Ok(header)
}

/// `https://api[.edge][.region].twilio.com/`; an edge alone implies region `us1`
/// (as Twilio's helper libraries do).
fn regional_base_url(region: Option<&str>, edge: Option<&str>) -> Result<Url, Error> {
    let host = match (edge, region) {
        (None, None) => {
            return Url::parse(DEFAULT_BASE_URL).map_err(|e| Error::invalid("base_url", e))
        }
        (Some(edge), region) => format!("api.{edge}.{}.twilio.com", region.unwrap_or("us1")),
        (None, Some(region)) => format!("api.{region}.twilio.com"),
    };
    Url::parse(&format!("https://{host}/")).map_err(|e| Error::invalid("region", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str = "AC0123456789abcdef0123456789abcdef";

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn from_env_names_every_missing_variable() {
        let err = TwilioClient::from_env_with(env(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Twilio not configured. Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER"
        );
        let err = TwilioClient::from_env_with(env(&[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_AUTH_TOKEN", " "),
        ]))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Twilio not configured. Set TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER"
        );
    }

    #[test]
    fn from_env_rejects_malformed_values_naming_the_variable() {
        let err = TwilioClient::from_env_with(env(&[
            ("TWILIO_ACCOUNT_SID", "ACnope"),
            ("TWILIO_AUTH_TOKEN", "t"),
            ("TWILIO_PHONE_NUMBER", "+12025551234"),
        ]))
        .unwrap_err();
        assert!(
            err.to_string().starts_with("invalid TWILIO_ACCOUNT_SID:"),
            "{err}"
        );
        let err = TwilioClient::from_env_with(env(&[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_AUTH_TOKEN", "t"),
            ("TWILIO_PHONE_NUMBER", "2025551234"),
        ]))
        .unwrap_err();
        assert!(
            err.to_string().starts_with("invalid TWILIO_PHONE_NUMBER:"),
            "{err}"
        );
    }

    #[test]
    fn from_env_reads_everything() {
        let client = TwilioClient::from_env_with(env(&[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"),
            ("TWILIO_API_SECRET", "key-secret"),
            ("TWILIO_PHONE_NUMBER", "+1 202 555 1234"),
            ("TWILIO_BASE_URL", "http://127.0.0.1:4010"),
        ]))
        .unwrap();
        assert_eq!(client.inner.auth_user, "SK0123456789abcdef0123456789abcdef");
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:4010/");
        assert_eq!(client.default_from().unwrap().as_str(), "+12025551234");
    }

    #[test]
    fn region_and_edge_pick_the_host() {
        let b = || TwilioClient::builder().account_sid(SID).auth_token("t");
        assert_eq!(
            b().build().unwrap().base_url().as_str(),
            "https://api.twilio.com/"
        );
        assert_eq!(
            b().region("ie1")
                .edge("dublin")
                .build()
                .unwrap()
                .base_url()
                .as_str(),
            "https://api.dublin.ie1.twilio.com/"
        );
        assert_eq!(
            b().edge("sydney").build().unwrap().base_url().as_str(),
            "https://api.sydney.us1.twilio.com/"
        );
        assert_eq!(
            b().region("au1").build().unwrap().base_url().as_str(),
            "https://api.au1.twilio.com/"
        );
        assert!(b()
            .region("IE1/../x")
            .build()
            .unwrap_err()
            .is_invalid_input());
        assert!(b()
            .base_url("ftp://x")
            .build()
            .unwrap_err()
            .is_invalid_input());
    }

    #[test]
    fn builder_requires_credentials() {
        let err = TwilioClient::builder()
            .account_sid(SID)
            .build()
            .unwrap_err();
        assert!(err.is_not_configured());
        let err = TwilioClient::builder().auth_token("t").build().unwrap_err();
        assert!(err.is_not_configured());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let builder = TwilioClient::builder()
            .account_sid(SID)
            .auth_token("super-secret-token")
            .api_key("SK0123456789abcdef0123456789abcdef", "super-secret-key");
        assert!(!format!("{builder:?}").contains("super-secret"));
        let client = builder.build().unwrap();
        let text = format!("{client:?} {client:#?}");
        assert!(!text.contains("super-secret"), "{text}");
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn debug_never_shows_url_userinfo() {
        let builder = TwilioClient::builder()
            .account_sid(SID)
            .auth_token("t")
            .base_url("http://proxyuser:proxy-pass-9@127.0.0.1:4010/");
        let text = format!("{builder:?}");
        assert!(
            !text.contains("proxy-pass-9") && !text.contains("proxyuser"),
            "{text}"
        );
        assert!(text.contains("http://<redacted>@127.0.0.1:4010/"), "{text}");
        let client = builder.build().unwrap();
        let text = format!("{client:?} {client:#?}");
        assert!(
            !text.contains("proxy-pass-9") && !text.contains("proxyuser"),
            "{text}"
        );
    }

    #[test]
    fn limits_are_validated_and_defaulted() {
        let b = || TwilioClient::builder().account_sid(SID).auth_token("t");
        let client = b().build().unwrap();
        assert_eq!(client.inner.deadline, DEFAULT_DEADLINE);
        assert_eq!(client.inner.max_response_bytes, 4 * 1024 * 1024);
        let err = b().deadline(Duration::ZERO).build().unwrap_err();
        assert!(err.to_string().starts_with("invalid deadline:"), "{err}");
        let err = b().max_response_bytes(10).build().unwrap_err();
        assert!(
            err.to_string().starts_with("invalid max_response_bytes:"),
            "{err}"
        );
        for (pacing, field) in [
            (Pacing::new().per_sender(0), "pacing.per_sender"),
            (Pacing::new().per_sender(1).burst(0), "pacing.burst"),
            (Pacing::new().max_in_flight(0), "pacing.max_in_flight"),
        ] {
            let err = b().pacing(pacing).build().unwrap_err();
            assert!(
                err.to_string().starts_with(&format!("invalid {field}:")),
                "{err}"
            );
        }
    }

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<TwilioClient>();
        let a = TwilioClient::builder()
            .account_sid(SID)
            .auth_token("t")
            .build()
            .unwrap();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
    }
}
