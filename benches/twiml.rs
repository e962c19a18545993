//! TwiML rendering: a voice menu (Say with escaping, Gather(Say), Play, Pause,
//! Dial(Number), Hangup) built and rendered, and rendered prebuilt, and a
//! voicemail document (Say with SSML, Record, Say, Hangup) built and
//! rendered, each against a hand-written `write!` of the same bytes in the
//! same run.
//!
//! `cargo bench --bench twiml`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use twilio_typed::E164;

#[allow(dead_code)]
#[path = "support/workloads.rs"]
mod workloads;

use workloads::{
    hand_written, hand_written_voicemail, menu, voicemail, AGENT, GREETING, OWNER, PROMPT,
    VOICEMAIL_ACTION,
};

fn render(c: &mut Criterion) {
    let agent = E164::parse(AGENT).expect("agent number");
    let doc = menu(GREETING, PROMPT, &agent);
    let expected = doc.to_xml().expect("menu renders");
    assert_eq!(hand_written(GREETING, PROMPT, agent.as_str()), expected);

    let mut group = c.benchmark_group("twiml_menu");
    group.bench_function("baseline: hand-written write!", |b| {
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
    let mut out = Vec::with_capacity(512);
    group.bench_function("prebuilt write_to reused Vec", |b| {
        b.iter(|| {
            out.clear();
            black_box(&doc).write_to(&mut out)
        })
    });
    group.bench_function("prebuilt Display (to_string)", |b| {
        b.iter(|| black_box(&doc).to_string())
    });
    group.finish();

    let expected = voicemail(OWNER, VOICEMAIL_ACTION)
        .to_xml()
        .expect("voicemail renders");
    assert_eq!(hand_written_voicemail(OWNER, VOICEMAIL_ACTION), expected);
    let mut group = c.benchmark_group("twiml_voicemail");
    group.bench_function("baseline: hand-written write!", |b| {
        b.iter(|| hand_written_voicemail(black_box(OWNER), black_box(VOICEMAIL_ACTION)))
    });
    group.bench_function("build + to_xml", |b| {
        b.iter(|| voicemail(black_box(OWNER), black_box(VOICEMAIL_ACTION)).to_xml())
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
