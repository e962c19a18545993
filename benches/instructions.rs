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
    "hand_written_menu",
    "twiml_build_render",
    "twiml_prebuilt_render",
    "bare_hmac",
    "webhook_validate",
    "json_value_decode",
    "message_decode",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(name), Some(Ok(count))) = (args.first(), args.get(1).map(|c| c.parse::<u64>()))
    else {
        println!("workloads: {}", WORKLOADS.join(" "));
        return;
    };
    let agent = E164::parse(workloads::AGENT).expect("agent number");
    let doc = workloads::menu(workloads::GREETING, workloads::PROMPT, &agent);
    let webhook = workloads::webhook();
    let body = include_str!("../tests/fixtures/message_queued.json");
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
            "json_value_decode" => {
                let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(body)));
            }
            "message_decode" => {
                let _ = black_box(serde_json::from_str::<Message>(black_box(body)));
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
