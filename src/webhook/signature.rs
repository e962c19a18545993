//! `X-Twilio-Signature`: computing and validating it exactly as Twilio's helper
//! libraries' `RequestValidator` does.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::error::SignatureError;
use super::signature_settings::SharedKey;
use super::url_forms::{self, clean, ParsedUrl, Pieces};

type HmacSha1 = Hmac<Sha1>;

/// The name of the HTTP header carrying Twilio's signature.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The query parameter through which Twilio signs a JSON body.
pub const BODY_SHA256_PARAM: &str = "bodySHA256";

/// Length of a canonical base64 HMAC-SHA1 (20 bytes → 28 characters).
const SIGNATURE_LEN: usize = 28;

/// Checks and computes `X-Twilio-Signature`, a Rust equivalent of the
/// `RequestValidator` of Twilio's helper libraries.
///
/// Twilio signs a request with HMAC-SHA1, keyed with your auth token, over the full
/// URL it called followed by every POST parameter sorted by name, each name
/// immediately followed by its value; the result is base64-encoded.
///
/// Validation gives the same answer as twilio-python's `RequestValidator.validate`
/// on every input (a committed set of vectors generated with twilio-python checks
/// this):
///
/// - the URL is tried in two spellings, with the port removed and with the
///   scheme's default port (`:443` for `https`, `:80` otherwise) added when it has
///   none — Twilio is not consistent about which one it signs. As in
///   twilio-python, *any* explicit port is also tried removed;
/// - like Python's `urlparse(url).geturl()`, the scheme is lower-cased and an empty
///   `?`, `#` or trailing `;` is dropped; nothing else (host case,
///   percent-encoding, query order, trailing slash) is normalised;
/// - a parameter repeated with the same value counts once, and the values of a
///   repeated name are signed in sorted order;
/// - a JSON body is covered through the `bodySHA256` query parameter (see
///   [`validate_body`](Self::validate_body));
/// - signatures are compared in constant time.
///
/// Where twilio-python raises an exception (a URL with a non-numeric or
/// out-of-range port or malformed IPv6 brackets; a non-empty body without
/// `bodySHA256`), validation fails with a [`SignatureError`].
///
/// The auth token is taken as a [`SecretString`] and only used to key the HMAC
/// once, at construction; `Debug` prints `<redacted>`.
///
/// # Example
/// ```
/// use twilio_typed::webhook::RequestValidator;
///
/// let validator = RequestValidator::new("12345");
/// let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
/// let params = [
///     ("CallSid", "CA1234567890ABCDE"),
///     ("Caller", "+14158675309"),
///     ("Digits", "1234"),
///     ("From", "+14158675309"),
///     ("To", "+18005551212"),
/// ];
/// let signature = validator.compute_signature(url, params);
/// assert_eq!(signature, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
/// assert!(validator.validate(url, params, &signature).is_ok());
/// assert!(validator.validate(url, [("Digits", "9999")], &signature).is_err());
/// ```
#[derive(Clone)]
pub struct RequestValidator {
    /// HMAC-SHA1 already keyed with the auth token: keying costs two SHA-1
    /// blocks, paid once here instead of on every validation. It is as secret
    /// as the token itself and never printed.
    keyed: HmacSha1,
    /// Secrets for requests signed with a SharedKey (see `signature_settings.rs`).
    pub(super) shared_keys: Vec<SharedKey>,
}

impl fmt::Debug for RequestValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestValidator")
            .field("auth_token", &"<redacted>")
            .field("shared_keys", &self.shared_keys)
            .finish()
    }
}

impl RequestValidator {
    /// A validator for requests signed with `auth_token` (your account's auth
    /// token, or the secret of the API key Twilio signs with).
    pub fn new(auth_token: impl Into<SecretString>) -> Self {
        let auth_token: SecretString = auth_token.into();
        // Invariant: HMAC accepts keys of any length, so this never fails.
        let keyed = HmacSha1::new_from_slice(auth_token.expose_secret().as_bytes())
            .expect("HMAC accepts keys of any length");
        Self {
            keyed,
            shared_keys: Vec::new(),
        }
    }

    /// The signature Twilio would send for a form POST of `params` to `url`.
    ///
    /// The URL is signed verbatim (no port added or removed, no normalisation), like
    /// twilio-python's `compute_signature`. `params` can be any list of name/value
    /// pairs, e.g. `&[(&str, &str)]`, a `&`[`Params`](super::Params) or a map;
    /// their order does not matter. For a JSON webhook, sign the URL with
    /// `bodySHA256=<`[`body_sha256`]`(body)>` in its query and no parameters.
    pub fn compute_signature<I, P>(&self, url: &str, params: I) -> String
    where
        I: IntoIterator<Item = P>,
        P: ParamPair,
    {
        let params = sorted_params(params);
        let mut mac = self.keyed();
        mac.update(url.as_bytes());
        with_signed_params(&params, |tail| mac.update(tail));
        STANDARD.encode(mac.finalize().into_bytes())
    }

