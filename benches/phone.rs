//! `E164::parse` against a bare `phonenumber::parse` + `is_valid` in the same
//! run (the wrapper's overhead as a ratio), and reading a number from
//! Twilio's JSON against a bare `String`.
//!
//! Before criterion starts, the one-off cost of the first parse in the
//! process (loading libphonenumber's metadata) is printed once, measured with
//! `Instant`: criterion cannot repeat a cold start. Set `PHONE_BENCH_WARM_UP=1`
//! to call `E164::warm_up()` first and see the two parts apart.
//!
//! `cargo bench -p twilio-typed-benches --bench phone`

use criterion::{criterion_group, Criterion};
use std::hint::black_box;
use std::time::Instant;
use twilio_typed::{Endpoint, E164};

const CANONICAL: &str = "+12025551234";
const FORMATTED: &str = "+1 (202) 555-1234";

fn bare_phonenumber(input: &str) -> Option<phonenumber::PhoneNumber> {
    let number = phonenumber::parse(None, input).ok()?;
    phonenumber::is_valid(&number).then_some(number)
}

/// The resident set size of this process in KiB (Linux), to show what the
/// loaded metadata keeps in memory.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Prints what the first parse of the process costs (run before anything
/// else touches libphonenumber).
fn first_parse() {
    let rss_before = rss_kib();
    if std::env::var_os("PHONE_BENCH_WARM_UP").is_some() {
        let start = Instant::now();
        E164::warm_up();
        let loaded = start.elapsed();
        let start = Instant::now();
        E164::warm_up();
        let again = start.elapsed();
        println!("E164::warm_up(): {loaded:.2?} (a second call: {again:.2?})");
    }
    let start = Instant::now();
    let first = E164::parse(black_box(CANONICAL));
    let cold = start.elapsed();
    let start = Instant::now();
    let second = E164::parse(black_box("+12025550123"));
    let warm = start.elapsed();
    let start = Instant::now();
    let other_code = E164::parse(black_box("+442071234567"));
    let uk = start.elapsed();
    assert!(first.is_ok() && second.is_ok() && other_code.is_ok());
    println!(
        "first E164::parse in the process: {cold:.2?}; the next (same calling code): {warm:.2?}; \
         the first of another calling code (+44): {uk:.2?}"
    );
    if let (Some(before), Some(after)) = (rss_before, rss_kib()) {
        println!("RSS {before} KiB before, {after} KiB after the first parses");
    }
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

    // Distinct numbers of several calling codes, cycled.
    let distinct: Vec<String> = (0..500)
        .flat_map(|i| {
            [
                format!("+1202555{:04}", 1000 + i),
                format!("+4479111{:05}", 10_000 + i),
                format!("+49301234{:04}", i),
            ]
        })
        .filter(|n| bare_phonenumber(n).is_some())
        .collect();
    assert!(distinct.len() > 1000, "{} valid numbers", distinct.len());
    let mut next = distinct.iter().cycle();
    group.bench_function("baseline: phonenumber parse+is_valid distinct", |b| {
        b.iter(|| bare_phonenumber(black_box(next.next().map_or("", String::as_str))))
    });
    let mut next = distinct.iter().cycle();
    group.bench_function("E164::parse distinct", |b| {
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

// `criterion_main!` with the one-off measurement first.
fn main() {
    first_parse();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
