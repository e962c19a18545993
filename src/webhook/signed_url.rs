//! The two spellings of a webhook URL that Twilio's helper libraries accept a
//! signature over.
//!
//! twilio-python's `RequestValidator.validate` tries the URL with its port
//! removed (`remove_port`) and with the scheme's default port added
//! (`add_port`), each rebuilt by `urlparse(..).geturl()`. For an absolute
//! `http` or `https` URL, those two spellings are the caller's text with a few
//! plain edits, which is all this module does:
//!
//! - the port, at the authority (the text between `//` and the next `/`, `?`
//!   or `#`): with a port, one spelling keeps the authority as written and the
//!   other keeps it up to its first `:` (twilio-python's
//!   `netloc.split(":")[0]`, user info and IPv6 brackets included); without
//!   one (or with port 0, which Python takes as none), one spelling is the
//!   authority as written and the other appends `:443` for `https`, `:80` for
//!   `http`;
//! - `geturl()`'s clean-ups: the scheme lower-cased; leading blanks and
//!   control characters and every tab, CR and LF removed; an empty query (`?`),
//!   an empty fragment (`#`) and a `;` with nothing after it in the last path
//!   segment left out.
//!
//! Nothing else changes: host case, percent-encoding, dot segments and the
//! path are signed as the caller wrote them, as twilio-python signs them.
//!
//! What is a URL: the text must be `http://` or `https://` (any case), an
//! authority with no `\`, and the rest. The host is checked by the `url`
//! crate ([`url::Host::parse`], what `Url::parse` runs on an `http(s)` host;
//! see [`check_host`] for why not `Url::parse` itself) and the port as Python
//! reads it. `url`'s serialization is not used for the spellings, because it
//! normalises what Twilio signs verbatim (`https://Example.com/a b` becomes
//! `https://example.com/a%20b`, `https://e.com` gets a `/`).
//!
//! So [`InvalidUrl`] covers what twilio-python refuses (`ValueError`: a port
//! that is not ASCII digits or is above 65535, malformed IPv6 brackets), and
//! what it would rebuild somehow but is no `http(s)` URL with a host that
//! `url` accepts: relative URLs, other schemes, `https:e.com`,
//! `https:////e.com`, a `\` in the authority, IPv6 zone ids, IPvFuture
//! literals, spaces in the host. Twilio calls none of these.

use std::borrow::Cow;

use super::error::SignatureError;

/// A webhook URL that is not an absolute `http`/`https` URL, or that
/// twilio-python refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidUrl;

impl From<InvalidUrl> for SignatureError {
    fn from(_: InvalidUrl) -> Self {
        SignatureError::InvalidUrl
    }
}

/// Removes what `urlsplit` (and WHATWG URL parsing) removes before parsing:
/// leading C0 controls and spaces, and every tab, CR and LF.
pub(crate) fn clean(url: &str) -> Cow<'_, str> {
    let url = url.trim_start_matches(is_blank);
    if url.contains(['\t', '\r', '\n']) {
        Cow::Owned(url.replace(['\t', '\r', '\n'], ""))
    } else {
        Cow::Borrowed(url)
    }
}

/// A spelling of the URL in pieces, hashed one after the other.
pub(crate) type Spelling<'a> = [&'a str; 9];

/// A [`clean`]ed webhook URL cut where the spellings differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignedUrl<'a> {
    /// `http` or `https`, lower-cased as `geturl()` writes it.
    scheme: &'static str,
    /// The authority as written: `user:pw@host:port`.
    authority: &'a str,
    /// The written port; `None` when there is none or it is empty (`host:`).
    port: Option<u16>,
    /// With an empty `;` at its end left out.
    path: &'a str,
    query: &'a str,
    fragment: &'a str,
}

impl<'a> SignedUrl<'a> {
    /// Checks a [`clean`]ed URL and cuts it.
    ///
    /// # Errors
    /// [`InvalidUrl`] as the module docs say.
    pub(crate) fn parse(text: &'a str) -> Result<Self, InvalidUrl> {
        let (scheme, rest) = text.split_once("://").ok_or(InvalidUrl)?;
        let scheme = if scheme.eq_ignore_ascii_case("https") {
            "https"
        } else if scheme.eq_ignore_ascii_case("http") {
            "http"
        } else {
            return Err(InvalidUrl);
        };
        // Python's authority; WHATWG's also ends at a `\`, so none may be in it.
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        // Python refuses brackets that are not the host's (`[u@e.com`),
        // `url` takes them in user info.
        let user_info = authority
            .rsplit_once('@')
            .map_or("", |(user_info, _)| user_info);
        if authority.contains('\\') || user_info.contains(['[', ']']) {
            return Err(InvalidUrl);
        }
        let port = written_port(authority)?;
        // WHATWG trims blanks off the end of a URL (Python keeps them, so the
        // spellings do): a host that ends the URL is checked without them.
        let checked = if tail.is_empty() {
            authority.trim_end_matches(is_blank)
        } else {
            authority
        };
        check_host(checked)?;

        let (tail, fragment) = tail.split_once('#').unwrap_or((tail, ""));
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        Ok(Self {
            scheme,
            authority,
            port,
            path: drop_empty_params(path),
            query,
            fragment,
        })
    }

