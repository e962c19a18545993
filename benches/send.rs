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

use mock_twilio::{ACCOUNT_SID, AUTH_TOKEN};
use send_paths::SendPath;

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
        let (bare, client) = rt.block_on(async {
            (
                Arc::new(SendPath::bare(&base_url, ACCOUNT_SID, AUTH_TOKEN)),
                Arc::new(SendPath::client(&base_url, ACCOUNT_SID, AUTH_TOKEN).expect("client")),
            )
        });
        for in_flight in [1usize, 32] {
            for (name, path) in [("bare_reqwest", &bare), ("twilio_typed", &client)] {
                let id =
                    BenchmarkId::new(format!("{name}/{flavor}"), format!("{in_flight}_in_flight"));
                group.bench_function(id, |b| {
                    b.iter_custom(|iters| {
                        let count = usize::try_from(iters).unwrap_or(usize::MAX);
                        rt.block_on(async {
                            let start = Instant::now();
                            send_paths::run(Arc::clone(path), count, in_flight)
                                .await
                                .expect("every answer checks");
                            start.elapsed()
                        })
                    })
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, send);
criterion_main!(benches);