    /// Checks the signature of a form-encoded webhook: `url` is the full URL Twilio
    /// called (scheme, host, path and query), `params` the decoded POST
    /// parameters, `signature` the value of the `X-Twilio-Signature` header.
    ///
    /// A `bodySHA256` query parameter is ignored here, as in twilio-python when it
    /// is given parameters; use [`validate_body`](Self::validate_body) for JSON.
    ///
    /// # Errors
    /// [`SignatureError::Mismatch`] when the signature does not match;
    /// [`SignatureError::InvalidUrl`] when the URL cannot be parsed the way
    /// Twilio's libraries parse it.
    pub fn validate<I, P>(
        &self,
        url: &str,
        params: I,
        signature: &str,
    ) -> Result<(), SignatureError>
    where
        I: IntoIterator<Item = P>,
        P: ParamPair,
    {
        let cleaned = clean(url);
        let parsed = ParsedUrl::parse(&cleaned).map_err(|_| SignatureError::InvalidUrl)?;
        let params = sorted_params(params);
        self.check(&cleaned, &parsed, &params, signature)
    }

    /// Checks the signature of a webhook with a JSON (or other raw) body.
    ///
    /// Twilio then puts the hex SHA-256 of the body in the URL's `bodySHA256`
    /// query parameter and signs the URL alone. The hash must equal
    /// [`body_sha256`]`(body)` (lower-case hex, first `bodySHA256` parameter), and
    /// the signature must match the URL with no parameters. An empty body without
    /// `bodySHA256` is checked as a request with no parameters.
    ///
    /// # Errors
    /// [`SignatureError::BodyHashMismatch`] when the body is not the one signed;
    /// [`SignatureError::MissingBodyHash`] for a non-empty body with no
    /// `bodySHA256`; otherwise as [`validate`](Self::validate).
    pub fn validate_body(
        &self,
        url: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), SignatureError> {
        let cleaned = clean(url);
        let parsed = ParsedUrl::parse(&cleaned).map_err(|_| SignatureError::InvalidUrl)?;
        let hash_ok = match body_hash_param(parsed.query()) {
            Some(expected) => body_sha256(body) == expected,
            None if body.is_empty() => true,
            None => return Err(SignatureError::MissingBodyHash),
        };
        let none: SortedParams<(&str, &str)> = SortedParams::empty();
        let signature_ok = self.check(&cleaned, &parsed, &none, signature);
        if !hash_ok {
            return Err(SignatureError::BodyHashMismatch);
        }
        signature_ok
    }

    /// Compares `signature` with the HMAC of both spellings of the URL
    /// (`url` parsed from `cleaned`).
    fn check<P: ParamPair>(
        &self,
        cleaned: &str,
        url: &ParsedUrl<'_>,
        params: &SortedParams<P>,
        signature: &str,
    ) -> Result<(), SignatureError> {
        let Some(expected) = decode_sha1_signature(signature) else {
            return Err(SignatureError::Mismatch);
        };
        with_signed_params(params, |tail| {
            // The second spelling is only built when the first one fails.
            let first = url.without_port();
            if self.matches(cleaned, &first, tail, &expected) {
                return Ok(());
            }
            if self.matches(cleaned, &url.with_port(), tail, &expected) {
                return Ok(());
            }
            Err(SignatureError::Mismatch)
        })
    }

    /// Whether the HMAC of `form` then `tail` is `expected`, compared in
    /// constant time (`verify_slice`).
    fn matches(&self, cleaned: &str, form: &Pieces<'_>, tail: &[u8], expected: &[u8; 20]) -> bool {
        let mut mac = self.keyed();
        feed_url(&mut mac, cleaned, form);
        mac.update(tail);
        mac.verify_slice(expected).is_ok()
    }

    fn keyed(&self) -> HmacSha1 {
        self.keyed.clone()
    }
}

/// The lower-case hex SHA-256 of a raw body, as Twilio puts it in `bodySHA256`.
///
/// ```
/// assert_eq!(
///     twilio_typed::webhook::body_sha256(br#"{"property": "value", "boolean": true}"#),
///     "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620",
/// );
/// ```
pub fn body_sha256(body: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(body);
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// The first non-empty `bodySHA256` value of a query, decoded like Python's
/// `parse_qs` (`+` as space, percent-decoding, blank values skipped).
pub(super) fn body_hash_param(query: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, value)| name == BODY_SHA256_PARAM && !value.is_empty())
        .map(|(_, value)| value.into_owned())
}