    /// The query, still percent-encoded (`urlparse(url).query`).
    pub(crate) fn query(&self) -> &'a str {
        self.query
    }

    /// twilio-python's `if not uri.port`: port 0 counts as none.
    fn has_port(&self) -> bool {
        self.port.is_some_and(|port| port != 0)
    }

    /// `remove_port`: with a port, the authority up to its first `:`.
    pub(crate) fn without_port(&self) -> Spelling<'a> {
        let authority = if self.has_port() {
            self.authority.split(':').next().unwrap_or(self.authority)
        } else {
            self.authority
        };
        self.spelling(authority, "")
    }

    /// `add_port`: without a port, the scheme's default appended.
    pub(crate) fn with_port(&self) -> Spelling<'a> {
        let default_port = match (self.has_port(), self.scheme) {
            (true, _) => "",
            (false, "https") => ":443",
            (false, _) => ":80",
        };
        self.spelling(self.authority, default_port)
    }

    /// `geturl()` with this authority and port: empty query and fragment
    /// left out with their delimiter.
    fn spelling(&self, authority: &'a str, port: &'static str) -> Spelling<'a> {
        let delimiter = |c, part: &str| if part.is_empty() { "" } else { c };
        [
            self.scheme,
            "://",
            authority,
            port,
            self.path,
            delimiter("?", self.query),
            self.query,
            delimiter("#", self.fragment),
            self.fragment,
        ]
    }
}

/// What Python and WHATWG strip from the start of a URL (and WHATWG from its
/// end): C0 controls and the space.
fn is_blank(c: char) -> bool {
    c <= ' '
}

/// The host and the port of an authority: after the last `@` (user info
/// may hold `:`), split at the first `:` after the last `]` (IPv6 addresses
/// hold `:`). Python and WHATWG cut it so.
fn host_and_port(authority: &str) -> (&str, Option<&str>) {
    let host_and_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let ipv6_end = host_and_port.rfind(']').unwrap_or(0);
    match host_and_port[ipv6_end..].find(':') {
        Some(colon) => (
            &host_and_port[..ipv6_end + colon],
            Some(&host_and_port[ipv6_end + colon + 1..]),
        ),
        None => (host_and_port, None),
    }
}

/// The host checked by [`url::Host::parse`], the host parser `Url::parse`
/// runs for `http` and `https` (IDNA, IPv4 forms, IPv6 in brackets, no
/// forbidden or empty host). It is all `Url::parse` could refuse in
/// `http(s)://` + an authority with no `\` (user info, path, query and
/// fragment are percent-encoded, never refused; the port is
/// [`written_port`]'s), and costs a fifth of it: `Url::parse` alone costs as
/// much as the HMAC, which the validation floor (2.5 times a bare HMAC) cannot
/// take. A test compares the two on generated URLs.
fn check_host(authority: &str) -> Result<(), InvalidUrl> {
    let (host, _) = host_and_port(authority);
    url::Host::parse(host).map(drop).map_err(|_| InvalidUrl)
}

/// The port as Python's `urlparse(..).port` reads it (see [`host_and_port`]).
/// `None` when absent or empty; refused unless ASCII digits (leading zeros
/// allowed) up to 65535, as Python and WHATWG refuse it.
fn written_port(authority: &str) -> Result<Option<u16>, InvalidUrl> {
    let port = host_and_port(authority).1.unwrap_or_default();
    if port.is_empty() {
        return Ok(None);
    }
    // `u16::from_str` alone would take a `+`.
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidUrl);
    }
    port.parse().map(Some).map_err(|_| InvalidUrl)
}

