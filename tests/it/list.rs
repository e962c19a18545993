//! Listing messages and calls against an httpmock Twilio: path, query, paging.

use crate::common::*;
use httpmock::prelude::*;
use time::macros::date;
use twilio_typed::{CallStatus, Error, MessageStatus};

#[tokio::test]
async fn list_messages_sends_the_filters_and_follows_next_page_uri() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Messages.json"))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .query_param("To", TO)
                .query_param("DateSent>", "2025-12-01")
                .query_param("PageSize", "2")
                .query_param_missing("Page");
            then.status(200).body(fixture("list_messages_page0.json"));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Messages.json"))
                .query_param("To", TO)
                .query_param("DateSent>", "2025-12-01")
                .query_param("PageSize", "2")
                .query_param("Page", "1")
                .query_param("PageToken", "PASM9f3b1c2d4e5f60718293a4b5c6d7e8f8");
            then.status(200).body(fixture("list_messages_page1.json"));
        })
        .await;

    let client = client(&server);
    let page = client
        .list_messages()
        .to("+1 (202) 555-1234")
        .sent_on_or_after(date!(2025 - 12 - 01))
        .page_size(2)
        .send()
        .await
        .expect("first page");
    first.assert_async().await;
    assert_eq!(
        (page.page, page.page_size, page.start, page.end),
        (0, 2, 0, 1)
    );
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].sid.as_str(), MESSAGE_SID);
    assert_eq!(page.items[0].status, MessageStatus::Delivered);
    assert_eq!(page.items[1].status, MessageStatus::Queued);
    assert!(page.has_next() && page.previous_page_uri.is_none());

    let next = client
        .next_page(&page)
        .await
        .expect("second page")
        .expect("a next page");
    second.assert_async().await;
    assert_eq!(next.page, 1);
    assert_eq!(next.items[0].body.as_deref(), Some("Third"));
    assert!(!next.has_next());
    assert!(client.next_page(&next).await.expect("no request").is_none());
}

#[tokio::test]
async fn list_calls_sends_the_filters_and_parses_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Calls.json"))
                .query_param("From", FROM)
                .query_param("Status", "completed")
                .query_param("StartTime>", "2025-12-01")
                .query_param("StartTime<", "2025-12-31")
                .query_param("PageSize", "50");
            then.status(200).body(fixture("list_calls_page0.json"));
        })
        .await;
    let page = client(&server)
        .list_calls()
        .from(FROM)
        .status(CallStatus::Completed)
        .started_on_or_after(date!(2025 - 12 - 01))
        .started_on_or_before(date!(2025 - 12 - 31))
        .page_size(50)
        .send()
        .await
        .expect("page");
    mock.assert_async().await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].sid.as_str(), CALL_SID);
    assert_eq!(page.items[0].status, CallStatus::Completed);
    assert!(!page.has_next());
}

#[tokio::test]
async fn an_unfiltered_list_has_no_query() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Calls.json"))
                .query_param_missing("PageSize")
                .query_param_missing("To");
            then.status(200).body(fixture("list_calls_page0.json"));
        })
        .await;
    client(&server).list_calls().send().await.expect("page");
    mock.assert_async().await;
}

#[tokio::test]
async fn invalid_filters_fail_before_any_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(200).body(fixture("list_messages_page0.json"));
        })
        .await;
    let c = client(&server);
    let cases: Vec<(&str, Result<(), Error>)> = vec![
        (
            "page_size",
            c.list_messages().page_size(0).send().await.map(drop),
        ),
        (
            "page_size",
            c.list_calls().page_size(1001).send().await.map(drop),
        ),
        (
            "to",
            c.list_messages().to("2025551234").send().await.map(drop),
        ),
        ("from", c.list_calls().from("+1555").send().await.map(drop)),
    ];
    for (field, result) in cases {
        match result {
            Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected InvalidInput, got {other:?}"),
        }
    }
    assert!(c.list_messages().page_size(1000).send().await.is_ok());
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn a_next_page_uri_of_another_account_is_refused() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(200)
                .body(fixture("list_messages_page0.json").replace(
                    "/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?",
                    "/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json?",
                ));
        })
        .await;
    let c = client(&server);
    let page = c.list_messages().send().await.expect("page");
    let err = c.next_page(&page).await.unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
}

#[tokio::test]
async fn a_message_stream_sizes_pages_from_its_limit_and_follows_next_page_uri() {
    use futures_util::TryStreamExt;
    let server = MockServer::start_async().await;
    // A limit of 3 with no page size asks for pages of 3.
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Messages.json"))
                .query_param("To", TO)
                .query_param("PageSize", "3")
                .query_param_missing("Page");
            then.status(200).body(fixture("list_messages_page0.json"));
        })
        .await;
    // The fixture's next_page_uri is followed verbatim.
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path("Messages.json"))
                .query_param("Page", "1")
                .query_param("PageToken", "PASM9f3b1c2d4e5f60718293a4b5c6d7e8f8");
            then.status(200).body(fixture("list_messages_page1.json"));
        })
        .await;
    let client = client(&server);
    let messages: Vec<_> = client
        .list_messages()
        .to(TO)
        .stream(Some(3))
        .try_collect()
        .await
        .expect("three messages");
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[2].body.as_deref(), Some("Third"));

    // No request at all for a limit of 0.
    let none: Vec<_> = client
        .list_messages()
        .to(TO)
        .stream(Some(0))
        .try_collect()
        .await
        .expect("empty");
    assert!(none.is_empty());
    first.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_call_stream_ends_after_a_failed_page() {
    use futures_util::StreamExt;
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path(account_path("Calls.json"));
            then.status(500).body(fixture("error_20404.json"));
        })
        .await;
    let results: Vec<_> = client(&server).list_calls().stream(None).collect().await;
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap_err().status(), Some(500));
    mock.assert_calls_async(1).await;
}
