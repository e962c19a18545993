//! The crate's client against the in-process sandbox: every request kind,
//! life cycles, snapshots, listing and the sandbox's own API.

use std::time::Duration;

use twilio_typed::sandbox::{Clock, Sandbox, DEFAULT_NUMBERS};
use twilio_typed::twiml::{Gather, Say, VoiceResponse};
use twilio_typed::{
    CallEvent, CallStatus, Endpoint, HttpMethod, MessageDirection, MessageSid, MessageStatus,
    TwilioClient, Voice,
};

const TO: &str = "+12025551234";

fn statuses<S: Clone>(history: &[twilio_typed::sandbox::StatusChange<S>]) -> Vec<S> {
    history.iter().map(|change| change.status.clone()).collect()
}

#[tokio::test]
async fn sms_goes_from_queued_to_delivered() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let message = client
        .send_sms(TO, "Hello from MYCA!")
        .send()
        .await
        .unwrap();
    assert_eq!(message.status, MessageStatus::Queued);
    assert!(message.sid.as_str().starts_with("SM"));
    assert_eq!(message.account_sid, *sandbox.account_sid());
    assert_eq!(
        message.from,
        Some(Endpoint::Phone(sandbox.numbers()[0].clone()))
    );
    assert_eq!(message.direction, Some(MessageDirection::OutboundApi));
    assert_eq!(
        (message.num_segments, message.num_media),
        (Some(1), Some(0))
    );
    assert!(message.date_created.is_some() && message.date_sent.is_none());
    assert_eq!(
        message.uri.as_deref(),
        Some(
            format!(
                "/2010-04-01/Accounts/{}/Messages/{}.json",
                sandbox.account_sid(),
                message.sid
            )
            .as_str()
        )
    );

    sandbox.settle().await;
    let fetched = client.fetch_message(&message.sid).await.unwrap();
    assert_eq!(fetched.status, MessageStatus::Delivered);
    assert!(fetched.date_sent.is_some());
    assert_eq!(fetched.price.as_deref(), Some("-0.00790"));

    let sent = sandbox.message(&message.sid).unwrap();
    assert_eq!(sent.body, "Hello from MYCA!");
    assert_eq!(sent.to.as_str(), TO);
    assert_eq!(
        statuses(&sent.history),
        [
            MessageStatus::Queued,
            MessageStatus::Sending,
            MessageStatus::Sent,
            MessageStatus::Delivered
        ]
    );
    assert_eq!(sent.request.get("Body"), Some("Hello from MYCA!"));
    assert_eq!(sandbox.messages(), [sent]);
}

#[tokio::test]
async fn mms_counts_media_and_long_bodies_count_segments() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let mms = client
        .send_message(TO)
        .body("Look")
        .media_url("https://example.com/a.jpg")
        .media_url("https://example.com/b.png?x=1&y=2")
        .from(DEFAULT_NUMBERS[1])
        .validity_period(Duration::from_secs(600))
        .send()
        .await
        .unwrap();
    assert!(mms.sid.as_str().starts_with("MM"), "{}", mms.sid);
    assert_eq!(mms.num_media, Some(2));
    assert_eq!(
        mms.from.as_ref().map(Endpoint::as_str),
        Some(DEFAULT_NUMBERS[1])
    );
    let recorded = sandbox.message(&mms.sid).unwrap();
    let urls: Vec<&str> = recorded.media_urls.iter().map(|u| u.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://example.com/a.jpg",
            "https://example.com/b.png?x=1&y=2"
        ]
    );

    let long = client.send_sms(TO, "ê".repeat(71)).send().await.unwrap();
    assert_eq!(long.num_segments, Some(2));
    let media_only = client
        .send_message(TO)
        .media_url("https://example.com/a.jpg")
        .send()
        .await
        .unwrap();
    assert_eq!(media_only.body.as_deref(), Some(""));
}

