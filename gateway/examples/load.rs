//! Load test of the gateway: many concurrent clients send SMS through
//! `POST /twilio/sms/send` to a local Twilio mock, in runs of the same size.
//!
//! ```sh
//! cargo build --release -p twilio-gateway --bin twilio-gateway --example load
//! target/release/examples/load            # 2 runs of 10,000 requests, 64 clients
//! target/release/examples/load --help
//! ```
//!
//! It starts a Twilio mock in this process (it answers every create with 201
//! and a unique message SID, and counts what it receives), spawns the gateway
//! binary (`twilio-gateway`, in the directory above this one's unless
//! `--server` says otherwise) with
//! its rate limiter set out of reach, and checks after every run: no 5xx, no
//! failed request, every request a success, the mock's count equal to the
//! successes and no message body received twice. It reports the throughput and
//! the gateway process's peak and current RSS (`VmHWM`/`VmRSS`) after each run,
//! and the ratio of the last run's to the first's; exits non-zero if a check
//! fails, or if the last run's peak RSS exceeds the first's by more than
//! `--max-rss-growth` (default 1.25: a leak grows the peak run after run).

use std::collections::HashMap;
use std::ffi::OsString;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const AUTH_TOKEN: &str = "load-test-auth-token-7c1e";
const API_TOKEN: &str = "load-test-gateway-token-5d41402abc4b2a76b971";
const FROM: &str = "+12025550100";

const USAGE: &str = "\
Drives the gateway with concurrent clients against a local Twilio mock.

Usage: load [OPTIONS]

Options:
  --requests N      requests per run (default 10000)
  --clients N       concurrent clients (default 64)
  --runs N          runs of the same size against the same gateway (default 2)
  --server PATH     the gateway binary (default: `twilio-gateway` in the directory
                    above this executable's; build it with
                    `cargo build --release -p twilio-gateway --bin twilio-gateway`)
  --max-rss-growth R
                    largest accepted ratio of the last run's peak RSS (VmHWM) to
                    the first run's, at least 1 (default 1.25); checked when
                    --runs is 2 or more
  -h, --help        this help

Checks per run: zero 5xx, zero failed requests, all requests succeed, the
mock received exactly one message per success (no duplicate body). Reports
req/s and the gateway's VmHWM/VmRSS after each run, and last/first ratios;
fails when the VmHWM ratio exceeds --max-rss-growth. Exits 1 when a check
fails, 2 on a bad argument.";

/// `--max-rss-growth` when not given.
const DEFAULT_MAX_RSS_GROWTH: f64 = 1.25;

#[derive(Debug)]
struct Options {
    requests: usize,
    clients: usize,
    runs: usize,
    server: Option<PathBuf>,
    /// Largest accepted last/first ratio of the peak RSS.
    max_rss_growth: f64,
}

/// Parses the arguments after the program name; `None` for `--help`.
fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Option<Options>, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut options = Options {
        requests: 10_000,
        clients: 64,
        runs: 2,
        server: None,
        max_rss_growth: DEFAULT_MAX_RSS_GROWTH,
    };
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("requests") => options.requests = number(&mut parser, "--requests")?,
            Long("clients") => options.clients = number(&mut parser, "--clients")?,
            Long("runs") => options.runs = number(&mut parser, "--runs")?,
            Long("max-rss-growth") => {
                let value = value(&mut parser, "--max-rss-growth")?;
                options.max_rss_growth = parse_growth(&value)?;
            }
            Long("server") => {
                let path = parser.value().map_err(|_| "--server needs a path")?;
                options.server = Some(path.into());
            }
            other => {
                let other = match other {
                    Short(c) => format!("-{c}"),
                    Long(name) => format!("--{name}"),
                    Value(value) => value.to_string_lossy().into_owned(),
                };
                return Err(format!("unknown argument {other:?} (see --help)"));
            }
        }
    }
    Ok(Some(options))
}

/// The value of option `name`, as text.
fn value(parser: &mut lexopt::Parser, name: &str) -> Result<String, String> {
    let value = parser
        .value()
        .map_err(|_| format!("{name} needs a value"))?;
    value
        .into_string()
        .map_err(|value| format!("{name} must be text, got {value:?}"))
}

/// The value of option `name`, a whole number above 0.
fn number(parser: &mut lexopt::Parser, name: &str) -> Result<usize, String> {
    let value = value(parser, name)?;
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{name} must be a whole number above 0, got {value:?}"
        )),
    }
}

