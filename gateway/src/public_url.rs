//! URLs Twilio must fetch (`twiml_url`, `audio_url`): refused up front when
//! Twilio could never reach them, instead of a call that fails after ringing
//! ("verify TwiML URL is publicly accessible (not localhost)").
//!
//! Refused: anything but `http`/`https`; control characters or spaces;
//! credentials in the URL; and, unless `ALLOW_PRIVATE_URLS=1`, hosts that name
//! this machine or a private network: `localhost` (and `*.localhost`), `*.local`,
//! `*.internal`, and IP addresses that are loopback, private (RFC 1918, IPv6
//! unique-local), shared (100.64/10), link-local (cloud metadata at
//! 169.254.169.254 included), unspecified, multicast or broadcast. Names are
//! not resolved: DNS is Twilio's to do.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use crate::error::AppError;

/// Checks `text` as a URL Twilio will fetch; `field` names it in the error.
///
/// # Errors
/// `400` naming `field` and the rule.
pub fn check(field: &str, text: &str, allow_private: bool) -> Result<Url, AppError> {
    let refuse = |why: &str| {
        AppError::bad_request(format!(
            "invalid {field}: {why}; Twilio must be able to fetch it from the internet"
        ))
    };
    if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(refuse("contains control characters or spaces"));
    }
    let url = Url::parse(text).map_err(|_| refuse("not an absolute http(s) URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("must not carry credentials"));
    }
    let Some(host) = url.host() else {
        return Err(refuse("a host is required"));
    };
    if !allow_private {
        let private = match &host {
            Host::Domain(name) => is_private_name(name),
            Host::Ipv4(ip) => is_private_ipv4(*ip),
            Host::Ipv6(ip) => is_private_ipv6(*ip),
        };
        if private {
            return Err(refuse(
                "its host is this machine or a private network (localhost, loopback, private, \
                 link-local or metadata address); set ALLOW_PRIVATE_URLS=1 only for tests",
            ));
        }
    }
    Ok(url)
}

fn is_private_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    // A name that is an IP address in another notation is parsed by `url`
    // already; what is left are names.
    name == "localhost"
        || name.ends_with(".localhost")
        || name.ends_with(".local")
        || name.ends_with(".internal")
        || name.parse::<IpAddr>().is_ok_and(is_private_ip)
}

fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_private_ipv4(ip),
        IpAddr::V6(ip) => is_private_ipv6(ip),
    }
}

fn is_private_ipv4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // 169.254/16, cloud metadata included
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || a >= 240 // reserved
}

fn is_private_ipv6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_private_ipv4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local fc00::/7 (AWS metadata fd00:ec2::254 too)
        || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
}
