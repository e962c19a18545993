//! Recordings and message media against an httpmock Twilio: paths, methods,
//! paging (one page and as a stream) and the models.

use crate::common::*;
use futures_util::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use twilio_typed::{
    CallSid, MessageSid, RecordingFormat, RecordingSid, RecordingSource, RecordingStatus,
};

const RECORDING_SID: &str = "RE0123456789abcdef0123456789abcdef";
const MMS_SID: &str = "MM9f3b1c2d4e5f60718293a4b5c6d7e8f9";

fn recording_sid() -> RecordingSid {
    RECORDING_SID.parse().expect("sid")
}

#[tokio::test]
async fn fetch_recording_reads_the_model() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(&format!("Recordings/{RECORDING_SID}.json")))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN));
            then.status(200).body(fixture("recording.json"));
        })
        .await;
    let recording = client(&server)
        .fetch_recording(&recording_sid())
        .await
        .expect("fetched");
    mock.assert_async().await;
    assert_eq!(recording.sid, recording_sid());
    assert_eq!(
        recording.call_sid.as_ref().map(CallSid::as_str),
        Some(CALL_SID)
    );
    assert_eq!(recording.status, RecordingStatus::Completed);
    assert_eq!(recording.source, Some(RecordingSource::OutboundApi));
    assert_eq!(recording.duration, Some(14));
    assert_eq!(recording.channels, Some(1));
    assert_eq!(recording.price.as_deref(), Some("-0.00250"));
}

#[tokio::test]
async fn delete_recording_sends_delete() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(account_path(&format!("Recordings/{RECORDING_SID}.json")));
            then.status(204);
        })
        .await;
    client(&server)
        .delete_recording(&recording_sid())
        .await
        .expect("deleted");
    mock.assert_async().await;
}

#[tokio::test]
async fn list_recordings_of_the_account_with_page_size() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Recordings.json"))
                .query_param("PageSize", "2");
            then.status(200).body(fixture("list_recordings_page0.json"));
        })
        .await;
    let page = client(&server)
        .list_recordings()
        .page_size(2)
        .await
        .expect("listed");
    mock.assert_async().await;
    assert_eq!(page.items.len(), 2);
    // An in-progress recording's "-1" duration is no duration.
    assert_eq!(page.items[1].status, RecordingStatus::InProgress);
    assert_eq!(page.items[1].duration, None);
    assert!(page.has_next());
}

#[tokio::test]
async fn a_calls_recordings_stream_follows_next_page_uri() {
    let server = MockServer::start_async().await;
    let list = account_path(&format!("Calls/{CALL_SID}/Recordings.json"));
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(list.clone())
                .query_param("PageSize", "2")
                .query_param_missing("Page");
            then.status(200).body(fixture("list_recordings_page0.json"));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(list.clone())
                .query_param("Page", "1")
                .query_param("PageToken", "PARE1");
            then.status(200).body(fixture("list_recordings_page1.json"));
        })
        .await;
    let call: CallSid = CALL_SID.parse().unwrap();
    let client = client(&server);
    let all: Vec<_> = client
        .list_call_recordings(&call)
        .page_size(2)
        .stream(None)
        .try_collect()
        .await
        .expect("every page");
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    assert_eq!(all.len(), 3);
    // A status this crate does not know is kept, not an error.
    assert_eq!(
        all[2].status,
        RecordingStatus::Unknown("transcoding".to_owned())
    );

    // A limit stops early: 2 items need only the first page.
    let two: Vec<_> = client
        .list_call_recordings(&call)
        .page_size(2)
        .stream(Some(2))
        .try_collect()
        .await
        .expect("first page");
    assert_eq!(two.len(), 2);
    first.assert_calls_async(2).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_stream_reports_an_invalid_filter_once_without_a_request() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(fixture("list_recordings_page0.json"));
        })
        .await;
    let results: Vec<_> = client(&server)
        .list_recordings()
        .page_size(0)
        .stream(None)
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(results[0].as_ref().unwrap_err().is_invalid_input());
    any.assert_calls_async(0).await;
}

#[test]
fn recording_media_urls_name_the_format() {
    let client = builder("https://api.twilio.com").build().unwrap();
    let url = client
        .recording_media_url(&recording_sid(), RecordingFormat::Mp3)
        .unwrap();
    assert_eq!(
        url.as_str(),
        format!("https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{RECORDING_SID}.mp3")
    );
    let url = client
        .recording_media_url(&recording_sid(), RecordingFormat::Wav)
        .unwrap();
    assert!(url.as_str().ends_with(".wav"));
}

#[tokio::test]
async fn list_message_media_reads_media_list() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(&format!("Messages/{MMS_SID}/Media.json")));
            then.status(200).body(fixture("list_media_page0.json"));
        })
        .await;
    let sid: MessageSid = MMS_SID.parse().unwrap();
    let client = client(&server);
    let page = client.list_message_media(&sid).await.expect("listed");
    mock.assert_async().await;
    assert_eq!(page.items.len(), 2);
    let media = &page.items[0];
    assert_eq!(media.sid.as_str(), "ME0123456789abcdef0123456789abcdef");
    assert_eq!(media.parent_sid.as_ref(), Some(&sid));
    assert_eq!(media.content_type.as_deref(), Some("image/jpeg"));
    let url = client.media_content_url(&sid, &media.sid).unwrap();
    assert!(url.path().ends_with(&format!(
        "/Messages/{MMS_SID}/Media/ME0123456789abcdef0123456789abcdef"
    )));
}

#[tokio::test]
async fn recording_date_filters_are_days() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Recordings.json"))
                .query_param("DateCreated>", "2025-12-01")
                .query_param("DateCreated<", "2025-12-17");
            then.status(200).body(fixture("list_recordings_page0.json"));
        })
        .await;
    client(&server)
        .list_recordings()
        .created_on_or_after(time::macros::date!(2025 - 12 - 01))
        .created_on_or_before(time::macros::date!(2025 - 12 - 17))
        .await
        .expect("listed");
    mock.assert_async().await;
}