/// A `--max-rss-growth` ratio: finite and at least 1, since VmHWM never falls
/// (a smaller bound could never be met).
fn parse_growth(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(ratio) if ratio.is_finite() && ratio >= 1.0 => Ok(ratio),
        _ => Err(format!(
            "--max-rss-growth must be a ratio of at least 1, e.g. 1.25, got {value:?}"
        )),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args_os().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What the mock has received.
#[derive(Default)]
struct Mock {
    creates: AtomicU64,
    /// Message body → times received.
    bodies: Mutex<HashMap<String, u32>>,
}

async fn create_message(
    State(mock): State<Arc<Mock>>,
    Path(account): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let n = mock.creates.fetch_add(1, Ordering::SeqCst) + 1;
    let body = form.get("Body").cloned().unwrap_or_default();
    if let Ok(mut bodies) = mock.bodies.lock() {
        *bodies.entry(body.clone()).or_default() += 1;
    }
    let sid = format!("SM{n:032x}");
    let answer = json!({
        "account_sid": account,
        "api_version": "2010-04-01",
        "body": body,
        "date_created": "Tue, 01 Dec 2026 11:00:00 +0000",
        "date_sent": null,
        "date_updated": "Tue, 01 Dec 2026 11:00:00 +0000",
        "direction": "outbound-api",
        "error_code": null,
        "error_message": null,
        "from": form.get("From"),
        "messaging_service_sid": null,
        "num_media": "0",
        "num_segments": "1",
        "price": null,
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "to": form.get("To"),
        "uri": format!("/2010-04-01/Accounts/{account}/Messages/{sid}.json"),
    });
    (StatusCode::CREATED, Json(answer))
}

async fn start_mock(mock: Arc<Mock>) -> Result<SocketAddr, String> {
    let app = Router::new()
        .route(
            "/2010-04-01/Accounts/{account}/Messages.json",
            post(create_message),
        )
        .with_state(mock);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("mock: {e}"))?;
    let addr = listener.local_addr().map_err(|e| format!("mock: {e}"))?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("mock stopped: {e}");
        }
    });
    Ok(addr)
}

/// The gateway process; killed when dropped.
struct Gateway {
    child: Child,
    url: String,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_path(options: &Options) -> Result<PathBuf, String> {
    if let Some(path) = &options.server {
        return Ok(path.clone());
    }
    // This example is target/<profile>/examples/load; the gateway binary is
    // target/<profile>/twilio-gateway.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let name = format!("twilio-gateway{}", std::env::consts::EXE_SUFFIX);
    let path = exe
        .parent()
        .and_then(|examples| examples.parent())
        .map(|profile| profile.join(name))
        .ok_or("cannot tell the target directory from this executable's path")?;
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found: build it with `cargo build --release -p twilio-gateway --bin twilio-gateway` \
             (same profile as this example) or pass --server",
            path.display()
        ))
    }
}

