//! A call placed with a TwiML URL fetches it from a local web app and runs
//! it: `<Say>`/`<Play>`/`<Pause>`/`<Redirect>`/`<Hangup>`, `<Gather>` with
//! digits pressed by the test (the signed `action` request), and `<Record>`
//! making recordings served by the Recordings API.

use crate::sandbox_support::*;
use serde_json::Value;
use std::time::Duration;

use twilio_typed::sandbox::{
    CallStep, PressError, Sandbox, TwimlOrigin, DEFAULT_NUMBERS, MAX_TWIML_FETCHES,
};
use twilio_typed::{CallSid, CallStatus};

async fn call_url(sandbox: &Sandbox, url: &str, extra: &[(&str, &str)]) -> CallSid {
    let mut form = vec![("To", TO), ("From", DEFAULT_NUMBERS[0]), ("Url", url)];
    form.extend_from_slice(extra);
    let (status, json) = post(sandbox, "Calls.json", &form).await;
    assert_eq!(status, 201, "{json}");
    json["sid"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_url_call_fetches_its_twiml_and_follows_redirects() {
    let app = WebApp::start().await;
    app.serve(
        "/voice.xml",
        r#"<Response><Say>Welcome</Say><Play>https://example.com/jingle.mp3</Play><Pause length="2"/><Redirect method="GET">/next.xml</Redirect><Say>never</Say></Response>"#,
    );
    app.serve(
        "/next.xml",
        r#"<Response><Play digits="1w2"/><Dial>+12025550199</Dial><Hangup/><Say>never</Say></Response>"#,
    );
    let sandbox = Sandbox::start().await.unwrap();
    let sid = call_url(&sandbox, &app.url("/voice.xml"), &[]).await;
    sandbox.settle().await;

    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    let requests = app.received();
    assert_eq!(
        requests
            .iter()
            .map(|r| (r.method.as_str(), r.path.as_str()))
            .collect::<Vec<_>>(),
        [("POST", "/voice.xml"), ("GET", "/next.xml")]
    );
    for request in &requests {
        assert_signed(&sandbox, request);
        assert_eq!(request.params.get("CallSid"), Some(sid.as_str()));
        assert_eq!(request.params.get("To"), Some(TO));
        assert_eq!(request.params.get("Direction"), Some("outbound-api"));
        assert_eq!(
            request.params.get("AccountSid"),
            Some(sandbox.account_sid().as_str())
        );
    }
    let steps: Vec<_> = call
        .steps
        .iter()
        .filter(|s| !matches!(s, CallStep::Requested(_)))
        .cloned()
        .collect();
    assert_eq!(
        steps,
        [
            CallStep::Said("Welcome".into()),
            CallStep::Played("https://example.com/jingle.mp3".into()),
            CallStep::Paused(2),
            CallStep::Played("digits:1w2".into()),
            CallStep::Skipped("Dial".into()),
            CallStep::HungUp,
        ]
    );
    let origins: Vec<_> = call.documents.iter().map(|d| d.origin.clone()).collect();
    assert_eq!(
        origins,
        [
            TwimlOrigin::Fetched(app.url("/voice.xml").parse().unwrap()),
            TwimlOrigin::Fetched(app.url("/next.xml").parse().unwrap()),
        ]
    );
    // The document the call ran last prints as XML.
    let printed = call.twiml_document().unwrap().to_string();
    assert!(printed.contains("<Play digits=\"1w2\"/>"), "{printed}");
}

const MENU: &str = r#"<Response><Gather numDigits="1" action="/handle-input" timeout="5"><Say>Press 1 for sales, 2 for support.</Say></Gather><Say>We did not get your choice.</Say></Response>"#;

#[tokio::test]
async fn gather_posts_the_pressed_digits_to_its_action() {
    let app = WebApp::start().await;
    app.serve("/voice.xml", MENU);
    app.serve(
        "/handle-input",
        "<Response><Say>Connecting you to sales.</Say><Hangup/></Response>",
    );
    let sandbox = Sandbox::start().await.unwrap();
    let sid = call_url(&sandbox, &app.url("/voice.xml"), &[]).await;
    sandbox.settle().await;
    assert_eq!(sandbox.call(&sid).unwrap().status, CallStatus::InProgress);

    // Keys past `numDigits` are not heard.
    sandbox.press(&sid, "12").await.unwrap();
    sandbox.settle().await;

    let actions = app.received_at("/handle-input");
    assert_eq!(actions.len(), 1);
    let action = &actions[0];
    assert_eq!(action.method, "POST");
    assert_eq!(action.params.get("Digits"), Some("1"));
    assert_eq!(action.params.get("FinishedOnKey"), None);
    assert_eq!(action.params.get("CallSid"), Some(sid.as_str()));
    assert_eq!(action.params.get("CallStatus"), Some("in-progress"));
    assert_signed(&sandbox, action);

    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(
        call.spoken_texts(),
        [
            "Press 1 for sales, 2 for support.",
            "We did not get your choice.",
            "Connecting you to sales."
        ]
    );
    let said: Vec<_> = call
        .steps
        .iter()
        .filter(|s| {
            matches!(
                s,
                CallStep::Said(_) | CallStep::Gathered(_) | CallStep::HungUp
            )
        })
        .cloned()
        .collect();
    assert_eq!(
        said,
        [
            CallStep::Said("Press 1 for sales, 2 for support.".into()),
            CallStep::Gathered("12".into()),
            CallStep::Said("Connecting you to sales.".into()),
            CallStep::HungUp,
        ]
    );

    // A call that ended waits for nothing.
    assert_eq!(
        sandbox.press(&sid, "2").await,
        Err(PressError::NotWaiting {
            status: CallStatus::Completed
        })
    );
    let unknown: CallSid = "CA00000000000000000000000000000000".parse().unwrap();
    assert_eq!(
        sandbox.press(&unknown, "1").await,
        Err(PressError::UnknownCall)
    );
}

#[tokio::test]
async fn a_gather_without_input_goes_on_with_the_next_verb() {
    let app = WebApp::start().await;
    app.serve("/voice.xml", MENU);
    let sandbox = Sandbox::start().await.unwrap();
    let sid = call_url(&sandbox, &app.url("/voice.xml"), &[]).await;
    sandbox.settle().await;
    sandbox.press(&sid, "").await.unwrap();
    sandbox.settle().await;
    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    assert!(app.received_at("/handle-input").is_empty());
    assert_eq!(
        call.steps.last(),
        Some(&CallStep::Said("We did not get your choice.".into()))
    );
}

#[tokio::test]
async fn the_finish_key_ends_the_input() {
    let app = WebApp::start().await;
    app.serve(
        "/voice.xml",
        r#"<Response><Gather action="/pin" method="GET"/></Response>"#,
    );
    let sandbox = Sandbox::start().await.unwrap();
    let sid = call_url(&sandbox, &app.url("/voice.xml"), &[]).await;
    sandbox.settle().await;
    sandbox.press(&sid, "1234#").await.unwrap();
    sandbox.settle().await;
    let pin = app.received_at("/pin");
    assert_eq!(pin.len(), 1);
    assert_eq!(pin[0].method, "GET");
    assert_eq!(pin[0].params.get("Digits"), Some("1234"));
    assert_eq!(pin[0].params.get("FinishedOnKey"), Some("#"));
    assert_signed(&sandbox, &pin[0]);
}

#[tokio::test]
async fn unreachable_and_broken_twiml_end_the_call_with_an_application_error() {
    let app = WebApp::start().await;
    app.serve("/broken.xml", "<Response><Say>unclosed</Response>");
    let sandbox = Sandbox::start().await.unwrap();
    let remote = call_url(&sandbox, "https://example.com/voice.xml", &[]).await;
    let broken = call_url(&sandbox, &app.url("/broken.xml"), &[]).await;
    // Nothing is served here: the app answers 204 without TwiML.
    let empty = call_url(&sandbox, &app.url("/nothing.xml"), &[]).await;
    sandbox.settle().await;

    let expect_error = |sid: &CallSid, needle: &str| {
        let call = sandbox.call(sid).unwrap();
        assert_eq!(call.status, CallStatus::Completed);
        let error = call
            .steps
            .iter()
            .find_map(|s| match s {
                CallStep::ApplicationError(reason) => Some(reason.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no application error: {:?}", call.steps));
        assert!(error.contains(needle), "{error}");
        call
    };
    expect_error(&remote, "not a loopback address");
    let call = expect_error(&broken, "12100");
    assert!(call.twiml_document().is_none());
    assert!(call.twiml_error().is_some());
    expect_error(&empty, "TwiML");
}

#[tokio::test]
async fn a_document_that_redirects_to_itself_ends_after_max_twiml_fetches() {
    let app = WebApp::start().await;
    app.serve(
        "/loop.xml",
        "<Response><Say>Again</Say><Redirect>/loop.xml</Redirect></Response>",
    );
    // The default clock is instant: without a limit the loop never pauses.
    let sandbox = Sandbox::start().await.unwrap();
    let sid = call_url(&sandbox, &app.url("/loop.xml"), &[]).await;
    tokio::time::timeout(Duration::from_secs(60), sandbox.settle())
        .await
        .expect("the redirect loop never ended");

    let limit = usize::try_from(MAX_TWIML_FETCHES).unwrap();
    assert_eq!(limit, 100);
    // Fetched exactly `limit` times: the one past the limit is not sent.
    assert_eq!(app.received_at("/loop.xml").len(), limit);
    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(call.documents.len(), limit);
    let count = |f: fn(&CallStep) -> bool| call.steps.iter().filter(|s| f(s)).count();
    assert_eq!(count(|s| matches!(s, CallStep::Requested(_))), limit);
    assert_eq!(count(|s| matches!(s, CallStep::Said(_))), limit);
    assert_eq!(count(|s| matches!(s, CallStep::ApplicationError(_))), 1);
    match call.steps.last() {
        Some(CallStep::ApplicationError(reason)) => {
            assert!(reason.contains("/loop.xml"), "{reason}");
            assert!(reason.contains("100 TwiML documents"), "{reason}");
        }
        other => panic!("the call should end with an application error: {other:?}"),
    }
}

#[tokio::test]
async fn record_makes_a_recording_served_by_the_recordings_api() {
    let app = WebApp::start().await;
    app.serve(
        "/voicemail.xml",
        r#"<Response><Say>Leave a message.</Say><Record maxLength="2" action="/recorded" recordingStatusCallback="/recording-status"/></Response>"#,
    );
    app.serve("/recorded", "<Response><Say>Thank you.</Say></Response>");
    let sandbox = Sandbox::start().await.unwrap();
    let sid = call_url(&sandbox, &app.url("/voicemail.xml"), &[]).await;
    sandbox.settle().await;

    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    let recordings = sandbox.recordings();
    assert_eq!(recordings.len(), 1);
    let recording = &recordings[0];
    assert_eq!(
        (recording.source.as_str(), recording.duration),
        ("RecordVerb", 2)
    );
    assert_eq!(recording.call_sid, sid);
    assert!(call
        .steps
        .contains(&CallStep::Recorded(recording.sid.clone())));
    assert_eq!(
        call.steps.last(),
        Some(&CallStep::Said("Thank you.".into()))
    );

    let action = &app.received_at("/recorded")[0];
    assert_signed(&sandbox, action);
    let media_url = format!(
        "{}2010-04-01/Accounts/{}/Recordings/{}",
        sandbox.base_url(),
        sandbox.account_sid(),
        recording.sid
    );
    assert_eq!(action.params.get("RecordingUrl"), Some(media_url.as_str()));
    assert_eq!(
        action.params.get("RecordingSid"),
        Some(recording.sid.as_str())
    );
    assert_eq!(action.params.get("RecordingDuration"), Some("2"));
    let status = app.received_at("/recording-status");
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].params.get("RecordingStatus"), Some("completed"));
    assert_eq!(recording.callbacks.len(), 1);

    // The resource, listed for the account and for the call, and fetched.
    let (code, list) = get(&sandbox, "Recordings.json").await;
    assert_eq!(code, 200, "{list}");
    assert_eq!(list["recordings"].as_array().unwrap().len(), 1);
    let (_, for_call) = get(&sandbox, &format!("Calls/{sid}/Recordings.json")).await;
    assert_eq!(for_call["recordings"], list["recordings"]);
    let (_, filtered) = api(
        &sandbox,
        reqwest::Method::GET,
        "Recordings.json",
        &[("CallSid", "CA00000000000000000000000000000000")],
    )
    .await;
    assert_eq!(filtered["recordings"], Value::Array(Vec::new()));
    let path = format!("Recordings/{}.json", recording.sid);
    let (code, fetched) = get(&sandbox, &path).await;
    assert_eq!(code, 200);
    assert_eq!(fetched, list["recordings"][0]);
    assert_eq!(fetched["call_sid"], sid.as_str());
    assert_eq!(fetched["duration"], "2");
    assert_eq!(fetched["status"], "completed");
    assert_eq!(fetched["source"], "RecordVerb");
    assert_eq!(fetched["channels"], 1);
    assert_eq!(fetched["media_url"], media_url.as_str());

    // The media: a WAV of 2 s of 8 kHz 8-bit silence, and MP3 frames.
    let http = crate::common::http();
    let wav = http.get(format!("{media_url}.wav")).send().await.unwrap();
    assert_eq!(wav.status(), 200);
    assert_eq!(wav.headers()["content-type"], "audio/x-wav");
    let wav = wav.bytes().await.unwrap();
    assert_eq!((&wav[..4], &wav[8..12]), (&b"RIFF"[..], &b"WAVE"[..]));
    assert_eq!(wav.len(), 44 + 2 * 8_000);
    // The RecordingUrl itself serves the WAV, as Twilio's does.
    let plain = http.get(&media_url).send().await.unwrap();
    assert_eq!(plain.headers()["content-type"], "audio/x-wav");
    assert_eq!(plain.bytes().await.unwrap(), wav);
    let mp3 = http.get(format!("{media_url}.mp3")).send().await.unwrap();
    assert_eq!(mp3.headers()["content-type"], "audio/mpeg");
    let mp3 = mp3.bytes().await.unwrap();
    assert_eq!(&mp3[..2], &[0xFF, 0xFB]);
    assert_eq!(mp3.len() % 144, 0);

    // Deleted: 204, then 404 everywhere.
    let (code, _) = delete(&sandbox, &path).await;
    assert_eq!(code, 204);
    let (code, json) = get(&sandbox, &path).await;
    assert_eq!((code, &json["code"]), (404, &Value::from(20404)));
    assert_eq!(delete(&sandbox, &path).await.0, 404);
    let wav = http.get(format!("{media_url}.wav")).send().await.unwrap();
    assert_eq!(wav.status(), 404);
    assert!(sandbox.recordings().is_empty());
    let (code, _) = get(
        &sandbox,
        "Calls/CA00000000000000000000000000000000/Recordings.json",
    )
    .await;
    assert_eq!(code, 404);
}

#[tokio::test]
async fn record_true_records_the_whole_call() {
    let app = WebApp::start().await;
    let sandbox = Sandbox::start().await.unwrap();
    let callback = app.url("/recording");
    let (status, json) = post(
        &sandbox,
        "Calls.json",
        &[
            ("To", TO),
            ("From", DEFAULT_NUMBERS[0]),
            ("Twiml", "<Response><Say>Recorded call</Say></Response>"),
            ("Record", "true"),
            ("RecordingChannels", "dual"),
            ("RecordingTrack", "inbound"),
            ("RecordingStatusCallback", &callback),
            ("RecordingStatusCallbackEvent", "in-progress completed"),
            ("RecordingStatusCallbackMethod", "GET"),
            ("Trim", "trim-silence"),
        ],
    )
    .await;
    assert_eq!(status, 201, "{json}");
    sandbox.settle().await;
    let recordings = sandbox.recordings();
    assert_eq!(recordings.len(), 1);
    let recording = &recordings[0];
    assert_eq!(
        (
            recording.source.as_str(),
            recording.channels,
            recording.track.as_str()
        ),
        ("OutboundAPI", 2, "inbound")
    );
    assert_eq!(recording.call_sid.as_str(), json["sid"].as_str().unwrap());
    let callbacks = app.received_at("/recording");
    assert_eq!(callbacks.len(), 1);
    assert_eq!(callbacks[0].method, "GET");
    assert_eq!(callbacks[0].params.get("RecordingChannels"), Some("2"));
    assert_eq!(
        callbacks[0].params.get("RecordingSource"),
        Some("OutboundAPI")
    );
    assert_signed(&sandbox, &callbacks[0]);
    let wav = crate::common::http()
        .get(format!(
            "{}2010-04-01/Accounts/{}/Recordings/{}.wav",
            sandbox.base_url(),
            sandbox.account_sid(),
            recording.sid
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(u16::from_le_bytes([wav[22], wav[23]]), 2, "two channels");
}

#[tokio::test]
async fn press_waits_for_the_call_not_for_everything_else() {
    use std::time::Duration;
    use twilio_typed::twiml::{Gather, Say, VoiceResponse};
    let sandbox = Sandbox::builder()
        .step_delay(Duration::from_millis(20))
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    // A message scheduled for tomorrow keeps the sandbox busy until then.
    client
        .send_sms(TO, "tomorrow")
        .messaging_service(sandbox.messaging_service_sid().clone())
        .send_at(time::OffsetDateTime::now_utc() + Duration::from_secs(24 * 3600))
        .send()
        .await
        .unwrap();
    let menu = VoiceResponse::new()
        .gather(Gather::new().say(Say::new("Press a key")))
        .say(Say::new("Bye"));
    let call = client.call_with_twiml(TO, &menu).send().await.unwrap();
    // Pressed at once: it waits for the call to ring, be answered and reach its <Gather>.
    tokio::time::timeout(Duration::from_secs(5), sandbox.press(&call.sid, ""))
        .await
        .expect("press does not wait for the scheduled message")
        .unwrap();
    let ended = async {
        while sandbox.call(&call.sid).unwrap().status != CallStatus::Completed {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), ended)
        .await
        .expect("the call ends after its last verb");
    let steps = sandbox.call(&call.sid).unwrap().steps;
    assert_eq!(
        steps,
        [
            CallStep::Said("Press a key".into()),
            CallStep::Gathered(String::new()),
            CallStep::Said("Bye".into()),
        ]
    );
}

#[tokio::test]
async fn a_failing_url_falls_back_to_the_fallback_url() {
    let app = WebApp::start().await;
    app.serve(
        "/fallback.xml",
        "<Response><Say>Sorry, the menu is down.</Say></Response>",
    );
    // Nothing listens on the port of a listener that is bound then dropped.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/voice.xml", listener.local_addr().unwrap())
    };
    let sandbox = Sandbox::start().await.unwrap();
    let fallback = app.url("/fallback.xml");
    let sid = call_url(
        &sandbox,
        &closed,
        &[("FallbackUrl", &fallback), ("FallbackMethod", "GET")],
    )
    .await;
    sandbox.settle().await;
    let requests = app.received_at("/fallback.xml");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].params.get("ErrorCode"), Some("11200"));
    assert_eq!(requests[0].params.get("ErrorUrl"), Some(closed.as_str()));
    assert_signed(&sandbox, &requests[0]);
    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(
        call.steps.last(),
        Some(&CallStep::Said("Sorry, the menu is down.".into()))
    );
    assert!(!call
        .steps
        .iter()
        .any(|s| matches!(s, CallStep::ApplicationError(_))));
    let (status, json) = post(
        &sandbox,
        "Calls.json",
        &[
            ("To", TO),
            ("From", DEFAULT_NUMBERS[0]),
            ("Url", &closed),
            ("FallbackUrl", "nope"),
        ],
    )
    .await;
    assert_eq!(
        (status, &json["code"]),
        (400, &Value::from(21205)),
        "{json}"
    );
}

#[tokio::test]
async fn with_a_stepped_clock_an_unanswered_gather_times_out() {
    use std::time::{Duration, Instant};
    use twilio_typed::twiml::{Gather, Say, VoiceResponse};
    let sandbox = Sandbox::builder()
        .step_delay(Duration::from_millis(10))
        .start()
        .await
        .unwrap();
    let menu = VoiceResponse::new()
        .gather(
            Gather::new()
                .timeout(Duration::from_secs(1))
                .say(Say::new("Press a key")),
        )
        .say(Say::new("Nothing pressed"));
    let started = Instant::now();
    let call = sandbox
        .client()
        .call_with_twiml(TO, &menu)
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let call = sandbox.call(&call.sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(
        call.steps,
        [
            CallStep::Said("Press a key".into()),
            CallStep::Gathered(String::new()),
            CallStep::Said("Nothing pressed".into()),
        ]
    );
}
