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
        with_signed_params(url.as_bytes(), &params, |signed| mac.update(signed));
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
        let params = sorted_params(params);
        if url_forms::is_first_spelling(url) {
            return self.check_first_spelling(url, &params, signature);
        }
        let cleaned = clean(url);
        let parsed = ParsedUrl::parse(&cleaned).map_err(|_| SignatureError::InvalidUrl)?;
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
        with_signed_params(b"", params, |tail| {
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

    /// [`check`](Self::check) for a URL that is its own first spelling
    /// ([`url_forms::is_first_spelling`]): it is hashed as it is, and only
    /// split and rebuilt, with the port added, when that fails.
    fn check_first_spelling<P: ParamPair>(
        &self,
        url: &str,
        params: &SortedParams<P>,
        signature: &str,
    ) -> Result<(), SignatureError> {
        let Some(expected) = decode_sha1_signature(signature) else {
            return Err(SignatureError::Mismatch);
        };
        with_signed_params(url.as_bytes(), params, |signed| {
            let mut mac = self.keyed();
            mac.update(signed);
            if mac.verify_slice(&expected).is_ok() {
                return Ok(());
            }
            // A plain host: it always parses (no port or brackets to check).
            let parsed = ParsedUrl::parse(url).map_err(|_| SignatureError::InvalidUrl)?;
            let tail = signed.get(url.len()..).unwrap_or_default();
            if self.matches(url, &parsed.with_port(), tail, &expected) {
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
    if let Some(order) = rank_order(&keyed) {
        return SortedParams {
            keyed,
            order: Some(order),
        };
    }
    keyed.sort_unstable_by(|(ka, a), (kb, b)| {
        ka.cmp(kb)
            .then_with(|| (a.name(), a.value()).cmp(&(b.name(), b.value())))
    });
    keyed.dedup_by(|(ka, a), (kb, b)| ka == kb && a.name() == b.name() && a.value() == b.value());
    SortedParams { keyed, order: None }
}

/// Up to this many parameters are ordered by [`rank_order`] (a webhook has
/// 10 to 30).
const RANKED_MAX: usize = 32;

/// The signing order of `keyed` as indices into it: `order[r]` is the pair
/// of rank `r`, the rank of a pair being how many pairs sort below it.
/// `None` for more than [`RANKED_MAX`] pairs, or when a pair appears twice
/// (then the pairs are sorted in full and the copies dropped).
///
/// Ranks are counted on the 8-byte name prefixes, branch-free, where a
/// comparison sort of a few unsorted names mispredicts about once per
/// comparison. Twilio's names mostly differ in their first 8 bytes; those
/// that do not (`MessageSid`, `MessageStatus`) share a rank, and only they
/// are then compared in full.
fn rank_order<P: ParamPair>(keyed: &[(u64, P)]) -> Option<[u8; RANKED_MAX]> {
    if keyed.len() <= RANKED_MAX / 2 {
        ranks::<{ RANKED_MAX / 2 }, P>(keyed)
    } else if keyed.len() <= RANKED_MAX {
        ranks::<RANKED_MAX, P>(keyed)
    } else {
        None
    }
}

/// [`rank_order`] for at most `N` pairs: a fixed number of comparisons per
/// key, fully unrolled. The unused slots hold `u64::MAX`, which no key is
/// below: a name's first byte is never 0xFF in UTF-8.
fn ranks<const N: usize, P: ParamPair>(keyed: &[(u64, P)]) -> Option<[u8; RANKED_MAX]> {
    let mut keys = [u64::MAX; N];
    for (slot, (key, _)) in keys.iter_mut().zip(keyed) {
        *slot = *key;
    }
    let mut order = [u8::MAX; RANKED_MAX];
    for (index, &key) in (0u8..).zip(&keys).take(keyed.len()) {
        let rank: u32 = keys.iter().map(|&other| u32::from(other < key)).sum();
        // Distinct keys have distinct ranks below the count; equal keys share
        // one, which leaves a later slot unset (found below).
        if let Some(slot) = order.get_mut(rank as usize) {
            *slot = index;
        }
    }
    if order[..keyed.len()].contains(&u8::MAX) {
        return order_shared_prefixes(&keys, keyed, order);
    }
    Some(order)
}

/// Completes [`ranks`]' `order` when some names share their first 8 bytes,
/// hence a rank: such a group of pairs holds the first of its slots, and the
/// others are unset. Only the group's pairs are compared in full, and they
/// fill their slots in order. `None` when a pair is given twice (the caller
/// then sorts in full and drops the copy). Kept apart so the usual case stays
/// a tight loop.
#[inline(never)]
fn order_shared_prefixes<P: ParamPair>(
    keys: &[u64],
    keyed: &[(u64, P)],
    mut order: [u8; RANKED_MAX],
) -> Option<[u8; RANKED_MAX]> {
    let count = keyed.len();
    // Only called with indices of `keyed`'s pairs (collected below).
    let full = |index: u8| {
        let (_, pair) = &keyed[usize::from(index)];
        (pair.name(), pair.value())
    };
    let mut at = 0;
    while at < count {
        let unset = order[at + 1..count]
            .iter()
            .take_while(|&&slot| slot == u8::MAX)
            .count();
        if unset == 0 {
            at += 1;
            continue;
        }
        let key = *keys.get(usize::from(order[at]))?;
        let mut group = [0u8; RANKED_MAX];
        let mut size = 0;
        for (index, (other, _)) in (0u8..).zip(keyed) {
            if *other == key {
                *group.get_mut(size)? = index;
                size += 1;
            }
        }
        let group = &mut group[..size];
        group.sort_unstable_by(|&a, &b| full(a).cmp(&full(b)));
        if size != unset + 1 || group.windows(2).any(|pair| full(pair[0]) == full(pair[1])) {
            return None;
        }
        order[at..at + size].copy_from_slice(group);
        at += size;
    }
    Some(order)
}

/// Parameters in signing order (see [`sorted_params`]), each still carrying
/// its sort key: dropping the keys would cost a second allocation and copy.
pub(super) struct SortedParams<P> {
    keyed: Vec<(u64, P)>,
    /// The signing order as indices into `keyed` ([`rank_order`]), or `None`
    /// when `keyed` itself is sorted.
    order: Option<[u8; RANKED_MAX]>,
}

impl<P: ParamPair> SortedParams<P> {
    /// No parameters (does not allocate).
    pub(super) fn empty() -> Self {
        Self {
            keyed: Vec::new(),
            order: None,
        }
    }

    /// Calls `f` with each pair in signing order (two plain loops: cheaper
    /// than stepping a chained iterator).
    pub(super) fn for_each(&self, mut f: impl FnMut(&P)) {
        match &self.order {
            Some(order) => {
                for &index in &order[..self.keyed.len()] {
                    if let Some((_, pair)) = self.keyed.get(usize::from(index)) {
                        f(pair);
                    }
                }
            }
            None => self.keyed.iter().for_each(|(_, pair)| f(pair)),
        }
    }

    /// The pairs in signing order, collected (for tests).
    #[cfg(test)]
    pub(super) fn iter(&self) -> impl Iterator<Item = &P> {
        let (ranked, sorted) = match &self.order {
            Some(order) => (&order[..self.keyed.len()], &[][..]),
            None => (&[][..], self.keyed.as_slice()),
        };
        ranked
            .iter()
            .filter_map(|&index| self.keyed.get(usize::from(index)))
            .chain(sorted)
            .map(|(_, pair)| pair)
    }
}

/// The first 8 bytes of `name` as a big-endian integer, zero-padded.
#[inline(always)]
fn name_prefix(name: &str) -> u64 {
    let bytes = name.as_bytes();
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        // 4 to 7 bytes: the first four, and the last four at their place
        // (overlapping the first ones, which are the same bytes).
        let shift = 8 * (8 - bytes.len());
        return (u64::from(u32::from_be_bytes(*first)) << 32)
            | (u64::from(u32::from_be_bytes(*last)) << shift);
    }
    bytes
        .iter()
        .zip([56, 48, 40])
        .fold(0, |key, (&byte, shift)| key | (u64::from(byte) << shift))
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

/// Signed strings up to this many bytes are joined on the stack.
const STACK_JOINED: usize = 1024;

/// Calls `f` with `head` followed by the signed parameters, each name
/// immediately followed by its value, in one buffer: hashed with one `update`
/// instead of two per parameter (each `update` of a few bytes costs more than
/// the bytes themselves). The buffer lives on the stack unless the whole is
/// long; the parameters are walked once when it fits.
fn with_signed_params<P: ParamPair, R>(
    head: &[u8],
    params: &SortedParams<P>,
    f: impl FnOnce(&[u8]) -> R,
) -> R {
    let mut buf = [0u8; STACK_JOINED];
    let mut at = 0;
    let mut fits = append(&mut buf, &mut at, head);
    params.for_each(|pair| {
        fits = fits
            && append(&mut buf, &mut at, pair.name().as_bytes())
            && append(&mut buf, &mut at, pair.value().as_bytes());
    });
    if fits {
        return f(&buf[..at]);
    }
    let mut joined = head.to_vec();
    params.for_each(|pair| {
        joined.extend_from_slice(pair.name().as_bytes());
        joined.extend_from_slice(pair.value().as_bytes());
    });
    f(&joined)
}

/// Copies `part` to `buf` at `at` and moves `at` past it; false when it
/// does not fit.
#[inline(always)]
fn append(buf: &mut [u8], at: &mut usize, part: &[u8]) -> bool {
    let Some(slot) = buf.get_mut(*at..*at + part.len()) else {
        return false;
    };
    slot.copy_from_slice(part);
    *at += part.len();
    true
}

/// Decodes a canonical base64 HMAC-SHA1 (exactly 28 characters, `=` padding,
/// zero trailing bits), the only spelling Twilio sends; `None` for anything
/// else. Canonical base64 is a bijection, so comparing the decoded bytes equals
/// comparing the base64 strings (what the strict `base64` decoder did before,
/// in a quarter of the instructions).
fn decode_sha1_signature(signature: &str) -> Option<[u8; 20]> {
    let text: &[u8; SIGNATURE_LEN] = signature.as_bytes().try_into().ok()?;
    // Every value ORed together: above 63 when any character is outside the
    // alphabet (255).
    let mut seen = 0u32;
    let mut value = |at: usize| {
        let value = u32::from(BASE64_VALUE[usize::from(text[at])]);
        seen |= value;
        value
    };
    let mut bytes = [0u8; 20];
    // Six groups of four characters, three bytes each.
    for (group, out) in bytes.chunks_exact_mut(3).enumerate() {
        let at = 4 * group;
        let word = (value(at) << 18) | (value(at + 1) << 12) | (value(at + 2) << 6) | value(at + 3);
        out.copy_from_slice(&word.to_be_bytes()[1..]);
    }
    // Then three characters (18 bits: two bytes and two padding bits, which
    // must be 0) and `=`.
    let last = (value(24) << 12) | (value(25) << 6) | value(26);
    if seen > 63 || last & 0b11 != 0 || text[SIGNATURE_LEN - 1] != b'=' {
        return None;
    }
    bytes[18] = (last >> 10) as u8;
    bytes[19] = (last >> 2) as u8;
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
    fn name_prefix_is_the_zero_padded_first_8_bytes() {
        let text = "ABCDEFGHIJ";
        for len in 0..=text.len() {
            let name = &text[..len];
            let mut padded = [0u8; 8];
            for (slot, byte) in padded.iter_mut().zip(name.bytes()) {
                *slot = byte;
            }
            assert_eq!(name_prefix(name), u64::from_be_bytes(padded), "{name:?}");
        }
        // Zero padding: a trailing NUL is a tie, broken by comparing the names.
        assert_eq!(name_prefix("To"), name_prefix("To\0"));
        assert!(name_prefix("é") > name_prefix("z"));
    }

    /// The order by ranks equals a full sort, and is taken whenever there
    /// are at most 32 pairs and none is given twice (names sharing their
    /// first 8 bytes included).
    #[test]
    fn ranked_order_equals_a_full_sort() {
        let voice = [
            "AccountSid",
            "ApiVersion",
            "CallSid",
            "CallStatus",
            "CallToken",
            "Called",
            "CalledCity",
            "CalledCountry",
            "CalledState",
            "CalledZip",
            "Caller",
            "CallerCity",
            "CallerCountry",
            "CallerName",
            "CallerState",
            "CallerZip",
            "Direction",
            "From",
            "FromCity",
            "FromCountry",
            "FromState",
            "FromZip",
            "StirVerstat",
            "To",
            "ToCity",
            "ToCountry",
            "ToState",
            "ToZip",
            "",
            "é",
            "\u{7f}",
            "A",
            // Names sharing their first 8 bytes with another one.
            "MessageSid",
            "MessageStatus",
            "To\0",
            "CalledCountr",
        ];
        // A fixed pseudo-random sequence (a 64-bit LCG): shuffles and lengths.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |bound: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % bound
        };
        for round in 0..2_000 {
            let count = match round {
                0..=3 => [15, 16, 17, 32][round],
                _ => next(RANKED_MAX + 1),
            };
            let mut names = voice;
            for i in (1..names.len()).rev() {
                names.swap(i, next(i + 1));
            }
            let pairs: Vec<(&str, String)> = names[..count]
                .iter()
                .map(|name| (*name, next(100).to_string()))
                .collect();
            let mut expected = pairs.clone();
            expected.sort_unstable();
            let sorted = sorted_params(&pairs);
            assert!(sorted.order.is_some(), "{count} distinct pairs are ranked");
            let got: Vec<_> = sorted.iter().map(|pair| (pair.0, pair.1.clone())).collect();
            assert_eq!(got, expected);
        }
        // More than 32 names, or a pair given twice, are sorted in full
        // (identical pairs dropped).
        let many: Vec<(String, &str)> = (0..33).map(|i| (format!("P{i:02}"), "v")).collect();
        let sorted = sorted_params(&many);
        assert!(sorted.order.is_none());
        assert!(sorted.iter().map(|pair| &pair.0).is_sorted());
        // The copy of a pair given twice is found wherever it is.
        for at in 0..3 {
            let mut pairs = vec![("MessageSid", "1"), ("MessageStatus", "sent"), ("To", "x")];
            pairs.insert(at, pairs[at]);
            let sorted = sorted_params(&pairs);
            assert!(sorted.order.is_none(), "{pairs:?}");
            let got: Vec<_> = sorted.iter().map(|pair| **pair).collect();
            assert_eq!(
                got,
                [("MessageSid", "1"), ("MessageStatus", "sent"), ("To", "x")]
            );
        }
        let same_prefix = [
            ("CalledCountry", "2"),
            ("CalledCountr", "1"),
            ("To", "x"),
            ("To", "x"),
        ];
        let sorted = sorted_params(same_prefix);
        assert!(sorted.order.is_none());
        let got: Vec<_> = sorted.iter().copied().collect();
        assert_eq!(
            got,
            [("CalledCountr", "1"), ("CalledCountry", "2"), ("To", "x")]
        );
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
