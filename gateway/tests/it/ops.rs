//! Running the gateway binary: `--help`, the startup line, and `GET /metrics`.

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::support::*;
use httpmock::prelude::*;
use serde_json::json;

/// The `twilio-gateway` binary, built by Cargo for this test.
fn server_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_twilio-gateway"))
}

/// Waits for `child` to exit, killing it after `limit` (a gateway that
/// started instead of answering `--help` must not hang the test run).
fn wait_or_kill(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> std::process::Output {
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("output");
            panic!("did not exit within {limit:?}: {output:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// A working directory without `.env.local`.
fn empty_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gateway-ops-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn help_lists_every_variable_and_exits_0() {
    let child = Command::new(server_binary())
        .arg("--help")
        .current_dir(empty_dir("help"))
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let output = wait_or_kill(child, std::time::Duration::from_secs(20));
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        text.contains(".env.local") && text.contains("environment"),
        "{text}"
    );
    for v in twilio_gateway::help::VARIABLES {
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(v.name))
            .unwrap_or_else(|| panic!("{} missing from --help:\n{text}", v.name));
        assert!(line.contains(&format!("({})", v.default)), "{line}");
    }
    // Every variable the gateway reads is listed.
    for name in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_WEBHOOK_SHARED_KEY",
        "TWILIO_WEBHOOK_SHARED_KEY_ID",
        "TWILIO_PHONE_NUMBER",
        "TWILIO_BASE_URL",
        "BIND_ADDR",
        "GATEWAY_API_TOKEN",
        "GATEWAY_ALLOW_UNAUTHENTICATED",
        "RATE_LIMIT_PER_MINUTE",
        "ALLOWED_COUNTRY_CODES",
        "PUBLIC_BASE_URL",
        "AGENT_PHONE_NUMBER",
        "BODY_LIMIT_BYTES",
        "REQUEST_TIMEOUT_SECS",
        "REDIS_URL",
        "REDIS_KEY_PREFIX",
        "EVENTS_WEBHOOK_URL",
        "EVENTS_WEBHOOK_TOKEN",
        "EVENTS_REPLY_TIMEOUT_MS",
        "ALLOW_PRIVATE_URLS",
    ] {
        assert!(
            twilio_gateway::help::VARIABLES
                .iter()
                .any(|v| v.name == name),
            "{name}"
        );
    }

    let child = Command::new(server_binary())
        .arg("--port=1")
        .current_dir(empty_dir("bad-arg"))
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let output = wait_or_kill(child, std::time::Duration::from_secs(20));
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_startup_line_names_the_twilio_host_the_address_and_the_features() {
    let mut child = Command::new(server_binary())
        .current_dir(empty_dir("startup"))
        .env_clear()
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
        .env("TWILIO_PHONE_NUMBER", FROM)
        .env("TWILIO_BASE_URL", "http://127.0.0.1:4999")
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("TWILIO_WEBHOOK_SHARED_KEY", "shared-key-secret-4e1d")
        .env(
            "EVENTS_WEBHOOK_URL",
            "http://127.0.0.1:5678/webhook/secret-path",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let (found, line) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for candidate in BufReader::new(stdout).lines().map_while(Result::ok) {
            if candidate.contains("listening") {
                let _ = found.send(candidate);
                return;
            }
        }
    });
    let line = line.recv_timeout(std::time::Duration::from_secs(20));
    child.kill().expect("stop the gateway");
    let _ = child.wait();
    let line = line.expect("a startup line within 20 s");
    for needle in [
        "addr=127.0.0.1:0",
        "twilio=TWILIO_BASE_URL http://127.0.0.1:4999",
        "env_file=\"not found\"",
        "storage=Memory",
        "events=\"forwarded\"",
        "webhook_shared_key=true",
    ] {
        assert!(line.contains(needle), "{needle:?} not in {line:?}");
    }
    assert!(
        !line.contains(AUTH_TOKEN)
            && !line.contains("secret-path")
            && !line.contains("shared-key-secret"),
        "{line}"
    );
}

