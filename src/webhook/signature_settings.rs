//! Webhooks signed with a SharedKey: the `X-Twilio-Webhooks-Signature-Settings`
//! header, HMAC-SHA256, and validation with the key's secret.
//!
//! When a Webhook Rule of Twilio's Webhooks configuration API matches a webhook
//! URL, Twilio signs the request with the rule's SharedKey secret instead of the
//! auth token, with the algorithm the Setting names, and says so in
//! `X-Twilio-Webhooks-Signature-Settings: key=<shared key id>,algorithm=<name>`.
//! Only the hash and the key change: the signed string is still the URL (in both
//! port spellings) followed by the sorted parameters, or the URL carrying
//! `bodySHA256` for a JSON body, and the signature is still base64 in
//! `X-Twilio-Signature`.
//!
//! This follows twilio-python 9.13's `get_signature_algorithm` and
//! `RequestValidator.validate(..., algorithm)`, checked against vectors it
//! generated (`tests/fixtures/webhook/signatures_sha256.json`).

use std::fmt;
use std::str::FromStr;

use hmac::Hmac;
use secrecy::{ExposeSecret, SecretString};
use sha1::Sha1;
use sha2::Sha256;

use super::error::SignatureError;
use super::signature::{
    check_body, joined_params, keyed, matches, sign, ParamPair, RequestValidator,
};
use super::signed_url::{clean, SignedUrl};

/// The header naming the SharedKey and algorithm of a request not signed with
/// the auth token.
pub const SIGNATURE_SETTINGS_HEADER: &str = "X-Twilio-Webhooks-Signature-Settings";

/// The HMAC a webhook signature is computed with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// `HMAC_SHA1`: the auth-token signature, and the default when the settings
    /// header names no algorithm.
    #[default]
    HmacSha1,
    /// `HMAC_SHA256`.
    HmacSha256,
}

impl SignatureAlgorithm {
    /// The name Twilio uses: `HMAC_SHA1` or `HMAC_SHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HmacSha1 => "HMAC_SHA1",
            Self::HmacSha256 => "HMAC_SHA256",
        }
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SignatureAlgorithm {
    type Err = SignatureError;

    /// Case-insensitive, as twilio-python compares `algorithm.upper()`.
    ///
    /// # Errors
    /// [`SignatureError::UnsupportedAlgorithm`] for any other name: a request
    /// signed with an algorithm this crate does not know is never accepted.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Python's `str.upper()` and Rust's `to_uppercase` both apply Unicode's
        // full case mapping, so the accepted spellings are the same.
        match s.to_uppercase().as_str() {
            "HMAC_SHA1" => Ok(Self::HmacSha1),
            "HMAC_SHA256" => Ok(Self::HmacSha256),
            _ => Err(SignatureError::UnsupportedAlgorithm),
        }
    }
}

/// The value of `X-Twilio-Webhooks-Signature-Settings`, parsed.
///
/// The header is a comma-separated list of `name=value` pairs; `key` names the
/// SharedKey (e.g. `webhooks_sharedkey_...`) and `algorithm` the HMAC. As in
/// twilio-python, the first `algorithm` with a non-empty value counts, blanks
/// around names and values are ignored, and no `algorithm` means `HMAC_SHA1`;
/// other names are ignored.
///
/// ```
/// use twilio_typed::webhook::{SignatureAlgorithm, SignatureSettings};
///
/// let settings: SignatureSettings = "key=webhooks_sharedkey_01,algorithm=HMAC_SHA256".parse()?;
/// assert_eq!(settings.algorithm(), SignatureAlgorithm::HmacSha256);
/// assert_eq!(settings.key_id(), Some("webhooks_sharedkey_01"));
/// assert!("algorithm=HMAC_MD5".parse::<SignatureSettings>().is_err());
/// # Ok::<(), twilio_typed::webhook::SignatureError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureSettings {
    key_id: Option<String>,
    algorithm: SignatureAlgorithm,
}

impl SignatureSettings {
    /// The SharedKey id (`key=`), if the header names one.
    pub fn key_id(&self) -> Option<&str> {
        self.key_id.as_deref()
    }

    /// The algorithm (`algorithm=`, `HMAC_SHA1` when absent).
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }
}

impl FromStr for SignatureSettings {
    type Err = SignatureError;

    /// # Errors
    /// [`SignatureError::UnsupportedAlgorithm`] when the algorithm is not
    /// `HMAC_SHA1` or `HMAC_SHA256`.
    fn from_str(header: &str) -> Result<Self, Self::Err> {
        let value_of = |wanted: &str| {
            header.split(',').find_map(|part| {
                let (name, value) = part.split_once('=')?;
                let value = py_strip(value);
                (py_strip(name) == wanted && !value.is_empty()).then_some(value)
            })
        };
        let algorithm = match value_of("algorithm") {
            Some(name) => name.parse()?,
            None => SignatureAlgorithm::HmacSha1,
        };
        Ok(Self {
            key_id: value_of("key").map(str::to_owned),
            algorithm,
        })
    }
}

