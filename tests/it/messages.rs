//! SMS/MMS requests against an httpmock Twilio: path, auth, form and model.

use crate::common::*;
use httpmock::prelude::*;
use std::time::Duration;
use twilio_typed::{Endpoint, Error, MessageDirection, MessageSid, MessageStatus};

#[tokio::test]
async fn send_sms_posts_the_exact_form_and_parses_the_message() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form(&[
                    ("To", TO),
                    ("From", FROM),
                    ("Body", "Hello from MYCA! & <ok> +1"),
                ]));
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture("message_queued.json"));
        })
        .await;

    let message = client(&server)
        .send_sms("+1 (202) 555-1234", "Hello from MYCA! & <ok> +1")
        .send()
        .await
        .expect("sent");

    mock.assert_async().await;
    assert_eq!(message.sid.as_str(), MESSAGE_SID);
    assert_eq!(message.account_sid.as_str(), ACCOUNT_SID);
    assert_eq!(message.status, MessageStatus::Queued);
    assert_eq!(message.direction, Some(MessageDirection::OutboundApi));
    assert_eq!(message.to.as_str(), TO);
    assert!(matches!(message.to, Endpoint::Phone(_)));
    assert_eq!(message.from.as_ref().map(Endpoint::as_str), Some(FROM));
    assert_eq!(message.body.as_deref(), Some("Hello from MYCA!"));
    assert_eq!(message.num_segments, Some(1));
    assert_eq!(message.num_media, Some(0));
    assert_eq!(message.price, None);
    assert_eq!(message.error_code, None);
    assert_eq!(message.date_sent, None);
    assert_eq!(
        message.date_created.map(|d| d.unix_timestamp()),
        Some(1_765_967_398)
    );
}

#[tokio::test]
async fn mms_with_every_option_sends_repeated_media_urls() {
    let server = MockServer::start_async().await;
    let service = "MG0123456789abcdef0123456789abcdef";
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .path(account_path("Messages.json"))
                .body(form(&[
                    ("To", TO),
                    ("From", "+12025550199"),
                    ("MessagingServiceSid", service),
                    ("Body", "Look"),
                    ("MediaUrl", "https://example.com/a.jpg"),
                    ("MediaUrl", "https://example.com/b.png?x=1&y=2"),
                    ("StatusCallback", "https://example.com/status"),
                    ("ValidityPeriod", "600"),
                ]));
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;

    client(&server)
        .send_message(TO)
        .body("Look")
        .from("+12025550199")
        .messaging_service(service)
        .media_url("https://example.com/a.jpg")
        .media_url("https://example.com/b.png?x=1&y=2")
        .status_callback("https://example.com/status")
        .validity_period(Duration::from_secs(600))
        .send()
        .await
        .expect("sent");
    mock.assert_async().await;
}

#[tokio::test]
async fn media_only_message_needs_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .path(account_path("Messages.json"))
                .body(form(&[
                    ("To", TO),
                    ("From", FROM),
                    ("MediaUrl", "https://example.com/a.jpg"),
                ]));
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    client(&server)
        .send_message(TO)
        .media_url("https://example.com/a.jpg")
        .send()
        .await
        .expect("sent");
    mock.assert_async().await;
}

#[tokio::test]
async fn scheduled_message_sends_send_at_and_schedule_type() {
    let server = MockServer::start_async().await;
    let service = "MG0123456789abcdef0123456789abcdef";
    let at = time::OffsetDateTime::now_utc() + Duration::from_secs(3600);
    let at = at.replace_nanosecond(0).unwrap();
    let at_text = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .path(account_path("Messages.json"))
                .body(form(&[
                    ("To", TO),
                    ("MessagingServiceSid", service),
                    ("Body", "Later"),
                    ("SendAt", &at_text),
                    ("ScheduleType", "fixed"),
                ]));
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    client(&server)
        .send_sms(TO, "Later")
        .messaging_service(service)
        .send_at(at)
        .send()
        .await
        .expect("scheduled");
    mock.assert_async().await;
}

#[tokio::test]
async fn fetch_message_by_sid() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(&format!("Messages/{MESSAGE_SID}.json")))
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN));
            then.status(200).body(fixture("message_delivered.json"));
        })
        .await;
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let message = client(&server).fetch_message(&sid).await.expect("fetched");
    mock.assert_async().await;
    assert_eq!(message.status, MessageStatus::Delivered);
    assert!(message.status.is_final());
    assert_eq!(message.price.as_deref(), Some("-0.00790"));
    assert_eq!(message.price_unit.as_deref(), Some("USD"));
    let sent = message.date_sent.expect("date_sent");
    assert_eq!(
        sent.format(&time::format_description::well_known::Rfc3339)
            .unwrap(),
        "2025-12-17T10:30:00Z"
    );
}

