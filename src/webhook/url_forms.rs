//! The two spellings of a webhook URL that Twilio's helper libraries accept a
//! signature over.
//!
//! twilio-python's `RequestValidator.validate` never signs the URL string it is
//! given verbatim: it parses it with `urllib.parse.urlparse`, then rebuilds it with
//! `geturl()` twice, once with the port removed and once with the scheme's default
//! port added. This module reproduces that parse-and-rebuild on string slices, so
//! the bytes fed to HMAC are identical to Python's (3.11) on every input, including
//! the normalisations `geturl()` performs (lower-case scheme, an empty `?`, `#` or
//! `;` dropped, leading blanks stripped, tabs and newlines removed) and the quirk of
//! port removal keeping the network location only up to its first `:`.
//!
//! Where Python raises `ValueError` (a non-numeric or out-of-range port, unbalanced
//! or invalid IPv6 brackets), [`ParsedUrl::parse`] returns [`InvalidUrl`]; the
//! validator then reports the request as not valid.

use std::borrow::Cow;
use std::net::Ipv6Addr;

/// Schemes for which `urlunsplit` writes `//` even when the network location is empty.
const USES_NETLOC: &[&str] = &[
    "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
    "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git",
    "git+ssh", "ws", "wss",
];

/// Schemes for which `urlparse` splits `;params` off the last path segment.
const USES_PARAMS: &[&str] = &[
    "", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu",
    "sip", "sips", "mms", "sftp", "tel",
];

/// A URL that Python's `urlparse` would reject (it raises `ValueError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidUrl;

/// Removes what `urlsplit` removes before parsing: leading C0 controls and spaces,
/// and every tab, carriage return and line feed.
pub(crate) fn clean(url: &str) -> Cow<'_, str> {
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    // A branch-free byte scan (the three are ASCII, so a byte match is a
    // character match) instead of a char-by-char pattern search.
    let has_blanks = trimmed
        .bytes()
        .fold(false, |found, b| found | matches!(b, b'\t' | b'\r' | b'\n'));
    if has_blanks {
        Cow::Owned(trimmed.replace(['\t', '\r', '\n'], ""))
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// A URL split the way `urllib.parse.urlparse` splits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedUrl<'a> {
    scheme: Cow<'a, str>,
    netloc: &'a str,
    path: &'a str,
    params: &'a str,
    query: &'a str,
    fragment: &'a str,
    /// `Some(n)` when the network location names a port (possibly 0).
    port: Option<u16>,
}

/// The pieces of a rebuilt URL, to be concatenated (or fed to a hash) in order.
pub(crate) type Pieces<'a> = [&'a str; 13];

impl<'a> ParsedUrl<'a> {
    /// Splits an already [`clean`]ed URL.
    pub(crate) fn parse(url: &'a str) -> Result<Self, InvalidUrl> {
        let (scheme, rest) = split_scheme(url);
        let (netloc, rest) = match rest.strip_prefix("//") {
            Some(after) => {
                // The delimiters are ASCII, so a byte position is a char boundary.
                let end = after
                    .bytes()
                    .position(|b| matches!(b, b'/' | b'?' | b'#'))
                    .unwrap_or(after.len());
                let netloc = &after[..end];
                (netloc, &after[end..])
            }
            None => ("", rest),
        };
        let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (path, params) = if path.contains(';') && USES_PARAMS.contains(&scheme.as_ref()) {
            split_params(path)
        } else {
            (path, "")
        };
        // A plain host (no brackets, userinfo or port: the usual webhook URL)
        // needs neither check; one byte scan proves it.
        let plain = !netloc.bytes().fold(false, |found, b| {
            found | matches!(b, b'[' | b']' | b'@' | b':')
        });
        let port = if plain {
            None
        } else {
            check_brackets(netloc)?;
            port(netloc)?
        };
        Ok(Self {
            scheme,
            netloc,
            path,
            params,
            query,
            fragment,
            port,
        })
    }

