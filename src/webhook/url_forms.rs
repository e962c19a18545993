//! The two spellings of a webhook URL that Twilio's helper libraries accept a
//! signature over.
//!
//! twilio-python's `RequestValidator.validate` does not sign the URL it is
//! given: it parses it with `urllib.parse.urlparse` and rebuilds it with
//! `geturl()` twice, once with the port removed (`remove_port`) and once with
//! the scheme's default port added (`add_port`). [`SignedUrl::parse`] follows
//! those steps of Python 3.11, one plain function per Python step, so the bytes
//! fed to HMAC are Python's.
//!
//! The `url` crate is not used for the spellings: `url::Url` follows the
//! WHATWG rules, which change the bytes Python signs. It lower-cases and
//! IDNA-encodes the host and percent-encodes the path (`https://é.com/a b`
//! becomes `https://xn--9ca.com/a%20b`), resolves `..`, drops a default port,
//! keeps an empty `?`, reads `https:e.com/x` as `https://e.com/x` (Python:
//! `https:///e.com/x`) and refuses relative URLs, which Python rebuilds as
//! they are; the committed twilio-python vectors hold such URLs. `url` does
//! decode the `bodySHA256` query parameter (`form_urlencoded`, which decodes
//! like Python's `parse_qs`).
//!
//! Where Python raises `ValueError` (a non-numeric or out-of-range port,
//! unbalanced or invalid IPv6 brackets), [`SignedUrl::parse`] returns
//! [`InvalidUrl`]; the validator then reports the request as not valid.

use std::net::Ipv6Addr;

use super::error::SignatureError;

/// Python's `uses_netloc`: schemes for which `urlunsplit` writes `//` even
/// when the network location is empty.
const USES_NETLOC: &[&str] = &[
    "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
    "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git",
    "git+ssh", "ws", "wss",
];

/// Python's `uses_params`: schemes for which `urlparse` splits `;params` off
/// the last path segment.
const USES_PARAMS: &[&str] = &[
    "", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu",
    "sip", "sips", "mms", "sftp", "tel",
];

/// A URL that Python's `urlparse` would reject (it raises `ValueError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidUrl;

impl From<InvalidUrl> for SignatureError {
    fn from(_: InvalidUrl) -> Self {
        SignatureError::InvalidUrl
    }
}

/// Removes what `urlsplit` removes before parsing: leading C0 controls and
/// spaces, and every tab, carriage return and line feed.
pub(crate) fn clean(url: &str) -> String {
    url.trim_start_matches(|c: char| c <= ' ')
        .replace(['\t', '\r', '\n'], "")
}

/// A [`clean`]ed webhook URL split as `urlparse` splits it, from which the
/// two spellings twilio-python signs are rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignedUrl<'a> {
    /// As written (lower-cased when rebuilt).
    scheme: &'a str,
    netloc: &'a str,
    /// With its `;params`, an empty `;` at the end dropped.
    path: &'a str,
    query: &'a str,
    fragment: &'a str,
    /// The `port` property: `Some` when the network location names one.
    port: Option<u16>,
}

impl<'a> SignedUrl<'a> {
    /// Splits a [`clean`]ed URL like `urlparse`.
    pub(crate) fn parse(url: &'a str) -> Result<Self, InvalidUrl> {
        // urlsplit: `scheme:` when the text before the first `:` is a letter
        // followed by letters, digits, `+`, `-`, `.`.
        let (scheme, rest) = match url.split_once(':') {
            Some((scheme, rest)) if is_scheme(scheme) => (scheme, rest),
            _ => ("", url),
        };
        // urlsplit: the network location runs from `//` to the first `/`, `?`
        // or `#`.
        let (netloc, rest) = match rest.strip_prefix("//") {
            Some(after) => after.split_at(
                after
                    .bytes()
                    .position(|b| matches!(b, b'/' | b'?' | b'#'))
                    .unwrap_or(after.len()),
            ),
            None => ("", rest),
        };
        check_brackets(netloc)?;
        let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        // urlparse splits `;params` off, urlunparse puts them back: only an
        // empty `;` at the end is lost.
        let path = if is_one_of(scheme, USES_PARAMS) {
            drop_empty_params(path)
        } else {
            path
        };
        Ok(Self {
            scheme,
            netloc,
            path,
            query,
            fragment,
            port: port(netloc)?,
        })
    }

