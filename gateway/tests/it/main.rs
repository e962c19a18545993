//! The gateway's tests, in one binary: each module is one concern, run over
//! real HTTP against [`twilio_gateway::app`] (through `support`), with Twilio
//! mocked by httpmock or played by the library's sandbox.
//!
//! The Redis tests are `#[ignore]`d unless asked for: start a server
//! (`redis-server --port 6390 --save '' --daemonize yes`) and run
//! `REDIS_URL=redis://127.0.0.1:6390/ cargo test -p twilio-gateway --all-features -- --include-ignored`.
//! Without `REDIS_URL` they fail, never pass silently.

mod support;

mod endpoints;
mod fuzz;
mod hardening;
mod idempotency;
mod inbound;
mod ops;
mod play;
mod sandbox_menu;
mod sandbox_steer;
mod status;
mod steer;
mod twiml;