    /// The query component (without `?` and fragment), still percent-encoded.
    pub(crate) fn query(&self) -> &'a str {
        self.query
    }

    /// Python's `port` is falsy for both "absent" and 0.
    fn has_port(&self) -> bool {
        matches!(self.port, Some(p) if p != 0)
    }

    /// `remove_port(urlparse(url))`: without an explicit (non-zero) port the URL is
    /// rebuilt as is; otherwise the network location is cut at its first `:`.
    pub(crate) fn without_port(&self) -> Pieces<'_> {
        if self.has_port() {
            let host = self.netloc.split(':').next().unwrap_or_default();
            self.unparse(host, "")
        } else {
            self.unparse(self.netloc, "")
        }
    }

    /// `add_port(urlparse(url))`: without an explicit (non-zero) port, `:443` is
    /// appended for `https` and `:80` for every other scheme.
    pub(crate) fn with_port(&self) -> Pieces<'_> {
        if self.has_port() {
            self.unparse(self.netloc, "")
        } else if self.scheme == "https" {
            self.unparse(self.netloc, ":443")
        } else {
            self.unparse(self.netloc, ":80")
        }
    }

    /// `urlunparse` with the network location `netloc` + `port_suffix`.
    fn unparse<'s>(&'s self, netloc: &'s str, port_suffix: &'s str) -> Pieces<'s> {
        let mut out: Pieces<'s> = [""; 13];
        let scheme: &str = &self.scheme;
        if !scheme.is_empty() {
            out[0] = scheme;
            out[1] = ":";
        }
        // The path as urlunsplit sees it: path + ";" + params (params only if non-empty).
        let first = if self.path.is_empty() && !self.params.is_empty() {
            Some(';')
        } else {
            self.path.chars().next()
        };
        let has_netloc = !netloc.is_empty() || !port_suffix.is_empty();
        if has_netloc
            || (!scheme.is_empty() && USES_NETLOC.contains(&scheme) && !self.path.starts_with("//"))
        {
            out[2] = "//";
            out[3] = netloc;
            out[4] = port_suffix;
            if first.is_some_and(|c| c != '/') {
                out[5] = "/";
            }
        }
        out[6] = self.path;
        if !self.params.is_empty() {
            out[7] = ";";
            out[8] = self.params;
        }
        if !self.query.is_empty() {
            out[9] = "?";
            out[10] = self.query;
        }
        if !self.fragment.is_empty() {
            out[11] = "#";
            out[12] = self.fragment;
        }
        out
    }
}

/// [`URL_BYTE`]: `/`, `?` or `#`, which end the host.
const ENDS_HOST: u8 = 1;
/// [`URL_BYTE`]: `:`, `@`, `[` or `]`, which a plain host does not hold.
const NOT_IN_PLAIN_HOST: u8 = 2;
/// [`URL_BYTE`]: `?`, `#` or `;`, which end the path.
const ENDS_PATH: u8 = 4;

/// What each byte means to [`is_first_spelling`]: one table lookup per byte
/// instead of a comparison per delimiter.
const URL_BYTE: [u8; 256] = {
    let mut table = [0; 256];
    table[b'/' as usize] = ENDS_HOST;
    table[b'?' as usize] = ENDS_HOST | ENDS_PATH;
    table[b'#' as usize] = ENDS_HOST | ENDS_PATH;
    table[b';' as usize] = ENDS_PATH;
    table[b':' as usize] = NOT_IN_PLAIN_HOST;
    table[b'@' as usize] = NOT_IN_PLAIN_HOST;
    table[b'[' as usize] = NOT_IN_PLAIN_HOST;
    table[b']' as usize] = NOT_IN_PLAIN_HOST;
    table
};

