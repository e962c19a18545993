//! TwiML rendering: the voice menu (Say with escaping, Gather(Say), Play,
//! Pause, Dial(Number), Hangup) built and rendered, and rendered prebuilt,
//! each against a hand-written `String` writer of the same bytes in the same
//! run (the floor: build + render ≤ 4× the writer).
//!
//! `cargo bench -p twilio-typed-benches --bench twiml`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use twilio_typed::E164;

#[allow(dead_code)]
#[path = "support/workloads.rs"]
mod workloads;

use workloads::{hand_written, menu, AGENT, GREETING, PROMPT};

fn render(c: &mut Criterion) {
    let agent = E164::parse(AGENT).expect("agent number");
    let doc = menu(GREETING, PROMPT, &agent);
    let expected = doc.to_xml().expect("menu renders");
    assert_eq!(hand_written(GREETING, PROMPT, agent.as_str()), expected);

    let mut group = c.benchmark_group("twiml_menu");
    group.bench_function("baseline: hand-written String writer", |b| {
        b.iter(|| {
            hand_written(
                black_box(GREETING),
                black_box(PROMPT),
                black_box(agent.as_str()),
            )
        })
    });
    group.bench_function("build + to_xml", |b| {
        b.iter(|| menu(black_box(GREETING), black_box(PROMPT), black_box(&agent)).to_xml())
    });
    group.bench_function("prebuilt to_xml", |b| b.iter(|| black_box(&doc).to_xml()));
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
