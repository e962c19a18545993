//! Shared helpers for the HTTP tests: a client pointed at an httpmock server.
#![allow(dead_code)]

use std::process::Command;

use base64::Engine as _;
use httpmock::MockServer;
use twilio_typed::{ClientBuilder, RetryPolicy, TwilioClient};

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "test-auth-token-3f9a";
pub const FROM: &str = "+12025550100";
pub const TO: &str = "+12025551234";
pub const MESSAGE_SID: &str = "SM9f3b1c2d4e5f60718293a4b5c6d7e8f9";
pub const CALL_SID: &str = "CA7d5e3f1a2b3c4d5e6f708192a3b4c5d6";

pub fn account_path(resource: &str) -> String {
    format!("/2010-04-01/Accounts/{ACCOUNT_SID}/{resource}")
}

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn basic_auth(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// The exact form body Twilio should receive for these pairs, in order.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// A builder with the test account, token, sender and no retries, aimed at `base_url`.
/// A reqwest client for the tests' own requests. With the `rustls` feature,
/// reqwest has no crypto provider of its own (`reqwest::Client::new()`
/// panics), so it starts from the crate's builder.
pub fn http() -> reqwest::Client {
    TwilioClient::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
}

pub fn builder(base_url: &str) -> ClientBuilder {
    TwilioClient::builder()
        .account_sid(ACCOUNT_SID)
        .auth_token(AUTH_TOKEN)
        .from_number(FROM)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
}

pub fn client(server: &MockServer) -> TwilioClient {
    builder(&server.base_url()).build().expect("test client")
}

/// Set in the child process that runs a test in a process of its own.
const CHILD: &str = "TWILIO_TYPED_TEST_CHILD";

/// Runs `scenario` in a fresh process: this binary again, filtered to the
/// test function `name` of `module` (pass `module_path!()`), with [`CHILD`]
/// set. For tests that need process-wide state of their own (a lazily
/// loaded database, tracing's callsite interest cache). In that child,
/// runs `scenario` itself.
pub fn in_own_process(module: &str, name: &str, scenario: impl FnOnce()) {
    if std::env::var_os(CHILD).is_some() {
        scenario();
        return;
    }
    // libtest names a test by its path without the crate: `name` in a test
    // file of its own, `module::name` in a module of a bigger test binary.
    let name = match module.split_once("::") {
        Some((_crate, module)) => format!("{module}::{name}"),
        None => name.to_owned(),
    };
    let exe = std::env::current_exe().expect("the test binary");
    let output = Command::new(exe)
        .args([name.as_str(), "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .expect("run the test binary again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{name} failed in its own process:\n{stdout}\n{stderr}"
    );
    // A filter that matches nothing also succeeds: check the scenario ran.
    assert!(
        stdout.contains("1 passed"),
        "{name} did not run in its own process:\n{stdout}"
    );
}
