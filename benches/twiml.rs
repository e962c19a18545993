//! TwiML rendering: the integration guide's Say + Gather menu.
//!
//! For comparison, twilio-python renders the same document with
//! `str(response)` (see the crate's notes for the figures of one sitting).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use twilio_typed::twiml::{Gather, Say, VoiceResponse};
use twilio_typed::{HttpMethod, Voice};

fn menu(greeting: &str, prompt: &str) -> VoiceResponse {
    VoiceResponse::new()
        .say(Say::new(greeting).voice(Voice::Alice))
        .gather(
            Gather::new()
                .num_digits(1)
                .action("/twilio/handle-input")
                .method(HttpMethod::Post)
                .say(Say::new(prompt).voice(Voice::Alice)),
        )
}

const GREETING: &str = "Hello, this is MYCA calling.";
const PROMPT: &str = "Press 1 to speak with an agent, or press 2 to leave a message.";

fn render(c: &mut Criterion) {
    let doc = menu(GREETING, PROMPT);
    c.bench_function("twiml menu: to_xml (render only)", |b| {
        b.iter(|| black_box(&doc).to_xml())
    });
    let mut out = Vec::with_capacity(512);
    c.bench_function("twiml menu: write_to reused Vec (render only)", |b| {
        b.iter(|| {
            out.clear();
            black_box(&doc).write_to(&mut out)
        })
    });
    c.bench_function("twiml menu: build + to_xml", |b| {
        b.iter(|| menu(black_box(GREETING), black_box(PROMPT)).to_xml())
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
