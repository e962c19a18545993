//! [`WebhookConfig`]: the auth token, and how to rebuild the URL Twilio called.

use std::fmt;
use std::sync::Arc;

use axum::http::{HeaderMap, Uri};
use secrecy::SecretString;

use crate::webhook::{RequestValidator, SharedKey, SignatureError};

/// Configuration of the webhook extractors, taken from the router state through
/// [`FromRef`](axum::extract::FromRef) (use it as the state, or implement
/// `FromRef<YourState> for WebhookConfig`). Cheap to clone.
///
/// Twilio signs the URL *it* called. Behind a reverse proxy or load balancer that
/// is not the URL the server sees (`http://10.0.0.5:8080/...` instead of
/// `https://example.com/...`), so the extractor rebuilds it, in this order:
///
/// 1. [`public_base_url`](Self::public_base_url), if set: that base followed by
///    the request's path and query (recommended in production);
/// 2. if [`trust_forwarded_headers`](Self::trust_forwarded_headers) is on, the
///    first `X-Forwarded-Proto` and `X-Forwarded-Host` values (each falling back
///    to 3.) — only enable this when a proxy you control sets them;
/// 3. the [`default_scheme`](Self::default_scheme) (`http` unless changed), the
///    `Host` header (or the request URI's authority) and the path and query.
///
/// The port does not have to match: as in Twilio's libraries, the URL is checked
/// with the port removed and with the scheme's default port added.
///
/// Under `Router::nest` the extractor sees the path without the nesting prefix;
/// include the prefix in the public base URL (`https://example.com/api`).
///
/// ```
/// use twilio_typed::webhook::WebhookConfig;
///
/// let config = WebhookConfig::new("your_auth_token")
///     .public_base_url("https://hooks.example.com")?;
/// # Ok::<(), twilio_typed::webhook::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct WebhookConfig {
    inner: Arc<Inner>,
}

#[derive(Debug, Clone)]
struct Inner {
    validator: RequestValidator,
    public_base_url: Option<String>,
    trust_forwarded_headers: bool,
    default_scheme: Scheme,
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The validator's Debug redacts the auth token.
        f.debug_struct("WebhookConfig")
            .field("validator", &self.inner.validator)
            .field("public_base_url", &self.inner.public_base_url)
            .field(
                "trust_forwarded_headers",
                &self.inner.trust_forwarded_headers,
            )
            .field("default_scheme", &self.inner.default_scheme)
            .finish()
    }
}

/// The scheme assumed when nothing says which one Twilio used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// `http` (the default: a server that does not terminate TLS itself).
    #[default]
    Http,
    /// `https` (the server terminates TLS, or a proxy always does).
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }
}

/// An invalid [`WebhookConfig`] setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The public base URL is not an absolute `http`/`https` URL without query or
    /// fragment.
    #[error("invalid public base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
}

impl WebhookConfig {
    /// Validates with `auth_token`; URL from the `Host` header over `http` until
    /// configured otherwise.
    pub fn new(auth_token: impl Into<SecretString>) -> Self {
        Self::from_validator(RequestValidator::new(auth_token))
    }

    /// Uses an existing validator.
    pub fn from_validator(validator: RequestValidator) -> Self {
        Self {
            inner: Arc::new(Inner {
                validator,
                public_base_url: None,
                trust_forwarded_headers: false,
                default_scheme: Scheme::Http,
            }),
        }
    }