/// Parameters sorted by name then value, duplicate pairs removed — the order
/// `sorted(set(names))` / `sorted(set(values))` gives in twilio-python (Rust's
/// byte order on UTF-8 equals Python's code point order).
pub(super) fn sorted_params<I, P>(params: I) -> SortedParams<P>
where
    I: IntoIterator<Item = P>,
    P: ParamPair,
{
    // Sorting compares names, which mostly differ in their first 8 bytes: each
    // pair carries those bytes as a big-endian integer (zero-padded, so the
    // integer order agrees with byte order), and only equal prefixes fall back
    // to comparing the strings. Equal keys compare equal only for identical
    // pairs, so the unstable sort gives one deterministic order.
    let mut keyed: Vec<(u64, P)> = params
        .into_iter()
        .map(|pair| (name_prefix(pair.name()), pair))
        .collect();
    keyed.sort_unstable_by(|(ka, a), (kb, b)| {
        ka.cmp(kb)
            .then_with(|| (a.name(), a.value()).cmp(&(b.name(), b.value())))
    });
    keyed.dedup_by(|(ka, a), (kb, b)| ka == kb && a.name() == b.name() && a.value() == b.value());
    SortedParams(keyed)
}

/// Parameters in signing order (see [`sorted_params`]), each still carrying
/// its sort key: dropping the keys would cost a second allocation and copy.
pub(super) struct SortedParams<P>(Vec<(u64, P)>);

impl<P: ParamPair> SortedParams<P> {
    /// No parameters (does not allocate).
    pub(super) fn empty() -> Self {
        Self(Vec::new())
    }

    /// The pairs in signing order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &P> {
        self.0.iter().map(|(_, pair)| pair)
    }
}

/// The first 8 bytes of `name` as a big-endian integer, zero-padded.
fn name_prefix(name: &str) -> u64 {
    if let Some(first) = name.as_bytes().first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    // Shorter than 8 bytes: zero-padded, byte by byte (no `memcpy` call).
    name.bytes()
        .chain(std::iter::repeat(0))
        .take(8)
        .fold(0, |acc, byte| (acc << 8) | u64::from(byte))
}

/// Feeds the rebuilt URL `pieces` to the HMAC. When they spell exactly
/// `cleaned` (the usual case: nothing to normalise, no port to add or remove),
/// `cleaned` is fed in one `update` instead of one per piece; the bytes hashed
/// are the same either way.
fn feed_url(mac: &mut HmacSha1, cleaned: &str, pieces: &Pieces<'_>) {
    if url_forms::spells(pieces, cleaned) {
        mac.update(cleaned.as_bytes());
        return;
    }
    for piece in pieces.iter().filter(|piece| !piece.is_empty()) {
        mac.update(piece.as_bytes());
    }
}

/// Signed parameters up to this many bytes are joined on the stack.
const STACK_TAIL: usize = 1024;

/// Calls `f` with the signed parameters, each name immediately followed by its
/// value, in one buffer: hashed with one `update` instead of two per parameter
/// (each `update` of a few bytes costs more than the bytes themselves). The
/// buffer lives on the stack unless the parameters are long.
fn with_signed_params<P: ParamPair, R>(params: &SortedParams<P>, f: impl FnOnce(&[u8]) -> R) -> R {
    let len: usize = params
        .iter()
        .map(|pair| pair.name().len() + pair.value().len())
        .sum();
    if len <= STACK_TAIL {
        let mut buf = [0u8; STACK_TAIL];
        let mut at = 0;
        for pair in params.iter() {
            for part in [pair.name(), pair.value()] {
                buf[at..at + part.len()].copy_from_slice(part.as_bytes());
                at += part.len();
            }
        }
        f(&buf[..at])
    } else {
        let mut out = Vec::with_capacity(len);
        for pair in params.iter() {
            out.extend_from_slice(pair.name().as_bytes());
            out.extend_from_slice(pair.value().as_bytes());
        }
        f(&out)
    }
}

