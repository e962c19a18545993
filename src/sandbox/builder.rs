//! [`SandboxBuilder`]: the sandbox's account, numbers, clock and address, and
//! starting it.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use url::Url;

use super::outcomes::{CallOutcome, MessageOutcome, Outcomes};
use super::state::{Settings, Shared};
use super::{
    server, Clock, Sandbox, DEFAULT_ACCOUNT_SID, DEFAULT_API_KEY_SECRET, DEFAULT_API_KEY_SID,
    DEFAULT_AUTH_TOKEN, DEFAULT_MESSAGING_SERVICE_SID, DEFAULT_NUMBERS,
};
use crate::{AccountSid, ApiKeySid, MessagingServiceSid, E164};

/// Configures a [`Sandbox`]; finished by [`start`](Self::start).
#[must_use]
pub struct SandboxBuilder {
    account_sid: AccountSid,
    auth_token: String,
    api_key: (ApiKeySid, String),
    numbers: Vec<E164>,
    messaging_service: MessagingServiceSid,
    clock: Clock,
    addr: SocketAddr,
    outcomes: Outcomes,
    allow_remote_webhooks: bool,
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &"<redacted>")
            .field("api_key", &(&self.api_key.0, "<redacted>"))
            .field("numbers", &self.numbers)
            .field("messaging_service", &self.messaging_service)
            .field("clock", &self.clock)
            .field("addr", &self.addr)
            .field("outcomes", &self.outcomes)
            .field("allow_remote_webhooks", &self.allow_remote_webhooks)
            .finish()
    }
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        // Invariant: the defaults are valid SIDs and numbers (checked by a test).
        let parse_number = |n: &str| E164::parse(n).expect("default sandbox number");
        Self {
            account_sid: AccountSid::parse(DEFAULT_ACCOUNT_SID).expect("default account SID"),
            auth_token: DEFAULT_AUTH_TOKEN.to_owned(),
            api_key: (
                ApiKeySid::parse(DEFAULT_API_KEY_SID).expect("default API key SID"),
                DEFAULT_API_KEY_SECRET.to_owned(),
            ),
            numbers: DEFAULT_NUMBERS.iter().map(|n| parse_number(n)).collect(),
            messaging_service: MessagingServiceSid::parse(DEFAULT_MESSAGING_SERVICE_SID)
                .expect("default messaging service SID"),
            clock: Clock::Instant,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            outcomes: Outcomes::default(),
            allow_remote_webhooks: false,
        }
    }
}

impl SandboxBuilder {
    /// The account the sandbox serves (default [`DEFAULT_ACCOUNT_SID`]).
    pub fn account_sid(mut self, sid: AccountSid) -> Self {
        self.account_sid = sid;
        self
    }

    /// The auth token requests must carry and callbacks are signed with
    /// (default [`DEFAULT_AUTH_TOKEN`]).
    pub fn auth_token(mut self, token: impl Into<String>) -> Self {
        self.auth_token = token.into();
        self
    }

    /// The API key requests may authenticate with instead of the auth token
    /// (default [`DEFAULT_API_KEY_SID`] / [`DEFAULT_API_KEY_SECRET`]).
    pub fn api_key(mut self, sid: ApiKeySid, secret: impl Into<String>) -> Self {
        self.api_key = (sid, secret.into());
        self
    }

    /// Replaces the numbers the sandbox owns (the valid `From` numbers); the
    /// first is the default sender. An empty list keeps the defaults.
    pub fn numbers(mut self, numbers: impl IntoIterator<Item = E164>) -> Self {
        let numbers: Vec<E164> = numbers.into_iter().collect();
        if !numbers.is_empty() {
            self.numbers = numbers;
        }
        self
    }

    /// The one messaging service the sandbox knows (default
    /// [`DEFAULT_MESSAGING_SERVICE_SID`]); others get error 21701.
    pub fn messaging_service(mut self, sid: MessagingServiceSid) -> Self {
        self.messaging_service = sid;
        self
    }

    /// How fast life cycles run (default [`Clock::Instant`]).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// One status change every `step` ([`Clock::Step`]); zero means [`Clock::Instant`].
    pub fn step_delay(self, step: Duration) -> Self {
        self.clock(if step.is_zero() {
            Clock::Instant
        } else {
            Clock::Step(step)
        })
    }

    /// Listens on `127.0.0.1:port` instead of an ephemeral port.
    pub fn port(mut self, port: u16) -> Self {
        self.addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        self
    }

    /// Listens on `addr` (e.g. `0.0.0.0:4010` to serve other machines).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Messages to `to` end as `outcome` (e.g. [`MessageOutcome::Undelivered`]
    /// with error 30003) instead of being delivered; this wins over the
    /// sandbox's test numbers (see the [module documentation](super)).
    pub fn message_outcome(mut self, to: E164, outcome: MessageOutcome) -> Self {
        self.outcomes.messages.insert(to, outcome);
        self
    }

    /// Calls to `to` end as `outcome` (busy, no answer, an answering
    /// machine...) instead of being answered by a person; this wins over the
    /// sandbox's test numbers.
    pub fn call_outcome(mut self, to: E164, outcome: CallOutcome) -> Self {
        self.outcomes.calls.insert(to, outcome);
        self
    }

    /// Lets status callbacks and TwiML requests go to any host. By default
    /// the sandbox sends them only to loopback addresses (`127.0.0.0/8`,
    /// `::1`, and the name `localhost` itself; no other name is resolved), so
    /// a test cannot reach real services by accident;
    /// the others are recorded as [`CallbackOutcome::NotSent`](super::CallbackOutcome::NotSent).
    pub fn allow_remote_webhooks(mut self, allow: bool) -> Self {
        self.allow_remote_webhooks = allow;
        self
    }

    /// Binds the address and starts serving, in a task of the current tokio runtime.
    ///
    /// # Errors
    /// The I/O error of binding the address (e.g. the port is taken), or of
    /// building the HTTP client that sends callbacks.
    pub async fn start(self) -> io::Result<Sandbox> {
        // Redirects are not followed: one to another host would get past the
        // loopback-only rule of callbacks.
        let http = crate::TwilioClient::http_client_builder()
            .map_err(io::Error::other)?
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(io::Error::other)?;
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let local = listener.local_addr()?;
        let base_url = Url::parse(&format!("http://{local}/")).map_err(io::Error::other)?;
        let shared = Arc::new(Shared::new(
            self.account_sid,
            self.auth_token,
            self.api_key,
            Settings {
                numbers: self.numbers,
                messaging_service: self.messaging_service,
                clock: self.clock,
                outcomes: self.outcomes,
                allow_remote_webhooks: self.allow_remote_webhooks,
                base_url: base_url.clone(),
            },
            http,
        ));
        let app = server::router(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            // An accept loop error ends the server; requests then fail to connect.
            let _ = serve.await;
        });
        Ok(Sandbox {
            shared,
            base_url,
            stop: Some(stop),
            server: Some(server),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_debug_hides_the_token() {
        let builder = Sandbox::builder().auth_token("very-secret");
        assert_eq!(builder.numbers[0].as_str(), "+15005550006");
        assert!(!format!("{builder:?}").contains("very-secret"));
    }
}