    /// `urlparse(url).query`: the query, still percent-encoded.
    pub(crate) fn query(&self) -> &'a str {
        self.query
    }

    /// `if not uri.port` in twilio-python: no port, or port 0.
    fn has_port(&self) -> bool {
        self.port.is_some_and(|port| port != 0)
    }

    /// `remove_port(urlparse(url))`: the URL rebuilt without its port
    /// (twilio-python keeps the network location up to its first `:`, user
    /// info included).
    pub(crate) fn without_port(&self) -> String {
        if self.has_port() {
            let host = self.netloc.split(':').next().unwrap_or_default();
            self.unsplit(host, "")
        } else {
            self.unsplit(self.netloc, "")
        }
    }

    /// `add_port(urlparse(url))`: the URL rebuilt with its port, `:443` for
    /// `https` and `:80` for any other scheme when it has none.
    pub(crate) fn with_port(&self) -> String {
        if self.has_port() {
            self.unsplit(self.netloc, "")
        } else if self.scheme.eq_ignore_ascii_case("https") {
            self.unsplit(self.netloc, ":443")
        } else {
            self.unsplit(self.netloc, ":80")
        }
    }

    /// `urlunsplit` with the network location `host` + `port`: the scheme
    /// lower-cased; empty components left out with their delimiter; `//`
    /// written for a network location, or for a scheme in [`USES_NETLOC`]
    /// unless the path already starts with `//`.
    fn unsplit(&self, host: &str, port: &str) -> String {
        let Self {
            scheme,
            path,
            query,
            fragment,
            ..
        } = *self;
        let parts = [scheme, host, port, path, query, fragment];
        // The parts and at most `://`, `/`, `?` and `#`.
        let mut url = String::with_capacity(parts.iter().map(|part| part.len()).sum::<usize>() + 6);
        if !scheme.is_empty() {
            url.extend(scheme.chars().map(|c| c.to_ascii_lowercase()));
            url.push(':');
        }
        let has_netloc = !host.is_empty() || !port.is_empty();
        if has_netloc
            || (!scheme.is_empty() && is_one_of(scheme, USES_NETLOC) && !path.starts_with("//"))
        {
            url.push_str("//");
            url.push_str(host);
            url.push_str(port);
            if !path.is_empty() && !path.starts_with('/') {
                url.push('/');
            }
        }
        url.push_str(path);
        for (delimiter, component) in [('?', query), ('#', fragment)] {
            if !component.is_empty() {
                url.push(delimiter);
                url.push_str(component);
            }
        }
        url
    }
}

/// Whether the (not yet lower-cased) `scheme` is in `list`.
fn is_one_of(scheme: &str, list: &[&str]) -> bool {
    list.iter().any(|name| name.eq_ignore_ascii_case(scheme))
}

/// Whether `text` is a scheme for `urlsplit`.
fn is_scheme(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// `_splitparams` then `urlunparse`: the `;` that starts the last segment's
/// parameters is dropped when no parameters follow it.
fn drop_empty_params(path: &str) -> &str {
    let last_segment = &path[path.rfind('/').unwrap_or(0)..];
    match last_segment.split_once(';') {
        Some((_, "")) => &path[..path.len() - 1],
        _ => path,
    }
}

/// `urlsplit`'s IPv6 checks: brackets balanced, and the first bracketed host
/// an IPv6 address (with an optional `%scope`) or an IPvFuture literal.
fn check_brackets(netloc: &str) -> Result<(), InvalidUrl> {
    match (netloc.split_once('['), netloc.contains(']')) {
        (None, false) => Ok(()),
        (Some((_, after_open)), true) => {
            let host = after_open
                .split_once(']')
                .map_or(after_open, |(host, _)| host);
            if valid_bracketed_host(host) {
                Ok(())
            } else {
                Err(InvalidUrl)
            }
        }
        _ => Err(InvalidUrl),
    }
}

/// `_check_bracketed_host`: `v<hex>.<anything>`, or what
/// `ipaddress.ip_address` takes as IPv6 (an IPv4 address is refused).
fn valid_bracketed_host(host: &str) -> bool {
    if let Some(future) = host.strip_prefix('v') {
        return future.split_once('.').is_some_and(|(hex, rest)| {
            !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) && !rest.is_empty()
        });
    }
    let (address, scope) = match host.split_once('%') {
        Some((address, scope)) => (address, Some(scope)),
        None => (host, None),
    };
    !scope.is_some_and(|scope| scope.is_empty() || scope.contains('%'))
        && address.parse::<Ipv6Addr>().is_ok()
}

