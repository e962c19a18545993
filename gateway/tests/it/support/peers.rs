//! What the gateway talks to besides Twilio's mock: a local events receiver,
//! upstreams that refuse or drop connections, and the Redis of the Redis tests.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A local events endpoint (standing in for n8n): records every POST and
/// answers with the scripted statuses in turn (then `200`), with `answer` as
/// the body of each `200`, after `delay`.
pub struct EventsReceiver {
    /// `http://127.0.0.1:<port>/events`.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

/// One POST the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub authorization: Option<String>,
    pub body: Value,
}

impl EventsReceiver {
    pub async fn start(statuses: Vec<u16>, answer: Value, delay: std::time::Duration) -> Self {
        use axum::extract::State as AxState;
        use axum::http::{HeaderMap, StatusCode};
        type Shared = (
            Arc<Mutex<Vec<Received>>>,
            Arc<Mutex<Vec<u16>>>,
            Value,
            std::time::Duration,
        );
        async fn handle(
            AxState((received, statuses, answer, delay)): AxState<Shared>,
            headers: HeaderMap,
            body: axum::body::Bytes,
        ) -> (StatusCode, String) {
            let body: Value = serde_json::from_slice(&body).expect("events are JSON");
            received.lock().unwrap().push(Received {
                authorization: headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                body,
            });
            tokio::time::sleep(delay).await;
            let status = {
                let mut statuses = statuses.lock().unwrap();
                if statuses.is_empty() {
                    200
                } else {
                    statuses.remove(0)
                }
            };
            let status = StatusCode::from_u16(status).unwrap();
            let text = if status.is_success() {
                answer.to_string()
            } else {
                "{}".to_owned()
            };
            (status, text)
        }
        let received = Arc::new(Mutex::new(Vec::new()));
        let shared: Shared = (
            Arc::clone(&received),
            Arc::new(Mutex::new(statuses)),
            answer,
            delay,
        );
        let app = axum::Router::new()
            .route("/events", axum::routing::post(handle))
            .with_state(shared);
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url: format!("http://{addr}/events"),
            received,
            task,
        }
    }

    /// Every POST so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (up to 5 s) until `n` POSTs arrived; returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..250 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("expected {n} events, got {:?}", self.received());
    }
}

impl Drop for EventsReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A URL on which nothing listens (a port bound, then freed).
pub async fn closed_url() -> String {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

/// A server that reads one request and closes the connection without
/// answering: the request reached "Twilio", its outcome is unknown.
pub async fn hanging_up_url() -> String {
    use tokio::io::AsyncReadExt as _;
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0_u8; 8192];
            let _ = socket.read(&mut buffer).await;
            drop(socket);
        }
    });
    format!("http://{addr}")
}

/// The `REDIS_URL` of the Redis tests: required, so that they fail (never
/// pass silently) when run without a server.
pub fn redis_url() -> String {
    std::env::var("REDIS_URL")
        .expect("REDIS_URL must name a running redis-server (e.g. redis://127.0.0.1:6379/)")
}

/// A fresh prefix for idempotency keys, so runs on one Redis never collide.
pub fn unique_key(name: &str) -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{name}-{nanos}-{}", std::process::id())
}
