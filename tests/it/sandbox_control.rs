//! Following through in the sandbox, through raw HTTP as Twilio's API is
//! called: updating a live call (new TwiML, a TwiML URL, hang up, cancel),
//! canceling, redacting and deleting messages, and a message's media.

use std::time::Duration;

use crate::sandbox_support::*;
use serde_json::Value;
use twilio_typed::sandbox::{
    CallStep, CallbackOutcome, Clock, MessageOutcome, Sandbox, TwimlOrigin, DEFAULT_NUMBERS,
};
use twilio_typed::{CallSid, CallStatus, MessageSid, MessageStatus, TwilioClient};

const MENU: &str =
    r#"<Response><Say>Hello</Say><Gather numDigits="1"><Say>Press 1</Say></Gather></Response>"#;

fn statuses<S: Clone>(history: &[twilio_typed::sandbox::StatusChange<S>]) -> Vec<S> {
    history.iter().map(|c| c.status.clone()).collect()
}

/// Places a call with `twiml` through raw HTTP; returns its SID.
async fn place(sandbox: &Sandbox, twiml: &str, extra: &[(&str, &str)]) -> CallSid {
    let mut form = vec![("To", TO), ("From", DEFAULT_NUMBERS[0]), ("Twiml", twiml)];
    form.extend_from_slice(extra);
    let (status, json) = post(sandbox, "Calls.json", &form).await;
    assert_eq!(status, 201, "{json}");
    json["sid"].as_str().unwrap().parse().unwrap()
}

fn call_path(sid: &CallSid) -> String {
    format!("Calls/{sid}.json")
}

#[tokio::test]
async fn new_twiml_changes_the_course_of_a_live_call() {
    let sandbox = Sandbox::start().await.unwrap();
    let sid = place(&sandbox, MENU, &[]).await;
    sandbox.settle().await;
    // Answered, and waiting at its <Gather>.
    assert_eq!(sandbox.call(&sid).unwrap().status, CallStatus::InProgress);

    let new = "<Response><Say>Change of plan</Say><Hangup/></Response>";
    let (status, json) = post(&sandbox, &call_path(&sid), &[("Twiml", new)]).await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["sid"], sid.as_str());
    assert_eq!(json["status"], "in-progress");
    sandbox.settle().await;

    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    let origins: Vec<_> = call.documents.iter().map(|d| d.origin.clone()).collect();
    assert_eq!(origins, [TwimlOrigin::Create, TwimlOrigin::Update]);
    assert_eq!(call.documents[1].xml, new);
    assert_eq!(call.twiml_document().unwrap().verbs(), ["Say", "Hangup"]);
    assert_eq!(
        call.steps,
        [
            CallStep::Said("Hello".into()),
            CallStep::Said("Press 1".into()),
            CallStep::Said("Change of plan".into()),
            CallStep::HungUp,
        ]
    );
    assert_eq!(call.spoken_texts(), ["Hello", "Press 1", "Change of plan"]);
    assert_eq!(
        statuses(&call.history),
        [
            CallStatus::Queued,
            CallStatus::Ringing,
            CallStatus::InProgress,
            CallStatus::Completed
        ]
    );
}

#[tokio::test]
async fn a_url_update_fetches_and_runs_the_new_twiml() {
    let app = WebApp::start().await;
    app.serve("/next.xml", "<Response><Say>Fetched</Say></Response>");
    let sandbox = Sandbox::start().await.unwrap();
    let sid = place(&sandbox, MENU, &[]).await;
    sandbox.settle().await;
    let url = app.url("/next.xml");
    let (status, json) = post(
        &sandbox,
        &call_path(&sid),
        &[("Url", url.as_str()), ("Method", "GET")],
    )
    .await;
    assert_eq!(status, 200, "{json}");
    sandbox.settle().await;

    let requests = app.received_at("/next.xml");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].params.get("CallSid"), Some(sid.as_str()));
    assert_eq!(requests[0].params.get("CallStatus"), Some("in-progress"));
    assert_signed(&sandbox, &requests[0]);
    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(
        call.documents.last().unwrap().origin,
        TwimlOrigin::Fetched(url.parse().unwrap())
    );
    assert_eq!(call.steps.last(), Some(&CallStep::Said("Fetched".into())));
}

