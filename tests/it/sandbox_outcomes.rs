//! Failure outcomes on demand — by the sandbox's test numbers and by a
//! builder setting — answering machines for machine detection, and the new
//! create options checked as Twilio checks them.

use crate::sandbox_support::*;
use serde_json::Value;
use twilio_typed::sandbox::{CallOutcome, MessageOutcome, Sandbox, DEFAULT_NUMBERS};
use twilio_typed::{CallStatus, MessageStatus, E164};

fn statuses<S: Clone>(history: &[twilio_typed::sandbox::StatusChange<S>]) -> Vec<S> {
    history.iter().map(|c| c.status.clone()).collect()
}

#[tokio::test]
async fn messages_end_undelivered_or_failed_with_an_error_code() {
    let app = WebApp::start().await;
    let chosen: E164 = "+12025550123".parse().unwrap();
    let sandbox = Sandbox::builder()
        .message_outcome(chosen.clone(), MessageOutcome::Failed(30007))
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let callback = app.url("/status");
    let undelivered = client
        .send_sms("+15005550010", "x")
        .status_callback(callback.as_str())
        .send()
        .await
        .unwrap();
    let failed = client.send_sms("+15005550011", "x").send().await.unwrap();
    let filtered = client.send_sms(chosen.clone(), "x").send().await.unwrap();
    sandbox.settle().await;

    let message = sandbox.message(&undelivered.sid).unwrap();
    assert_eq!(
        statuses(&message.history),
        [
            MessageStatus::Queued,
            MessageStatus::Sending,
            MessageStatus::Sent,
            MessageStatus::Undelivered
        ]
    );
    assert_eq!(message.error_code, Some(30003));
    let fetched = client.fetch_message(&undelivered.sid).await.unwrap();
    assert_eq!(fetched.status, MessageStatus::Undelivered);
    assert_eq!(fetched.error_code, Some(30003));
    let last = app.received_at("/status").pop().unwrap();
    assert_eq!(last.params.get("MessageStatus"), Some("undelivered"));
    assert_eq!(last.params.get("ErrorCode"), Some("30003"));
    assert_signed(&sandbox, &last);

    let message = sandbox.message(&failed.sid).unwrap();
    assert_eq!(
        statuses(&message.history),
        [MessageStatus::Queued, MessageStatus::Failed]
    );
    let (_, json) = get(&sandbox, &format!("Messages/{}.json", failed.sid)).await;
    assert_eq!(json["error_code"], 30008);
    assert_eq!(json["error_message"], "Unknown error");
    assert_eq!(json["price"], Value::Null, "a failed message costs nothing");

    let message = sandbox.message(&filtered.sid).unwrap();
    assert_eq!(
        (message.status, message.error_code),
        (MessageStatus::Failed, Some(30007))
    );
}

#[tokio::test]
async fn calls_end_busy_no_answer_failed_or_canceled() {
    let app = WebApp::start().await;
    let chosen: E164 = "+12025550123".parse().unwrap();
    let sandbox = Sandbox::builder()
        .call_outcome(chosen.clone(), CallOutcome::NoAnswer)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let callback = app.url("/status");
    let cases = [
        ("+15005550010", CallStatus::Busy, "486"),
        ("+15005550011", CallStatus::NoAnswer, "487"),
        ("+15005550012", CallStatus::Failed, "500"),
        ("+15005550013", CallStatus::Canceled, "487"),
        (chosen.as_str(), CallStatus::NoAnswer, "487"),
    ];
    for (to, expected, sip) in cases {
        let call = client
            .send_voice_message(to, "hello")
            .status_callback(callback.as_str())
            .send()
            .await
            .unwrap();
        sandbox.settle().await;
        let placed = sandbox.call(&call.sid).unwrap();
        assert_eq!(
            statuses(&placed.history),
            [CallStatus::Queued, CallStatus::Ringing, expected.clone()],
            "{to}"
        );
        assert!(placed.steps.is_empty(), "{to}: its TwiML never ran");
        let fetched = client.fetch_call(&call.sid).await.unwrap();
        assert_eq!(
            (fetched.status, fetched.duration, fetched.start_time),
            (expected.clone(), Some(0), None)
        );
        let last = app.received_at("/status").pop().unwrap();
        assert_eq!(last.params.get("CallSid"), Some(call.sid.as_str()));
        assert_eq!(last.params.get("CallStatus"), Some(expected.as_str()));
        assert_eq!(last.params.get("SipResponseCode"), Some(sip));
    }
}