    /// The scheme, host (and port, and path prefix) Twilio calls, e.g.
    /// `https://hooks.example.com` or `https://example.com/api`. The request's path
    /// and query are appended to it; a trailing `/` is ignored. The text is kept as
    /// written (the host's case matters to the signature).
    ///
    /// # Errors
    /// [`ConfigError::InvalidBaseUrl`] unless it is an absolute `http` or `https`
    /// URL with a host and no query or fragment.
    pub fn public_base_url(mut self, url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
            reason: reason.to_owned(),
        };
        let parsed = url::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(invalid("a host is required"));
        }
        if url.contains(['?', '#']) {
            return Err(invalid("no query or fragment allowed"));
        }
        Arc::make_mut(&mut self.inner).public_base_url = Some(url.trim_end_matches('/').to_owned());
        Ok(self)
    }

    /// Adds a SharedKey secret for requests Twilio signs with a Webhook
    /// Setting's key (they carry `X-Twilio-Webhooks-Signature-Settings`; see
    /// [`RequestValidator::validate_with_settings`]). Without one, such requests
    /// are refused with `403`.
    pub fn shared_key(mut self, key: SharedKey) -> Self {
        let inner = Arc::make_mut(&mut self.inner);
        inner.validator = inner.validator.clone().with_shared_key(key);
        self
    }

    /// Whether to believe `X-Forwarded-Proto` and `X-Forwarded-Host` (off by
    /// default). Ignored when a public base URL is set.
    pub fn trust_forwarded_headers(mut self, trust: bool) -> Self {
        Arc::make_mut(&mut self.inner).trust_forwarded_headers = trust;
        self
    }

    /// The scheme assumed when neither a public base URL nor a trusted
    /// `X-Forwarded-Proto` gives one (default [`Scheme::Http`]).
    pub fn default_scheme(mut self, scheme: Scheme) -> Self {
        Arc::make_mut(&mut self.inner).default_scheme = scheme;
        self
    }

    /// The validator.
    pub fn validator(&self) -> &RequestValidator {
        &self.inner.validator
    }

    /// The URL Twilio called, rebuilt from a request's URI and headers as
    /// described on [`WebhookConfig`].
    ///
    /// # Errors
    /// [`SignatureError::InvalidUrl`] when no host can be found.
    pub fn request_url(&self, uri: &Uri, headers: &HeaderMap) -> Result<String, SignatureError> {
        let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
        if let Some(base) = &self.inner.public_base_url {
            return Ok(format!("{base}{path_and_query}"));
        }
        let forwarded = |name: &str| {
            self.inner
                .trust_forwarded_headers
                .then(|| first_value(headers, name))
                .flatten()
        };
        let scheme = forwarded("x-forwarded-proto")
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| self.inner.default_scheme.as_str().to_owned());
        let host = forwarded("x-forwarded-host")
            .or_else(|| first_value(headers, "host"))
            .or_else(|| uri.authority().map(|a| a.as_str()))
            .ok_or(SignatureError::InvalidUrl)?;
        Ok(format!("{scheme}://{host}{path_and_query}"))
    }
}

/// The first comma-separated value of a header, trimmed; `None` if absent, empty
/// or not UTF-8.
fn first_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let value = headers.get(name)?.to_str().ok()?;
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn rebuilds_the_url() {
        let uri: Uri = "/twilio/sms?x=1".parse().unwrap();
        let h = headers(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-proto", "HTTPS, http"),
            ("x-forwarded-host", "hooks.example.com"),
        ]);
        let config = WebhookConfig::new("t");
        assert_eq!(
            config.request_url(&uri, &h).unwrap(),
            "http://10.0.0.5:8080/twilio/sms?x=1"
        );
        let config = config.trust_forwarded_headers(true);
        assert_eq!(
            config.request_url(&uri, &h).unwrap(),
            "https://hooks.example.com/twilio/sms?x=1"
        );
        let config = config.public_base_url("https://Example.com/api/").unwrap();
        assert_eq!(
            config.request_url(&uri, &h).unwrap(),
            "https://Example.com/api/twilio/sms?x=1"
        );
        let config = WebhookConfig::new("t").default_scheme(Scheme::Https);
        assert_eq!(
            config.request_url(&uri, &h).unwrap(),
            "https://10.0.0.5:8080/twilio/sms?x=1"
        );
        assert_eq!(
            config.request_url(&uri, &HeaderMap::new()),
            Err(SignatureError::InvalidUrl)
        );
    }

    #[test]
    fn rejects_bad_base_urls() {
        for url in [
            "example.com",
            "ftp://example.com",
            "https://example.com/?a=1",
            "https://e.com/#x",
        ] {
            assert!(
                WebhookConfig::new("t").public_base_url(url).is_err(),
                "{url}"
            );
        }
    }

    #[test]
    fn debug_redacts_the_token() {
        let debug = format!("{:?}", WebhookConfig::new("very-secret"));
        assert!(!debug.contains("very-secret"), "{debug}");
    }
}