#[tokio::test]
async fn completed_hangs_up_with_a_callback_and_a_finished_call_answers_21220() {
    let app = WebApp::start().await;
    let sandbox = Sandbox::start().await.unwrap();
    let callback = app.url("/status");
    let sid = place(&sandbox, MENU, &[("StatusCallback", callback.as_str())]).await;
    sandbox.settle().await;

    let (status, json) = post(&sandbox, &call_path(&sid), &[("Status", "completed")]).await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["status"], "completed");
    assert!(json["end_time"].is_string() && json["duration"].is_string());
    sandbox.settle().await;
    let callbacks = app.received_at("/status");
    assert_eq!(callbacks.len(), 1, "only the completed event by default");
    assert_eq!(callbacks[0].params.get("CallStatus"), Some("completed"));
    assert_signed(&sandbox, &callbacks[0]);

    for form in [
        [("Status", "completed")],
        [("Twiml", "<Response><Say>late</Say></Response>")],
    ] {
        let (status, json) = post(&sandbox, &call_path(&sid), &form).await;
        assert_eq!(
            (status, &json["code"]),
            (400, &Value::from(21220)),
            "{json}"
        );
        assert_eq!(json["message"], "Call is not in-progress. Cannot redirect.");
        assert_eq!(
            json["more_info"],
            "https://www.twilio.com/docs/errors/21220"
        );
    }
    assert_eq!(sandbox.call(&sid).unwrap().documents.len(), 1);
}

#[tokio::test]
async fn a_ringing_call_is_canceled_and_an_answered_one_is_not() {
    let sandbox = Sandbox::builder()
        .clock(Clock::Manual)
        .start()
        .await
        .unwrap();
    let ringing = place(&sandbox, MENU, &[]).await;
    let answered = place(&sandbox, MENU, &[]).await;
    sandbox.advance().await; // both ringing
    sandbox.advance().await; // both answered
    let ringing_again = place(&sandbox, MENU, &[]).await;
    sandbox.advance().await; // the third rings; the others wait at their <Gather>

    let (status, json) = post(
        &sandbox,
        &call_path(&ringing_again),
        &[("Status", "canceled")],
    )
    .await;
    assert_eq!(
        (status, json["status"].as_str()),
        (200, Some("canceled")),
        "{json}"
    );
    let call = sandbox.call(&ringing_again).unwrap();
    assert_eq!(
        statuses(&call.history),
        [
            CallStatus::Queued,
            CallStatus::Ringing,
            CallStatus::Canceled
        ]
    );
    assert_eq!((call.duration, call.start_time), (Some(0), None));
    assert!(call.steps.is_empty(), "its TwiML never ran");

    // `canceled` leaves an answered call alone, as with Twilio.
    let (status, json) = post(&sandbox, &call_path(&answered), &[("Status", "canceled")]).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (200, Some("in-progress"))
    );
    // `completed` on a call not yet answered cancels it.
    let queued = place(&sandbox, MENU, &[]).await;
    let (status, json) = post(&sandbox, &call_path(&queued), &[("Status", "completed")]).await;
    assert_eq!((status, json["status"].as_str()), (200, Some("canceled")));
    assert_eq!(
        sandbox.call(&ringing).unwrap().status,
        CallStatus::InProgress
    );
}

#[tokio::test]
async fn twiml_given_before_the_answer_runs_when_answered() {
    let sandbox = Sandbox::builder()
        .clock(Clock::Manual)
        .start()
        .await
        .unwrap();
    let sid = place(&sandbox, MENU, &[]).await;
    let new = "<Response><Say>Updated before answering</Say></Response>";
    let (status, _) = post(&sandbox, &call_path(&sid), &[("Twiml", new)]).await;
    assert_eq!(status, 200);
    assert_eq!(sandbox.call(&sid).unwrap().status, CallStatus::Queued);
    assert_eq!(sandbox.advance().await, 1);
    assert_eq!(sandbox.advance().await, 1);
    assert_eq!(sandbox.advance().await, 1);
    let call = sandbox.call(&sid).unwrap();
    assert_eq!(call.status, CallStatus::Completed);
    assert_eq!(
        call.steps,
        [CallStep::Said("Updated before answering".into())]
    );
}

