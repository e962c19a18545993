//! Sending a request to Twilio: URL, authentication, form body, retries and
//! turning the answer into a model or an [`Error`].

use std::time::Duration;

use reqwest::header::{HeaderValue, ACCEPT, RETRY_AFTER, USER_AGENT};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;

use crate::client::TwilioClient;
use crate::error::ApiError;
use crate::retry::{is_retryable, Failure, Idempotency};
use crate::Error;

/// At most this much of a body is kept in an error.
const SNIPPET_LEN: usize = 512;

/// Form fields of a request, in order; names may repeat (`MediaUrl`).
pub(crate) type Form = Vec<(&'static str, String)>;

/// One REST call, relative to `/2010-04-01/Accounts/{AccountSid}/`.
#[derive(Debug)]
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    /// e.g. `Messages.json` or `Calls/CA....json`.
    pub(crate) resource: String,
    pub(crate) form: Option<Form>,
}

impl ApiRequest {
    /// A `POST` that creates a resource.
    pub(crate) fn create(resource: &str, form: Form) -> Self {
        Self {
            method: Method::POST,
            resource: resource.to_owned(),
            form: Some(form),
        }
    }

    /// A `POST` that changes an existing resource (e.g. `Calls/CA....json`).
    ///
    /// Treated like a create: an update that may have reached Twilio (a
    /// redirect to new TwiML, a hang-up) is not repeated blindly.
    pub(crate) fn update(resource: String, form: Form) -> Self {
        Self {
            method: Method::POST,
            resource,
            form: Some(form),
        }
    }

    /// A `GET` of a resource or a list.
    pub(crate) fn fetch(resource: String) -> Self {
        Self {
            method: Method::GET,
            resource,
            form: None,
        }
    }

    /// A `DELETE` of a resource. Deleting twice leaves the same state, so it
    /// is retried like a fetch; a retry after a delete that did land answers
    /// 404, which the caller sees as an [`Error::Api`] with status 404.
    pub(crate) fn delete(resource: String) -> Self {
        Self {
            method: Method::DELETE,
            resource,
            form: None,
        }
    }

    fn idempotency(&self) -> Idempotency {
        if self.method == Method::GET || self.method == Method::DELETE {
            Idempotency::Idempotent
        } else {
            Idempotency::NotIdempotent
        }
    }
}

/// Cuts `body` to at most [`SNIPPET_LEN`] bytes on a character boundary.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut end = text.len().min(SNIPPET_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// Reads Twilio's error JSON; anything else keeps the body's start as the message.
fn api_error(status: u16, body: &[u8]) -> ApiError {
    #[derive(serde::Deserialize)]
    struct TwilioErrorBody {
        code: Option<u32>,
        message: Option<String>,
        more_info: Option<String>,
    }
    match serde_json::from_slice::<TwilioErrorBody>(body) {
        Ok(parsed) if parsed.code.is_some() || parsed.message.is_some() => ApiError {
            status,
            code: parsed.code,
            message: parsed.message.unwrap_or_default(),
            more_info: parsed.more_info,
        },
        _ => ApiError {
            status,
            code: None,
            message: snippet(body),
            more_info: None,
        },
    }
}

fn retry_after(value: Option<&HeaderValue>) -> Option<Duration> {
    let seconds: u64 = value?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}

impl TwilioClient {
    /// The full URL of `resource` under this client's account.
    pub(crate) fn resource_url(&self, resource: &str) -> Result<url::Url, Error> {
        let path = format!(
            "2010-04-01/Accounts/{}/{resource}",
            self.inner.account_sid.as_str()
        );
        self.inner
            .base_url
            .join(&path)
            .map_err(|e| Error::invalid("base_url", e))
    }

    /// Sends `request`, retrying as the client's [`RetryPolicy`](crate::RetryPolicy)
    /// allows, and decodes a success body as `T`.
    pub(crate) async fn execute<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> Result<T, Error> {
        let (status, body) = self.execute_raw(request).await?;
        serde_json::from_slice(&body).map_err(|source| Error::Decode {
            status,
            body_snippet: snippet(&body),
            source,
        })
    }

    /// Sends `request` like [`execute`](Self::execute) for an answer without
    /// a body (Twilio's `204 No Content` to a `DELETE`).
    pub(crate) async fn execute_no_content(&self, request: ApiRequest) -> Result<(), Error> {
        self.execute_raw(request).await.map(|_| ())
    }

    /// Sends `request` with retries; the status and body of a 2xx answer.
    async fn execute_raw(&self, request: ApiRequest) -> Result<(u16, Vec<u8>), Error> {
        let url = self.resource_url(&request.resource)?;
        let policy = self.inner.retry;
        let mut attempt = 0;
        loop {
            let (failure, error, wait_hint) = match self.attempt(&request, url.clone()).await {
                Ok((status, _, body)) if (200..300).contains(&status) => {
                    return Ok((status, body));
                }
                Ok((status, hint, body)) => (
                    Failure::Status(status),
                    Error::Api(Box::new(api_error(status, &body))),
                    hint,
                ),
                Err(error) => {
                    let failure = if error.is_connect() {
                        Failure::Connect
                    } else {
                        Failure::InFlight
                    };
                    (failure, error, None)
                }
            };
            attempt += 1;
            if attempt > policy.retries() || !is_retryable(failure, request.idempotency()) {
                return Err(error);
            }
            tokio::time::sleep(policy.backoff(attempt, wait_hint)).await;
        }
    }

    /// The HTTP request for one attempt: URL, basic auth, headers, form body.
    pub(crate) fn http_request(
        &self,
        request: &ApiRequest,
        url: url::Url,
    ) -> reqwest::RequestBuilder {
        let inner = &self.inner;
        let builder = inner
            .http
            .request(request.method.clone(), url)
            .basic_auth(&inner.auth_user, Some(inner.auth_secret.expose_secret()))
            .header(USER_AGENT, &inner.user_agent)
            .header(ACCEPT, "application/json")
            .timeout(inner.timeout);
        match &request.form {
            Some(form) => builder.form(form),
            None => builder,
        }
    }

    /// One attempt: the status, the `Retry-After` hint and the body.
    async fn attempt(
        &self,
        request: &ApiRequest,
        url: url::Url,
    ) -> Result<(u16, Option<Duration>, Vec<u8>), Error> {
        let response = self
            .http_request(request, url)
            .send()
            .await
            .map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        let hint = retry_after(response.headers().get(RETRY_AFTER));
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Ok((status, hint, body.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_twilio_error_bodies() {
        let e = api_error(
            400,
            br#"{"code": 21211, "message": "The 'To' number is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}"#,
        );
        assert_eq!(e.code, Some(21211));
        assert_eq!(
            e.more_info.as_deref(),
            Some("https://www.twilio.com/docs/errors/21211")
        );
        let e = api_error(502, b"<html>Bad Gateway</html>");
        assert_eq!(
            (e.code, e.message.as_str()),
            (None, "<html>Bad Gateway</html>")
        );
    }

    #[test]
    fn snippet_is_bounded_and_char_safe() {
        let body = "é".repeat(600);
        let s = snippet(body.as_bytes());
        assert!(s.len() <= SNIPPET_LEN);
        assert!(s.chars().all(|c| c == 'é'));
    }
}
