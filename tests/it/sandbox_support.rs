//! Shared helpers for the sandbox tests: raw API requests as `curl` would
//! send them, and a local web app that serves TwiML and records every
//! request it gets (what Twilio's webhooks would reach).
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::Value;
use twilio_typed::sandbox::Sandbox;
use twilio_typed::webhook::{Params, SIGNATURE_HEADER};

pub const TO: &str = "+12025551234";

/// A raw request to the sandbox's API with the account's credentials:
/// `resource` is relative to the account (`Calls/CA....json`).
pub async fn api(
    sandbox: &Sandbox,
    method: reqwest::Method,
    resource: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let mut url = format!(
        "{}2010-04-01/Accounts/{}/{resource}",
        sandbox.base_url(),
        sandbox.account_sid()
    );
    let encoded = {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.extend_pairs(form);
        s.finish()
    };
    if method == reqwest::Method::GET && !form.is_empty() {
        url = format!("{url}?{encoded}");
    }
    let mut request = crate::common::http()
        .request(method.clone(), url)
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()));
    if method != reqwest::Method::GET && !form.is_empty() {
        request = request
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(encoded);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    };
    (status, json)
}

pub async fn post(sandbox: &Sandbox, resource: &str, form: &[(&str, &str)]) -> (u16, Value) {
    api(sandbox, reqwest::Method::POST, resource, form).await
}

pub async fn get(sandbox: &Sandbox, resource: &str) -> (u16, Value) {
    api(sandbox, reqwest::Method::GET, resource, &[]).await
}

pub async fn delete(sandbox: &Sandbox, resource: &str) -> (u16, Value) {
    api(sandbox, reqwest::Method::DELETE, resource, &[]).await
}

/// One request the web app got.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: Method,
    pub path: String,
    /// The full URL as the app reconstructs it (what Twilio signs).
    pub url: String,
    pub signature: String,
    pub params: Params,
}

#[derive(Clone, Default)]
struct AppState {
    base: String,
    pages: Arc<Mutex<HashMap<String, String>>>,
    inbox: Arc<Mutex<Vec<Received>>>,
}

/// A local web app: answers the TwiML set for a path (`204` for others) and
/// records every request.
#[derive(Clone)]
pub struct WebApp {
    state: AppState,
}

impl WebApp {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let state = AppState {
            base: format!("http://{}", listener.local_addr().unwrap()),
            ..AppState::default()
        };
        let app = Router::new()
            .route("/{*path}", any(answer))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { state }
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.state.base)
    }

    /// Serves `twiml` at `path`.
    pub fn serve(&self, path: &str, twiml: &str) {
        self.state
            .pages
            .lock()
            .unwrap()
            .insert(path.to_owned(), twiml.to_owned());
    }

    /// Every request so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.state.inbox.lock().unwrap().clone()
    }

    /// The requests to `path`, in order.
    pub fn received_at(&self, path: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

async fn answer(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let params = if method == Method::GET {
        Params::from_form(uri.query().unwrap_or_default().as_bytes())
    } else {
        Params::from_form(&body)
    };
    state.inbox.lock().unwrap().push(Received {
        method,
        path: uri.path().to_owned(),
        url: format!("{}{path_and_query}", state.base),
        signature,
        params,
    });
    match state.pages.lock().unwrap().get(uri.path()) {
        Some(twiml) => ([(header::CONTENT_TYPE, "text/xml")], twiml.clone()).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// Checks that `request` carries the signature Twilio would compute with the
/// sandbox's auth token.
pub fn assert_signed(sandbox: &Sandbox, request: &Received) {
    let validator = sandbox.validator();
    let result = if request.method == Method::GET {
        let none: [(&str, &str); 0] = [];
        validator.validate(&request.url, none, &request.signature)
    } else {
        validator.validate(&request.url, &request.params, &request.signature)
    };
    result.unwrap_or_else(|e| panic!("{} not signed as Twilio signs: {e}", request.url));
}

type ProxyState = (String, Arc<Mutex<Vec<(Method, String)>>>, reqwest::Client);

/// A reverse proxy in front of a sandbox that records the method and path
/// (with query) of every request it forwards, to count what a client sends.
pub struct CountingProxy {
    base: String,
    seen: Arc<Mutex<Vec<(Method, String)>>>,
}

impl CountingProxy {
    pub async fn start(sandbox: &Sandbox) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let target = sandbox.base_url().as_str().trim_end_matches('/').to_owned();
        let app = Router::new().fallback(forward).with_state((
            target,
            Arc::clone(&seen),
            crate::common::http(),
        ));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { base, seen }
    }

    /// A client of the sandbox that goes through the proxy.
    pub fn client(&self, sandbox: &Sandbox) -> twilio_typed::TwilioClient {
        sandbox
            .client_builder()
            .base_url(self.base.as_str())
            .build()
            .unwrap()
    }

    /// Every request forwarded so far: method and path with query.
    pub fn requests(&self) -> Vec<(Method, String)> {
        self.seen.lock().unwrap().clone()
    }
}

async fn forward(
    State((target, seen, http)): State<ProxyState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
    seen.lock().unwrap().push((method.clone(), path.clone()));
    let mut request = http.request(method, format!("{target}{path}")).body(body);
    for (name, value) in &headers {
        let hop = [
            header::HOST,
            header::CONTENT_LENGTH,
            header::TRANSFER_ENCODING,
            header::CONNECTION,
        ];
        if !hop.contains(name) {
            request = request.header(name, value);
        }
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let content_type = answer.headers().get(header::CONTENT_TYPE).cloned();
    let bytes = answer.bytes().await.unwrap();
    let mut response = (status, bytes).into_response();
    if let Some(content_type) = content_type {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    response
}
