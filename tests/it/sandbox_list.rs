//! Listing through the sandbox: the crate's list builders, filters and paging,
//! and the paging envelope as `curl` sees it.

use crate::sandbox_support::CountingProxy;
use futures_util::TryStreamExt;
use serde_json::Value;
use twilio_typed::sandbox::{Sandbox, DEFAULT_NUMBERS};
use twilio_typed::{CallStatus, Message};

const TO: &str = "+12025551234";

#[tokio::test]
async fn lists_filter_and_page_newest_first() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let mut sids = Vec::new();
    for i in 0..5 {
        let to = if i % 2 == 0 { TO } else { "+12025559876" };
        sids.push(
            client
                .send_sms(to, format!("n{i}"))
                .send()
                .await
                .unwrap()
                .sid,
        );
    }
    sandbox.settle().await;

    let first = client.list_messages().page_size(2).send().await.unwrap();
    assert_eq!(
        first
            .items
            .iter()
            .map(|m| m.sid.clone())
            .collect::<Vec<_>>(),
        [sids[4].clone(), sids[3].clone()]
    );
    assert_eq!(
        (first.page, first.page_size, first.start, first.end),
        (0, 2, 0, 1)
    );
    let second = client.next_page(&first).await.unwrap().unwrap();
    assert_eq!(second.items[0].sid, sids[2]);
    let third = client.next_page(&second).await.unwrap().unwrap();
    assert_eq!(third.items.len(), 1);
    assert!(client.next_page(&third).await.unwrap().is_none());

    let to_me = client.list_messages().to(TO).send().await.unwrap();
    assert_eq!(to_me.items.len(), 3);
    assert!(to_me.items.iter().all(|m| m.to.as_str() == TO));
    let today = time::OffsetDateTime::now_utc().date();
    let sent_today = client
        .list_messages()
        .date_sent(today)
        .from(DEFAULT_NUMBERS[0])
        .send()
        .await
        .unwrap();
    assert_eq!(sent_today.items.len(), 5);
    let yesterday = today.previous_day().unwrap();
    assert!(client
        .list_messages()
        .sent_on_or_before(yesterday)
        .send()
        .await
        .unwrap()
        .items
        .is_empty());

    client
        .call_with_url(TO, "https://example.com/a.xml")
        .send()
        .await
        .unwrap();
    sandbox.settle().await;
    let calls = client
        .list_calls()
        .status(CallStatus::Completed)
        .started_on_or_after(today)
        .send()
        .await
        .unwrap();
    assert_eq!(calls.items.len(), 1);
    assert!(client
        .list_calls()
        .status(CallStatus::Busy)
        .send()
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn the_paging_envelope_is_twilios() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    for i in 0..3 {
        client.send_sms(TO, format!("n{i}")).send().await.unwrap();
    }
    let path = format!(
        "/2010-04-01/Accounts/{}/Messages.json",
        sandbox.account_sid()
    );
    let url = format!(
        "{}{}?To=%2B12025551234&PageSize=2&Page=1",
        sandbox.base_url(),
        &path[1..]
    );
    let page: Value = crate::common::http()
        .get(url)
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["page"], 1);
    assert_eq!(page["page_size"], 2);
    assert_eq!(
        (page["start"].clone(), page["end"].clone()),
        (Value::from(2), Value::from(2))
    );
    assert_eq!(page["messages"].as_array().unwrap().len(), 1);
    assert_eq!(page["messages"][0]["body"], "n0");
    assert_eq!(page["next_page_uri"], Value::Null);
    assert_eq!(
        page["previous_page_uri"],
        format!("{path}?To=%2B12025551234&PageSize=2&Page=0")
    );
    assert_eq!(
        page["first_page_uri"],
        format!("{path}?To=%2B12025551234&PageSize=2&Page=0")
    );
    assert_eq!(
        page["uri"],
        format!("{path}?To=%2B12025551234&PageSize=2&Page=1")
    );
}

#[tokio::test]
async fn a_bounded_stream_follows_pages_and_stops_at_its_limit() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let mut sids = Vec::new();
    for i in 0..25 {
        sids.push(
            client
                .send_sms(TO, format!("n{i}"))
                .send()
                .await
                .unwrap()
                .sid,
        );
    }
    sandbox.settle().await;
    let proxy = CountingProxy::start(&sandbox).await;

    let streamed: Vec<Message> = proxy
        .client(&sandbox)
        .list_messages()
        .page_size(10)
        .stream(Some(23))
        .try_collect()
        .await
        .unwrap();

    // Newest first: the last 23 sent, in reverse order of sending.
    let expected: Vec<_> = sids.iter().rev().take(23).cloned().collect();
    let got: Vec<_> = streamed.into_iter().map(|m| m.sid).collect();
    assert_eq!(got, expected);
    let path = format!(
        "/2010-04-01/Accounts/{}/Messages.json",
        sandbox.account_sid()
    );
    let requests: Vec<String> = proxy
        .requests()
        .into_iter()
        .map(|(method, uri)| format!("{method} {uri}"))
        .collect();
    assert_eq!(
        requests,
        [
            format!("GET {path}?PageSize=10"),
            format!("GET {path}?PageSize=10&Page=1"),
            format!("GET {path}?PageSize=10&Page=2"),
        ]
    );
}