#[tokio::test]
async fn a_status_twilio_adds_later_does_not_break_parsing() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(200).body(fixture("message_future_status.json"));
        })
        .await;
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    let message = client(&server).fetch_message(&sid).await.expect("fetched");
    assert_eq!(
        message.status,
        MessageStatus::Unknown("partially_read_by_robots".into())
    );
    assert_eq!(message.status.to_string(), "partially_read_by_robots");
    assert_eq!(
        message.direction,
        Some(MessageDirection::Unknown("outbound-quantum".into()))
    );
}

/// Invalid input fails before any request: the mock sees zero hits.
#[tokio::test]
async fn invalid_input_is_rejected_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    let c = client(&server);
    let cases: Vec<(&str, Result<_, Error>)> = vec![
        ("to", c.send_sms("2025551234", "hi").send().await),
        ("to", c.send_sms("+1555", "hi").send().await),
        ("body", c.send_sms(TO, "").send().await),
        ("to", c.send_sms(FROM, "to myself").send().await),
        ("body", c.send_sms(TO, "x".repeat(1601)).send().await),
        ("from", c.send_sms(TO, "hi").from("12").send().await),
        (
            "messaging_service_sid",
            c.send_sms(TO, "hi").messaging_service("MG12").send().await,
        ),
        (
            "media_url",
            c.send_sms(TO, "hi")
                .media_url("ftp://example.com/a")
                .send()
                .await,
        ),
        (
            "media_url",
            c.send_sms(TO, "hi").media_url("not a url").send().await,
        ),
        (
            "status_callback",
            c.send_sms(TO, "hi")
                .status_callback("/relative")
                .send()
                .await,
        ),
        (
            "validity_period",
            c.send_sms(TO, "hi")
                .validity_period(Duration::from_secs(36_001))
                .send()
                .await,
        ),
        (
            "validity_period",
            c.send_sms(TO, "hi")
                .validity_period(Duration::from_millis(1500))
                .send()
                .await,
        ),
        (
            "send_at",
            c.send_sms(TO, "hi")
                .send_at(time::OffsetDateTime::now_utc() + Duration::from_secs(7200))
                .send()
                .await,
        ),
        (
            "send_at",
            c.send_sms(TO, "hi")
                .messaging_service("MG0123456789abcdef0123456789abcdef")
                .send_at(time::OffsetDateTime::now_utc() + Duration::from_secs(60))
                .send()
                .await,
        ),
    ];
    let mut too_much_media = c.send_message(TO);
    for i in 0..11 {
        too_much_media = too_much_media.media_url(format!("https://example.com/{i}.jpg").as_str());
    }
    let mut cases = cases;
    cases.push(("media_url", too_much_media.send().await));

    for (field, result) in cases {
        match result {
            Err(Error::InvalidInput { field: f, reason }) => {
                assert_eq!(f, field, "{reason}");
                assert!(!reason.is_empty());
            }
            other => panic!("{field}: expected InvalidInput, got {other:?}"),
        }
    }
    // 1600 characters (not bytes) is fine: 1600 multi-byte characters are accepted.
    assert!(c.send_sms(TO, "é".repeat(1600)).send().await.is_ok());
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn error_messages_name_the_field_and_rule() {
    let server = MockServer::start_async().await;
    let err = client(&server)
        .send_sms("2025551234", "hi")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid to: phone number must start with + and the country code (E.164, e.g. +12025551234); no default country is assumed"
    );
    assert!(!err.may_have_reached_twilio());
    let err = client(&server)
        .send_sms(TO, "x".repeat(1601))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid body: must be at most 1600 characters, got 1601"
    );
}

fn message_sid() -> MessageSid {
    MESSAGE_SID.parse().expect("sid")
}

fn message_path() -> String {
    account_path(&format!("Messages/{MESSAGE_SID}.json"))
}

#[tokio::test]
async fn cancel_message_posts_status_canceled() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(message_path())
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form(&[("Status", "canceled")]));
            then.status(200).body(fixture("message_canceled.json"));
        })
        .await;
    let message = client(&server)
        .cancel_message(&message_sid())
        .await
        .expect("canceled");
    mock.assert_async().await;
    assert_eq!(message.status, MessageStatus::Canceled);
}

