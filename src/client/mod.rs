//! [`TwilioClient`] and its [`ClientBuilder`]: credentials, sender defaults and
//! HTTP settings, configured once (`builder.rs`, from code or the
//! environment) and shared for the life of a service.

mod builder;
mod tls;

pub use builder::ClientBuilder;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use crate::http::pacing::Pacer;
use crate::http::redact::display_url;
use crate::{AccountSid, Error, MessagingServiceSid, RetryPolicy, E164};

/// Twilio's REST API host when no region or edge is set.
const DEFAULT_BASE_URL: &str = "https://api.twilio.com/";
/// Default time allowed for one attempt (connect, send, read the answer).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time allowed for one API call, all attempts and waits included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// Default bound on a response body; Twilio's largest page is far below it.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
/// Default time allowed to establish a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A client for Twilio's REST API (2010-04-01).
///
/// Cheap to clone (the clones share one connection pool and configuration),
/// `Send + Sync`, and meant to live for the whole life of a service, e.g. in
/// axum state. Its `Debug` output never shows a secret.
///
/// ```
/// use twilio_typed::TwilioClient;
///
/// let client = TwilioClient::builder()
///     .account_sid("AC0123456789abcdef0123456789abcdef")
///     .auth_token("your_auth_token")
///     .from_number("+12025551234")
///     .build()?;
/// assert!(!format!("{client:?}").contains("your_auth_token"));
/// # Ok::<(), twilio_typed::Error>(())
/// ```
#[derive(Clone)]
pub struct TwilioClient {
    pub(crate) inner: Arc<Inner>,
}

/// The shared state behind every clone of a [`TwilioClient`].
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) account_sid: AccountSid,
    /// Basic-auth user: the account SID, or the API key SID.
    pub(crate) auth_user: String,
    pub(crate) default_from: Option<E164>,
    pub(crate) messaging_service: Option<MessagingServiceSid>,
    /// Always ends with `/`.
    pub(crate) base_url: Url,
    /// `{base_url}2010-04-01/Accounts/{AccountSid}/`, built once so a request
    /// only joins its resource path to it.
    pub(crate) account_url: Url,
    /// Per attempt.
    pub(crate) timeout: Duration,
    /// Per call, all attempts and waits included.
    pub(crate) deadline: Duration,
    pub(crate) max_response_bytes: usize,
    /// The `User-Agent` header value, built once.
    pub(crate) user_agent: HeaderValue,
    /// The `Authorization: Basic ...` header value, built once and marked
    /// sensitive (as reqwest's `basic_auth` does), so it never shows in logs.
    pub(crate) authorization: HeaderValue,
    pub(crate) retry: RetryPolicy,
    pub(crate) pacer: Option<Pacer>,
    /// Where each domain of the generated layer is.
    pub(crate) domains: Domains,
}

/// The hosts of Twilio's domains (`lookups`, `verify`, ...): one per domain
/// set on the builder, else the base URL when one was set (a mock serves
/// them all), else `https://{domain}[.{edge}][.{region}].twilio.com/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Domains {
    pub(crate) region: Option<String>,
    pub(crate) edge: Option<String>,
    /// The base URL set on the builder (`TWILIO_BASE_URL`), for every domain.
    pub(crate) base_url: Option<Url>,
    /// Per domain, each ending with `/`.
    pub(crate) each: Vec<(String, Url)>,
}

impl Domains {
    /// The root URL of `domain`'s host, ending with `/`.
    pub(crate) fn url(&self, domain: &str, api: &Url) -> Result<Url, Error> {
        if let Some((_, url)) = self.each.iter().find(|(d, _)| d == domain) {
            return Ok(url.clone());
        }
        if let Some(url) = &self.base_url {
            return Ok(url.clone());
        }
        if domain == "api" {
            return Ok(api.clone());
        }
        let host = match (self.edge.as_deref(), self.region.as_deref()) {
            (None, None) => format!("{domain}.twilio.com"),
            (Some(edge), region) => {
                format!("{domain}.{edge}.{}.twilio.com", region.unwrap_or("us1"))
            }
            (None, Some(region)) => format!("{domain}.{region}.twilio.com"),
        };
        Url::parse(&format!("https://{host}/")).map_err(|e| Error::invalid("region", e))
    }
}

