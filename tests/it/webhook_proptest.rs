//! Property tests: a signed request validates, and any change to its URL, to a
//! parameter or to the signature makes validation fail.
//!
//! Twilio's scheme concatenates names and values without separators, so some
//! distinct parameter lists sign identically (`ab=c` and `a=bc`; that is
//! Twilio's algorithm, checked against twilio-python in the fixture). The
//! generated names are therefore `[A-Z][a-z]*` and values `[a-z0-9 ]*`: an
//! upper-case letter marks every boundary, so each change is a real change.
//!
//! Signing and validating with the same code would agree even if both were
//! wrong, so the signatures are also checked against an HMAC computed here
//! over a string joined here, and against fixed vectors computed with
//! Python's standard library (`fixed_vectors`).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use std::collections::BTreeMap;
use twilio_typed::webhook::RequestValidator;

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

fn url() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("https"), Just("http")],
        "[a-z][a-z0-9-]{0,12}\\.(com|io|example)",
        "(/[A-Za-z0-9._~%-]{1,12}){1,3}",
        proptest::option::of(
            "[A-Za-z0-9_]{1,6}=[A-Za-z0-9%+._-]{1,10}(&[a-z]{1,4}=[a-z0-9]{1,4}){0,2}",
        ),
    )
        .prop_map(|(scheme, host, path, query)| match query {
            Some(q) => format!("{scheme}://{host}{path}?{q}"),
            None => format!("{scheme}://{host}{path}"),
        })
}

/// Unique names (a map), as in Twilio's webhooks.
fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::btree_map("[A-Z][a-z]{0,8}", "[a-z0-9 ]{0,12}", 0..16)
        .prop_map(|m: BTreeMap<String, String>| m.into_iter().collect())
}

fn token() -> impl Strategy<Value = String> {
    "[0-9a-f]{32}"
}

/// Index of the first character after `scheme://`.
fn authority_start(url: &str) -> usize {
    url.find("://").map_or(0, |i| i + 3)
}

