//! Shared helpers of the gateway's tests: a gateway on an ephemeral port in
//! front of an httpmock Twilio, a reqwest client, and captured logs.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use httpmock::MockServer;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod peers;
#[allow(unused_imports)] // not every test uses them
pub use peers::*;

use twilio_gateway::config::{EnvLookup, Settings};
use twilio_gateway::AppState;

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "test-auth-token-3f9a0c5e7b";
pub const FROM: &str = "+12025550100";
pub const TO: &str = "+12025551234";
pub const MESSAGE_SID: &str = "SM9f3b1c2d4e5f60718293a4b5c6d7e8f9";
pub const CALL_SID: &str = "CA7d5e3f1a2b3c4d5e6f708192a3b4c5d6";
pub const API_TOKEN: &str = "gw-token-5d41402abc4b2a76b9719d911017c592";

/// `/2010-04-01/Accounts/{sid}/{resource}`.
pub fn account_path(resource: &str) -> String {
    format!("/2010-04-01/Accounts/{ACCOUNT_SID}/{resource}")
}

/// A file of `gateway/tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `Basic base64(user:password)`.
pub fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// A running gateway, its mocked Twilio and a client.
pub struct Gateway {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    pub http: reqwest::Client,
    pub twilio: MockServer,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Gateway {
    /// A gateway configured with Twilio credentials pointing at a fresh mock,
    /// plus `vars` (an empty value unsets a variable).
    pub async fn start(vars: &[(&str, &str)]) -> Self {
        let twilio = MockServer::start_async().await;
        let base_url = twilio.base_url();
        let mut env: Vec<(&str, &str)> = vec![
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
            ("TWILIO_PHONE_NUMBER", FROM),
            ("TWILIO_BASE_URL", &base_url),
        ];
        env.extend_from_slice(vars);
        // Later pairs override earlier ones.
        let lookup = EnvLookup::from_pairs(dedup(&env));
        Self::start_with(twilio, &lookup).await
    }

    /// A mock matching every request to Twilio (answering 500): tests that
    /// must reach nobody assert it saw no call.
    pub async fn twilio_must_not_be_called(&self) -> httpmock::Mock<'_> {
        self.twilio
            .mock_async(|when, then| {
                when.any_request();
                then.status(500);
            })
            .await
    }