impl fmt::Debug for TwilioClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("TwilioClient")
            .field("account_sid", &inner.account_sid)
            .field("auth_user", &inner.auth_user)
            .field("auth_secret", &"<redacted>")
            .field("default_from", &inner.default_from)
            .field("messaging_service", &inner.messaging_service)
            .field("base_url", &display_url(&inner.base_url))
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("retry", &inner.retry)
            .field("pacer", &inner.pacer)
            .field(
                "domain_base_urls",
                &inner
                    .domains
                    .each
                    .iter()
                    .map(|(d, u)| (d.as_str(), display_url(u)))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl TwilioClient {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A `reqwest::ClientBuilder` with the TLS this crate's own client uses:
    /// start from it to give [`ClientBuilder::http_client`] a client of your
    /// own (a proxy, other pool settings), or for any other reqwest client of
    /// a program that enables no TLS feature of reqwest itself.
    ///
    /// With the `rustls` feature (the default), reqwest is built without a
    /// crypto provider of its own (its `rustls-no-provider` feature; the
    /// default one, aws-lc-rs, takes long to build), so a plain
    /// `reqwest::Client::new()` panics unless another crate of the program
    /// enables reqwest's `rustls` or installs a process-wide provider. This
    /// builder carries rustls on *ring* with the system's root certificates,
    /// checked by the platform's verifier as reqwest's default does. With
    /// `native-tls`, it is `reqwest::Client::builder()`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use twilio_typed::TwilioClient;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let http = TwilioClient::http_client_builder()?
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .pool_idle_timeout(Duration::from_secs(30))
    ///     .build()?;
    /// let client = TwilioClient::builder()
    ///     .account_sid("AC0123456789abcdef0123456789abcdef")
    ///     .auth_token("token")
    ///     .http_client(http)
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::Tls`] when the TLS configuration cannot be built (no CA
    /// certificate could be loaded from the system's store).
    pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
        tls::reqwest_builder()
    }

    /// Configures a client from the process environment.
    ///
    /// | variable | |
    /// |---|---|
    /// | `TWILIO_ACCOUNT_SID` | required |
    /// | `TWILIO_AUTH_TOKEN` | required unless an API key is set |
    /// | `TWILIO_PHONE_NUMBER` | required: the default sender, E.164 |
    /// | `TWILIO_API_KEY`, `TWILIO_API_SECRET` | optional API-key authentication (both or neither) |
    /// | `TWILIO_BASE_URL` | optional: another API host, e.g. a local mock |
    /// | `TWILIO_REGION`, `TWILIO_EDGE` | optional: Twilio region and edge |
    ///
    /// Empty values count as unset.
    ///
    /// # Errors
    /// [`Error::NotConfigured`] naming every missing variable (its text is
    /// `Twilio not configured. Set ...`), or [`Error::InvalidInput`] naming
    /// the variable whose value is malformed.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup`
    /// (a map, a `.env` file merged with the environment, a test fixture).
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        ClientBuilder::from_env_with(lookup)?.build()
    }

    /// The account whose resources this client reads and creates.
    pub fn account_sid(&self) -> &AccountSid {
        &self.inner.account_sid
    }

    /// The default sender, used when a request sets no `from`.
    pub fn default_from(&self) -> Option<&E164> {
        self.inner.default_from.as_ref()
    }

    /// The default messaging service, used by messages that set no sender.
    pub fn messaging_service(&self) -> Option<&MessagingServiceSid> {
        self.inner.messaging_service.as_ref()
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The root URL that requests of Twilio's domain `domain` (`lookups`,
    /// `verify`, `api`, the first label of its host) go to.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when region or edge make no valid host.
    pub fn domain_url(&self, domain: &str) -> Result<Url, Error> {
        self.inner.domains.url(domain, &self.inner.base_url)
    }
}
