//! The gateway against the sandbox, end to end without Twilio: the
//! gateway places a call whose TwiML URL is its own menu; the sandbox fetches
//! it, the test presses a key, and the sandbox posts the signed `<Gather>`
//! action to `/twilio/handle-input`, which the gateway checks and answers.

use crate::support::{json, Gateway};
use serde_json::json;
use twilio_typed::sandbox::{CallStep, Sandbox};
use twilio_typed::{CallSid, CallStatus};

const TO: &str = "+12025551234";

/// A gateway whose Twilio is `sandbox`, allowed to place calls whose TwiML
/// is on this machine (its own menu; the sandbox fetches from loopback hosts).
async fn gateway_on(sandbox: &Sandbox) -> Gateway {
    let env = sandbox.env();
    let mut vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // The menu's URL is the gateway's own, on loopback: allowed for the sandbox.
    vars.push(("ALLOW_PRIVATE_URLS", "1"));
    Gateway::start(&vars).await
}

/// Places a call through the gateway to its own menu; returns the call SID.
async fn call_the_menu(gateway: &Gateway) -> CallSid {
    let response = gateway
        .post_json(
            "/twilio/voice/call",
            json!({ "to": TO, "twiml_url": gateway.at("/twiml/voice.xml") }),
        )
        .await;
    let (status, body) = json(response).await;
    assert_eq!(status, 200, "{body}");
    body["call_sid"]
        .as_str()
        .or_else(|| body["sid"].as_str())
        .unwrap_or_else(|| panic!("no call SID in {body}"))
        .parse()
        .unwrap()
}

fn said(steps: &[CallStep]) -> Vec<&str> {
    steps
        .iter()
        .filter_map(|s| match s {
            CallStep::Said(text) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_menu_and_handle_input_loop_runs_end_to_end() {
    let sandbox = Sandbox::start().await.unwrap();
    let gateway = gateway_on(&sandbox).await;
    let sid = call_the_menu(&gateway).await;
    sandbox.settle().await;
    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::InProgress, "{:?}", call.steps);
    assert_eq!(
        said(&call.steps),
        [
            "Hello, this is MYCA calling.",
            "Press 1 to speak with an agent, or press 2 to leave a message."
        ]
    );

    // A wrong key: the gateway says so and repeats the menu.
    sandbox.press(&sid, "9").await.unwrap();
    sandbox.settle().await;
    // Key 1 without an agent number: an apology and a hang-up.
    sandbox.press(&sid, "1").await.unwrap();
    sandbox.settle().await;

    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    let answered: Vec<_> = call
        .steps
        .iter()
        .filter_map(|s| match s {
            CallStep::Requested(request) => Some((request.url.clone(), request.outcome.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(answered.len(), 3, "{answered:?}");
    for (url, outcome) in &answered[1..] {
        assert_eq!(url, &gateway.at("/twilio/handle-input"));
        // 200: the gateway accepted the sandbox's X-Twilio-Signature.
        assert_eq!(
            outcome,
            &twilio_typed::sandbox::CallbackOutcome::Answered(200)
        );
    }
    assert_eq!(
        &said(&call.steps)[2..],
        [
            "Sorry, that is not a valid choice.",
            "Press 1 to speak with an agent, or press 2 to leave a message.",
            "Connecting you to an agent.",
            "Sorry, no agent is available right now. Please try again later. Goodbye.",
        ]
    );
    assert_eq!(call.steps.last(), Some(&CallStep::HungUp));
    gateway.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_voicemail_is_recorded_and_thanked() {
    let sandbox = Sandbox::start().await.unwrap();
    let gateway = gateway_on(&sandbox).await;
    let sid = call_the_menu(&gateway).await;
    sandbox.settle().await;
    sandbox.press(&sid, "2").await.unwrap();
    sandbox.settle().await;

    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    let recordings = sandbox.recordings();
    assert_eq!(recordings.len(), 1);
    assert_eq!(recordings[0].call_sid, sid);
    assert!(call
        .steps
        .contains(&CallStep::Recorded(recordings[0].sid.clone())));
    assert_eq!(
        said(&call.steps).last(),
        Some(&"Thank you. Your message has been recorded. Goodbye.")
    );
    gateway.shutdown().await.unwrap();
}
