//! Fixed-count runs of each hot path and its baseline, for instruction counts
//! under callgrind (repeatable on a noisy machine, unlike wall time):
//!
//! ```sh
//! cargo bench --bench instructions --no-run
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null <bench binary> <workload> <count>
//! ```
//!
//! Run each workload with two counts; the difference of the totals divided by
//! the difference of the counts is the cost of one iteration, setup excluded.
//! `benches/instruction_table.sh` does this for every workload. Without
//! arguments (as `cargo bench` runs it) it lists the workloads and exits.

use std::hint::black_box;

use twilio_typed::{Message, E164};

#[allow(dead_code)]
#[path = "support/mock_twilio.rs"]
mod mock_twilio;
#[allow(dead_code)]
#[path = "support/workloads.rs"]
mod workloads;

fn bare_phonenumber(input: &str) -> bool {
    phonenumber::parse(None, input).is_ok_and(|n| phonenumber::is_valid(&n))
}

const WORKLOADS: &[&str] = &[
    "phonenumber_canonical",
    "e164_canonical",
    "phonenumber_formatted",
    "e164_formatted",
    "phonenumber_distinct",
    "e164_distinct",
    "hand_written_menu",
    "twiml_build_render",
    "twiml_prebuilt_render",
    "twiml_prebuilt_display",
    "twiml_prebuilt_write_to",
    "hand_written_voicemail",
    "twiml_voicemail_build_render",
    "bare_hmac",
    "webhook_validate",
    "bare_hmac_status",
    "webhook_validate_status",
    "json_value_decode",
    "message_decode",
    "message_serde_decode",
];