/// Base64 HMAC-SHA1 of `url` then each name and value, the parameters
/// already sorted with unique names (they come from a `BTreeMap`): Twilio's
/// algorithm written out without the crate's code.
fn oracle(token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut signed = url.to_owned();
    for (name, value) in params {
        signed.push_str(name);
        signed.push_str(value);
    }
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(token.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// An inbound SMS, deliberately out of order (two names share their first 8
/// bytes).
const SMS: [(&str, &str); 8] = [
    ("ToCountry", "US"),
    ("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("NumMedia", "0"),
    ("Body", "Hello"),
    ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("MessageStatus", "received"),
    ("From", "+14155550199"),
    ("To", "+14155550100"),
];

/// Signatures computed with Python 3.11's standard library only, the signed
/// string written out (the URL spelling twilio-python signs, then the sorted
/// parameters; `SMS` and `REPEATS` as in the test):
///
/// ```python
/// import base64, hashlib, hmac
/// def sig(key, signed):
///     return base64.b64encode(hmac.new(key.encode(), signed.encode(), hashlib.sha1).digest()).decode()
/// def join(pairs):
///     return "".join(n + v for n, v in sorted(set(pairs)))
/// TOK = "0123456789abcdef0123456789abcdef"
/// sig(TOK, "https://hooks.example.com/twilio/sms?tenant=acme" + join(SMS))      # EeuxgpUX...
/// sig(TOK, "https://hooks.example.com:443/twilio/sms?tenant=acme" + join(SMS))  # pnHzlRmd...
/// sig(TOK, "http://hooks.example.org/cb" + join(SMS))                           # hlCL7Rb3...
/// sig(TOK, "https://e.example/x" + join(REPEATS))                               # 3/joYfys...
/// sig(TOK, "https://Example.com/x" + join([("A", "1")]))                        # FtpY3j11...
/// sig(TOK, "https://Example.com:443/x" + join([("A", "1")]))                    # eNYbcpqm...
/// ```
#[test]
fn fixed_vectors() {
    let v = RequestValidator::new("0123456789abcdef0123456789abcdef");
    let url = "https://hooks.example.com/twilio/sms?tenant=acme";
    let verbatim = "EeuxgpUXlY+hGpikLp9mXHCBUdo=";
    assert_eq!(v.compute_signature(url, SMS), verbatim);
    assert!(v.validate(url, SMS, verbatim).is_ok());
    // Signed with the default port added: accepted for the URL without it.
    let with_port = "pnHzlRmdTb2PUcahZpTIonSsAjk=";
    assert!(v.validate(url, SMS, with_port).is_ok());
    assert!(v.validate(url, &SMS[1..], with_port).is_err());
    // Signed with an explicit port removed.
    let without_port = "hlCL7Rb3XYsythVnLknouQAz+uM=";
    assert!(v
        .validate("http://hooks.example.org:8080/cb", SMS, without_port)
        .is_ok());
    assert!(v
        .validate("http://hooks.example.org:8081/x", SMS, without_port)
        .is_err());
    // Repeated names, a pair given twice, an empty name, a non-ASCII name.
    let repeats = [
        ("To", "b"),
        ("To", "a"),
        ("To", "a"),
        ("\u{e9}", "1"),
        ("A", ""),
        ("", "x"),
    ];
    let signature = "3/joYfysRImJ32QOR3inYRdNOvA=";
    assert_eq!(
        v.compute_signature("https://e.example/x", repeats),
        signature
    );
    assert!(v
        .validate("https://e.example/x", repeats, signature)
        .is_ok());
    // geturl() lower-cases the scheme and drops the empty query; both
    // spellings are accepted.
    for signature in [
        "FtpY3j11mSnjAKtzsc4EQ73rasM=",
        "eNYbcpqmFIi7dYyS0IT5SaxI3dM=",
    ] {
        assert!(v
            .validate("HTTPS://Example.com/x?", [("A", "1")], signature)
            .is_ok());
        assert!(v
            .validate("HTTPS://example.com/x?", [("A", "1")], signature)
            .is_err());
    }
}

proptest! {
    #[test]
    fn signed_requests_validate(url in url(), params in params(), token in token()) {
        let v = RequestValidator::new(token.as_str());
        let sig = v.compute_signature(&url, &params);
        prop_assert_eq!(&sig, &oracle(&token, &url, &params));
        prop_assert!(v.validate(&url, &params, &sig).is_ok());
        // Parameter order never matters.
        let reversed: Vec<_> = params.iter().rev().cloned().collect();
        prop_assert!(v.validate(&url, &reversed, &sig).is_ok());
    }

    #[test]
    fn any_url_change_fails(
        url in url(),
        params in params(),
        token in token(),
        pos in any::<prop::sample::Index>(),
        c in "[A-Za-z0-9]",
        kind in 0..3u8,
    ) {
        let v = RequestValidator::new(token);
        let sig = v.compute_signature(&url, &params);
        // Change a character after `scheme://` (host, path or query): replace it,
        // insert one, or delete it.
        let start = authority_start(&url);
        let at = start + pos.index(url.len() - start);
        let mut changed = url.clone();
        match kind {
            0 => {
                let old = &url[at..at + 1];
                prop_assume!(old != c);
                changed.replace_range(at..at + 1, &c);
            }
            1 => changed.insert_str(at, &c),
            _ => { changed.remove(at); }
        }
        prop_assert!(v.validate(&changed, &params, &sig).is_err(), "{} -> {}", url, changed);
    }

    #[test]
    fn any_parameter_change_fails(
        url in url(),
        params in params(),
        token in token(),
        pos in any::<prop::sample::Index>(),
        c in "[a-z0-9]",
        kind in 0..6u8,
    ) {
        let v = RequestValidator::new(token);
        let sig = v.compute_signature(&url, &params);
        let mut changed = params.clone();
        match kind {
            // Add a parameter with a new name.
            0 => changed.push(("Zzzzzzzzzz".to_owned(), c.clone())),
            // Remove one.
            1 if !params.is_empty() => { changed.remove(pos.index(params.len())); }
            // Append to a value.
            2 if !params.is_empty() => changed[pos.index(params.len())].1.push_str(&c),
            // Change the last character of a value, or set an empty one.
            3 if !params.is_empty() => {
                let value = &mut changed[pos.index(params.len())].1;
                match value.pop() {
                    Some(last) if last.to_string() != c => value.push_str(&c),
                    Some(_) => value.push('_'),
                    None => value.push_str(&c),
                }
            }
            // Append to a name (still unique: no other name can equal it, or the
            // value would be parsed differently).
            4 if !params.is_empty() => changed[pos.index(params.len())].0.push_str(&c),
            // Change a name's case.
            5 if !params.is_empty() => {
                let name = &mut changed[pos.index(params.len())].0;
                *name = name.to_lowercase();
            }
            _ => changed.push(("A".to_owned(), String::new())),
        }
        prop_assume!(changed != params);
        prop_assert!(v.validate(&url, &changed, &sig).is_err(), "{:?} -> {:?}", params, changed);
    }

    #[test]
    fn any_signature_change_fails(
        url in url(),
        params in params(),
        token in token(),
        pos in 0..28usize,
        c in proptest::sample::select(B64),
        kind in 0..3u8,
    ) {
        let v = RequestValidator::new(token);
        let sig = v.compute_signature(&url, &params);
        let mut changed = sig.clone().into_bytes();
        match kind {
            0 => {
                prop_assume!(changed[pos] != c);
                changed[pos] = c;
            }
            1 => changed.insert(pos, c),
            _ => { changed.remove(pos); }
        }
        let changed = String::from_utf8(changed).unwrap();
        prop_assert!(v.validate(&url, &params, &changed).is_err(), "{} -> {}", sig, changed);
    }

    #[test]
    fn another_token_fails(url in url(), params in params(), a in token(), b in token()) {
        prop_assume!(a != b);
        let sig = RequestValidator::new(a).compute_signature(&url, &params);
        prop_assert!(RequestValidator::new(b).validate(&url, &params, &sig).is_err());
    }
}
