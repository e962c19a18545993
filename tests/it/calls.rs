//! Call and TTS requests against an httpmock Twilio: path, auth, form and model.

use crate::common::*;
use httpmock::prelude::*;
use twilio_typed::{
    CallDirection, CallEvent, CallSid, CallStatus, Error, HttpMethod, Language, MachineDetection,
    Voice,
};

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

#[tokio::test]
async fn call_with_url_posts_the_exact_form_and_parses_the_call() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Calls.json"))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .body(form(&[
                    ("To", TO),
                    ("From", FROM),
                    ("Url", "https://example.com/twiml/voice.xml"),
                    ("Method", "POST"),
                ]));
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    let call = client(&server)
        .call_with_url(TO, "https://example.com/twiml/voice.xml")
        .send()
        .await
        .expect("placed");
    mock.assert_async().await;
    assert_eq!(call.sid.as_str(), CALL_SID);
    assert_eq!(call.status, CallStatus::Queued);
    assert_eq!(call.direction, Some(CallDirection::OutboundApi));
    assert_eq!(call.to.as_str(), TO);
    assert_eq!(call.from.as_str(), FROM);
    assert_eq!(
        (call.duration, call.start_time, call.end_time),
        (None, None, None)
    );
}

#[tokio::test]
async fn call_options_map_to_twilio_parameters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .path(account_path("Calls.json"))
                .body(form(&[
                    ("To", TO),
                    ("From", "+12025550199"),
                    ("Url", "https://example.com/menu"),
                    ("Method", "GET"),
                    ("StatusCallback", "https://example.com/call-status"),
                    ("StatusCallbackEvent", "initiated"),
                    ("StatusCallbackEvent", "answered"),
                    ("StatusCallbackEvent", "completed"),
                    ("StatusCallbackMethod", "POST"),
                    ("Timeout", "30"),
                    ("Record", "true"),
                    ("MachineDetection", "DetectMessageEnd"),
                    ("TimeLimit", "600"),
                ]));
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    client(&server)
        .call_with_url(TO, "https://example.com/menu")
        .method(HttpMethod::Get)
        .from("+12025550199")
        .status_callback("https://example.com/call-status")
        .status_callback_events([
            CallEvent::Initiated,
            CallEvent::Answered,
            CallEvent::Completed,
        ])
        .status_callback_method(HttpMethod::Post)
        .timeout(30)
        .record(true)
        .machine_detection(MachineDetection::DetectMessageEnd)
        .time_limit(600)
        .send()
        .await
        .expect("placed");
    mock.assert_async().await;
}

#[tokio::test]
async fn voice_message_sends_inline_twiml_that_text_cannot_escape() {
    let server = MockServer::start_async().await;
    let text = r#"Hi </Say><Dial>+15005550006</Dial><Say> & "bye""#;
    let twiml = format!(
        r#"{XML_DECL}<Response><Say language="en-US" loop="2" voice="Polly.Joanna-Neural">Hi &lt;/Say&gt;&lt;Dial&gt;+15005550006&lt;/Dial&gt;&lt;Say&gt; &amp; "bye"</Say></Response>"#
    );
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .path(account_path("Calls.json"))
                .body(form(&[("To", TO), ("From", FROM), ("Twiml", &twiml)]));
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    let call = client(&server)
        .send_voice_message(TO, text)
        .voice("Polly.Joanna-Neural".parse::<Voice>().unwrap())
        .language("en-US".parse::<Language>().unwrap())
        .loop_count(2)
        .send()
        .await
        .expect("placed");
    mock.assert_async().await;
    assert_eq!(call.status, CallStatus::Queued);
}

#[tokio::test]
async fn voice_message_defaults_to_alice() {
    let server = MockServer::start_async().await;
    let twiml = format!(
        r#"{XML_DECL}<Response><Say voice="alice">Hello from MYCA voice assistant!</Say></Response>"#
    );
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .path(account_path("Calls.json"))
                .body(form(&[("To", TO), ("From", FROM), ("Twiml", &twiml)]));
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    client(&server)
        .send_voice_message(TO, "Hello from MYCA voice assistant!")
        .send()
        .await
        .expect("placed");
    mock.assert_async().await;
}