/// `urlparse` splits `;params` off the last path segment and `geturl()` puts
/// them back only when not empty: a `;` ending the path, the first one of its
/// segment, is lost.
fn drop_empty_params(path: &str) -> &str {
    let last_segment = &path[path.rfind('/').unwrap_or(0)..];
    match last_segment.split_once(';') {
        Some((_, "")) => &path[..path.len() - 1],
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `(remove_port, add_port)`, each checked against twilio-python 9.13.0:
    /// `u = urlparse(url); remove_port(u), add_port(u)`.
    fn spellings(url: &str) -> (String, String) {
        let cleaned = clean(url);
        let parsed = SignedUrl::parse(&cleaned).unwrap();
        (parsed.without_port().concat(), parsed.with_port().concat())
    }

    fn pair(without: &str, with: &str) -> (String, String) {
        (without.to_owned(), with.to_owned())
    }

    #[test]
    fn ports() {
        assert_eq!(
            spellings("https://example.com/a?b=1"),
            pair("https://example.com/a?b=1", "https://example.com:443/a?b=1")
        );
        assert_eq!(
            spellings("http://example.com/a"),
            pair("http://example.com/a", "http://example.com:80/a")
        );
        // Explicit default ports.
        assert_eq!(
            spellings("https://example.com:443/a"),
            pair("https://example.com/a", "https://example.com:443/a")
        );
        assert_eq!(
            spellings("http://example.com:80"),
            pair("http://example.com", "http://example.com:80")
        );
        assert_eq!(
            spellings("https://example.com:00443/a").0,
            "https://example.com/a"
        );
        // A non-default port, and the other scheme's default.
        assert_eq!(
            spellings("http://example.com:8080/a"),
            pair("http://example.com/a", "http://example.com:8080/a")
        );
        assert_eq!(
            spellings("http://example.com:443/a"),
            pair("http://example.com/a", "http://example.com:443/a")
        );
        // Port 0 is no port to Python; an empty port is none.
        assert_eq!(
            spellings("https://example.com:0/a"),
            pair("https://example.com:0/a", "https://example.com:0:443/a")
        );
        assert_eq!(
            spellings("https://example.com:/a"),
            pair("https://example.com:/a", "https://example.com::443/a")
        );
    }

    #[test]
    fn user_info_and_ipv6_hosts_cut_at_the_first_colon() {
        assert_eq!(
            spellings("https://user:pw@example.com:8443/a"),
            pair("https://user/a", "https://user:pw@example.com:8443/a")
        );
        assert_eq!(
            spellings("https://user:pw@example.com/a"),
            pair(
                "https://user:pw@example.com/a",
                "https://user:pw@example.com:443/a"
            )
        );
        assert_eq!(
            spellings("https://u@example.com:8443/a"),
            pair("https://u@example.com/a", "https://u@example.com:8443/a")
        );
        assert_eq!(
            spellings("http://[::1]:8080/a"),
            pair("http://[/a", "http://[::1]:8080/a")
        );
        assert_eq!(
            spellings("http://[::1]/a"),
            pair("http://[::1]/a", "http://[::1]:80/a")
        );
        assert_eq!(
            spellings("https://[2001:DB8::1]?x"),
            pair("https://[2001:DB8::1]?x", "https://[2001:DB8::1]:443?x")
        );
    }

    #[test]
    fn the_callers_bytes_but_for_geturl_clean_ups() {
        // Scheme lower-cased, host and path as written.
        assert_eq!(
            spellings("HTTPS://Example.COM/A%2f b/../c").0,
            "https://Example.COM/A%2f b/../c"
        );
        assert_eq!(
            spellings("https://bücher.example/ü").0,
            "https://bücher.example/ü"
        );
        assert_eq!(spellings("https://e.com").0, "https://e.com");
        assert_eq!(spellings("https://e.com?x=1").1, "https://e.com:443?x=1");
        // Empty query and fragment left out; non-empty ones kept.
        assert_eq!(spellings("https://e.com/x?").0, "https://e.com/x");
        assert_eq!(spellings("https://e.com/x#").0, "https://e.com/x");
        assert_eq!(spellings("https://e.com/x?#f").0, "https://e.com/x#f");
        assert_eq!(
            spellings("https://e.com/x?a=1#f?g").0,
            "https://e.com/x?a=1#f?g"
        );
        assert_eq!(spellings("https://e.com/x??").0, "https://e.com/x??");
        assert_eq!(spellings("https://e.com/x##").0, "https://e.com/x##");
        // An empty `;params` of the last segment left out.
        assert_eq!(spellings("https://e.com/x;").0, "https://e.com/x");
        assert_eq!(spellings("https://e.com/x;?a#").0, "https://e.com/x?a");
        assert_eq!(spellings("https://e.com/x;/y;").0, "https://e.com/x;/y");
        assert_eq!(spellings("https://e.com/x;;").0, "https://e.com/x;;");
        assert_eq!(
            spellings("https://e.com/a;b/c;d=1?q#f").0,
            "https://e.com/a;b/c;d=1?q#f"
        );
        // Leading blanks, tabs and newlines removed; trailing blanks kept.
        assert_eq!(spellings(" \u{1}https://e\t.com/\nx").0, "https://e.com/x");
        assert_eq!(spellings("https://e.com/x ").0, "https://e.com/x ");
    }

    #[test]
    fn keeps_the_query_for_body_hashes() {
        let parsed = SignedUrl::parse("https://e.com/p;?a=%41&b#c?d").unwrap();
        assert_eq!(parsed.query(), "a=%41&b");
        assert_eq!(SignedUrl::parse("https://e.com/p#?a").unwrap().query(), "");
    }

    #[test]
    fn refusals() {
        for url in [
            // twilio-python raises ValueError.
            "https://e.com:abc/",
            "https://e.com:65536/",
            "https://e.com:+80/",
            "https://e.com:80:90/",
            "https://e.com:80 ",
            "https://e.com:99999999999999999999999/",
            "https://[::1/",
            "https://::1]/",
            "https://[1.2.3.4]/",
            // twilio-python rebuilds these; Twilio calls none of them.
            "https://[fe80::1%25eth0]/",
            "https://[v1.x]/",
            "https:e.com/x",
            "https:////x",
            "https://\\e.com/x",
            "https://e.com\\@evil.com/x",
            "https://exa mple.com/",
            "https://[u@e.com/",
            "https://[::1]@e.com/",
            "ftp://e.com/x",
            "//e.com/x",
            "/x?y",
            "",
        ] {
            assert_eq!(SignedUrl::parse(url), Err(InvalidUrl), "{url:?}");
        }
        assert!(SignedUrl::parse("https://e.com:65535/").is_ok());
    }

    /// What `url::Url::parse` says of a cleaned URL, with the conditions
    /// that are this module's own: written with `//` and an authority that
    /// has no `\` and no bracket in its user info.
    fn url_crate_takes(url: &str) -> bool {
        let text = clean(url);
        let Ok(parsed) = url::Url::parse(&text) else {
            return false;
        };
        let authority = match text.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case(parsed.scheme()) => {
                rest.split(['/', '?', '#']).next().unwrap_or_default()
            }
            _ => "",
        };
        matches!(parsed.scheme(), "http" | "https")
            && !authority.is_empty()
            && !authority.contains('\\')
            && !authority
                .rsplit_once('@')
                .is_some_and(|(u, _)| u.contains(['[', ']']))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The cut and the host check here agree with `Url::parse`: the same
        /// URLs, the same port.
        #[test]
        fn agrees_with_url_parse(
            scheme in "(https?|HTTPS|Http|ftp|ws|)",
            separator in "(://|:/|:|//|:///|:\\\\)",
            user_info in "([a-z:%@\\[\\] é]{0,5}@)?",
            host in r"[a-zA-Z0-9.%é\[\]:\\ -]{0,10}|127\.0\.0\.1|0x7f\.1|\[::1\]|\[[0-9a-fA-F:.%v]{0,10}\]|bücher\.example|EX\.com|xn--[a-z]{0,5}|[0-9.]{1,9}",
            port in "(:[0-9]{0,6}|:[0-9a-z+ ]{0,3})?",
            tail in "([/?#\\\\][ -~é]{0,8})?",
            end in "[ \t\u{1}]{0,1}",
        ) {
            let url = format!("{scheme}{separator}{user_info}{host}{port}{tail}{end}");
            let cleaned = clean(&url);
            let ours = SignedUrl::parse(&cleaned);
            if let Ok(ours) = &ours {
                let parsed = url::Url::parse(&url);
                let parsed = parsed.map_err(|e| TestCaseError::fail(format!("{url:?}: {e}")))?;
                let port = match ours.port {
                    Some(_) => parsed.port_or_known_default(),
                    None => parsed.port(),
                };
                prop_assert_eq!(port, ours.port, "{:?}", url);
            }
            // And the other way, where Python and WHATWG read the same port.
            if !cleaned.ends_with(is_blank) {
                prop_assert_eq!(ours.is_ok(), url_crate_takes(&url), "{:?}", url);
            }
        }
    }
}
