//! Sending SMS: bare `reqwest` against `TwilioClient`, to a local Twilio mock
//! started inside the bench, one at a time and 32 in flight, on both tokio
//! runtimes. Each measured iteration is one send; criterion's time per
//! iteration of the two paths gives the ratio.
//!
//! `cargo bench -p twilio-typed-benches --bench send`

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

#[allow(dead_code)]
#[path = "support/mock_twilio.rs"]
mod mock_twilio;
#[allow(dead_code)]
#[path = "support/send_paths.rs"]
mod send_paths;

use mock_twilio::{ACCOUNT_SID, AUTH_TOKEN, FROM, TO};
use send_paths::{SendOne, SendPath, BODY};
use twilio_typed::{TwilioClient, E164};

/// The generated layer's `CreateMessage`
/// (`client.api_v2010().create_message(to).from(from).body(..)`), the same
/// request as `send_sms`, decoded into the generated `Message` model.
struct Generated {
    client: TwilioClient,
    to: E164,
    from: E164,
}

impl Generated {
    fn new(base_url: &str) -> Self {
        let client = TwilioClient::builder()
            .account_sid(ACCOUNT_SID)
            .auth_token(AUTH_TOKEN)
            .base_url(base_url)
            .build()
            .expect("client");
        Self {
            client,
            to: E164::parse(TO).expect("to"),
            from: E164::parse(FROM).expect("from"),
        }
    }
}

impl SendOne for Generated {
    async fn send_one(&self) -> Result<(), String> {
        let message = self
            .client
            .api_v2010()
            .create_message(self.to.clone())
            .from(self.from.clone())
            .body(BODY)
            .send()
            .await
            .map_err(|e| format!("generated: {e}"))?;
        if message.sid.is_none() {
            return Err("generated: answer has no message SID".into());
        }
        std::hint::black_box(message);
        Ok(())
    }
}

fn runtime(multi_thread: bool) -> tokio::runtime::Runtime {
    let mut builder = if multi_thread {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder.enable_all().build().expect("tokio runtime")
}

fn send(c: &mut Criterion) {
    let base_url = mock_twilio::spawn().expect("mock server");
    let mut group = c.benchmark_group("send");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (flavor, multi_thread) in [("multi_thread", true), ("current_thread", false)] {
        let rt = runtime(multi_thread);
        // Built inside the runtime they run on: their connection pools are.
        let (bare, client, generated) = rt.block_on(async {
            (
                Arc::new(SendPath::bare(&base_url, ACCOUNT_SID, AUTH_TOKEN)),
                Arc::new(SendPath::client(&base_url, ACCOUNT_SID, AUTH_TOKEN).expect("client")),
                Arc::new(Generated::new(&base_url)),
            )
        });
        for in_flight in [1usize, 32] {
            let id = |name: &str| {
                BenchmarkId::new(format!("{name}/{flavor}"), format!("{in_flight}_in_flight"))
            };
            for (name, path) in [("bare_reqwest", &bare), ("twilio_typed", &client)] {
                group.bench_function(id(name), |b| {
                    b.iter_custom(|iters| timed(&rt, Arc::clone(path), iters, in_flight))
                });
            }
            group.bench_function(id("generated_create_message"), |b| {
                b.iter_custom(|iters| timed(&rt, Arc::clone(&generated), iters, in_flight))
            });
        }
    }
    group.finish();
}

/// Sends `iters` messages through `path`, `in_flight` at a time; the time taken.
fn timed<P: SendOne>(
    rt: &tokio::runtime::Runtime,
    path: Arc<P>,
    iters: u64,
    in_flight: usize,
) -> Duration {
    let count = usize::try_from(iters).unwrap_or(usize::MAX);
    rt.block_on(async {
        let start = Instant::now();
        send_paths::run(path, count, in_flight)
            .await
            .expect("every answer checks");
        start.elapsed()
    })
}

criterion_group!(benches, send);
criterion_main!(benches);