/// Decodes a canonical base64 HMAC-SHA1 (exactly 28 characters, `=` padding,
/// zero trailing bits), the only spelling Twilio sends; `None` for anything
/// else. Canonical base64 is a bijection, so comparing the decoded bytes equals
/// comparing the base64 strings (what the strict `base64` decoder did before,
/// in a quarter of the instructions).
fn decode_sha1_signature(signature: &str) -> Option<[u8; 20]> {
    let text: &[u8; SIGNATURE_LEN] = signature.as_bytes().try_into().ok()?;
    let mut sextets = [0u8; SIGNATURE_LEN - 1];
    let mut invalid = text[SIGNATURE_LEN - 1] != b'=';
    for (out, &c) in sextets.iter_mut().zip(text.iter()) {
        let value = BASE64_VALUE[usize::from(c)];
        invalid |= value > 63;
        *out = value & 63;
    }
    // The last character before `=` carries 2 bits of padding, which must be 0.
    invalid |= sextets[SIGNATURE_LEN - 2] & 0b11 != 0;
    if invalid {
        return None;
    }
    let mut bytes = [0u8; 20];
    for (chunk, out) in sextets.chunks(4).zip(bytes.chunks_mut(3)) {
        let word =
            chunk.iter().fold(0u32, |acc, &s| (acc << 6) | u32::from(s)) << (6 * (4 - chunk.len()));
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = (word >> (16 - 8 * i)) as u8;
        }
    }
    Some(bytes)
}

/// The value of each byte in the standard base64 alphabet, 255 outside it.
const BASE64_VALUE: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// A POST parameter as [`RequestValidator`] takes it: a `(name, value)` pair, by
/// value or by reference, of anything that is `AsRef<str>` — so `[(&str, &str)]`,
/// `&Vec<(String, String)>`, `&HashMap<String, String>` and
/// `&`[`Params`](super::Params) all work.
pub trait ParamPair {
    /// The parameter's name.
    fn name(&self) -> &str;
    /// The parameter's value.
    fn value(&self) -> &str;
}

impl<K: AsRef<str>, V: AsRef<str>> ParamPair for (K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> ParamPair for &(K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_token() {
        let validator = RequestValidator::new("super-secret-token");
        let debug = format!("{validator:?}");
        assert!(!debug.contains("super-secret-token"), "{debug}");
        assert!(debug.contains("<redacted>"));
    }

    #[test]
    fn parameters_sort_by_name_then_value() {
        let pairs = [
            ("To", "b"),
            ("ToCountry", "US"),
            ("To", "a"),
            ("To\0", "x"),
            ("FromCountry", "US"),
            ("FromCity", "SF"),
            ("A", ""),
            ("", "empty name"),
            ("To", "a"),
            ("é", "1"),
            ("SmsMessageSid", "1"),
            ("SmsMessageSi", "2"),
        ];
        let mut expected: Vec<_> = pairs.to_vec();
        expected.sort_unstable();
        expected.dedup();
        let sorted: Vec<_> = sorted_params(pairs).iter().copied().collect();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn signature_decoding_equals_the_strict_base64_decoder() {
        let mut candidates: Vec<String> = vec![
            String::new(),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=".into(),
            "RSOYDt4T1cUTdK1PDd93/VVr8B9=".into(),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8".into(),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8==".into(),
            "RSOYDt4T1cUTdK1PDd93/VVr8B==".into(),
            "RSOYDt4T1cUTdK1PDd93/VVr8B-=".into(),
            "RSOYDt4T1cUTdK1PDd93_VVr8B8=".into(),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8A".into(),
            "RSOYDt4T1cUTdK1PDd9=/VVr8B8=".into(),
            "RSOYDt4T1cUTdK1PDd93/VVr8Bé".into(),
        ];
        // Every possible last significant character, and each byte value in
        // each position.
        for c in 0..=255u8 {
            let mut text = *b"RSOYDt4T1cUTdK1PDd93/VVr8B8=";
            text[26] = c;
            candidates.push(String::from_utf8_lossy(&text).into_owned());
            for at in [0, 5, 13, 27] {
                let mut text = *b"RSOYDt4T1cUTdK1PDd93/VVr8B8=";
                text[at] = c;
                candidates.push(String::from_utf8_lossy(&text).into_owned());
            }
        }
        for bytes in [[0u8; 20], [255u8; 20], *b"0123456789abcdefghij"] {
            candidates.push(STANDARD.encode(bytes));
        }
        for candidate in &candidates {
            let strict = match STANDARD.decode(candidate) {
                Ok(bytes) if candidate.len() == SIGNATURE_LEN && bytes.len() == 20 => {
                    <[u8; 20]>::try_from(bytes).ok()
                }
                _ => None,
            };
            assert_eq!(decode_sha1_signature(candidate), strict, "{candidate:?}");
        }
    }

    #[test]
    fn body_hash_parameter_is_decoded_like_parse_qs() {
        assert_eq!(
            body_hash_param("a=1&bodySHA256=ab&bodySHA256=cd").as_deref(),
            Some("ab")
        );
        assert_eq!(
            body_hash_param("bodySHA256=&bodySHA256=cd").as_deref(),
            Some("cd")
        );
        assert_eq!(body_hash_param("body%53HA256=a+b").as_deref(), Some("a b"));
        assert_eq!(body_hash_param("bodySHA256"), None);
    }
}