/// A port free right now on 127.0.0.1.
fn free_port() -> Result<u16, String> {
    let listener = StdListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

async fn start_gateway(options: &Options, twilio: SocketAddr) -> Result<Gateway, String> {
    let path = server_path(options)?;
    let port = free_port()?;
    // A fresh directory: no `.env.local` of the caller is read.
    let dir = std::env::temp_dir().join(format!("gateway_load_{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let child = Command::new(&path)
        .current_dir(&dir)
        .env_clear()
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
        .env("TWILIO_PHONE_NUMBER", FROM)
        .env("TWILIO_BASE_URL", format!("http://{twilio}"))
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("GATEWAY_API_TOKEN", API_TOKEN)
        // Out of reach: this measures the gateway, not its limiter.
        .env("RATE_LIMIT_PER_MINUTE", "1000000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", path.display()))?;
    let gateway = Gateway {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let http = http_client()?.build().map_err(|e| e.to_string())?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = http.get(format!("{}/healthz", gateway.url)).send().await {
            if response.status().is_success() {
                return Ok(gateway);
            }
        }
        if Instant::now() > deadline {
            return Err("the gateway did not answer /healthz within 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `VmHWM` and `VmRSS` of a process, in KiB.
fn memory_kib(pid: u32) -> Result<(u64, u64), String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e} (RSS is read on Linux only)"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or(format!("{name} missing from /proc/{pid}/status"))
    };
    Ok((field("VmHWM:")?, field("VmRSS:")?))
}

#[derive(Debug, Default)]
struct Tally {
    ok: AtomicU64,
    client_errors: AtomicU64,
    server_errors: AtomicU64,
    failed: AtomicU64,
}

struct RunReport {
    seconds: f64,
    ok: u64,
    client_errors: u64,
    server_errors: u64,
    failed: u64,
    received: u64,
    duplicates: u64,
    hwm_kib: u64,
    rss_kib: u64,
}

async fn drive(
    options: &Options,
    gateway: &Gateway,
    mock: &Mock,
    run: usize,
) -> Result<RunReport, String> {
    let before = mock.creates.load(Ordering::SeqCst);
    let http = http_client()?
        .pool_max_idle_per_host(options.clients)
        .build()
        .map_err(|e| e.to_string())?;
    let next = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Tally::default());
    let url = format!("{}/twilio/sms/send", gateway.url);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(options.clients);
    for _ in 0..options.clients {
        let (http, next, tally, url) = (http.clone(), next.clone(), tally.clone(), url.clone());
        let total = options.requests;
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                // Never the sender's number (+12025550100).
                let to = format!("+1202555{:04}", 1000 + i % 9000);
                let body = json!({"to": to, "message": format!("load run {run} #{i}")});
                let result = http
                    .post(&url)
                    .bearer_auth(API_TOKEN)
                    .json(&body)
                    .send()
                    .await;
                let counter = match result {
                    Ok(r) if r.status().is_success() => &tally.ok,
                    Ok(r) if r.status().is_server_error() => &tally.server_errors,
                    Ok(_) => &tally.client_errors,
                    Err(_) => &tally.failed,
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await.map_err(|e| e.to_string())?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let received = mock.creates.load(Ordering::SeqCst) - before;
    let prefix = format!("load run {run} #");
    let duplicates = mock
        .bodies
        .lock()
        .map_err(|_| "mock state poisoned")?
        .iter()
        .filter(|(body, _)| body.starts_with(&prefix))
        .map(|(_, n)| u64::from(n.saturating_sub(1)))
        .sum();
    let (hwm_kib, rss_kib) = memory_kib(gateway.child.id())?;
    Ok(RunReport {
        seconds,
        ok: tally.ok.load(Ordering::Relaxed),
        client_errors: tally.client_errors.load(Ordering::Relaxed),
        server_errors: tally.server_errors.load(Ordering::Relaxed),
        failed: tally.failed.load(Ordering::Relaxed),
        received,
        duplicates,
        hwm_kib,
        rss_kib,
    })
}

async fn run(options: Options) -> Result<bool, String> {
    let mock = Arc::new(Mock::default());
    let twilio = start_mock(mock.clone()).await?;
    let gateway = start_gateway(&options, twilio).await?;
    let (hwm0, rss0) = memory_kib(gateway.child.id())?;
    println!(
        "gateway pid {} ready: VmHWM {hwm0} KiB, VmRSS {rss0} KiB; {} runs of {} requests, {} clients",
        gateway.child.id(),
        options.runs,
        options.requests,
        options.clients
    );
    println!(
        "{:>3} {:>8} {:>8} {:>6} {:>6} {:>6} {:>9} {:>5} {:>10} {:>10}  checks",
        "run", "req/s", "2xx", "4xx", "5xx", "failed", "mock got", "dups", "VmHWM KiB", "VmRSS KiB"
    );
    let mut all_ok = true;
    let mut reports = Vec::new();
    for run in 1..=options.runs {
        let r = drive(&options, &gateway, &mock, run).await?;
        let checks = [
            (r.server_errors == 0, "no 5xx"),
            (r.failed == 0, "no failed request"),
            (r.ok == options.requests as u64, "every request succeeded"),
            (r.received == r.ok, "mock count == successes"),
            (r.duplicates == 0, "no duplicate send"),
        ];
        let failed: Vec<&str> = checks
            .iter()
            .filter(|(ok, _)| !ok)
            .map(|(_, name)| *name)
            .collect();
        all_ok &= failed.is_empty();
        println!(
            "{run:>3} {:>8.0} {:>8} {:>6} {:>6} {:>6} {:>9} {:>5} {:>10} {:>10}  {}",
            r.ok as f64 / r.seconds,
            r.ok,
            r.client_errors,
            r.server_errors,
            r.failed,
            r.received,
            r.duplicates,
            r.hwm_kib,
            r.rss_kib,
            if failed.is_empty() {
                "ok".to_owned()
            } else {
                format!("FAILED: {}", failed.join(", "))
            }
        );
        reports.push(r);
    }
    if let (Some(first), Some(last)) = (reports.first(), reports.last()) {
        if reports.len() > 1 {
            let hwm_growth = last.hwm_kib as f64 / first.hwm_kib.max(1) as f64;
            println!(
                "last/first: VmHWM {hwm_growth:.3}, VmRSS {:.3}",
                last.rss_kib as f64 / first.rss_kib.max(1) as f64
            );
            if hwm_growth > options.max_rss_growth {
                all_ok = false;
                println!(
                    "FAILED: peak RSS grew {hwm_growth:.3}x from run 1 ({} KiB) to run {} ({} KiB), \
                     above --max-rss-growth {}: memory may leak per request",
                    first.hwm_kib,
                    reports.len(),
                    last.hwm_kib,
                    options.max_rss_growth
                );
            } else {
                println!(
                    "peak RSS growth {hwm_growth:.3} within --max-rss-growth {}",
                    options.max_rss_growth
                );
            }
        }
    }
    println!(
        "{}",
        if all_ok {
            "all checks passed"
        } else {
            "SOME CHECKS FAILED"
        }
    );
    Ok(all_ok)
}

/// A reqwest builder with the library's TLS: reqwest has no crypto provider
/// of its own in this build.
fn http_client() -> Result<reqwest::ClientBuilder, String> {
    twilio_typed::TwilioClient::http_client_builder().map_err(|e| e.to_string())
}
