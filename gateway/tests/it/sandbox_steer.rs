//! Steering against the crate's sandbox (a Twilio-compatible server), through
//! the gateway's real HTTP stack: a live call told something else, a call
//! hung up, a scheduled message withdrawn, and Twilio's refusal of a message
//! that is not scheduled.

use std::time::Duration;

use crate::support::*;
use serde_json::json;
use twilio_typed::sandbox::Sandbox;
use twilio_typed::twiml::{Gather, Say, VoiceResponse};
use twilio_typed::{CallSid, CallStatus, MessageStatus};

/// A gateway whose Twilio is `sandbox`.
async fn gateway_on(sandbox: &Sandbox) -> Gateway {
    let env = sandbox.env();
    let vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Gateway::start(&vars).await
}

/// A call waiting at a `<Gather>`, answered.
async fn live_call(sandbox: &Sandbox) -> CallSid {
    let menu = VoiceResponse::new()
        .say(Say::new("Hello"))
        .gather(Gather::new().num_digits(1).say(Say::new("Press 1")));
    let call = sandbox
        .client()
        .call_with_twiml("+12025551234", &menu)
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    assert_eq!(
        sandbox.call(&call.sid).unwrap().status,
        CallStatus::InProgress
    );
    call.sid
}

#[tokio::test]
async fn a_live_call_is_told_something_else_then_hung_up() {
    let sandbox = Sandbox::start().await.unwrap();
    let gw = gateway_on(&sandbox).await;

    let sid = live_call(&sandbox).await;
    let r = gw
        .post_json(
            &format!("/twilio/calls/{sid}/update"),
            json!({"message": "Change of plan", "voice": "Polly.Joanna"}),
        )
        .await;
    let (status, body) = json(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sid"], sid.as_str());
    assert_eq!(body["call_status"], "in-progress");
    sandbox.settle().await;
    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.spoken_texts(), ["Hello", "Press 1", "Change of plan"]);
    assert_eq!(call.status, CallStatus::Completed);

    let sid = live_call(&sandbox).await;
    let r = gw
        .http
        .post(gw.at(&format!("/twilio/calls/{sid}/hangup")))
        .send()
        .await
        .unwrap();
    let (status, body) = json(r).await;
    assert_eq!(
        (status, &body["call_status"]),
        (200, &json!("completed")),
        "{body}"
    );
    sandbox.settle().await;
    assert_eq!(sandbox.call(&sid).unwrap().status, CallStatus::Completed);

    // A SID the sandbox does not know: 404 with Twilio's code.
    let r = gw
        .post_json(
            "/twilio/calls/CA00000000000000000000000000000000/update",
            json!({"status": "completed"}),
        )
        .await;
    let body = expect_error_body(r, 404, &[]).await;
    assert_eq!(body["code"], 20404);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_scheduled_message_is_withdrawn() {
    // A stepped clock makes the scheduled message wait for its SendAt.
    let sandbox = Sandbox::builder()
        .step_delay(Duration::from_millis(20))
        .start()
        .await
        .unwrap();
    let gw = gateway_on(&sandbox).await;
    let scheduled = sandbox
        .client()
        .send_message("+12025551234")
        .body("later")
        .messaging_service(sandbox.messaging_service_sid().clone())
        .send_at(time::OffsetDateTime::now_utc() + time::Duration::minutes(20))
        .send()
        .await
        .unwrap();
    assert_eq!(scheduled.status, MessageStatus::Scheduled);

    let cancel = format!("/twilio/messages/{}/cancel", scheduled.sid);
    let r = gw.http.post(gw.at(&cancel)).send().await.unwrap();
    let (status, body) = json(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"status": "success", "sid": scheduled.sid.as_str(), "message_status": "canceled"})
    );
    assert_eq!(
        sandbox.message(&scheduled.sid).unwrap().status,
        MessageStatus::Canceled
    );

    // Canceled already: Twilio's 30409, a refusal of the request's content.
    let r = gw.http.post(gw.at(&cancel)).send().await.unwrap();
    let body = expect_error_body(r, 422, &["Twilio refused the request"]).await;
    assert_eq!(body["code"], 30409);
    sandbox.shutdown().await;
}
