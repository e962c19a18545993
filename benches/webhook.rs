//! Validating a typical inbound-SMS webhook (15 parameters) and a message
//! status callback (10 parameters, two names sharing their first 8 bytes),
//! each against a bare HMAC-SHA1 + base64 of the same signed string in the
//! same run.
//!
//! `cargo bench --bench webhook`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use twilio_typed::webhook::{FromParams, IncomingMessage, Params};

#[allow(dead_code)]
#[path = "support/workloads.rs"]
mod workloads;

use workloads::URL;

fn bench(c: &mut Criterion) {
    let workloads::Webhook {
        validator,
        params,
        signature,
        signed,
    } = workloads::webhook();
    let form = params.to_form();

    c.bench_function("webhook/baseline: bare hmac-sha1 + base64 + compare", |b| {
        b.iter(|| workloads::bare_hmac(black_box(&signed), black_box(&signature)))
    });
    c.bench_function("webhook/validate_inbound_sms_15_params", |b| {
        b.iter(|| validator.validate(black_box(URL), black_box(&params), black_box(&signature)))
    });
    let status = workloads::status_callback();
    c.bench_function(
        "webhook/baseline: bare hmac-sha1 + base64 + compare, status callback",
        |b| {
            b.iter(|| workloads::bare_hmac(black_box(&status.signed), black_box(&status.signature)))
        },
    );
    c.bench_function("webhook/validate_status_callback_10_params", |b| {
        b.iter(|| {
            status.validator.validate(
                black_box(workloads::STATUS_URL),
                black_box(&status.params),
                black_box(&status.signature),
            )
        })
    });
    c.bench_function("webhook/compute_signature_15_params", |b| {
        b.iter(|| validator.compute_signature(black_box(URL), black_box(&params)))
    });
    c.bench_function("webhook/typed_payload_inbound_sms", |b| {
        b.iter(|| IncomingMessage::from_params(black_box(params.clone())))
    });
    c.bench_function("webhook/decode_validate_parse_inbound_sms", |b| {
        b.iter(|| {
            let params = Params::from_form(black_box(form.as_bytes()));
            validator.validate(URL, &params, &signature)?;
            IncomingMessage::from_params(params)
                .map_err(|_| twilio_typed::webhook::SignatureError::Mismatch)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