#[tokio::test]
async fn machine_detection_reports_who_answered() {
    let app = WebApp::start().await;
    let sandbox = Sandbox::start().await.unwrap();
    let amd = app.url("/amd");
    let twiml = "<Response><Say>Hi</Say></Response>";
    let place = |to: &'static str, extra: Vec<(&'static str, String)>| {
        let sandbox = &sandbox;
        async move {
            let mut form = vec![
                ("To", to.to_owned()),
                ("From", DEFAULT_NUMBERS[0].to_owned()),
                ("Twiml", twiml.to_owned()),
            ];
            form.extend(extra);
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, json) = post(sandbox, "Calls.json", &pairs).await;
            assert_eq!(status, 201, "{json}");
            json["sid"].as_str().unwrap().to_owned()
        }
    };
    let machine = place(
        "+15005550014",
        vec![
            ("MachineDetection", "Enable".into()),
            ("MachineDetectionTimeout", "30".into()),
            ("MachineDetectionSpeechThreshold", "2400".into()),
            ("MachineDetectionSpeechEndThreshold", "1200".into()),
            ("MachineDetectionSilenceTimeout", "5000".into()),
            ("AsyncAmd", "true".into()),
            ("AsyncAmdStatusCallback", amd.clone()),
        ],
    )
    .await;
    let beep = place(
        "+15005550014",
        vec![("MachineDetection", "DetectMessageEnd".into())],
    )
    .await;
    let human = place(TO, vec![("MachineDetection", "Enable".into())]).await;
    let plain = place(TO, vec![]).await;
    sandbox.settle().await;

    for (sid, answered_by) in [
        (&machine, Value::from("machine_start")),
        (&beep, Value::from("machine_end_beep")),
        (&human, Value::from("human")),
        (&plain, Value::Null),
    ] {
        let (_, json) = get(&sandbox, &format!("Calls/{sid}.json")).await;
        assert_eq!(json["answered_by"], answered_by, "{sid}");
        assert_eq!(json["status"], "completed");
    }
    let amd = app.received_at("/amd");
    assert_eq!(amd.len(), 1);
    assert_eq!(amd[0].params.get("AnsweredBy"), Some("machine_start"));
    assert_eq!(amd[0].params.get("CallSid"), Some(machine.as_str()));
    assert_signed(&sandbox, &amd[0]);
}