    /// A gateway reading exactly `lookup` (on Redis when it sets `REDIS_URL`).
    pub async fn start_with(twilio: MockServer, lookup: &EnvLookup) -> Self {
        init_logs();
        let settings = Settings::from_env(lookup).expect("settings");
        let state = AppState::connect(lookup, settings)
            .await
            .expect("state")
            // Event retries in milliseconds, not seconds.
            .with_events(|sink| sink.with_backoff(std::time::Duration::from_millis(20)));
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(twilio_gateway::serve(
            listener,
            twilio_gateway::app(state),
            async move {
                let _ = stopped.await;
            },
        ));
        Self {
            url: format!("http://{addr}"),
            // reqwest has no crypto provider of its own in this build.
            http: twilio_typed::TwilioClient::http_client_builder()
                .unwrap()
                .build()
                .unwrap(),
            twilio,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// `<gateway>/<path>`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// POSTs `body` as JSON.
    pub async fn post_json(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.at(path))
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// POSTs `body` as JSON with `Idempotency-Key: key`.
    pub async fn post_keyed(&self, path: &str, key: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.at(path))
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// POSTs `params` as a form to `path`, signed for `<gateway>/<path>` with
    /// the account's auth token, as Twilio does.
    pub async fn post_signed(&self, path: &str, params: &[(&str, &str)]) -> reqwest::Response {
        self.post_signed_with(path, params, AUTH_TOKEN).await
    }

    /// As [`post_signed`](Self::post_signed), signed with `token`.
    pub async fn post_signed_with(
        &self,
        path: &str,
        params: &[(&str, &str)],
        token: &str,
    ) -> reqwest::Response {
        let signature = twilio_typed::webhook::RequestValidator::new(token.to_owned())
            .compute_signature(&self.at(path), params);
        self.http
            .post(self.at(path))
            .header("X-Twilio-Signature", signature)
            .form(params)
            .send()
            .await
            .expect("request")
    }

    /// POSTs `params` as a form to `path` signed as Twilio signs for a Webhook
    /// Rule: HMAC-SHA256 with the SharedKey `secret`, and
    /// `X-Twilio-Webhooks-Signature-Settings: key=<key_id>,algorithm=HMAC_SHA256`.
    pub async fn post_signed_with_shared_key(
        &self,
        path: &str,
        params: &[(&str, &str)],
        key_id: &str,
        secret: &str,
    ) -> reqwest::Response {
        use twilio_typed::webhook::{SharedKey, SignatureAlgorithm, SIGNATURE_SETTINGS_HEADER};
        let signature = SharedKey::new(secret.to_owned()).compute_signature(
            SignatureAlgorithm::HmacSha256,
            &self.at(path),
            params,
        );
        self.http
            .post(self.at(path))
            .header("X-Twilio-Signature", signature)
            .header(
                SIGNATURE_SETTINGS_HEADER,
                format!("key={key_id},algorithm=HMAC_SHA256"),
            )
            .form(params)
            .send()
            .await
            .expect("request")
    }

    /// GETs `path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.at(path)).send().await.expect("request")
    }

    /// Starts a graceful shutdown and waits for the server to finish.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.expect("server task"),
            None => Ok(()),
        }
    }

    /// Starts a graceful shutdown without waiting.
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Waits for the server task after [`begin_shutdown`](Self::begin_shutdown).
    pub async fn join(mut self) -> io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.expect("server task"),
            None => Ok(()),
        }
    }
}

/// Keeps the last value of each name.
fn dedup<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for (name, value) in pairs {
        out.retain(|(n, _)| n != name);
        out.push((name, value));
    }
    out
}

/// The status and the JSON body of a response.
pub async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, value)
}

/// Asserts a `{"detail": ...}` error with `status` whose detail contains every
/// one of `needles`; returns the detail.
pub async fn expect_error(response: reqwest::Response, status: u16, needles: &[&str]) -> String {
    let body = expect_error_body(response, status, needles).await;
    body["detail"].as_str().expect("a detail").to_owned()
}

/// As [`expect_error`], returning the whole body (`detail`, and Twilio's
/// `code` and `more_info` when present).
pub async fn expect_error_body(
    response: reqwest::Response,
    status: u16,
    needles: &[&str],
) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (got, body) = json(response).await;
    assert_eq!(got, status, "{body}");
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let object = body.as_object().expect("an object");
    assert!(
        object
            .keys()
            .all(|k| ["detail", "code", "more_info"].contains(&k.as_str())),
        "only detail, code, more_info: {body}"
    );
    let detail = body["detail"].as_str().expect("a detail string").to_owned();
    for needle in needles {
        assert!(detail.contains(needle), "{needle:?} not in {detail:?}");
    }
    body
}

/// Everything logged by every test of this binary, at debug level and above
/// (except httpmock's own lines: it stands in for Twilio, and prints the
/// requests it receives, Twilio credentials included).
pub fn logs() -> String {
    let buffer = init_logs().lock().unwrap_or_else(|e| e.into_inner());
    String::from_utf8_lossy(&buffer).into_owned()
}

static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

/// Installs (once) a global subscriber writing into a buffer.
fn init_logs() -> &'static Arc<Mutex<Vec<u8>>> {
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug,httpmock=off"))
            .with_ansi(false)
            .with_writer(move || LogSink(Arc::clone(&sink)))
            .finish();
        // Fails only if another subscriber was installed first; logs are then not captured.
        let _ = tracing::subscriber::set_global_default(subscriber);
        buffer
    })
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
