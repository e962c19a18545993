//! The documents and inputs the benches measure, shared by the criterion
//! benches.

use std::fmt::Write as _;
use std::time::Duration;

use twilio_typed::twiml::{Dial, Gather, Number, Pause, Play, Say, VoiceResponse};
use twilio_typed::webhook::{Params, RequestValidator};
use twilio_typed::{HttpMethod, Voice, E164};

/// The menu's greeting (with characters to escape).
pub const GREETING: &str = "Hello from MYCA & friends: calls <may> be recorded.";
/// The menu's prompt.
pub const PROMPT: &str = "Press 1 to speak with an agent, or press 2 to leave a message.";
/// The hold music (with a character to escape).
pub const HOLD_MUSIC: &str = "https://example.com/audio/hold.mp3?v=2&loop=no";
/// The agent the menu dials.
pub const AGENT: &str = "+12025550123";

/// The voice menu: Say with escaping, Gather(Say), Play, Pause, Dial(Number), Hangup.
pub fn menu(greeting: &str, prompt: &str, agent: &E164) -> VoiceResponse {
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

/// `& < >` in text.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The baseline: the menu's bytes written by hand into a `String`.
pub fn hand_written(greeting: &str, prompt: &str, agent: &str) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">"#);
    push_escaped(&mut out, greeting);
    out.push_str(
        r#"</Say><Gather action="/twilio/handle-input" method="POST" numDigits="1"><Say voice="alice">"#,
    );
    push_escaped(&mut out, prompt);
    out.push_str("</Say></Gather><Play>");
    push_escaped(&mut out, HOLD_MUSIC);
    let _ = write!(
        out,
        r#"</Play><Pause length="{}" /><Dial><Number>{agent}</Number></Dial><Hangup /></Response>"#,
        2
    );
    out
}

/// The webhook's auth token.
pub const TOKEN: &str = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60";
/// The URL Twilio called.
pub const URL: &str = "https://hooks.example.com/twilio/sms?tenant=acme";

/// A typical inbound-SMS webhook: 15 parameters.
pub const PARAMS: [(&str, &str); 15] = [
    ("ToCountry", "US"),
    ("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("NumMedia", "0"),
    ("SmsSid", "SM0123456789abcdef0123456789abcdef"),
    ("FromState", "CA"),
    ("SmsStatus", "received"),
    ("FromCity", "SAN FRANCISCO"),
    (
        "Body",
        "Hello from the other side! Reply STOP to unsubscribe.",
    ),
    ("FromCountry", "US"),
    ("To", "+14155550100"),
    ("NumSegments", "1"),
    ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
    ("From", "+14155550199"),
    ("ApiVersion", "2010-04-01"),
];

/// Everything a webhook validation needs, and the string Twilio signs.
pub struct Webhook {
    /// The validator.
    pub validator: RequestValidator,
    /// The decoded parameters.
    pub params: Params,
    /// The `X-Twilio-Signature` value.
    pub signature: String,
    /// The URL followed by each parameter's name and value, sorted by name.
    pub signed: String,
}

/// The URL of a message status callback.
pub const STATUS_URL: &str = "https://hooks.example.com/twilio/status?tenant=acme";

/// A message status callback: 10 parameters.
pub const STATUS_PARAMS: [(&str, &str); 10] = [
    ("SmsSid", "SM0123456789abcdef0123456789abcdef"),
    ("SmsStatus", "delivered"),
    ("MessageStatus", "delivered"),
    ("To", "+14155550100"),
    ("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"),
    ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
    ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
    ("From", "+14155550199"),
    ("ApiVersion", "2010-04-01"),
    ("RawDlrDoneDate", "2612011530"),
];

/// The 15-parameter webhook, its signature checked once.
pub fn webhook() -> Webhook {
    webhook_of(URL, &PARAMS)
}

/// The message status callback, its signature checked once.
pub fn status_callback() -> Webhook {
    webhook_of(STATUS_URL, &STATUS_PARAMS)
}

fn webhook_of(url: &str, pairs: &[(&str, &str)]) -> Webhook {
    let validator = RequestValidator::new(TOKEN);
    let params: Params = pairs.iter().copied().collect();
    let signature = validator.compute_signature(url, &params);
    assert!(validator.validate(url, &params, &signature).is_ok());
    let mut sorted = pairs.to_vec();
    sorted.sort_unstable();
    let signed = std::iter::once(url.to_owned())
        .chain(sorted.iter().map(|(name, value)| format!("{name}{value}")))
        .collect();
    Webhook {
        validator,
        params,
        signature,
        signed,
    }
}

/// The baseline: bare HMAC-SHA1 of the signed string, base64, compared.
pub fn bare_hmac(signed: &str, signature: &str) -> bool {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes()) else {
        return false;
    };
    mac.update(signed.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()) == signature
}