#[tokio::test]
async fn call_updates_are_checked_like_twilio() {
    let sandbox = Sandbox::start().await.unwrap();
    let sid = place(&sandbox, MENU, &[]).await;
    sandbox.settle().await;
    let long = format!("<Response><Say>{}</Say></Response>", "a".repeat(4000));
    let cases: &[(&[(&str, &str)], u32)] = &[
        (&[("Status", "hung-up")], 20001),
        (
            &[("Twiml", "<Response/>"), ("Url", "https://example.com/a")],
            20001,
        ),
        (&[("Twiml", long.as_str())], 32018),
        (&[("Url", "ftp://example.com/a")], 21205),
        (
            &[("Url", "https://example.com/a"), ("Method", "PUT")],
            21209,
        ),
        (&[("StatusCallback", "not a url")], 21609),
        (&[("Status", "completed"), ("Twiml", "<Response/>")], 20001),
    ];
    for (form, code) in cases {
        let (status, json) = post(&sandbox, &call_path(&sid), form).await;
        assert_eq!(
            (status, &json["code"]),
            (400, &Value::from(*code)),
            "{form:?}: {json}"
        );
    }
    assert_eq!(sandbox.call(&sid).unwrap().status, CallStatus::InProgress);
    let unknown = "CA00000000000000000000000000000000";
    let (status, json) = post(
        &sandbox,
        &format!("Calls/{unknown}.json"),
        &[("Status", "completed")],
    )
    .await;
    assert_eq!((status, &json["code"]), (404, &Value::from(20404)));

    // A status callback change applies to the events that follow.
    let app = WebApp::start().await;
    let url = app.url("/late");
    let (status, _) = post(
        &sandbox,
        &call_path(&sid),
        &[
            ("StatusCallback", url.as_str()),
            ("StatusCallbackMethod", "GET"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    post(&sandbox, &call_path(&sid), &[("Status", "completed")]).await;
    sandbox.settle().await;
    let late = app.received_at("/late");
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].method, "GET");
    assert_eq!(late[0].params.get("CallStatus"), Some("completed"));
}

/// Schedules a message 20 minutes ahead through the messaging service.
async fn schedule(sandbox: &Sandbox) -> MessageSid {
    let send_at = (time::OffsetDateTime::now_utc() + time::Duration::minutes(20))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let service = sandbox.messaging_service_sid().to_string();
    let (status, json) = post(
        sandbox,
        "Messages.json",
        &[
            ("To", TO),
            ("MessagingServiceSid", &service),
            ("Body", "later"),
            ("ScheduleType", "fixed"),
            ("SendAt", &send_at),
        ],
    )
    .await;
    assert_eq!(status, 201, "{json}");
    assert_eq!(json["status"], "scheduled");
    json["sid"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_scheduled_message_is_canceled_and_others_answer_30409() {
    // A stepped clock makes the scheduled message wait for its SendAt.
    let sandbox = Sandbox::builder()
        .step_delay(Duration::from_millis(20))
        .start()
        .await
        .unwrap();
    let sid = schedule(&sandbox).await;
    let path = format!("Messages/{sid}.json");
    let (status, json) = post(&sandbox, &path, &[("Status", "canceled")]).await;
    assert_eq!(
        (status, json["status"].as_str()),
        (200, Some("canceled")),
        "{json}"
    );
    // The life cycle that waited for SendAt ends at once.
    tokio::time::timeout(Duration::from_secs(5), sandbox.settle())
        .await
        .expect("the canceled message's life cycle ended");
    let message = sandbox.message(&sid).unwrap();
    assert_eq!(
        statuses(&message.history),
        [MessageStatus::Scheduled, MessageStatus::Canceled]
    );

    let (status, json) = post(&sandbox, &path, &[("Status", "canceled")]).await;
    assert_eq!(
        (status, &json["code"]),
        (400, &Value::from(30409)),
        "{json}"
    );
    let delivered = sandbox.client().send_sms(TO, "now").send().await.unwrap();
    sandbox.settle().await;
    let (status, json) = post(
        &sandbox,
        &format!("Messages/{}.json", delivered.sid),
        &[("Status", "canceled")],
    )
    .await;
    assert_eq!(
        (status, &json["code"]),
        (400, &Value::from(30409)),
        "{json}"
    );
    assert_eq!(
        sandbox.message(&delivered.sid).unwrap().status,
        MessageStatus::Delivered
    );
}

#[tokio::test]
async fn a_sent_body_is_redacted_but_not_while_in_flight() {
    let sandbox = Sandbox::builder()
        .clock(Clock::Manual)
        .start()
        .await
        .unwrap();
    let sent = sandbox
        .client()
        .send_sms(TO, "secret code 1234")
        .send()
        .await
        .unwrap();
    let path = format!("Messages/{}.json", sent.sid);
    let (status, json) = post(&sandbox, &path, &[("Body", "")]).await;
    assert_eq!(
        (status, &json["code"]),
        (400, &Value::from(20009)),
        "{json}"
    );
    while sandbox.advance().await > 0 {}

    let (status, json) = post(&sandbox, &path, &[("Body", "")]).await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(
        (json["body"].as_str(), json["status"].as_str()),
        (Some(""), Some("delivered"))
    );
    assert_eq!(sandbox.message(&sent.sid).unwrap().body, "");
    let (_, json) = get(&sandbox, &path).await;
    assert_eq!(json["body"], "");

    for form in [
        &[("Body", "new text")][..],
        &[][..],
        &[("Status", "sent")][..],
    ] {
        let (status, json) = post(&sandbox, &path, form).await;
        assert_eq!(
            (status, &json["code"]),
            (400, &Value::from(20001)),
            "{form:?}: {json}"
        );
    }
}

#[tokio::test]
async fn a_deleted_message_is_gone() {
    let sandbox = Sandbox::builder()
        .clock(Clock::Manual)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let sent = client.send_sms(TO, "to delete").send().await.unwrap();
    let kept = client.send_sms(TO, "to keep").send().await.unwrap();
    let path = format!("Messages/{}.json", sent.sid);
    let (status, json) = delete(&sandbox, &path).await;
    assert_eq!(
        (status, &json["code"]),
        (400, &Value::from(20009)),
        "in flight: {json}"
    );
    while sandbox.advance().await > 0 {}

    let (status, json) = delete(&sandbox, &path).await;
    assert_eq!((status, json), (204, Value::Null));
    let (status, json) = get(&sandbox, &path).await;
    assert_eq!((status, &json["code"]), (404, &Value::from(20404)));
    let (status, _) = delete(&sandbox, &path).await;
    assert_eq!(status, 404);
    assert!(sandbox.message(&sent.sid).is_none());
    let (_, list) = get(&sandbox, "Messages.json").await;
    let sids: Vec<_> = list["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["sid"].clone())
        .collect();
    assert_eq!(sids, [Value::from(kept.sid.as_str())]);
}

#[tokio::test]
async fn a_messages_media_is_listed_and_fetched() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, json) = post(
        &sandbox,
        "Messages.json",
        &[
            ("To", TO),
            ("From", DEFAULT_NUMBERS[0]),
            ("MediaUrl", "https://example.com/cat.JPG"),
            ("MediaUrl", "https://example.com/menu.pdf"),
        ],
    )
    .await;
    assert_eq!(status, 201, "{json}");
    let sid = json["sid"].as_str().unwrap().to_owned();
    assert!(sid.starts_with("MM"));
    let media_path = json["subresource_uris"]["media"].as_str().unwrap();
    let account = format!("/2010-04-01/Accounts/{}/", sandbox.account_sid());
    let (status, list) = get(&sandbox, media_path.strip_prefix(&account).unwrap()).await;
    assert_eq!(status, 200, "{list}");
    let media = list["media_list"].as_array().unwrap();
    assert_eq!(media.len(), 2);
    assert_eq!(media[0]["content_type"], "image/jpeg");
    assert_eq!(media[1]["content_type"], "application/pdf");
    assert_eq!(media[0]["parent_sid"], sid.as_str());
    let media_sid = media[0]["sid"].as_str().unwrap();
    assert!(
        media_sid.starts_with("ME") && media_sid.len() == 34,
        "{media_sid}"
    );
    assert_eq!(list["page_size"], 50);

    let one = format!("Messages/{sid}/Media/{media_sid}.json");
    let (status, fetched) = get(&sandbox, &one).await;
    assert_eq!((status, &fetched), (200, &media[0]));
    assert_eq!(
        fetched["uri"],
        format!("{account}Messages/{sid}/Media/{media_sid}.json")
    );
    let recorded = sandbox.message(&sid.parse().unwrap()).unwrap();
    assert_eq!(recorded.media[0].sid.as_str(), media_sid);

    // The content: a redirect to where the media is, as Twilio's media store does.
    let content = sandbox
        .client()
        .media_content_url(&recorded.sid, &recorded.media[0].sid)
        .unwrap();
    let no_redirects = TwilioClient::http_client_builder()
        .unwrap()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = no_redirects
        .get(content)
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(
        response.headers()["location"],
        "https://example.com/cat.JPG"
    );

    // Deleted: 204, then 404, and the list has one left.
    assert_eq!(delete(&sandbox, &one).await.0, 204);
    assert_eq!(get(&sandbox, &one).await.0, 404);
    assert_eq!(delete(&sandbox, &one).await.0, 404);
    let (_, list) = get(&sandbox, &format!("Messages/{sid}/Media.json")).await;
    assert_eq!(list["media_list"].as_array().unwrap().len(), 1);
    let (status, json) = get(
        &sandbox,
        &format!("Messages/{sid}/Media/ME00000000000000000000000000000000.json"),
    )
    .await;
    assert_eq!((status, &json["code"]), (404, &Value::from(20404)));
    let (status, _) = get(
        &sandbox,
        "Messages/SM00000000000000000000000000000000/Media.json",
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn callbacks_to_other_hosts_are_not_sent_unless_allowed() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let message = client
        .send_sms(TO, "x")
        .status_callback("https://example.com/status")
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    let record = sandbox.message(&message.sid).unwrap();
    assert_eq!(record.status, MessageStatus::Delivered);
    assert_eq!(record.callbacks.len(), 3);
    for callback in &record.callbacks {
        let CallbackOutcome::NotSent(reason) = &callback.outcome else {
            panic!("sent to a remote host: {callback:?}");
        };
        assert!(reason.contains("not a loopback address"), "{reason}");
    }

    // Allowed, the sandbox tries (and fails to resolve a reserved name).
    let open = Sandbox::builder()
        .allow_remote_webhooks(true)
        .start()
        .await
        .unwrap();
    let message = open
        .client()
        .send_sms(TO, "x")
        .status_callback("http://sandbox-test.invalid/status")
        .send()
        .await
        .unwrap();
    open.settle().await;
    let record = open.message(&message.sid).unwrap();
    assert!(record
        .callbacks
        .iter()
        .all(|c| matches!(c.outcome, CallbackOutcome::Failed(_))));
}

#[tokio::test]
async fn the_client_steers_a_call_and_waits_for_its_end() {
    use twilio_typed::twiml::{Gather, Say, VoiceResponse};
    let sandbox = Sandbox::builder()
        .step_delay(Duration::from_millis(100))
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let menu = VoiceResponse::new().gather(Gather::new().say(Say::new("Press 1")));
    let call = client.call_with_twiml(TO, &menu).send().await.unwrap();
    // Ringing, then answered: wait for it as a caller would.
    let live = client
        .wait_for_call(&call.sid)
        .interval(Duration::from_millis(500))
        .timeout(Duration::from_secs(10))
        .until([CallStatus::InProgress])
        .await
        .unwrap();
    assert_eq!(live.status, CallStatus::InProgress);

    let next = VoiceResponse::new().say(Say::new("An agent is joining."));
    let updated = client
        .update_call(&call.sid)
        .twiml(&next)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.sid, call.sid);
    let ended = client
        .wait_for_call(&call.sid)
        .interval(Duration::from_millis(500))
        .timeout(Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(ended.status, CallStatus::Completed);
    let placed = sandbox.call(&call.sid).unwrap();
    assert_eq!(
        placed.steps.last(),
        Some(&CallStep::Said("An agent is joining.".into()))
    );
    // Hanging up a call that ended is Twilio's 21220.
    let err = client.hang_up(&call.sid).await.unwrap_err();
    assert_eq!((err.status(), err.api_code()), (Some(400), Some(21220)));
}

#[tokio::test]
async fn the_client_cancels_redacts_and_deletes_messages() {
    let sandbox = Sandbox::builder()
        .clock(Clock::Manual)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let scheduled = client
        .send_sms(TO, "later")
        .messaging_service(sandbox.messaging_service_sid().clone())
        .send_at(time::OffsetDateTime::now_utc() + Duration::from_secs(3600))
        .send()
        .await
        .unwrap();
    let canceled = client.cancel_message(&scheduled.sid).await.unwrap();
    assert_eq!(canceled.status, MessageStatus::Canceled);
    let err = client.cancel_message(&scheduled.sid).await.unwrap_err();
    assert_eq!(err.api_code(), Some(30409));

    let sent = client.send_sms(TO, "code 1234").send().await.unwrap();
    let err = client.delete_message(&sent.sid).await.unwrap_err();
    assert_eq!(err.api_code(), Some(20009), "in flight");
    while sandbox.advance().await > 0 {}
    let redacted = client.redact_message(&sent.sid).await.unwrap();
    assert_eq!(redacted.body.as_deref().unwrap_or_default(), "");
    client.delete_message(&sent.sid).await.unwrap();
    let err = client.fetch_message(&sent.sid).await.unwrap_err();
    assert_eq!(err.api_code(), Some(20404));
}

/// Waits for message `sid` through `proxy`, polling every 500 ms; returns
/// the message and how many polls it took.
async fn wait_through(
    proxy: &CountingProxy,
    sandbox: &Sandbox,
    sid: &MessageSid,
) -> (twilio_typed::Message, usize) {
    let message = proxy
        .client(sandbox)
        .wait_for_message(sid)
        .interval(Duration::from_millis(500))
        .timeout(Duration::from_secs(30))
        .await
        .unwrap();
    let poll = format!(
        "/2010-04-01/Accounts/{}/Messages/{sid}.json",
        sandbox.account_sid()
    );
    let requests = proxy.requests();
    assert!(
        requests
            .iter()
            .all(|(method, uri)| method == "GET" && *uri == poll),
        "{requests:?}"
    );
    (message, requests.len())
}

#[tokio::test]
async fn wait_for_message_polls_until_delivered() {
    let sandbox = Sandbox::builder()
        .step_delay(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let proxy = CountingProxy::start(&sandbox).await;
    let sent = sandbox.client().send_sms(TO, "wait for me").await.unwrap();
    assert_eq!(sent.status, MessageStatus::Queued);

    let (message, polls) = wait_through(&proxy, &sandbox, &sent.sid).await;
    assert_eq!(message.sid, sent.sid);
    assert_eq!(message.status, MessageStatus::Delivered);
    assert_eq!(message.error_code, None);
    // Queued at the first poll, delivered three 300 ms steps later.
    assert!(polls >= 2, "{polls} polls");
    assert_eq!(
        statuses(&sandbox.message(&sent.sid).unwrap().history),
        [
            MessageStatus::Queued,
            MessageStatus::Sending,
            MessageStatus::Sent,
            MessageStatus::Delivered
        ]
    );
}

#[tokio::test]
async fn wait_for_message_ends_at_undelivered() {
    let sandbox = Sandbox::builder()
        .step_delay(Duration::from_millis(300))
        .message_outcome(TO.parse().unwrap(), MessageOutcome::Undelivered(30003))
        .start()
        .await
        .unwrap();
    let proxy = CountingProxy::start(&sandbox).await;
    let sent = sandbox.client().send_sms(TO, "nobody home").await.unwrap();

    // Ends with the message (not a timeout) once it is undelivered.
    let (message, polls) = wait_through(&proxy, &sandbox, &sent.sid).await;
    assert_eq!(message.status, MessageStatus::Undelivered);
    assert_eq!(message.error_code, Some(30003));
    assert!(polls >= 2, "{polls} polls");
    // No poll after the one that saw it undelivered.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(proxy.requests().len(), polls);
}
