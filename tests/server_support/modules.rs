//! `gateway_modules!()`: declares the example gateway's modules at the root of
//! a test crate, where they refer to each other as `crate::...`.

/// Expands to the example's module declarations (paths relative to `tests/`).
macro_rules! gateway_modules {
    () => {
        #[path = "../examples/server/app.rs"]
        mod app;
        #[path = "../examples/server/auth.rs"]
        mod auth;
        #[allow(dead_code)]
        #[path = "../examples/server/config.rs"]
        mod config;
        #[path = "../examples/server/error.rs"]
        mod error;
        #[allow(dead_code)]
        #[path = "../examples/server/events/mod.rs"]
        mod events;
        #[path = "../examples/server/extract.rs"]
        mod extract;
        #[path = "../examples/server/handlers/mod.rs"]
        mod handlers;
        #[allow(dead_code)]
        #[path = "../examples/server/help.rs"]
        mod help;
        #[path = "../examples/server/idempotency/mod.rs"]
        mod idempotency;
        #[path = "../examples/server/metrics.rs"]
        mod metrics;
        #[path = "../examples/server/public_url.rs"]
        mod public_url;
        #[allow(dead_code)]
        #[path = "../examples/server/rate_limit.rs"]
        mod rate_limit;
        #[path = "../examples/server/redact.rs"]
        mod redact;
        #[allow(dead_code)]
        #[path = "../examples/server/state.rs"]
        mod state;
        #[allow(dead_code)]
        #[path = "../examples/server/upstream.rs"]
        mod upstream;
    };
}