/// Whether `url` is already the first spelling twilio-python signs:
/// `remove_port(urlparse(url)).geturl()` gives it back byte for byte, so it
/// can be hashed as it is, without being cleaned, split and rebuilt.
///
/// Deliberately narrow, and checked in a few cheap passes: the usual webhook
/// URL `http(s)://host/path?query#fragment` in printable ASCII (nothing for
/// [`clean`] to strip), a plain host (no port, userinfo or brackets: nothing
/// to remove or to check), no `;` in the path (no `;params` to split off), no
/// empty query after a `?` and no `#` at the end (`geturl()` drops an empty
/// query or fragment).
/// Every other URL takes the general path; a test checks the two agree.
pub(crate) fn is_first_spelling(url: &str) -> bool {
    let bytes = url.as_bytes();
    // 0x21..=0x7E, tested for every byte without branching (vector compares).
    let printable = bytes
        .iter()
        .fold(true, |ok, &b| ok & (b.wrapping_sub(0x21) < 0x5E));
    // A `#` at the end: the fragment may be empty (when it is the first `#`).
    if !printable || bytes.last() == Some(&b'#') {
        return false;
    }
    let Some(rest) = bytes
        .strip_prefix(b"https://")
        .or_else(|| bytes.strip_prefix(b"http://"))
    else {
        return false;
    };
    let host_end = rest
        .iter()
        .position(|&b| URL_BYTE[usize::from(b)] & (ENDS_HOST | NOT_IN_PLAIN_HOST) != 0)
        .unwrap_or(rest.len());
    let after_host = &rest[host_end..];
    match after_host.first() {
        _ if host_end == 0 => return false,
        None => return true,
        Some(b'/' | b'?' | b'#') => {}
        Some(_) => return false,
    }
    // From the end of the path on: the query's `?`, the fragment's `#`, or
    // a `;` that starts path parameters.
    let path_end = after_host
        .iter()
        .position(|&b| URL_BYTE[usize::from(b)] & ENDS_PATH != 0)
        .unwrap_or(after_host.len());
    !matches!(
        &after_host[path_end..],
        [b';', ..] | [b'?'] | [b'?', b'#', ..]
    )
}

/// Whether `pieces`, concatenated, are exactly `url` — checked piece by piece
/// without building the concatenation.
pub(crate) fn spells(pieces: &[&str], url: &str) -> bool {
    let mut rest = url.as_bytes();
    for piece in pieces {
        let piece = piece.as_bytes();
        if piece.is_empty() {
            continue;
        }
        let Some((head, after)) = rest.split_at_checked(piece.len()) else {
            return false;
        };
        // Most pieces are cut from `url` itself, at this very place: the same
        // bytes, nothing to compare. The others (separators, a lower-cased
        // scheme) are a few bytes, compared without a `memcmp` call.
        let same = std::ptr::eq(head.as_ptr(), piece.as_ptr())
            || head.iter().zip(piece).all(|(a, b)| a == b);
        if !same {
            return false;
        }
        rest = after;
    }
    rest.is_empty()
}

/// Concatenates rebuilt pieces (used by tests and diagnostics).
#[cfg(test)]
pub(crate) fn join(pieces: &Pieces<'_>) -> String {
    pieces.concat()
}

/// `scheme:` is recognised when it starts with an ASCII letter and consists of
/// letters, digits, `+`, `-` and `.`; it is lower-cased.
fn split_scheme(url: &str) -> (Cow<'_, str>, &str) {
    if let Some(i) = url.find(':') {
        let candidate = &url[..i];
        let starts_alpha = candidate
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic());
        let all_valid = candidate
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        if starts_alpha && all_valid {
            let scheme = if candidate.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(candidate.to_ascii_lowercase())
            } else {
                Cow::Borrowed(candidate)
            };
            return (scheme, &url[i + 1..]);
        }
    }
    (Cow::Borrowed(""), url)
}

/// `_splitparams`: `;params` of the last path segment.
fn split_params(path: &str) -> (&str, &str) {
    let from = path.rfind('/').unwrap_or(0);
    match path[from..].find(';') {
        Some(i) => (&path[..from + i], &path[from + i + 1..]),
        None => (path, ""),
    }
}

