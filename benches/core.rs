//! Core hot paths: parsing a SID, and building and form-encoding an SMS
//! request. (E.164 parsing is in `benches/phone.rs`.)

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use twilio_typed::{MessageSid, ResourceSid, TwilioClient};

/// Baselines in the same run: what the work costs without this crate.
fn baselines(c: &mut Criterion) {
    c.bench_function("baseline: String::from (34 bytes)", |b| {
        b.iter(|| String::from(black_box("SM9f3b1c2d4e5f60718293a4b5c6d7e8f9")))
    });
    // `reqwest::Client::new()` panics: reqwest has no crypto provider of its
    // own with twilio-typed's `rustls` feature; the TLS does not matter here.
    let http = TwilioClient::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    c.bench_function("baseline: bare reqwest form request", |b| {
        b.iter(|| {
            http.post(black_box(
                "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json",
            ))
            .basic_auth("AC0123456789abcdef0123456789abcdef", Some("token"))
            .form(&[
                ("To", black_box("+12025551234")),
                ("From", "+12025550100"),
                ("Body", black_box("Hello from MYCA! This is a test message.")),
                ("StatusCallback", "https://example.com/twilio/status"),
            ])
            .build()
        })
    });
}

fn parse_sid(c: &mut Criterion) {
    c.bench_function("MessageSid::parse", |b| {
        b.iter(|| MessageSid::parse(black_box("SM9f3b1c2d4e5f60718293a4b5c6d7e8f9")))
    });
    c.bench_function("ResourceSid::parse", |b| {
        b.iter(|| ResourceSid::parse(black_box("CA7d5e3f1a2b3c4d5e6f708192a3b4c5d6")))
    });
}

fn build_sms(c: &mut Criterion) {
    let client = TwilioClient::builder()
        .account_sid("AC0123456789abcdef0123456789abcdef")
        .auth_token("token")
        .from_number("+12025550100")
        .build()
        .expect("client");
    c.bench_function("SMS build + validate + form-encode", |b| {
        b.iter(|| {
            twilio_typed::__bench::sms_http_request(
                client
                    .send_sms(
                        black_box("+12025551234"),
                        black_box("Hello from MYCA! This is a test message."),
                    )
                    .status_callback("https://example.com/twilio/status"),
            )
        })
    });
}

/// Decoding Twilio's answer to a send, against a schemaless decode of the same
/// bytes.
fn decode_message(c: &mut Criterion) {
    let body = include_str!("../tests/fixtures/message_queued.json");
    let body = body.as_bytes();
    c.bench_function("baseline: serde_json::Value from a 201 answer", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)))
    });
    // As a send or fetch decodes it (serde's derive).
    c.bench_function("Message from a 201 answer", |b| {
        b.iter(|| serde_json::from_slice::<twilio_typed::Message>(black_box(body)))
    });
}

criterion_group!(benches, baselines, parse_sid, build_sms, decode_message);
criterion_main!(benches);
