//! `E164::parse` against a bare libphonenumber (`phonenumber::parse` +
//! `is_valid`) in the same run, and reading a number from Twilio's JSON.
//!
//! `cargo bench --bench phone`

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use twilio_typed::{Endpoint, E164};

const CANONICAL: &str = "+12025551234";
const FORMATTED: &str = "+1 (202) 555-1234";

fn bare_phonenumber(input: &str) -> Option<phonenumber::PhoneNumber> {
    let number = phonenumber::parse(None, input).ok()?;
    phonenumber::is_valid(&number).then_some(number)
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("e164");
    group.bench_function("baseline: phonenumber parse+is_valid canonical", |b| {
        b.iter(|| bare_phonenumber(black_box(CANONICAL)))
    });
    group.bench_function("E164::parse canonical", |b| {
        b.iter(|| E164::parse(black_box(CANONICAL)))
    });
    group.bench_function("baseline: phonenumber parse+is_valid formatted", |b| {
        b.iter(|| bare_phonenumber(black_box(FORMATTED)))
    });
    group.bench_function("E164::parse formatted", |b| {
        b.iter(|| E164::parse(black_box(FORMATTED)))
    });

    // The cache's worst case: more distinct numbers than it keeps, cycled, so
    // every parse is a miss and pays full validation.
    let distinct: Vec<String> = (0..2000)
        .map(|i| format!("+1202555{:04}", 1000 + i))
        .filter(|n| bare_phonenumber(n).is_some())
        .collect();
    assert!(distinct.len() > 1500, "{} valid numbers", distinct.len());
    let mut next = distinct.iter().cycle();
    group.bench_function("baseline: phonenumber parse+is_valid distinct", |b| {
        b.iter(|| bare_phonenumber(black_box(next.next().map_or("", String::as_str))))
    });
    let mut next = distinct.iter().cycle();
    group.bench_function("E164::parse distinct (every one a cache miss)", |b| {
        b.iter(|| E164::parse(black_box(next.next().map_or("", String::as_str))))
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("endpoint");
    let json = format!("\"{CANONICAL}\"");
    group.bench_function("baseline: serde_json String", |b| {
        b.iter(|| serde_json::from_str::<String>(black_box(&json)))
    });
    group.bench_function("Endpoint from Twilio's JSON", |b| {
        b.iter(|| serde_json::from_str::<Endpoint>(black_box(&json)))
    });
    group.finish();
}

criterion_group!(benches, parse, decode);
criterion_main!(benches);
