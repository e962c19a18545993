//! Validating a typical inbound-SMS webhook (15 parameters), against a bare
//! HMAC-SHA1 + base64 of the same signed string in the same run.
//!
//! `cargo bench --bench webhook`

use std::hint::black_box;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, Mac};
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

    // The string Twilio signs: the URL, then each parameter's name and value,
    // sorted by name.
    let mut sorted = PARAMS;
    sorted.sort_unstable();
    let signed: String = std::iter::once(URL.to_owned())
        .chain(sorted.iter().map(|(name, value)| format!("{name}{value}")))
        .collect();
    c.bench_function("webhook/baseline: bare hmac-sha1 + base64 + compare", |b| {
        b.iter(|| {
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(black_box(TOKEN).as_bytes())
                .expect("any key length");
            mac.update(black_box(&signed).as_bytes());
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
            encoded == black_box(signature.as_str())
        })
    });
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
