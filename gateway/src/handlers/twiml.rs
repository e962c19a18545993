//! What the integration guide tells users to host: the menu TwiML
//! (`/twiml/voice.xml`) and its `<Gather>` action (`/twilio/handle-input`).

use std::time::Duration;

use axum::extract::State;
use twilio_typed::twiml::{Dial, Gather, Key, Record, Say, VoiceResponse};
use twilio_typed::webhook::GatherResult;
use twilio_typed::{HttpMethod, Voice};

use crate::extract::SignedWebhook;
use crate::state::AppState;

/// Where the menu's `<Gather>` sends the caller's key.
pub const HANDLE_INPUT_PATH: &str = "/twilio/handle-input";
/// The longest voicemail.
const MAX_RECORDING: Duration = Duration::from_secs(120);

fn say(text: &str) -> Say {
    Say::new(text).voice(Voice::Alice)
}

/// The guide's `<Gather>`: one key, posted to `/twilio/handle-input`.
fn menu_gather() -> Gather {
    Gather::new()
        .num_digits(1)
        .action(HANDLE_INPUT_PATH)
        .method(HttpMethod::Post)
        .say(say(
            "Press 1 to speak with an agent, or press 2 to leave a message.",
        ))
}

/// `GET`/`POST /twiml/voice.xml`: the guide's menu, byte for byte the same
/// document (without the indentation).
pub async fn menu() -> VoiceResponse {
    VoiceResponse::new()
        .say(say("Hello, this is MYCA calling."))
        .gather(menu_gather())
}

/// `POST /twilio/handle-input`: Twilio's request after the menu (signed).
///
/// - `1`: "connecting you to an agent", then dials `AGENT_PHONE_NUMBER` (or
///   apologises and hangs up when none is set);
/// - `2`: records a message (up to two minutes, `#` to finish); Twilio then
///   posts the recording here, which is thanked and hung up;
/// - anything else: says so and repeats the menu.
pub async fn handle_input(
    State(state): State<AppState>,
    SignedWebhook(input): SignedWebhook<GatherResult>,
) -> VoiceResponse {
    // The <Record> below has no action, so Twilio posts its result to this URL.
    if input.extra.contains("RecordingUrl") {
        tracing::info!(call_sid = %input.call_sid, "voicemail recorded");
        return VoiceResponse::new()
            .say(say("Thank you. Your message has been recorded. Goodbye."))
            .hangup();
    }
    let digits = input.digits.as_deref().map(str::trim);
    tracing::info!(call_sid = %input.call_sid, choice = digits.unwrap_or("-"), "menu input");
    match digits {
        Some("1") => match &state.settings().agent_number {
            Some(agent) => {
                let mut dial = Dial::to(agent);
                if let Ok(client) = state.twilio() {
                    if let Some(from) = client.default_from() {
                        dial = dial.caller_id(from.clone());
                    }
                }
                VoiceResponse::new()
                    .say(say("Connecting you to an agent."))
                    .dial(dial)
            }
            None => VoiceResponse::new()
                .say(say("Connecting you to an agent."))
                .say(say(
                    "Sorry, no agent is available right now. Please try again later. Goodbye.",
                ))
                .hangup(),
        },
        Some("2") => VoiceResponse::new()
            .say(say(
                "Please leave a message after the beep. Press the pound key when you are finished.",
            ))
            .record(
                Record::new()
                    .max_length(MAX_RECORDING)
                    .finish_on_key([Key::Pound])
                    .play_beep(true),
            )
            .say(say("No message was recorded. Goodbye."))
            .hangup(),
        _ => VoiceResponse::new()
            .say(say("Sorry, that is not a valid choice."))
            .gather(menu_gather()),
    }
}
