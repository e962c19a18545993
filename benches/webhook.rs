//! Validating a typical inbound-SMS webhook (15 parameters) and a message
//! status callback (10 parameters), each against a bare HMAC-SHA1 + base64
//! of the same signed string (URL then sorted parameters, joined by the
//! workload) in the same run. The floor: validation within 2.5x its baseline.
//!
//! `cargo bench -p twilio-typed-benches --bench webhook`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

#[allow(dead_code)]
#[path = "support/workloads.rs"]
mod workloads;

fn bench(c: &mut Criterion) {
    for (name, url, webhook) in [
        (
            "inbound_sms_15_params",
            workloads::URL,
            workloads::webhook(),
        ),
        (
            "status_callback_10_params",
            workloads::STATUS_URL,
            workloads::status_callback(),
        ),
    ] {
        c.bench_function(
            &format!("webhook/{name}/baseline: bare hmac-sha1 + base64 + compare"),
            |b| {
                b.iter(|| {
                    workloads::bare_hmac(black_box(&webhook.signed), black_box(&webhook.signature))
                })
            },
        );
        c.bench_function(&format!("webhook/{name}/validate"), |b| {
            b.iter(|| {
                webhook.validator.validate(
                    black_box(url),
                    black_box(&webhook.params),
                    black_box(&webhook.signature),
                )
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