/// Python's `str.strip()`: Unicode white space plus the ASCII separators
/// U+001C to U+001F, which Python also counts as space.
fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// The secret of a Twilio SharedKey, used instead of the auth token for
/// webhooks whose Webhook Setting names it. `Debug` prints the id, never the
/// secret.
///
/// ```
/// use twilio_typed::webhook::{RequestValidator, SharedKey};
///
/// let validator = RequestValidator::new("your_auth_token")
///     .with_shared_key(SharedKey::new("your_shared_key_secret"));
/// assert!(!format!("{validator:?}").contains("your_shared_key_secret"));
/// ```
#[derive(Clone)]
pub struct SharedKey {
    id: Option<String>,
    secret: SecretString,
}

impl fmt::Debug for SharedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedKey")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl SharedKey {
    /// A key used for any request carrying the settings header, whatever
    /// `key=` it names.
    pub fn new(secret: impl Into<SecretString>) -> Self {
        Self {
            id: None,
            secret: secret.into(),
        }
    }

    /// A key used only for requests whose settings header names `id` (so that
    /// during a rotation the old and the new key can both be configured).
    pub fn with_id(id: impl Into<String>, secret: impl Into<SecretString>) -> Self {
        Self {
            id: Some(id.into()),
            secret: secret.into(),
        }
    }

    /// The SharedKey id this secret is restricted to, if any.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The signature Twilio would send, signing with this key and `algorithm`,
    /// for a form POST of `params` to `url` (signed verbatim, like
    /// [`RequestValidator::compute_signature`]).
    pub fn compute_signature<I, P>(
        &self,
        algorithm: SignatureAlgorithm,
        url: &str,
        params: I,
    ) -> String
    where
        I: IntoIterator<Item = P>,
        P: ParamPair,
    {
        let joined = joined_params(params);
        let secret = self.secret.expose_secret().as_bytes();
        match algorithm {
            SignatureAlgorithm::HmacSha1 => sign(keyed::<Hmac<Sha1>>(secret), url, &joined),
            SignatureAlgorithm::HmacSha256 => sign(keyed::<Hmac<Sha256>>(secret), url, &joined),
        }
    }

    /// Whether this key may have signed a request naming `key_id`.
    fn matches(&self, key_id: Option<&str>) -> bool {
        match (&self.id, key_id) {
            (None, _) => true,
            (Some(own), Some(named)) => own == named,
            (Some(_), None) => false,
        }
    }
}

impl RequestValidator {
    /// Adds a SharedKey secret, used for requests that carry
    /// `X-Twilio-Webhooks-Signature-Settings`. Several keys can be added (e.g.
    /// the old and the new one during a rotation); each is tried.
    pub fn with_shared_key(mut self, key: SharedKey) -> Self {
        self.shared_keys.push(key);
        self
    }

    /// Checks a form-encoded webhook whatever it was signed with: `settings` is
    /// the value of the `X-Twilio-Webhooks-Signature-Settings` header.
    ///
    /// Without that header (`None` or empty), this is
    /// [`validate`](Self::validate): the auth token and HMAC-SHA1. With it, the
    /// signature must match one of the [shared keys](Self::with_shared_key)
    /// (those restricted to another key id are skipped) under the header's
    /// algorithm — never the auth token.
    ///
    /// ```
    /// use twilio_typed::webhook::{RequestValidator, SharedKey, SignatureAlgorithm};
    ///
    /// let key = SharedKey::new("shared-secret");
    /// let validator = RequestValidator::new("auth-token").with_shared_key(key.clone());
    /// let url = "https://example.com/twilio/sms";
    /// let params = [("Body", "Hi"), ("From", "+14155550199")];
    /// let signature = key.compute_signature(SignatureAlgorithm::HmacSha256, url, params);
    /// let header = "key=webhooks_sharedkey_01,algorithm=HMAC_SHA256";
    /// assert!(validator.validate_with_settings(url, params, &signature, Some(header)).is_ok());
    /// assert!(validator.validate_with_settings(url, params, &signature, None).is_err());
    /// ```
    ///
    /// # Errors
    /// As [`validate`](Self::validate), and
    /// [`SignatureError::UnsupportedAlgorithm`] for an algorithm other than
    /// `HMAC_SHA1`/`HMAC_SHA256`, [`SignatureError::NoSharedKey`] when the
    /// header is present but no shared key may have signed the request.
    pub fn validate_with_settings<I, P>(
        &self,
        url: &str,
        params: I,
        signature: &str,
        settings: Option<&str>,
    ) -> Result<(), SignatureError>
    where
        I: IntoIterator<Item = P>,
        P: ParamPair,
    {
        let Some(settings) = settings.filter(|s| !s.is_empty()) else {
            return self.validate(url, params, signature);
        };
        let settings: SignatureSettings = settings.parse()?;
        let keys = self.keys_for(&settings)?;
        let cleaned = clean(url);
        let url = SignedUrl::parse(&cleaned)?;
        let joined = joined_params(params);
        if any_key_matches(&keys, settings.algorithm, &url, &joined, signature) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }

    /// Checks a webhook with a JSON (or other raw) body whatever it was signed
    /// with; `settings` as in
    /// [`validate_with_settings`](Self::validate_with_settings), the body as in
    /// [`validate_body`](Self::validate_body).
    ///
    /// # Errors
    /// As [`validate_body`](Self::validate_body) and
    /// [`validate_with_settings`](Self::validate_with_settings).
    pub fn validate_body_with_settings(
        &self,
        url: &str,
        body: &[u8],
        signature: &str,
        settings: Option<&str>,
    ) -> Result<(), SignatureError> {
        let Some(settings) = settings.filter(|s| !s.is_empty()) else {
            return self.validate_body(url, body, signature);
        };
        let settings: SignatureSettings = settings.parse()?;
        let keys = self.keys_for(&settings)?;
        let cleaned = clean(url);
        let url = SignedUrl::parse(&cleaned)?;
        let signature_matches = any_key_matches(&keys, settings.algorithm, &url, "", signature);
        check_body(&url, body, signature_matches)
    }

    /// The shared keys that may have signed a request with these settings.
    fn keys_for(&self, settings: &SignatureSettings) -> Result<Vec<&SharedKey>, SignatureError> {
        let keys: Vec<&SharedKey> = self
            .shared_keys
            .iter()
            .filter(|k| k.matches(settings.key_id()))
            .collect();
        if keys.is_empty() {
            return Err(SignatureError::NoSharedKey);
        }
        Ok(keys)
    }
}

/// Whether `signature` is the HMAC, under one of `keys` and `algorithm`, of
/// either spelling of `url` followed by the `joined` parameters.
fn any_key_matches(
    keys: &[&SharedKey],
    algorithm: SignatureAlgorithm,
    url: &SignedUrl<'_>,
    joined: &str,
    signature: &str,
) -> bool {
    keys.iter().any(|key| {
        let secret = key.secret.expose_secret().as_bytes();
        match algorithm {
            SignatureAlgorithm::HmacSha1 => {
                matches(&keyed::<Hmac<Sha1>>(secret), url, joined, signature)
            }
            SignatureAlgorithm::HmacSha256 => {
                matches(&keyed::<Hmac<Sha256>>(secret), url, joined, signature)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_follow_twilio_python() {
        let parse = |h: &str| h.parse::<SignatureSettings>();
        assert_eq!(parse("").unwrap().algorithm(), SignatureAlgorithm::HmacSha1);
        assert_eq!(
            parse("key=a").unwrap().algorithm(),
            SignatureAlgorithm::HmacSha1
        );
        assert_eq!(
            parse(" algorithm = hmac_sha256 ,key= k1 ").unwrap(),
            SignatureSettings {
                key_id: Some("k1".into()),
                algorithm: SignatureAlgorithm::HmacSha256
            }
        );
        // The first non-empty algorithm counts.
        assert_eq!(
            parse("algorithm=,algorithm=HMAC_SHA256,algorithm=HMAC_SHA1")
                .unwrap()
                .algorithm(),
            SignatureAlgorithm::HmacSha256
        );
        // U+017F LATIN SMALL LETTER LONG S upper-cases to `S`, in Python too.
        assert_eq!(
            parse("algorithm=hmac_\u{17f}ha256").unwrap().algorithm(),
            SignatureAlgorithm::HmacSha256
        );
        assert_eq!(
            parse("algorithm=HMAC_SHA512"),
            Err(SignatureError::UnsupportedAlgorithm)
        );
        assert_eq!(parse("key=\u{1f}x\u{1c}").unwrap().key_id(), Some("x"));
    }

    #[test]
    fn debug_redacts_secrets() {
        let validator = RequestValidator::new("auth-secret")
            .with_shared_key(SharedKey::with_id("webhooks_sharedkey_1", "shared-secret"));
        let debug = format!("{validator:?}");
        assert!(!debug.contains("auth-secret"), "{debug}");
        assert!(!debug.contains("shared-secret"), "{debug}");
        assert!(debug.contains("webhooks_sharedkey_1"), "{debug}");
    }
}
