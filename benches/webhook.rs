//! Validating a typical inbound-SMS webhook (15 parameters).
//!
//! `cargo bench --bench webhook -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use twilio_typed::webhook::{FromParams, IncomingMessage, Params, RequestValidator};

const TOKEN: &str = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60";
const URL: &str = "https://hooks.example.com/twilio/sms?tenant=acme";

/// The same 15 parameters as the twilio-python comparison.
const PARAMS: [(&str, &str); 15] = [
    ("ToCountry", "US"),
    ("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("NumMedia", "0"),
    ("SmsSid", "SM0123456789abcdef0123456789abcdef"),
    ("FromState", "CA"),
    ("SmsStatus", "received"),
    ("FromCity", "SAN FRANCISCO"),
    (
        "Body",
        "Hello from the other side! Reply STOP to unsubscribe.",
    ),
    ("FromCountry", "US"),
    ("To", "+14155550100"),
    ("NumSegments", "1"),
    ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
    ("From", "+14155550199"),
    ("ApiVersion", "2010-04-01"),
];

fn bench(c: &mut Criterion) {
    let validator = RequestValidator::new(TOKEN);
    let params: Params = PARAMS.into_iter().collect();
    let form = params.to_form();
    let signature = validator.compute_signature(URL, &params);
    assert!(validator.validate(URL, &params, &signature).is_ok());

    c.bench_function("webhook/validate_inbound_sms_15_params", |b| {
        b.iter(|| validator.validate(black_box(URL), black_box(&params), black_box(&signature)))
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
