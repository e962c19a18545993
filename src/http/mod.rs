//! Sending a request to Twilio: URL, authentication, form body, pacing,
//! retries within a deadline, and turning the bounded answer into a model or
//! an [`Error`].

pub(crate) mod input;
pub(crate) mod into_future;
pub(crate) mod operation;
pub(crate) mod pacing;
pub(crate) mod paging;
pub(crate) mod redact;
mod response;
pub(crate) mod retry;
mod trace;
pub(crate) mod wait;

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use reqwest::header::{
    HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, RETRY_AFTER, USER_AGENT,
};
use reqwest::Method;
use serde::de::DeserializeOwned;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;
use tracing::{field, Instrument as _};

use crate::client::TwilioClient;
use crate::Error;

/// Form fields of a request, in order; a name may repeat (`MediaUrl`,
/// `StatusCallbackEvent`), and reqwest's `.form()` (serde_urlencoded) writes
/// each pair as its own `Name=value`: arrays as repeated keys, as Twilio reads them.
pub(crate) type Form = Vec<(&'static str, String)>;
use response::{api_error, read_bounded, retry_after, snippet, Body};
use retry::{is_retryable, Idempotency};

/// Form fields as the transport sends them: names may be built at run time
/// (`Parameter1.Name`), and a name may repeat (arrays).
pub(crate) type Fields = Vec<(Cow<'static, str>, String)>;

/// The host a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `resource` is relative to `/2010-04-01/Accounts/{AccountSid}/` on
    /// the API host (the hand-written layer).
    Account,
    /// `resource` is relative to the root of this domain's host (`lookups`,
    /// `verify`, `api`...), the generated layer.
    Domain(&'static str),
}

/// One REST call.
#[derive(Debug, Clone)]
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) target: Target,
    /// e.g. `Messages.json` or `Calls/CA....json` (account-relative), or
    /// `v2/PhoneNumbers/%2B1...` (domain-relative); may hold a query.
    pub(crate) resource: String,
    pub(crate) form: Option<Fields>,
    /// Query parameters added to `resource`'s.
    pub(crate) query: Fields,
    /// A JSON body and its content type (instead of a form).
    pub(crate) json: Option<(&'static str, serde_json::Value)>,
    /// Headers the operation defines (`If-Match`, `X-Twilio-Webhook-Enabled`).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The operationId of a generated request: its name in traces.
    pub(crate) operation_id: Option<&'static str>,
    /// A 302/307 answer is the result (the six operations that redirect).
    pub(crate) accept_redirect: bool,
}

fn fields(form: Form) -> Fields {
    form.into_iter()
        .map(|(k, v)| (Cow::Borrowed(k), v))
        .collect()
}

impl ApiRequest {
    fn account(method: Method, resource: String, form: Option<Form>) -> Self {
        Self {
            method,
            target: Target::Account,
            resource,
            form: form.map(fields),
            query: Vec::new(),
            json: None,
            headers: Vec::new(),
            operation_id: None,
            accept_redirect: false,
        }
    }

    /// The `GET` of a list's next page (`next`: an absolute URL or a path
    /// from the host's root), on the same domain, whatever host Twilio named:
    /// the client's base URL, region and edge stay in force.
    pub(crate) fn next_page(
        target: Target,
        operation_id: Option<&'static str>,
        next: &str,
    ) -> Self {
        let relative = match url::Url::parse(next) {
            Ok(url) => match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_owned(),
            },
            Err(_) => next.to_owned(),
        };
        let mut request = Self::account(
            Method::GET,
            relative.trim_start_matches('/').to_owned(),
            None,
        );
        request.target = target;
        request.operation_id = operation_id;
        request
    }

    /// A `POST` that creates a resource.
    pub(crate) fn create(resource: &str, form: Form) -> Self {
        Self::account(Method::POST, resource.to_owned(), Some(form))
    }

    /// A `POST` that changes an existing resource (e.g. `Calls/CA....json`).
    ///
    /// Treated like a create: an update that may have reached Twilio (a
    /// redirect to new TwiML, a hang-up) is not repeated blindly.
    pub(crate) fn update(resource: String, form: Form) -> Self {
        Self::account(Method::POST, resource, Some(form))
    }

    /// A `GET` of a resource or a list.
    pub(crate) fn fetch(resource: String) -> Self {
        Self::account(Method::GET, resource, None)
    }

    /// A `DELETE` of a resource. Deleting twice leaves the same state, so it
    /// is retried like a fetch. A retry after an attempt that may have
    /// reached Twilio can answer 404 because that attempt did delete it (its
    /// answer was lost); that 404 is the delete's success. A 404 to the
    /// first attempt, or after failures that certainly did not reach Twilio
    /// (no connection, 429), stays an [`Error::Api`].
    pub(crate) fn delete(resource: String) -> Self {
        Self::account(Method::DELETE, resource, None)
    }

    /// The sender whose rate a create counts against: a message's messaging
    /// service or `From`, a call's `From`. `None` for other requests.
    fn pace_key(&self) -> Option<String> {
        if self.method != Method::POST {
            return None;
        }
        if !matches!(self.target, Target::Account | Target::Domain("api")) {
            return None;
        }
        let form = self.form.as_ref()?;
        let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        // The last segment: `Messages.json` whether account-relative or
        // (generated) `2010-04-01/Accounts/AC.../Messages.json`.
        match self.resource.rsplit('/').next().unwrap_or_default() {
            "Messages.json" => field("MessagingServiceSid")
                .or_else(|| field("From"))
                .map(|sender| format!("Messages:{sender}")),
            "Calls.json" => field("From").map(|sender| format!("Calls:{sender}")),
            _ => None,
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

impl TwilioClient {
    /// The full URL of `resource` under this client's account.
    pub(crate) fn resource_url(&self, resource: &str) -> Result<url::Url, Error> {
        // `account_url` ends with `/` and `resource` is relative.
        self.inner
            .account_url
            .join(resource)
            .map_err(|e| Error::invalid("base_url", e))
    }

    /// The full URL of `request`: its resource on its host, with its query.
    fn request_url(&self, request: &ApiRequest) -> Result<url::Url, Error> {
        let mut url = match request.target {
            Target::Account => self.resource_url(&request.resource)?,
            Target::Domain(domain) => self
                .domain_url(domain)?
                .join(&request.resource)
                .map_err(|e| Error::invalid("base_url", e))?,
        };
        if !request.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (k.as_ref(), v.as_str())));
        }
        Ok(url)
    }

    /// Sends `request`, retrying as the client's [`RetryPolicy`](crate::RetryPolicy)
    /// allows, and decodes a success body as `T` with serde_json.
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
    ///
    /// One `twilio.api` span per call, with the method, the resource kind
    /// (SIDs and query left out), the attempt number, the final status,
    /// Twilio's error code and the elapsed time; retries and waits are events.
    pub(crate) async fn execute_raw(&self, request: ApiRequest) -> Result<(u16, Vec<u8>), Error> {
        let span = tracing::info_span!(
            "twilio.api",
            method = %request.method,
            resource = %trace::Resource(&request),
            attempt = field::Empty,
            status = field::Empty,
            code = field::Empty,
            elapsed_ms = field::Empty,
        );
        self.execute_in_span(request, &span)
            .instrument(span.clone())
            .await
    }

    async fn execute_in_span(
        &self,
        request: ApiRequest,
        span: &tracing::Span,
    ) -> Result<(u16, Vec<u8>), Error> {
        let url = self.request_url(&request)?;
        let inner = &self.inner;
        let policy = inner.retry;
        let pace_key = inner.pacer.as_ref().and_then(|_| request.pace_key());
        let mut in_flight = self.queue(pace_key.as_deref()).await?;
        // The deadline counts from the first attempt, after its queueing.
        let started = Instant::now();
        let mut attempt: u32 = 0;
        // Whether an earlier attempt failed after it may have reached Twilio.
        let mut may_have_landed = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let remaining = inner.deadline.saturating_sub(started.elapsed());
            let outcome = self
                .attempt(&request, url.clone(), inner.timeout.min(remaining))
                .await;
            // The place in flight is held for one attempt only: not while
            // backing off, not while queueing for the next attempt.
            drop(in_flight);
            let elapsed = started.elapsed();
            span.record("elapsed_ms", elapsed.as_millis() as u64);
            let (error, wait_hint) = match outcome {
                Ok(body) => {
                    span.record("status", body.0);
                    return Ok(body);
                }
                Err((error, hint)) => (error, hint),
            };
            if request.method == Method::DELETE && may_have_landed && error.status() == Some(404) {
                // The earlier attempt deleted it and its answer was lost.
                span.record("status", 404);
                tracing::info!("a retried delete answered 404: an earlier attempt deleted it");
                return Ok((404, Vec::new()));
            }
            let failure = error.failure();
            may_have_landed |= retry::may_have_reached(failure);
            let give_up = |error: Error| {
                span.record("status", error.status());
                span.record("code", error.api_code());
                tracing::debug!(
                    ?failure,
                    may_have_reached_twilio = retry::may_have_reached(failure),
                    "giving up"
                );
                Err(error)
            };
            if attempt > policy.retries() || !is_retryable(failure, request.idempotency()) {
                return give_up(error);
            }
            let wait = policy.backoff(attempt, wait_hint, retry::jitter());
            if elapsed + wait >= inner.deadline {
                tracing::info!(
                    ?failure,
                    wait_ms = wait.as_millis() as u64,
                    deadline_ms = inner.deadline.as_millis() as u64,
                    "not retrying: the wait would pass the deadline"
                );
                return give_up(error);
            }
            tracing::info!(
                ?failure,
                status = error.status(),
                code = error.api_code(),
                next_attempt = attempt + 1,
                wait_ms = wait.as_millis() as u64,
                retry_after = wait_hint.is_some(),
                "retrying"
            );
            tokio::time::sleep(wait).await;
            in_flight = self.queue(pace_key.as_deref()).await?;
            if started.elapsed() >= inner.deadline {
                tracing::info!("not retrying: queueing for the next attempt passed the deadline");
                return give_up(error);
            }
        }
    }

    /// Queues one attempt: first `pace_key`'s sender rate slot (creates
    /// only), then a place among the requests in flight, held by the
    /// returned permit until the attempt ends.
    ///
    /// The order matters: a create waiting for its sender's slot holds no
    /// place in flight, so a queue of one sender's messages cannot block
    /// another sender, or fetches (which take a place but no rate slot),
    /// beyond the requests actually on the wire.
    async fn queue(&self, pace_key: Option<&str>) -> Result<Option<OwnedSemaphorePermit>, Error> {
        let Some(pacer) = &self.inner.pacer else {
            return Ok(None);
        };
        if let Some(key) = pace_key {
            let before = Instant::now();
            pacer.slot(key).await?;
            let waited = before.elapsed();
            if waited >= Duration::from_millis(1) {
                tracing::debug!(wait_ms = waited.as_millis() as u64, "paced");
            }
        }
        Ok(pacer.enter().await)
    }

    /// The HTTP request for one attempt: URL, basic auth, headers and the
    /// form body, limited to `timeout`.
    ///
    /// # Errors
    /// reqwest's error when the request cannot be built (a form value
    /// serde_urlencoded refuses; none of ours).
    pub(crate) fn http_request(
        &self,
        request: &ApiRequest,
        url: url::Url,
        timeout: Duration,
    ) -> Result<reqwest::Request, Error> {
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .header(AUTHORIZATION, inner.authorization.clone())
            .header(USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .timeout(timeout);
        for (name, value) in &request.headers {
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| Error::invalid(name, "is not a valid HTTP header value"))?;
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid(name, "is not a valid HTTP header name"))?;
            builder = builder.header(name, value);
        }
        if let Some((content_type, body)) = &request.json {
            let bytes = serde_json::to_vec(body).map_err(|e| Error::invalid("body", e))?;
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static(content_type))
                .body(bytes);
        } else if let Some(form) = &request.form {
            builder = builder.form(form);
        }
        let mut http = builder.build().map_err(Error::from_reqwest)?;
        if request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        {
            // The operation's own `Authorization` (flex_v1's token) replaces
            // basic auth; reqwest appended both.
            let headers = http.headers_mut();
            let own = headers.get_all(AUTHORIZATION).iter().next_back().cloned();
            if let Some(own) = own {
                headers.insert(AUTHORIZATION, own);
            }
        }
        Ok(http)
    }

    /// One attempt, limited to `timeout`: the status and body of a 2xx
    /// answer, or the error with the answer's `Retry-After` hint.
    async fn attempt(
        &self,
        request: &ApiRequest,
        url: url::Url,
        timeout: Duration,
    ) -> Result<(u16, Vec<u8>), (Error, Option<Duration>)> {
        let response = self
            .inner
            .http
            .execute(
                self.http_request(request, url.clone(), timeout)
                    .map_err(|e| (e, None))?,
            )
            .await
            .map_err(|e| (Error::from_reqwest(e), None))?;
        let status = response.status().as_u16();
        if *response.url() != url {
            // A caller-supplied client followed a redirect, to this host or
            // another: the request has already been sent again there.
            let target_host = response.url().host_str().map(str::to_owned);
            return Err((
                Error::Redirect {
                    status,
                    target_host,
                },
                None,
            ));
        }
        if (300..400).contains(&status) && request.accept_redirect {
            let location = response
                .headers()
                .get(LOCATION)
                .map(|v| v.as_bytes().to_vec())
                .unwrap_or_default();
            return Ok((status, location));
        }
        if (300..400).contains(&status) {
            let target_host = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|location| url.join(location).ok())
                .and_then(|target| target.host_str().map(str::to_owned));
            return Err((
                Error::Redirect {
                    status,
                    target_host,
                },
                None,
            ));
        }
        let hint = retry_after(response.headers().get(RETRY_AFTER), SystemTime::now());
        let limit = self.inner.max_response_bytes;
        let body = read_bounded(response, limit)
            .await
            .map_err(|e| (Error::from_reqwest(e), None))?;
        match body {
            Body::Complete(body) if (200..300).contains(&status) => Ok((status, body)),
            Body::OverLimit(_) if (200..300).contains(&status) => {
                Err((Error::ResponseTooLarge { status, limit }, None))
            }
            Body::Complete(body) | Body::OverLimit(body) => {
                Err((Error::Api(Box::new(api_error(status, &body))), hint))
            }
        }
    }
}
