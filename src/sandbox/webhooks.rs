//! Requests the sandbox makes as Twilio would: status callbacks and TwiML
//! fetches, signed with `X-Twilio-Signature`, only to loopback hosts unless the
//! sandbox allows others, with bounded answers.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, USER_AGENT};
use url::{Host, Url};

use super::records::{Callback, CallbackOutcome};
use super::state::Shared;
use crate::webhook::{Params, SIGNATURE_HEADER};

/// How long a webhook may take before it counts as failed (Twilio's limit).
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(15);
/// The most of an answer the sandbox reads (Twilio reads TwiML up to 64 kB).
pub(crate) const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Whether `url` names a loopback host: the name `localhost` itself or a
/// loopback IP literal (`127.0.0.0/8`, `::1`). Names are not resolved, so no
/// other name counts, not even a `*.localhost` one: a resolver is free to
/// send it anywhere.
pub(crate) fn is_loopback(url: &str) -> bool {
    let Ok(url) = Url::parse(url) else {
        return false;
    };
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// What a signed request brought back.
pub(crate) struct Answer {
    /// The request as sent, and how it ended.
    pub(crate) callback: Callback,
    /// The body of a 2xx answer, when it was read whole within [`MAX_ANSWER_BYTES`].
    pub(crate) body: Option<String>,
}

/// Sends one request signed with `X-Twilio-Signature` as Twilio signs it:
/// parameters in the form body for `POST`, in the query for `GET`.
pub(crate) async fn send(
    shared: &Shared,
    url: &str,
    method: &str,
    params: Params,
    read_body: bool,
) -> Answer {
    let get = method.eq_ignore_ascii_case("GET");
    let (target, signature) = if get {
        // Twilio puts GET parameters in the query and signs the whole URL.
        let separator = if url.contains('?') { '&' } else { '?' };
        let full = format!("{url}{separator}{}", params.to_form());
        let none: [(&str, &str); 0] = [];
        let signature = shared.signer.compute_signature(&full, none);
        (full, signature)
    } else {
        let signature = shared.signer.compute_signature(url, &params);
        (url.to_owned(), signature)
    };
    let mut callback = Callback {
        url: target.clone(),
        method: method.to_ascii_uppercase(),
        params,
        signature: signature.clone(),
        outcome: CallbackOutcome::NotSent(String::new()),
    };
    if !shared.allow_remote_webhooks && !is_loopback(&target) {
        callback.outcome = CallbackOutcome::NotSent(format!(
            "{target} is not a loopback address; build the sandbox with allow_remote_webhooks(true) to reach it"
        ));
        return Answer {
            callback,
            body: None,
        };
    }
    let request = if get {
        shared.http.get(&target)
    } else {
        shared
            .http
            .post(&target)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(callback.params.to_form())
    };
    let response = request
        .header(SIGNATURE_HEADER, &signature)
        .header(USER_AGENT, "TwilioProxy/1.1")
        .timeout(WEBHOOK_TIMEOUT)
        .send()
        .await;
    let mut body = None;
    callback.outcome = match response {
        Ok(mut response) => {
            let status = response.status();
            if read_body && status.is_success() {
                body = read_bounded(&mut response).await;
            }
            CallbackOutcome::Answered(status.as_u16())
        }
        Err(error) => CallbackOutcome::Failed(error.to_string()),
    };
    Answer { callback, body }
}

/// The body as text, or `None` when it fails, is not UTF-8 or passes
/// [`MAX_ANSWER_BYTES`] (reading stops there).
async fn read_bounded(response: &mut reqwest::Response) -> Option<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_are_loopback() {
        for url in [
            "http://127.0.0.1:8080/x",
            "http://127.1.2.3/",
            "http://[::1]:9000/",
            "http://localhost/status",
            "http://LocalHost:3000/",
            "http://127.255.255.254/",
        ] {
            assert!(is_loopback(url), "{url}");
        }
        for url in [
            "https://example.com/",
            "http://10.0.0.1/",
            "http://[::ffff:8.8.8.8]/",
            "http://localhost.example.com/",
            // Resolved by whoever runs the resolver, not necessarily to loopback.
            "http://api.localhost/",
            "http://evil.example.localhost:8080/",
            "http://localhost./",
            "http://0.0.0.0/",
            "not a url",
        ] {
            assert!(!is_loopback(url), "{url}");
        }
    }
}