/// `urlsplit`'s IPv6 checks: brackets balanced, and the bracketed host an IPv6
/// address (with an optional `%scope`) or an IPvFuture literal.
fn check_brackets(netloc: &str) -> Result<(), InvalidUrl> {
    match (netloc.contains('['), netloc.contains(']')) {
        (false, false) => Ok(()),
        (true, true) => {
            let after_open = netloc.split_once('[').map_or("", |(_, r)| r);
            let host = after_open.split_once(']').map_or(after_open, |(h, _)| h);
            if valid_bracketed_host(host) {
                Ok(())
            } else {
                Err(InvalidUrl)
            }
        }
        _ => Err(InvalidUrl),
    }
}

fn valid_bracketed_host(host: &str) -> bool {
    if let Some(future) = host.strip_prefix('v') {
        // v<hex>+ "." <one or more characters>
        let Some((hex, rest)) = future.split_once('.') else {
            return false;
        };
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) && !rest.is_empty();
    }
    let (addr, scope) = match host.split_once('%') {
        Some((addr, scope)) => (addr, Some(scope)),
        None => (host, None),
    };
    if scope.is_some_and(|s| s.is_empty() || s.contains('%')) {
        return false;
    }
    addr.parse::<Ipv6Addr>().is_ok()
}

/// The `port` property: digits after the host (after `]` for a bracketed host);
/// empty means no port; anything else that is not 0..=65535 is an error.
fn port(netloc: &str) -> Result<Option<u16>, InvalidUrl> {
    let hostinfo = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let port = match hostinfo.split_once('[') {
        Some((_, bracketed)) => {
            let after = bracketed.split_once(']').map_or("", |(_, a)| a);
            after.split_once(':').map_or("", |(_, p)| p)
        }
        None => hostinfo.split_once(':').map_or("", |(_, p)| p),
    };
    if port.is_empty() {
        return Ok(None);
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidUrl);
    }
    // Leading zeros are allowed ("0080" is port 80); saturate long inputs so they
    // land above the range check.
    let value = port.bytes().fold(0u32, |acc, b| {
        acc.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    });
    u16::try_from(value).map(Some).map_err(|_| InvalidUrl)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(url: &str) -> (String, String) {
        let cleaned = clean(url);
        let parsed = ParsedUrl::parse(&cleaned).unwrap();
        let (without, with) = (parsed.without_port(), parsed.with_port());
        for form in [&without, &with] {
            assert_eq!(spells(form, &cleaned), join(form) == *cleaned, "{url}");
        }
        (join(&without), join(&with))
    }

    #[test]
    fn adds_and_removes_ports() {
        assert_eq!(
            forms("https://example.com/a?b=1"),
            (
                "https://example.com/a?b=1".into(),
                "https://example.com:443/a?b=1".into()
            )
        );
        assert_eq!(
            forms("http://example.com:8080/a"),
            (
                "http://example.com/a".into(),
                "http://example.com:8080/a".into()
            )
        );
        assert_eq!(
            forms("https://user:pw@example.com:8443/a"),
            (
                "https://user/a".into(),
                "https://user:pw@example.com:8443/a".into()
            )
        );
        assert_eq!(
            forms("http://[::1]:8080/a"),
            ("http://[/a".into(), "http://[::1]:8080/a".into())
        );
        assert_eq!(
            forms("https://example.com:0/a"),
            (
                "https://example.com:0/a".into(),
                "https://example.com:0:443/a".into()
            )
        );
    }

    #[test]
    fn normalises_like_geturl() {
        assert_eq!(forms("HTTPS://Example.com/x?").0, "https://Example.com/x");
        assert_eq!(forms(" https://e.com/x;#").0, "https://e.com/x");
        assert_eq!(
            forms("https://e.com/a;b/c;d=1?q#f").0,
            "https://e.com/a;b/c;d=1?q#f"
        );
        assert_eq!(forms("https://e\t.com/\nx").0, "https://e.com/x");
        assert_eq!(forms("https://e.com").0, "https://e.com");
        assert_eq!(forms("https:e.com/x").0, "https:///e.com/x");
        assert_eq!(forms("1http://e.com").0, "1http://e.com");
        assert!(!spells(&["a", "b"], "abc"));
        assert!(!spells(&["a", "bc"], "ab"));
        assert!(spells(&["a", "", "bc"], "abc"));
        // Pieces cut from the URL itself, in place or elsewhere.
        let url = "abcabd";
        assert!(spells(&[&url[..3], &url[3..]], url));
        assert!(!spells(&[&url[3..], &url[..3]], url));
        assert!(spells(&[&url[..2], "c", &url[3..]], url));
        assert!(!spells(&[&url[..3]], url));
    }

    /// `is_first_spelling` claims a URL only when the general path (clean,
    /// parse, rebuild without the port) gives the same bytes back.
    fn assert_agrees(url: &str) -> bool {
        let first = is_first_spelling(url);
        if first {
            let cleaned = clean(url);
            assert_eq!(cleaned, url, "{url:?}");
            let parsed = ParsedUrl::parse(&cleaned).expect("a first spelling parses");
            assert_eq!(join(&parsed.without_port()), url, "{url:?}");
        }
        first
    }

    #[test]
    fn first_spellings_are_what_geturl_rebuilds() {
        for url in [
            "https://hooks.example.com/twilio/sms?tenant=acme",
            "http://e.com",
            "https://e.com/",
            "https://e.com?x=1",
            "https://e.com#f",
            "https://e.com/a?b=1#f",
            "https://e.com/a?b=1;c=2",
            "https://e.com//a",
            "https://e.com/a#f?x#y",
            "https://xn--e-ufa.com/%C3%A9?q=%20",
        ] {
            assert!(assert_agrees(url), "{url:?} should be a first spelling");
        }
        for url in [
            "HTTPS://e.com/a",
            "https://e.com:443/a",
            "https://e.com:/a",
            "https://u@e.com/a",
            "https://[::1]/a",
            "https://e.com/a;b",
            "https://e.com/a?",
            "https://e.com/a#",
            "https://e.com/a?#f",
            "https://e.com/a?#?",
            "https://e.com?",
            "https://e.com#",
            "https://",
            "https:///a",
            " https://e.com/a",
            "https://e.com/a b",
            "https://e.com/\u{e9}",
            "https://e.com/a\tb",
            "ftp://e.com/a",
            "https:e.com/a",
        ] {
            assert!(!assert_agrees(url), "{url:?} should take the general path");
        }
        // Every short string over the characters that matter, after each
        // scheme: whatever is claimed, the general path agrees.
        const ALPHABET: &[u8] = b"a/?#;:@[]%A. ";
        let mut claimed = 0;
        for scheme in ["https://", "http://"] {
            let mut tail = Vec::new();
            for len in 0..=5u32 {
                for mut n in 0..ALPHABET.len().pow(len) {
                    tail.clear();
                    for _ in 0..len {
                        tail.push(ALPHABET[n % ALPHABET.len()]);
                        n /= ALPHABET.len();
                    }
                    let url = format!("{scheme}{}", String::from_utf8_lossy(&tail));
                    claimed += usize::from(assert_agrees(&url));
                }
            }
        }
        assert!(claimed > 10_000, "{claimed}");
    }

    #[test]
    fn rejects_what_python_rejects() {
        for url in [
            "https://e.com:abc/",
            "https://e.com:65536/",
            "https://[::1/",
            "https://::1]/",
            "https://[1.2.3.4]/",
            "https://[vz.1]/",
        ] {
            assert_eq!(ParsedUrl::parse(url), Err(InvalidUrl), "{url}");
        }
        assert!(ParsedUrl::parse("https://[v1.x]:1/").is_ok());
        assert!(ParsedUrl::parse("https://[fe80::1%eth0]/").is_ok());
    }
}
