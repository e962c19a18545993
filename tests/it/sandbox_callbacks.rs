//! Status callbacks from the sandbox arrive at a local receiver, signed with
//! `X-Twilio-Signature` exactly as Twilio signs them.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::routing::any;
use axum::Router;
use twilio_typed::sandbox::{CallbackOutcome, Clock, Sandbox};
use twilio_typed::webhook::{
    CallStatusCallback, FromParams, MessageStatusCallback, Params, SIGNATURE_HEADER,
};
use twilio_typed::{CallEvent, CallStatus, HttpMethod, MessageStatus};

const TO: &str = "+12025551234";

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    method: Method,
    /// The full URL as the receiver reconstructs it.
    url: String,
    signature: String,
    params: Params,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

async fn record(
    State((inbox, base)): State<(Inbox, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    let url = format!("{base}{path_and_query}");
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    inbox.lock().unwrap().push(Received {
        method,
        url,
        signature,
        params: Params::from_form(&body),
    });
    StatusCode::NO_CONTENT
}

/// A local webhook receiver; returns its base URL and what it receives.
async fn receiver() -> (String, Inbox) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let inbox = Inbox::default();
    let app = Router::new()
        .route("/{*path}", any(record))
        .with_state((inbox.clone(), base.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, inbox)
}

#[tokio::test]
async fn message_callbacks_are_signed_and_parse() {
    let (base, inbox) = receiver().await;
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let url = format!("{base}/twilio/status?tenant=acme");
    let message = client
        .send_sms(TO, "tracked")
        .status_callback(url.as_str())
        .send()
        .await
        .unwrap();
    sandbox.settle().await;

    let received = inbox.lock().unwrap().clone();
    let validator = sandbox.validator();
    let mut statuses = Vec::new();
    for request in &received {
        assert_eq!(request.method, Method::POST);
        assert_eq!(request.url, url);
        validator
            .validate(&request.url, &request.params, &request.signature)
            .unwrap_or_else(|e| panic!("{e}: {request:?}"));
        let callback = MessageStatusCallback::from_params(request.params.clone()).unwrap();
        assert_eq!(callback.message_sid, message.sid);
        assert_eq!(&callback.account_sid, sandbox.account_sid());
        assert_eq!(callback.to.as_ref().map(|t| t.as_str()), Some(TO));
        assert_eq!(
            request.params.get("SmsStatus"),
            Some(callback.message_status.as_str())
        );
        assert_eq!(request.params.get("ApiVersion"), Some("2010-04-01"));
        statuses.push(callback.message_status);
    }
    // No callback for the initial status, as on Twilio.
    assert_eq!(
        statuses,
        [
            MessageStatus::Sending,
            MessageStatus::Sent,
            MessageStatus::Delivered
        ]
    );

    // A wrong token does not validate the same request.
    let wrong = twilio_typed::webhook::RequestValidator::new("not-the-token");
    assert!(wrong
        .validate(
            &received[0].url,
            &received[0].params,
            &received[0].signature
        )
        .is_err());

    let record = sandbox.message(&message.sid).unwrap();
    assert_eq!(record.callbacks.len(), 3);
    assert!(record
        .callbacks
        .iter()
        .all(|c| c.outcome == CallbackOutcome::Answered(204)));
    assert_eq!(
        record.callbacks[2].params.get("MessageStatus"),
        Some("delivered")
    );
}

#[tokio::test]
async fn call_callbacks_follow_the_requested_events() {
    let (base, inbox) = receiver().await;
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let url = format!("{base}/twilio/call-status");
    let call = client
        .send_voice_message(TO, "Hello")
        .status_callback(url.as_str())
        .status_callback_events([
            CallEvent::Initiated,
            CallEvent::Ringing,
            CallEvent::Answered,
            CallEvent::Completed,
        ])
        .send()
        .await
        .unwrap();
    sandbox.settle().await;

    let received = inbox.lock().unwrap().clone();
    let validator = sandbox.validator();
    let mut seen = Vec::new();
    for (i, request) in received.iter().enumerate() {
        validator
            .validate(&request.url, &request.params, &request.signature)
            .unwrap();
        let callback = CallStatusCallback::from_params(request.params.clone()).unwrap();
        assert_eq!(callback.call_sid, call.sid);
        assert_eq!(callback.sequence_number, Some(u32::try_from(i).unwrap()));
        assert_eq!(
            callback.callback_source.as_deref(),
            Some("call-progress-events")
        );
        assert!(callback.timestamp.is_some());
        seen.push((callback.call_status, callback.call_duration));
    }
    let completed = sandbox.call(&call.sid).unwrap().duration;
    assert_eq!(
        seen,
        [
            (CallStatus::Initiated, None),
            (CallStatus::Ringing, None),
            (CallStatus::InProgress, None),
            (CallStatus::Completed, completed),
        ]
    );
}

#[tokio::test]
async fn get_callbacks_sign_the_url_with_its_query() {
    let (base, inbox) = receiver().await;
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    client
        .call_with_url(TO, "https://example.com/a.xml")
        .status_callback(format!("{base}/status?x=1").as_str())
        .status_callback_method(HttpMethod::Get)
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    let received = inbox.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "only `completed` by default");
    let request = &received[0];
    assert_eq!(request.method, Method::GET);
    assert!(
        request.url.starts_with(&format!("{base}/status?x=1&")),
        "{}",
        request.url
    );
    assert!(request.url.contains("CallStatus=completed"));
    let none: [(&str, &str); 0] = [];
    sandbox
        .validator()
        .validate(&request.url, none, &request.signature)
        .unwrap();
}

#[tokio::test]
async fn failed_callbacks_are_recorded_and_do_not_stop_the_life_cycle() {
    // Nothing listens on the port of a receiver that is bound then dropped.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/status", listener.local_addr().unwrap())
    };
    let sandbox = Sandbox::builder()
        .clock(Clock::Instant)
        .start()
        .await
        .unwrap();
    let client = sandbox.client();
    let message = client
        .send_sms(TO, "x")
        .status_callback(closed.as_str())
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    let record = sandbox.message(&message.sid).unwrap();
    assert_eq!(record.status, MessageStatus::Delivered);
    assert_eq!(record.callbacks.len(), 3);
    assert!(record
        .callbacks
        .iter()
        .all(|c| matches!(c.outcome, CallbackOutcome::Failed(_))));
    assert!(!record.callbacks[0].outcome.is_success());
}
