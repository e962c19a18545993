//! The library's integration tests, one binary: a module per concern
//! (`cargo test --test it`, or `cargo test --test it messages::` for one).
//! Shared helpers: `common` (httpmock client), `requests` (every request
//! kind), `fault_server` (a scripted raw-TCP Twilio), `sandbox_support`,
//! `xml` (a strict XML reader for TwiML properties), `api_specs` (Twilio's
//! OpenAPI files at run time, for the generated `api_examples` and
//! `api_every_operation`). Fixtures are under
//! `tests/fixtures/`.

mod api_every_operation;
mod api_examples;
mod api_requests;
mod api_specs;
mod awaitable;
mod call_update;
mod calls;
mod common;
mod contract_prism;
mod contract_spec;
mod errors;
mod example_call_control;
mod examples_cli;
mod fault_server;
mod faults;
mod faults_tracing;
mod fuzz_models;
mod fuzz_twiml;
mod fuzz_types;
mod fuzz_webhook;
mod limits_agree;
mod list;
mod messages;
mod pacing;
mod pacing_redis;
mod phone_metadata;
mod phone_validity;
mod recordings;
mod requests;
mod sandbox;
mod sandbox_callbacks;
mod sandbox_control;
mod sandbox_errors;
mod sandbox_every_kind;
mod sandbox_list;
mod sandbox_outcomes;
mod sandbox_shapes;
mod sandbox_support;
mod sandbox_twiml_run;
mod twiml_api;
mod twiml_golden;
mod twiml_props;
mod twiml_render_options;
mod voice;
mod wait;
mod webhook_axum;
mod webhook_payload;
mod webhook_payload_voice;
mod webhook_proptest;
mod webhook_signature;
mod webhook_signature_sha256;
mod xml;