/// `instructions startup [client|none] [number]`: wall time of building a client without
/// `from_number` (nothing parsed yet in this process), then of the first
/// `E164::parse` of a `&str` after it, the work a first send from a `&str`
/// does before any I/O. Run it in a fresh process: the point is the one-off
/// cost of compiling the calling code's validity patterns.
fn startup(with_client: bool, number: &str) {
    if !with_client {
        let start = std::time::Instant::now();
        let parsed = E164::parse(black_box(number));
        let first_parse = start.elapsed();
        assert!(parsed.is_ok());
        println!(
            "no client: first E164::parse({number}) {:.3} ms",
            first_parse.as_secs_f64() * 1e3
        );
        return;
    }
    let start = std::time::Instant::now();
    let client = twilio_typed::TwilioClient::builder()
        .account_sid("AC0123456789abcdef0123456789abcdef")
        .auth_token("0123456789abcdef0123456789abcdef")
        .base_url("http://127.0.0.1:9/")
        .build();
    let built = start.elapsed();
    assert!(client.is_ok());
    let start = std::time::Instant::now();
    let parsed = E164::parse(black_box(number));
    let first_parse = start.elapsed();
    assert!(parsed.is_ok());
    println!(
        "build {:.2} ms, first E164::parse({number}) after it {:.3} ms",
        built.as_secs_f64() * 1e3,
        first_parse.as_secs_f64() * 1e3
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("startup") {
        // `startup [client|none] [number]`
        let with_client = args.get(1).is_none_or(|mode| mode != "none");
        startup(
            with_client,
            args.get(2).map_or("+12025550123", String::as_str),
        );
        return;
    }
    let (Some(name), Some(Ok(count))) = (args.first(), args.get(1).map(|c| c.parse::<u64>()))
    else {
        println!("workloads: {}", WORKLOADS.join(" "));
        return;
    };
    let agent = E164::parse(workloads::AGENT).expect("agent number");
    let doc = workloads::menu(workloads::GREETING, workloads::PROMPT, &agent);
    let mut out: Vec<u8> = Vec::with_capacity(512);
    let webhook = workloads::webhook();
    let status = workloads::status_callback();
    // Twilio's answer to a send, spaced as Twilio writes it (one line).
    let body = mock_twilio::CREATED_BODY.as_bytes();
    // More distinct numbers than `E164`'s cache keeps, cycled: every parse is
    // a miss and pays full validation (the cache's worst case).
    let distinct: Vec<String> = (0..2000)
        .map(|i| format!("+1202555{:04}", 1000 + i))
        .filter(|n| bare_phonenumber(n))
        .collect();
    let mut next_distinct = distinct.iter().cycle();
    // One untimed call of each, so lazy statics are loaded before counting.
    let _ = E164::parse("+12025551234");
    let _ = bare_phonenumber("+12025551234");
    for _ in 0..count {
        match name.as_str() {
            "phonenumber_canonical" => {
                black_box(bare_phonenumber(black_box("+12025551234")));
            }
            "e164_canonical" => {
                let _ = black_box(E164::parse(black_box("+12025551234")));
            }
            "phonenumber_formatted" => {
                black_box(bare_phonenumber(black_box("+1 (202) 555-1234")));
            }
            "e164_formatted" => {
                let _ = black_box(E164::parse(black_box("+1 (202) 555-1234")));
            }
            "phonenumber_distinct" => {
                let number = next_distinct.next().map_or("", String::as_str);
                black_box(bare_phonenumber(black_box(number)));
            }
            "e164_distinct" => {
                let number = next_distinct.next().map_or("", String::as_str);
                let _ = black_box(E164::parse(black_box(number)));
            }
            "hand_written_menu" => {
                black_box(workloads::hand_written(
                    black_box(workloads::GREETING),
                    black_box(workloads::PROMPT),
                    black_box(agent.as_str()),
                ));
            }
            "twiml_build_render" => {
                let _ = black_box(
                    workloads::menu(
                        black_box(workloads::GREETING),
                        black_box(workloads::PROMPT),
                        black_box(&agent),
                    )
                    .to_xml(),
                );
            }
            "twiml_prebuilt_render" => {
                let _ = black_box(black_box(&doc).to_xml());
            }
            "twiml_prebuilt_display" => {
                black_box(black_box(&doc).to_string());
            }
            "twiml_prebuilt_write_to" => {
                out.clear();
                let _ = black_box(black_box(&doc).write_to(&mut out));
            }
            "hand_written_voicemail" => {
                black_box(workloads::hand_written_voicemail(
                    black_box(workloads::OWNER),
                    black_box(workloads::VOICEMAIL_ACTION),
                ));
            }
            "twiml_voicemail_build_render" => {
                let _ = black_box(
                    workloads::voicemail(
                        black_box(workloads::OWNER),
                        black_box(workloads::VOICEMAIL_ACTION),
                    )
                    .to_xml(),
                );
            }
            "bare_hmac" => {
                black_box(workloads::bare_hmac(
                    black_box(&webhook.signed),
                    black_box(&webhook.signature),
                ));
            }
            "webhook_validate" => {
                let _ = black_box(webhook.validator.validate(
                    black_box(workloads::URL),
                    black_box(&webhook.params),
                    black_box(&webhook.signature),
                ));
            }
            "bare_hmac_status" => {
                black_box(workloads::bare_hmac(
                    black_box(&status.signed),
                    black_box(&status.signature),
                ));
            }
            "webhook_validate_status" => {
                let _ = black_box(status.validator.validate(
                    black_box(workloads::STATUS_URL),
                    black_box(&status.params),
                    black_box(&status.signature),
                ));
            }
            "json_value_decode" => {
                let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)));
            }
            "message_decode" => {
                let _ = black_box(twilio_typed::__bench::decode_message(black_box(body)));
            }
            "message_serde_decode" => {
                // How the crate decoded it before `decode` (serde's derive).
                let _ = black_box(serde_json::from_slice::<Message>(black_box(body)));
            }
            other => {
                eprintln!(
                    "unknown workload {other}; workloads: {}",
                    WORKLOADS.join(" ")
                );
                std::process::exit(2);
            }
        }
    }
}
