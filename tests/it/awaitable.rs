//! Every request builder can be awaited directly (`IntoFuture`), with a
//! `Send` future (so it can be spawned), and gives what `.send()` gives.

use std::future::IntoFuture;

use crate::common::*;
use httpmock::prelude::*;
use twilio_typed::call_update::{KeepCourse, NewStatus, NewTwiml, NewUrl};
use twilio_typed::{
    Call, Error, ListCalls, ListMedia, ListMessages, ListRecordings, MakeCall, Media, Message,
    Page, Recording, SendMessage, SendVoiceMessage, UpdateCall, WaitFor,
};

fn awaitable<B, T>()
where
    B: IntoFuture<Output = Result<T, Error>>,
    B::IntoFuture: Send + 'static,
{
}

#[test]
fn every_builder_is_awaitable_with_a_send_future() {
    awaitable::<SendMessage, Message>();
    awaitable::<MakeCall, Call>();
    awaitable::<SendVoiceMessage, Call>();
    awaitable::<ListMessages, Page<Message>>();
    awaitable::<ListCalls, Page<Call>>();
    awaitable::<ListRecordings, Page<Recording>>();
    awaitable::<ListMedia, Page<Media>>();
    awaitable::<UpdateCall<KeepCourse>, Call>();
    awaitable::<UpdateCall<NewTwiml>, Call>();
    awaitable::<UpdateCall<NewUrl>, Call>();
    awaitable::<UpdateCall<NewStatus>, Call>();
    awaitable::<WaitFor<Message>, Message>();
    awaitable::<WaitFor<Call>, Call>();
}

#[tokio::test]
async fn awaiting_a_list_sends_it_like_send() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Calls.json"))
                .query_param("Status", "completed");
            then.status(200).body(fixture("list_calls_page0.json"));
        })
        .await;
    let client = client(&server);
    let awaited = client
        .list_calls()
        .status(twilio_typed::CallStatus::Completed)
        .await
        .expect("awaited");
    let sent = client
        .list_calls()
        .status(twilio_typed::CallStatus::Completed)
        .send()
        .await
        .expect("sent");
    mock.assert_calls_async(2).await;
    assert_eq!(awaited, sent);
    assert!(!awaited.items.is_empty());
}