#[tokio::test]
async fn metrics_count_requests_twilio_outcomes_and_replays() {
    let gw = Gateway::start(&[]).await;
    gw.twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;
    gw.twilio
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(&format!("Calls/{CALL_SID}.json")));
            then.status(404)
                .header("content-type", "application/json")
                .body(r#"{"code": 20404, "message": "not found", "status": 404}"#);
        })
        .await;
    let sms = json!({"to": TO, "message": "hi"});
    assert_eq!(
        gw.post_keyed("/twilio/sms/send", "m-1", sms.clone())
            .await
            .status(),
        200
    );
    assert_eq!(
        gw.post_keyed("/twilio/sms/send", "m-1", sms).await.status(),
        200
    );
    assert_eq!(
        gw.get(&format!("/twilio/status/{CALL_SID}")).await.status(),
        404
    );
    assert_eq!(gw.get("/nowhere").await.status(), 404);

    let r = gw.get("/metrics").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = r.text().await.unwrap();
    for line in [
        "# TYPE gateway_http_requests_total counter",
        r#"gateway_http_requests_total{route="/twilio/sms/send",status="200"} 2"#,
        r#"gateway_http_requests_total{route="/twilio/status/{sid}",status="404"} 1"#,
        r#"gateway_http_requests_total{route="unmatched",status="404"} 1"#,
        r#"gateway_twilio_requests_total{operation="send",outcome="ok"} 1"#,
        r#"gateway_twilio_requests_total{operation="fetch",outcome="not_found"} 1"#,
        "gateway_idempotent_replays_total 1",
        r#"gateway_events_total{result="forwarded"} 0"#,
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }
    assert!(!text.contains(CALL_SID), "route templates, never SIDs");
}

#[tokio::test]
async fn metrics_are_behind_the_bearer_token() {
    let gw = Gateway::start(&[("GATEWAY_API_TOKEN", API_TOKEN)]).await;
    expect_error(gw.get("/metrics").await, 401, &["bearer token"]).await;
    let r = gw
        .http
        .get(gw.at("/metrics"))
        .bearer_auth(API_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(
        text.contains(r#"gateway_http_requests_total{route="/metrics",status="401"} 1"#),
        "{text}"
    );
}

#[test]
fn new_settings_are_checked_by_name_and_secrets_never_shown() {
    use twilio_gateway::config::{EnvLookup, Settings};
    let bad = EnvLookup::from_pairs([
        ("REDIS_URL", "http://:hunter2secret@redis:6379"),
        ("REDIS_KEY_PREFIX", "has space"),
        ("EVENTS_WEBHOOK_URL", "ftp://n8n/webhook/secret-path-123"),
        ("EVENTS_REPLY_TIMEOUT_MS", "20000"),
        ("ALLOW_PRIVATE_URLS", "maybe"),
    ]);
    let problems = Settings::from_env(&bad).unwrap_err().to_string();
    for name in [
        "REDIS_URL",
        "REDIS_KEY_PREFIX",
        "EVENTS_WEBHOOK_URL",
        "EVENTS_REPLY_TIMEOUT_MS",
        "ALLOW_PRIVATE_URLS",
    ] {
        assert!(problems.contains(name), "{name} not in {problems}");
    }
    assert!(!problems.contains("hunter2secret") && !problems.contains("secret-path-123"));

    let good = EnvLookup::from_pairs([
        ("REDIS_URL", "redis://:hunter2secret@redis:6379/0"),
        ("EVENTS_WEBHOOK_URL", "http://n8n:5678/webhook/twilio"),
        ("EVENTS_WEBHOOK_TOKEN", "events-token-77c1e2"),
        ("EVENTS_REPLY_TIMEOUT_MS", "2500"),
        ("ALLOW_PRIVATE_URLS", "1"),
    ]);
    let settings = Settings::from_env(&good).unwrap();
    assert_eq!(
        settings.events_reply_timeout,
        std::time::Duration::from_millis(2500)
    );
    assert!(settings.allow_private_urls);
    assert_eq!(settings.redis_key_prefix, "twilio-gateway:");
    let debug = format!("{settings:?}");
    assert!(!debug.contains("hunter2secret"), "{debug}");
    assert!(!debug.contains("events-token-77c1e2"), "{debug}");
}