/// The `port` property: the digits after the last `@` and the host (after
/// `]` for a bracketed host); `None` when empty, an error when not a number
/// in 0..=65535 (leading zeros allowed: `0080` is 80).
fn port(netloc: &str) -> Result<Option<u16>, InvalidUrl> {
    let hostinfo = netloc
        .rsplit_once('@')
        .map_or(netloc, |(_, hostinfo)| hostinfo);
    let after_host = match hostinfo.split_once('[') {
        Some((_, bracketed)) => bracketed.split_once(']').map_or("", |(_, after)| after),
        None => hostinfo,
    };
    let port = after_host.split_once(':').map_or("", |(_, port)| port);
    if port.is_empty() {
        return Ok(None);
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidUrl);
    }
    match port.trim_start_matches('0') {
        "" => Ok(Some(0)),
        digits => digits.parse().map(Some).map_err(|_| InvalidUrl),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(url: &str) -> (String, String) {
        let cleaned = clean(url);
        let parsed = SignedUrl::parse(&cleaned).unwrap();
        (parsed.without_port(), parsed.with_port())
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
            forms("ws://example.com/a"),
            ("ws://example.com/a".into(), "ws://example.com:80/a".into())
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
        assert_eq!(
            forms("https://example.com:00443/a").0,
            "https://example.com/a"
        );
    }

    #[test]
    fn normalises_like_geturl() {
        assert_eq!(forms("HTTPS://Example.com/x?").0, "https://Example.com/x");
        assert_eq!(forms(" https://e.com/x;#").0, "https://e.com/x");
        assert_eq!(forms("https://e.com/x;").0, "https://e.com/x");
        assert_eq!(forms("https://e.com/x;/y;").0, "https://e.com/x;/y");
        assert_eq!(forms("https://e.com/x;;").0, "https://e.com/x;;");
        assert_eq!(forms("ftp://e.com/x;").0, "ftp://e.com/x");
        assert_eq!(forms("git://e.com/x;").0, "git://e.com/x;");
        assert_eq!(
            forms("https://e.com/a;b/c;d=1?q#f").0,
            "https://e.com/a;b/c;d=1?q#f"
        );
        assert_eq!(forms("https://e\t.com/\nx").0, "https://e.com/x");
        assert_eq!(forms("https://e.com").0, "https://e.com");
        assert_eq!(forms("https:e.com/x").0, "https:///e.com/x");
        assert_eq!(forms("https:////x").0, "https://x");
        assert_eq!(forms("1http://e.com").0, "1http://e.com");
        assert_eq!(
            forms("mailto:a@b"),
            ("mailto:a@b".into(), "mailto://:80/a@b".into())
        );
        assert_eq!(forms("a@b:1").1, "//:80/a@b:1");
        assert_eq!(forms("//e.com?q").1, "//e.com:80?q");
    }

    #[test]
    fn keeps_the_query_for_body_hashes() {
        let parsed = SignedUrl::parse("https://e.com/p?a=%41&b#c?d").unwrap();
        assert_eq!(parsed.query(), "a=%41&b");
    }

    #[test]
    fn rejects_what_python_rejects() {
        for url in [
            "https://e.com:abc/",
            "https://e.com:65536/",
            "https://e.com:+80/",
            "https://e.com:99999999999999999999999/",
            "https://[::1/",
            "https://::1]/",
            "https://[1.2.3.4]/",
            "https://[vz.1]/",
            "https://[v1.]/",
            "https://[fe80::1%]/",
        ] {
            assert_eq!(SignedUrl::parse(url), Err(InvalidUrl), "{url}");
        }
        assert!(SignedUrl::parse("https://[v1.x]:1/").is_ok());
        assert!(SignedUrl::parse("https://[fe80::1%eth0]/").is_ok());
        assert!(SignedUrl::parse("https://e.com:65535/").is_ok());
        // Without `//` there is no network location, hence no port to check.
        assert!(SignedUrl::parse("https:e.com:abc/").is_ok());
    }
}