#[tokio::test]
async fn fetch_call_by_sid() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(&format!("Calls/{CALL_SID}.json")))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN));
            then.status(200).body(fixture("call_completed.json"));
        })
        .await;
    let sid: CallSid = CALL_SID.parse().unwrap();
    let call = client(&server).fetch_call(&sid).await.expect("fetched");
    mock.assert_async().await;
    assert_eq!(call.status, CallStatus::Completed);
    assert!(call.status.is_final());
    assert_eq!(call.duration, Some(15));
    assert_eq!(call.price.as_deref(), Some("-0.01300"));
    let fmt = &time::format_description::well_known::Rfc3339;
    assert_eq!(
        call.start_time.unwrap().format(fmt).unwrap(),
        "2025-12-17T10:31:05Z"
    );
    assert_eq!(
        call.end_time.unwrap().format(fmt).unwrap(),
        "2025-12-17T10:31:20Z"
    );
}

#[tokio::test]
async fn invalid_call_input_is_rejected_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    let c = client(&server);
    let url = "https://example.com/t.xml";
    let cases: Vec<(&str, Result<_, Error>)> = vec![
        ("to", c.call_with_url("12025551234", url).send().await),
        (
            "url",
            c.call_with_url(TO, "javascript:alert(1)").send().await,
        ),
        ("url", c.call_with_url(TO, "/twiml/voice.xml").send().await),
        ("to", c.call_with_url(FROM, url).send().await),
        ("from", c.call_with_url(TO, url).from("+1").send().await),
        ("timeout", c.call_with_url(TO, url).timeout(0).send().await),
        (
            "timeout",
            c.call_with_url(TO, url).timeout(601).send().await,
        ),
        (
            "time_limit",
            c.call_with_url(TO, url).time_limit(14_401).send().await,
        ),
        ("message", c.send_voice_message(TO, "   ").send().await),
        (
            "message",
            c.send_voice_message(TO, "word ".repeat(900)).send().await,
        ),
        (
            "message",
            c.send_voice_message(TO, "bell \u{7}").send().await,
        ),
        ("to", c.send_voice_message("+44", "hi").send().await),
    ];
    for (field, result) in cases {
        match result {
            Err(Error::InvalidInput { field: f, reason }) => assert_eq!(f, field, "{reason}"),
            other => panic!("{field}: expected InvalidInput, got {other:?}"),
        }
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn call_with_twiml_sends_the_rendered_document_inline() {
    use twilio_typed::twiml::{Gather, Say, VoiceResponse};
    let menu = VoiceResponse::new()
        .say(Say::new("Hello, this is MYCA calling.").voice(Voice::Alice))
        .gather(
            Gather::new()
                .num_digits(1)
                .action("/twilio/handle-input")
                .method(HttpMethod::Post)
                .say(Say::new("Press 1 for an agent & 2 <to> leave a message.")),
        );
    let twiml = format!(
        r#"{XML_DECL}<Response><Say voice="alice">Hello, this is MYCA calling.</Say><Gather action="/twilio/handle-input" method="POST" numDigits="1"><Say>Press 1 for an agent &amp; 2 &lt;to&gt; leave a message.</Say></Gather></Response>"#
    );
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .path(account_path("Calls.json"))
                .body(form(&[
                    ("To", TO),
                    ("From", FROM),
                    ("Twiml", &twiml),
                    ("StatusCallback", "https://example.com/call-status"),
                    ("StatusCallbackEvent", "completed"),
                ]));
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    let call = client(&server)
        .call_with_twiml(TO, &menu)
        .status_callback("https://example.com/call-status")
        .status_callback_events([CallEvent::Completed])
        .send()
        .await
        .expect("placed");
    mock.assert_async().await;
    assert_eq!(call.sid.as_str(), CALL_SID);
    assert_eq!(call.status, CallStatus::Queued);
    assert_eq!(call.to.as_str(), TO);
}

#[tokio::test]
async fn call_with_application_amd_and_recording_options_sends_twilios_names() {
    use twilio_typed::{RecordingChannels, RecordingEvent, RecordingTrack, Trim};
    let server = MockServer::start_async().await;
    let app = "AP0123456789abcdef0123456789abcdef";
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Calls.json"))
                .body(form(&[
                    ("To", TO),
                    ("From", FROM),
                    ("ApplicationSid", app),
                    ("Record", "true"),
                    ("MachineDetection", "DetectMessageEnd"),
                    ("AsyncAmd", "true"),
                    ("AsyncAmdStatusCallback", "https://example.com/amd"),
                    ("AsyncAmdStatusCallbackMethod", "GET"),
                    ("MachineDetectionTimeout", "45"),
                    ("MachineDetectionSpeechThreshold", "2400"),
                    ("MachineDetectionSpeechEndThreshold", "1200"),
                    ("MachineDetectionSilenceTimeout", "5000"),
                    ("RecordingChannels", "dual"),
                    ("RecordingStatusCallback", "https://example.com/recording"),
                    ("RecordingStatusCallbackMethod", "POST"),
                    ("RecordingStatusCallbackEvent", "in-progress"),
                    ("RecordingStatusCallbackEvent", "completed"),
                    ("RecordingStatusCallbackEvent", "absent"),
                    ("RecordingTrack", "inbound"),
                    ("Trim", "do-not-trim"),
                ]));
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    client(&server)
        .call_with_application(TO, app)
        .record(true)
        .machine_detection(MachineDetection::DetectMessageEnd)
        .async_amd(true)
        .async_amd_status_callback("https://example.com/amd", Some(HttpMethod::Get))
        .machine_detection_timeout(45)
        .machine_detection_speech_threshold(2400)
        .machine_detection_speech_end_threshold(1200)
        .machine_detection_silence_timeout(5000)
        .recording_channels(RecordingChannels::Dual)
        .recording_status_callback("https://example.com/recording", Some(HttpMethod::Post))
        .recording_status_callback_events([
            RecordingEvent::InProgress,
            RecordingEvent::Completed,
            RecordingEvent::Absent,
        ])
        .recording_track(RecordingTrack::Inbound)
        .trim(Trim::DoNotTrim)
        .await
        .expect("placed");
    mock.assert_async().await;
}

#[tokio::test]
async fn amd_and_recording_options_are_checked_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(fixture("call_queued.json"));
        })
        .await;
    let client = client(&server);
    let url = "https://example.com/twiml";
    let reason = |e: Error| match e {
        Error::InvalidInput { field, reason } => format!("{field}: {reason}"),
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    let cases = [
        (
            client.call_with_url(TO, url).machine_detection(MachineDetection::Enable).machine_detection_timeout(2),
            "machine_detection_timeout: must be 3 to 59 seconds, got 2",
        ),
        (
            client.call_with_url(TO, url).machine_detection(MachineDetection::Enable).machine_detection_timeout(60),
            "machine_detection_timeout: must be 3 to 59 seconds, got 60",
        ),
        (
            client.call_with_url(TO, url).machine_detection(MachineDetection::Enable).machine_detection_speech_threshold(999),
            "machine_detection_speech_threshold: must be 1000 to 6000 ms, got 999",
        ),
        (
            client.call_with_url(TO, url).machine_detection(MachineDetection::Enable).machine_detection_speech_end_threshold(5001),
            "machine_detection_speech_end_threshold: must be 500 to 5000 ms, got 5001",
        ),
        (
            client.call_with_url(TO, url).machine_detection(MachineDetection::Enable).machine_detection_silence_timeout(1999),
            "machine_detection_silence_timeout: must be 2000 to 10000 ms, got 1999",
        ),
        (
            client.call_with_url(TO, url).async_amd(true),
            "async_amd: needs answering machine detection: set machine_detection()",
        ),
        (
            client.call_with_url(TO, url).trim(twilio_typed::Trim::DoNotTrim),
            "trim: needs a recorded call: set record(true)",
        ),
        (
            client.call_with_url(TO, url).record(false).recording_track(twilio_typed::RecordingTrack::Both),
            "recording_track: needs a recorded call: set record(true)",
        ),
        (
            client.call_with_application(TO, "AP123"),
            "application_sid: invalid application SID: must be 34 characters (2-letter prefix + 32 hex digits), got 5",
        ),
    ];
    for (call, expected) in cases {
        assert_eq!(reason(call.await.unwrap_err()), expected);
    }
    // The boundaries themselves are accepted.
    client
        .call_with_url(TO, url)
        .machine_detection(MachineDetection::Enable)
        .machine_detection_timeout(3)
        .machine_detection_speech_threshold(6000)
        .machine_detection_speech_end_threshold(500)
        .machine_detection_silence_timeout(10000)
        .await
        .expect("in range");
    client
        .call_with_url(TO, url)
        .machine_detection(MachineDetection::Enable)
        .machine_detection_timeout(59)
        .machine_detection_speech_threshold(1000)
        .machine_detection_speech_end_threshold(5000)
        .machine_detection_silence_timeout(2000)
        .await
        .expect("in range");
    any.assert_calls_async(2).await;
}