#[tokio::test]
async fn messaging_service_and_scheduled_messages() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let service = sandbox.messaging_service_sid().clone();

    let accepted = client
        .send_sms(TO, "Via service")
        .messaging_service(service.clone())
        .send()
        .await
        .unwrap();
    // With a messaging service the sender is picked later, as on Twilio.
    assert_eq!(
        (accepted.status.clone(), accepted.from.clone()),
        (MessageStatus::Accepted, None)
    );

    let at = time::OffsetDateTime::now_utc() + Duration::from_secs(3600);
    let scheduled = client
        .send_sms(TO, "Later")
        .messaging_service(service.clone())
        .send_at(at)
        .send()
        .await
        .unwrap();
    assert_eq!(scheduled.status, MessageStatus::Scheduled);
    assert_eq!(scheduled.messaging_service_sid.as_ref(), Some(&service));

    sandbox.settle().await;
    let delivered = client.fetch_message(&accepted.sid).await.unwrap();
    assert_eq!(delivered.status, MessageStatus::Delivered);
    assert_eq!(
        delivered.from.as_ref().map(Endpoint::as_str),
        Some(DEFAULT_NUMBERS[0])
    );
    let record = sandbox.message(&scheduled.sid).unwrap();
    assert_eq!(
        record.send_at.map(|t| t.unix_timestamp()),
        Some(at.unix_timestamp())
    );
    assert_eq!(
        statuses(&record.history)[..2],
        [MessageStatus::Scheduled, MessageStatus::Queued]
    );

    let other = "MG0123456789abcdef0123456789abcdef";
    let err = client
        .send_sms(TO, "x")
        .messaging_service(other)
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.api_code()), (Some(400), Some(21701)));
}

#[tokio::test]
async fn call_with_url_rings_and_completes() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let call = client
        .call_with_url(TO, "https://example.com/twiml/voice.xml")
        .method(HttpMethod::Get)
        .timeout(30)
        .record(true)
        .time_limit(600)
        .send()
        .await
        .unwrap();
    assert_eq!(call.status, CallStatus::Queued);
    assert!(call.start_time.is_none() && call.duration.is_none());
    assert_eq!(call.from.as_str(), DEFAULT_NUMBERS[0]);

    sandbox.settle().await;
    let done = client.fetch_call(&call.sid).await.unwrap();
    assert_eq!(done.status, CallStatus::Completed);
    assert!(done.start_time.is_some() && done.end_time.is_some());
    assert!(done.duration.is_some_and(|d| d >= 1));
    assert!(done.price.is_some());

    let placed = sandbox.call(&call.sid).unwrap();
    assert_eq!(
        placed.url.as_ref().map(|u| u.as_str()),
        Some("https://example.com/twiml/voice.xml")
    );
    assert_eq!(
        (placed.method.as_str(), placed.twiml.as_deref()),
        ("GET", None)
    );
    assert!(placed.twiml_document().is_none());
    assert_eq!(
        statuses(&placed.history),
        [
            CallStatus::Queued,
            CallStatus::Ringing,
            CallStatus::InProgress,
            CallStatus::Completed
        ]
    );
    assert_eq!(placed.request.get("Timeout"), Some("30"));
}

#[tokio::test]
async fn the_twiml_of_a_call_is_kept_and_parseable() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let menu = VoiceResponse::new()
        .say(Say::new("Hello, this is MYCA calling.").voice(Voice::Alice))
        .gather(
            Gather::new()
                .num_digits(1)
                .action("/twilio/handle-input")
                .say(Say::new("Press 1 for an agent & 2 for <voicemail>.")),
        );
    let call = client.call_with_twiml(TO, &menu).send().await.unwrap();
    let placed = sandbox.call(&call.sid).unwrap();
    assert_eq!(
        placed.twiml.as_deref(),
        Some(menu.to_xml().unwrap().as_str())
    );
    let doc = placed.twiml_document().unwrap();
    assert_eq!(doc.verbs(), ["Say", "Gather"]);
    assert_eq!(doc.root().children[1].attribute("numDigits"), Some("1"));
    assert_eq!(
        placed.spoken_texts(),
        [
            "Hello, this is MYCA calling.",
            "Press 1 for an agent & 2 for <voicemail>."
        ]
    );

    let voice = client
        .send_voice_message(TO, "Alert: </Say><Dial>+1900</Dial> failed.")
        .voice(Voice::Woman)
        .loop_count(2)
        .send()
        .await
        .unwrap();
    let placed = sandbox.call(&voice.sid).unwrap();
    assert_eq!(
        placed.spoken_texts(),
        ["Alert: </Say><Dial>+1900</Dial> failed."]
    );
    let doc = placed.twiml_document().unwrap();
    assert_eq!(doc.verbs(), ["Say"]);
    assert_eq!(doc.root().children[0].attribute("loop"), Some("2"));
    assert_eq!(sandbox.calls().len(), 2);
}

