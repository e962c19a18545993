//! `--help`: every variable the gateway reads, its default, and where it is
//! read from.

/// One variable: its name, its default (`-`: unset) and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    /// The environment variable.
    pub name: &'static str,
    /// The value used when it is unset.
    pub default: &'static str,
    /// What it does.
    pub meaning: &'static str,
}

const fn var(name: &'static str, default: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        default,
        meaning,
    }
}

/// Every variable, in the order `--help` and the README list them.
pub const VARIABLES: &[Variable] = &[
    var(
        "TWILIO_ACCOUNT_SID",
        "-",
        "your account SID (AC...); required to send",
    ),
    var(
        "TWILIO_AUTH_TOKEN",
        "-",
        "auth token; signs webhooks; required unless an API key is set",
    ),
    var(
        "TWILIO_WEBHOOK_SHARED_KEY",
        "-",
        "SharedKey secret: checks webhooks signed per X-Twilio-Webhooks-Signature-Settings",
    ),
    var(
        "TWILIO_WEBHOOK_SHARED_KEY_ID",
        "-",
        "the SharedKey's id: use the key only for webhooks naming it (key=...)",
    ),
    var(
        "TWILIO_API_KEY",
        "-",
        "API key SID (SK...), used with TWILIO_API_SECRET instead of the auth token",
    ),
    var("TWILIO_API_SECRET", "-", "the API key's secret"),
    var(
        "TWILIO_PHONE_NUMBER",
        "-",
        "the number sends come from (E.164)",
    ),
    var(
        "TWILIO_REGION",
        "-",
        "Twilio region, e.g. ie1 (with TWILIO_EDGE)",
    ),
    var("TWILIO_EDGE", "-", "Twilio edge location, e.g. dublin"),
    var(
        "TWILIO_BASE_URL",
        "https://api.twilio.com",
        "another Twilio API host (the sandbox, a mock)",
    ),
    var(
        "BIND_ADDR",
        "127.0.0.1:8001",
        "address and port to listen on",
    ),
    var(
        "GATEWAY_API_TOKEN",
        "-",
        "bearer token required on /twilio/* and /metrics (16+ characters)",
    ),
    var(
        "GATEWAY_ALLOW_UNAUTHENTICATED",
        "0",
        "1: serve a non-loopback BIND_ADDR without a token",
    ),
    var(
        "RATE_LIMIT_PER_MINUTE",
        "30",
        "sends per client IP and minute",
    ),
    var(
        "ALLOWED_COUNTRY_CODES",
        "-",
        "country codes recipients may be in, e.g. 1,44",
    ),
    var(
        "PUBLIC_BASE_URL",
        "-",
        "the URL Twilio calls this gateway at: webhook signatures, StatusCallback",
    ),
    var(
        "AGENT_PHONE_NUMBER",
        "-",
        "who \"press 1\" of the voice menu dials",
    ),
    var("BODY_LIMIT_BYTES", "65536", "largest request body"),
    var("REQUEST_TIMEOUT_SECS", "60", "time allowed for one request"),
    var(
        "REDIS_URL",
        "-",
        "redis://host:port/db: idempotency keys and rate limit shared by instances",
    ),
    var(
        "REDIS_KEY_PREFIX",
        "twilio-gateway:",
        "start of every key written on Redis (one per deployment)",
    ),
    var(
        "EVENTS_WEBHOOK_URL",
        "-",
        "where inbound SMS and status events are POSTed (else logged)",
    ),
    var(
        "EVENTS_WEBHOOK_TOKEN",
        "-",
        "sent as Authorization: Bearer with each event",
    ),
    var(
        "EVENTS_REPLY_TIMEOUT_MS",
        "5000",
        "how long an inbound SMS waits for {\"reply\"} (100-14000)",
    ),
    var(
        "ALLOW_PRIVATE_URLS",
        "0",
        "1: twiml_url/audio_url may name private hosts (tests, sandbox)",
    ),
    var(
        "RUST_LOG",
        "info",
        "log filter, e.g. debug or info,tower_http=warn",
    ),
];

/// The `--help` text.
pub fn text() -> String {
    let width = VARIABLES.iter().map(|v| v.name.len()).max().unwrap_or(0);
    let mut out = String::from(
        "twilio gateway: the Twilio integration guide's HTTP endpoints, on twilio-typed\n\n\
         usage: twilio-gateway [--help]\n\n\
         Settings are read from the process environment, then from ./.env.local\n\
         (the environment wins; an empty value counts as unset).\n\n\
         variable (default): meaning\n",
    );
    for v in VARIABLES {
        out.push_str(&format!(
            "  {:width$}  ({}) {}\n",
            v.name, v.default, v.meaning
        ));
    }
    out
}
