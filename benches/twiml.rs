//! TwiML rendering: a voice menu (Say with escaping, Gather(Say), Play, Pause,
//! Dial(Number), Hangup) built and rendered, and rendered prebuilt, against a
//! hand-written `write!` of the same bytes in the same run.
//!
//! `cargo bench --bench twiml`

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use twilio_typed::twiml::{Dial, Gather, Number, Pause, Play, Say, VoiceResponse};
use twilio_typed::{HttpMethod, Voice, E164};

const GREETING: &str = "Hello from MYCA & friends: calls <may> be recorded.";
const PROMPT: &str = "Press 1 to speak with an agent, or press 2 to leave a message.";
const HOLD_MUSIC: &str = "https://example.com/audio/hold.mp3?v=2&loop=no";

fn menu(greeting: &str, prompt: &str, agent: &E164) -> VoiceResponse {
    VoiceResponse::new()
        .say(Say::new(greeting).voice(Voice::Alice))
        .gather(
            Gather::new()
                .num_digits(1)
                .action("/twilio/handle-input")
                .method(HttpMethod::Post)
                .say(Say::new(prompt).voice(Voice::Alice)),
        )
        .play(Play::new(HOLD_MUSIC))
        .pause(Pause::new().length(Duration::from_secs(2)))
        .dial(Dial::new().number(Number::new(agent)))
        .hangup()
}

/// `& < >` in text; `& < > "` in attribute values (enough for this document).
fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The baseline: the same bytes written by hand into a `String`.
fn hand_written(greeting: &str, prompt: &str, agent: &str) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">"#);
    push_escaped(&mut out, greeting, false);
    out.push_str(r#"</Say><Gather action="/twilio/handle-input" method="POST" numDigits="1"><Say voice="alice">"#);
    push_escaped(&mut out, prompt, false);
    out.push_str("</Say></Gather><Play>");
    push_escaped(&mut out, HOLD_MUSIC, false);
    let _ = write!(
        out,
        r#"</Play><Pause length="{}" /><Dial><Number>{agent}</Number></Dial><Hangup /></Response>"#,
        2
    );
    out
}

fn render(c: &mut Criterion) {
    let agent = E164::parse("+12025550123").expect("agent number");
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
}

criterion_group!(benches, render);
criterion_main!(benches);