#[tokio::test]
async fn new_create_options_are_accepted_and_checked() {
    let sandbox = Sandbox::start().await.unwrap();
    let call = |extra: &'static [(&'static str, &'static str)]| {
        let sandbox = &sandbox;
        async move {
            let mut form = vec![("To", TO), ("From", DEFAULT_NUMBERS[0])];
            form.extend_from_slice(extra);
            post(sandbox, "Calls.json", &form).await
        }
    };
    let (status, json) = call(&[("ApplicationSid", "AP0123456789abcdef0123456789abcdef")]).await;
    assert_eq!(status, 201, "{json}");
    let refused: &[(&[(&str, &str)], u32)] = &[
        (&[("ApplicationSid", "AP123")], 21218),
        (
            &[
                ("ApplicationSid", "AP0123456789abcdef0123456789abcdef"),
                ("Url", "https://example.com/a"),
            ],
            21205,
        ),
        (
            &[("Twiml", "<Response/>"), ("MachineDetection", "Maybe")],
            20001,
        ),
        (
            &[("Twiml", "<Response/>"), ("MachineDetectionTimeout", "2")],
            20001,
        ),
        (
            &[
                ("Twiml", "<Response/>"),
                ("MachineDetectionSpeechThreshold", "999"),
            ],
            20001,
        ),
        (
            &[
                ("Twiml", "<Response/>"),
                ("MachineDetectionSpeechEndThreshold", "5001"),
            ],
            20001,
        ),
        (
            &[
                ("Twiml", "<Response/>"),
                ("MachineDetectionSilenceTimeout", "x"),
            ],
            20001,
        ),
        (&[("Twiml", "<Response/>"), ("AsyncAmd", "true")], 20001),
        (
            &[
                ("Twiml", "<Response/>"),
                ("MachineDetection", "Enable"),
                ("AsyncAmd", "yes"),
            ],
            20001,
        ),
        (
            &[("Twiml", "<Response/>"), ("AsyncAmdStatusCallback", "nope")],
            21609,
        ),
        (
            &[("Twiml", "<Response/>"), ("RecordingChannels", "stereo")],
            20001,
        ),
        (
            &[
                ("Twiml", "<Response/>"),
                ("RecordingStatusCallback", "nope"),
            ],
            21609,
        ),
        (
            &[
                ("Twiml", "<Response/>"),
                ("RecordingStatusCallbackEvent", "done"),
            ],
            20001,
        ),
        (
            &[("Twiml", "<Response/>"), ("RecordingTrack", "left")],
            20001,
        ),
        (&[("Twiml", "<Response/>"), ("Trim", "yes")], 20001),
        (&[("Twiml", "<Response/>"), ("Record", "yes")], 20001),
    ];
    for (extra, code) in refused {
        let mut form = vec![("To", TO), ("From", DEFAULT_NUMBERS[0])];
        form.extend_from_slice(extra);
        let (status, json) = post(&sandbox, "Calls.json", &form).await;
        assert_eq!(
            (status, &json["code"]),
            (400, &Value::from(*code)),
            "{extra:?}: {json}"
        );
    }
    assert_eq!(sandbox.calls().len(), 1);

    let service = sandbox.messaging_service_sid().to_string();
    let message = |extra: Vec<(&'static str, &'static str)>| {
        let sandbox = &sandbox;
        let service = service.clone();
        async move {
            let mut form = vec![("To", TO), ("MessagingServiceSid", service.as_str())];
            form.extend(extra);
            post(sandbox, "Messages.json", &form).await
        }
    };
    let (status, json) = message(vec![
        ("ContentSid", "HX0123456789abcdef0123456789abcdef"),
        ("ContentVariables", r#"{"1":"Ada","2":"tomorrow"}"#),
        ("ShortenUrls", "true"),
        ("SmartEncoded", "true"),
        ("RiskCheck", "disable"),
    ])
    .await;
    assert_eq!(status, 201, "{json}");
    let refused: Vec<(Vec<(&str, &str)>, u32)> = vec![
        (vec![("ContentSid", "HX12")], 21655),
        (
            vec![
                ("ContentSid", "HX0123456789abcdef0123456789abcdef"),
                ("ContentVariables", "{not json"),
            ],
            21656,
        ),
        (
            vec![
                ("ContentSid", "HX0123456789abcdef0123456789abcdef"),
                ("ContentVariables", r#"{"1": 2}"#),
            ],
            21656,
        ),
        (
            vec![("Body", "x"), ("ContentVariables", r#"{"1":"a"}"#)],
            20001,
        ),
        (vec![("Body", "x"), ("SmartEncoded", "maybe")], 20001),
        (vec![("Body", "x"), ("RiskCheck", "off")], 20001),
        (vec![("Body", "x"), ("ShortenUrls", "1")], 20001),
    ];
    for (extra, code) in refused {
        let (status, json) = message(extra.clone()).await;
        assert_eq!(
            (status, &json["code"]),
            (400, &Value::from(code)),
            "{extra:?}: {json}"
        );
    }
    // Link shortening needs a messaging service.
    let (status, json) = post(
        &sandbox,
        "Messages.json",
        &[
            ("To", TO),
            ("From", DEFAULT_NUMBERS[0]),
            ("Body", "x"),
            ("ShortenUrls", "true"),
        ],
    )
    .await;
    assert_eq!(
        (status, &json["code"]),
        (400, &Value::from(20001)),
        "{json}"
    );
    assert_eq!(sandbox.messages().len(), 1);
}
