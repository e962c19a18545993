//! Every request kind the crate sends, with every option set (the same list
//! the contract tests use), is accepted by the sandbox and runs to its end.

use crate::requests;

use crate::common::*;
use twilio_typed::sandbox::Sandbox;
use twilio_typed::{CallStatus, MessageStatus};

#[tokio::test]
async fn every_request_kind_with_every_option_is_accepted() {
    let sandbox = Sandbox::builder()
        .numbers([FROM, "+12025550199"].map(|n| n.parse().unwrap()))
        .messaging_service("MG0123456789abcdef0123456789abcdef".parse().unwrap())
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    for (name, result) in requests::send_every_kind(&client).await {
        match name {
            // The fixed SIDs of the list were never created here.
            "fetch message" | "fetch call" => {
                assert_eq!(result.unwrap_err().api_code(), Some(20404), "{name}")
            }
            _ => result.unwrap_or_else(|e| panic!("{name}: {e}")),
        }
    }
    sandbox.settle().await;
    let messages = sandbox.messages();
    assert_eq!(messages.len(), 3);
    assert!(messages
        .iter()
        .all(|m| m.status == MessageStatus::Delivered));
    let calls = sandbox.calls();
    assert_eq!(calls.len(), 3);
    assert!(calls.iter().all(|c| c.status == CallStatus::Completed));
    assert_eq!(
        calls[2].spoken_texts(),
        ["Alert: system status check failed."]
    );
}

#[tokio::test]
async fn every_follow_up_request_kind_is_accepted() {
    use twilio_typed::twiml::{Gather, Say, VoiceResponse};
    let sandbox = Sandbox::builder()
        .clock(twilio_typed::sandbox::Clock::Manual)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    // A live call waiting at its <Gather>, and a message scheduled for tomorrow.
    let menu = VoiceResponse::new().gather(Gather::new().say(Say::new("Press 1")));
    let call = client.call_with_twiml(TO, &menu).send().await.unwrap();
    assert_eq!(sandbox.advance().await, 1); // ringing
    assert_eq!(sandbox.advance().await, 1); // answered, at its <Gather>
    assert_eq!(
        sandbox.call(&call.sid).unwrap().status,
        CallStatus::InProgress
    );
    // Created after the advances, which move scheduled messages on too.
    let message = client
        .send_sms(TO, "tomorrow")
        .messaging_service(sandbox.messaging_service_sid().clone())
        .send_at(time::OffsetDateTime::now_utc() + std::time::Duration::from_secs(24 * 3600))
        .send()
        .await
        .unwrap();
    assert_eq!(message.status, MessageStatus::Scheduled);

    for (name, result) in requests::send_every_follow_up(&client, &call.sid, &message.sid).await {
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    sandbox.settle().await;
    let placed = sandbox.call(&call.sid).unwrap();
    assert_eq!(placed.status, CallStatus::Completed);
    assert!(placed
        .spoken_texts()
        .contains(&"Your agent is joining.".to_owned()));
    assert!(sandbox.message(&message.sid).is_none(), "deleted");
    assert_eq!(sandbox.calls().len(), 2, "the application call too");
}

#[tokio::test]
async fn every_recording_and_media_request_kind_is_accepted() {
    use twilio_typed::twiml::{Say, VoiceResponse};
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let twiml = VoiceResponse::new().say(Say::new("Recorded"));
    let call = client
        .call_with_twiml(TO, &twiml)
        .record(true)
        .send()
        .await
        .unwrap();
    let message = client
        .send_sms(TO, "picture")
        .media_url("https://example.com/cat.jpg")
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    let recording = sandbox.recordings()[0].sid.clone();
    let recording_sid: &twilio_typed::RecordingSid = &recording;
    let fetched = client.fetch_recording(recording_sid).await.unwrap();
    assert_eq!(fetched.call_sid, Some(call.sid.clone()));
    let media = client
        .list_message_media(&message.sid)
        .send()
        .await
        .unwrap();
    assert_eq!(media.items.len(), 1);
    for (name, result) in requests::send_every_recording_and_media_kind(
        &client,
        &call.sid,
        recording_sid,
        &message.sid,
    )
    .await
    {
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(sandbox.recordings().is_empty(), "deleted");
}