#[tokio::test]
async fn unknown_sids_are_404_with_code_20404() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let sid: MessageSid = "SM0123456789abcdef0123456789abcdef".parse().unwrap();
    let err = client.fetch_message(&sid).await.unwrap_err();
    assert_eq!((err.status(), err.api_code()), (Some(404), Some(20404)));
    assert!(
        err.to_string()
            .contains("Messages/SM0123456789abcdef0123456789abcdef.json was not found"),
        "{err}"
    );
    let err = client
        .fetch_call(&"CA0123456789abcdef0123456789abcdef".parse().unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(20404));
}

#[tokio::test]
async fn manual_clock_moves_only_when_advanced() {
    let sandbox = Sandbox::builder()
        .clock(Clock::Manual)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let message = client.send_sms(TO, "step by step").send().await.unwrap();
    let call = client
        .call_with_url(TO, "https://example.com/a.xml")
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    assert_eq!(
        client.fetch_message(&message.sid).await.unwrap().status,
        MessageStatus::Queued
    );

    assert_eq!(sandbox.advance().await, 2);
    assert_eq!(
        client.fetch_message(&message.sid).await.unwrap().status,
        MessageStatus::Sending
    );
    assert_eq!(
        client.fetch_call(&call.sid).await.unwrap().status,
        CallStatus::Ringing
    );
    assert_eq!(sandbox.advance().await, 2);
    assert_eq!(sandbox.advance().await, 2);
    assert_eq!(
        client.fetch_call(&call.sid).await.unwrap().status,
        CallStatus::Completed
    );
    assert_eq!(sandbox.advance().await, 0);
    assert_eq!(
        client.fetch_message(&message.sid).await.unwrap().status,
        MessageStatus::Delivered
    );
}

#[tokio::test]
async fn stepped_clock_paces_the_life_cycle() {
    let step = Duration::from_millis(40);
    let sandbox = Sandbox::builder().step_delay(step).start().await.unwrap();
    let client = sandbox.client();
    let started = std::time::Instant::now();
    let message = client.send_sms(TO, "paced").send().await.unwrap();
    assert_eq!(
        client.fetch_message(&message.sid).await.unwrap().status,
        MessageStatus::Queued
    );
    sandbox.settle().await;
    assert!(started.elapsed() >= step * 3, "{:?}", started.elapsed());
    let history = sandbox.message(&message.sid).unwrap().history;
    assert!(history.windows(2).all(|w| w[1].at > w[0].at));
}

#[tokio::test]
async fn env_points_from_env_at_the_sandbox() {
    let sandbox = Sandbox::builder()
        .auth_token("another-token")
        .numbers(["+12025550142".parse().unwrap()])
        .start()
        .await
        .unwrap();
    let env = sandbox.env();
    assert_eq!(env["TWILIO_PHONE_NUMBER"], "+12025550142");
    let client = TwilioClient::from_env_with(|name| env.get(name).cloned()).unwrap();
    let message = client
        .send_sms(TO, "configured from the environment")
        .send()
        .await
        .unwrap();
    assert_eq!(
        message.from.as_ref().map(Endpoint::as_str),
        Some("+12025550142")
    );
    assert_eq!(sandbox.messages().len(), 1);
}

#[tokio::test]
async fn a_stopped_sandbox_refuses_connections() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    client.send_sms(TO, "before").send().await.unwrap();
    sandbox.shutdown().await;
    let err = client.send_sms(TO, "after").send().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(!err.may_have_reached_twilio());

    let dropped = Sandbox::start().await.unwrap();
    let client = dropped.client();
    drop(dropped);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(client
        .send_sms(TO, "after drop")
        .send()
        .await
        .unwrap_err()
        .is_connect());
}

#[tokio::test]
async fn status_callback_events_default_to_completed() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let call = client
        .call_with_url(TO, "https://example.com/a.xml")
        .status_callback_events([CallEvent::Ringing])
        .send()
        .await
        .unwrap();
    let plain = client
        .call_with_url(TO, "https://example.com/a.xml")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sandbox.call(&call.sid).unwrap().status_callback_events,
        [CallEvent::Ringing]
    );
    assert_eq!(
        sandbox.call(&plain.sid).unwrap().status_callback_events,
        [CallEvent::Completed]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sends_on_a_multi_threaded_runtime() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let sends = (0..20).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .send_sms(TO, format!("n{i}"))
                .send()
                .await
                .unwrap()
                .sid
        })
    });
    let mut sids = Vec::new();
    for send in sends {
        sids.push(send.await.unwrap());
    }
    sandbox.settle().await;
    let messages = sandbox.messages();
    assert_eq!(messages.len(), 20);
    assert!(messages
        .iter()
        .all(|m| m.status == MessageStatus::Delivered && sids.contains(&m.sid)));
}