#[tokio::test]
async fn redact_message_posts_an_empty_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(message_path()).body("Body=");
            then.status(200).body(fixture("message_redacted.json"));
        })
        .await;
    let message = client(&server)
        .redact_message(&message_sid())
        .await
        .expect("redacted");
    mock.assert_async().await;
    assert_eq!(message.body.as_deref(), Some(""));
}

#[tokio::test]
async fn delete_message_sends_delete_and_reads_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(message_path())
                .header("authorization", basic_auth(ACCOUNT_SID, AUTH_TOKEN));
            then.status(204);
        })
        .await;
    client(&server)
        .delete_message(&message_sid())
        .await
        .expect("deleted");
    mock.assert_async().await;
}

#[tokio::test]
async fn canceling_a_message_that_is_not_scheduled_keeps_twilios_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(message_path());
            then.status(400).body(
                r#"{"code": 30409, "message": "Message cannot be canceled", "more_info": "https://www.twilio.com/docs/errors/30409", "status": 400}"#,
            );
        })
        .await;
    let err = client(&server)
        .cancel_message(&message_sid())
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!((err.status(), err.api_code()), (Some(400), Some(30409)));
}

#[tokio::test]
async fn a_delete_of_a_gone_message_answers_20404() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path(message_path());
            then.status(404).body(fixture("error_20404.json"));
        })
        .await;
    let err = client(&server)
        .delete_message(&message_sid())
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.api_code(), Some(20404));
}

#[tokio::test]
async fn send_sms_can_be_awaited_without_send() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .body(form(&[("To", TO), ("From", FROM), ("Body", "Hi")]));
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    let message = client(&server).send_sms(TO, "Hi").await.expect("sent");
    mock.assert_async().await;
    assert_eq!(message.sid, message_sid());
}

#[tokio::test]
async fn content_template_and_delivery_options_send_twilios_names() {
    use twilio_typed::{ContentVariables, RiskCheck};
    let server = MockServer::start_async().await;
    let service = "MG0123456789abcdef0123456789abcdef";
    let content = "HX0123456789abcdef0123456789abcdef";
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(account_path("Messages.json"))
                .body(form(&[
                    ("To", TO),
                    ("MessagingServiceSid", service),
                    ("ContentSid", content),
                    ("ContentVariables", r#"{"1":"Jane","2":"10:30 \"sharp\""}"#),
                    ("ShortenUrls", "true"),
                    ("SmartEncoded", "true"),
                    ("RiskCheck", "disable"),
                ]));
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    // No body: the template is the content.
    client(&server)
        .send_message(TO)
        .messaging_service(service)
        .content(
            content,
            ContentVariables::new()
                .set("2", "10:30 \"sharp\"")
                .set("1", "Jane"),
        )
        .shorten_urls(true)
        .smart_encoded(true)
        .risk_check(RiskCheck::Disable)
        .await
        .expect("sent");
    mock.assert_async().await;
}

#[tokio::test]
async fn content_and_link_options_are_checked_before_sending() {
    use twilio_typed::ContentVariables;
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(fixture("message_queued.json"));
        })
        .await;
    let client = client(&server);
    let reason = |e: Error| match e {
        Error::InvalidInput { field, reason } => format!("{field}: {reason}"),
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    let err = client
        .send_sms(TO, "see https://example.com")
        .shorten_urls(true)
        .await
        .unwrap_err();
    assert_eq!(
        reason(err),
        "shorten_urls: link shortening needs a messaging service (messaging_service())"
    );
    let err = client
        .send_message(TO)
        .content("HX12", None)
        .await
        .unwrap_err();
    assert!(reason(err).starts_with("content_sid: invalid content SID"));
    let err = client
        .send_message(TO)
        .content(
            "HX0123456789abcdef0123456789abcdef",
            ContentVariables::new().set(" ", "x"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        reason(err),
        "content_variables: a variable name must not be empty"
    );
    let err = client.send_message(TO).await.unwrap_err();
    assert_eq!(
        reason(err),
        "body: must not be empty unless media or a content template is given"
    );
    any.assert_calls_async(0).await;
}

#[test]
fn send_message_counts_its_segments() {
    use twilio_typed::SmsEncoding;
    let client = builder("https://api.twilio.com").build().unwrap();
    let count = client.send_sms(TO, "a".repeat(161)).segments();
    assert_eq!((count.encoding, count.segments), (SmsEncoding::Gsm7, 2));
    let count = client.send_sms(TO, "Hi 👋").segments();
    assert_eq!(
        (count.encoding, count.segments, count.units),
        (SmsEncoding::Ucs2, 1, 5)
    );
    assert_eq!(count.ucs2_chars, ['👋']);
    assert_eq!(client.send_message(TO).segments().segments, 0);
}
