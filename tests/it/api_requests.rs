//! The generated layer's exact requests: each encoding trap of Twilio's
//! specs (arrays as repeated keys, numbered `Parameter1.Name` pairs,
//! `DateSent<` ranges, either/or rules, JSON bodies, headers, path
//! segments), redirects returned and never followed, paging in both shapes,
//! retries only where a request is idempotent, and the hand-written and
//! generated layers sending the same request for the same input.
#![cfg(all(
    feature = "api-v2010",
    feature = "verify-v2",
    feature = "lookups-v2",
    feature = "conversations-v1",
    feature = "messaging-v1",
    feature = "content-v1",
    feature = "numbers-v2"
))]

use futures_util::TryStreamExt as _;
use httpmock::prelude::*;
use twilio_typed::api::sids::VerifyServiceSid;
use twilio_typed::{CallSid, Error, MessagingServiceSid, RetryPolicy, E164};
use url::Url;

use crate::common::{account_path, builder, client, form, ACCOUNT_SID, CALL_SID, FROM, TO};
use crate::fault_server::{answer, FaultServer, Seen};

const SERVICE: &str = "VA0123456789abcdef0123456789abcdef";
const MESSAGE_JSON: &str = r#"{"sid":"SM9f3b1c2d4e5f60718293a4b5c6d7e8f9","status":"queued"}"#;

/// A raw server answering every request with `status` and `body`, and the
/// client aimed at it.
async fn raw(status: u16, body: &str) -> (FaultServer, twilio_typed::TwilioClient) {
    let server = FaultServer::always(answer(
        status,
        &[("content-type", "application/json")],
        body,
    ))
    .await;
    let client = builder(&server.base_url).build().expect("client");
    (server, client)
}

fn only(server: &FaultServer) -> Seen {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests[0].clone()
}

#[tokio::test]
async fn arrays_are_repeated_keys() {
    let (server, client) = raw(201, MESSAGE_JSON).await;
    let to = E164::parse(TO).unwrap();
    let from = E164::parse(FROM).unwrap();
    client
        .api_v2010()
        .create_message(to)
        .from(from)
        .media_url([
            Url::parse("https://example.com/a.jpg").unwrap(),
            Url::parse("https://example.com/b.png").unwrap(),
        ])
        .await
        .expect("sent");
    let seen = only(&server);
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, account_path("Messages.json"));
    assert_eq!(
        seen.body,
        form(&[
            ("To", TO),
            ("From", FROM),
            ("MediaUrl", "https://example.com/a.jpg"),
            ("MediaUrl", "https://example.com/b.png"),
        ])
    );

    let (server, client) = raw(201, r#"{"sid":"CA7d5e3f1a2b3c4d5e6f708192a3b4c5d6"}"#).await;
    client
        .api_v2010()
        .create_call(TO, FROM)
        .url(&Url::parse("https://example.com/twiml").unwrap())
        .status_callback_event(["initiated", "ringing", "answered"])
        // A later call replaces the values, it does not add to them.
        .status_callback_event(["initiated", "completed"])
        .await
        .expect("sent");
    assert_eq!(
        only(&server).body,
        form(&[
            ("To", TO),
            ("From", FROM),
            ("Url", "https://example.com/twiml"),
            ("StatusCallbackEvent", "initiated"),
            ("StatusCallbackEvent", "completed"),
        ])
    );
}

#[tokio::test]
async fn numbered_pairs_are_one_setter() {
    let (server, client) = raw(201, r#"{"sid":"SR0123456789abcdef0123456789abcdef"}"#).await;
    let call: CallSid = CALL_SID.parse().unwrap();
    client
        .api_v2010()
        .create_siprec(&call)
        .parameters([("customer", "42"), ("queue", "gold")])
        .await
        .expect("sent");
    let seen = only(&server);
    assert_eq!(
        seen.path,
        account_path(&format!("Calls/{CALL_SID}/Siprec.json"))
    );
    assert_eq!(
        seen.body,
        form(&[
            ("Parameter1.Name", "customer"),
            ("Parameter1.Value", "42"),
            ("Parameter2.Name", "queue"),
            ("Parameter2.Value", "gold"),
        ])
    );

    // More pairs than the spec numbers: refused before any I/O.
    let (server, client) = raw(201, "{}").await;
    let pairs: Vec<(String, String)> = (0..100).map(|i| (format!("k{i}"), "v".into())).collect();
    let err = client
        .api_v2010()
        .create_siprec(&call)
        .parameters(pairs)
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidInput {
                field: "parameters",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("at most 99"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn ranges_are_before_and_after() {
    let (server, client) = raw(200, r#"{"messages":[],"next_page_uri":null}"#).await;
    let since = time::macros::datetime!(2024-05-01 12:00:00.250 UTC);
    let until = time::macros::datetime!(2024-05-02 00:00 +02:00);
    client
        .api_v2010()
        .list_message()
        .date_sent_after(since)
        .date_sent_before(until)
        .page_size(20)
        .await
        .expect("listed");
    assert_eq!(
        only(&server).path,
        format!(
            "{}?DateSent%3E=2024-05-01T12%3A00%3A00Z&DateSent%3C=2024-05-01T22%3A00%3A00Z&PageSize=20",
            account_path("Messages.json")
        )
    );
}

#[tokio::test]
async fn either_or_rules_and_bounds_are_checked_before_sending() {
    let (server, client) = raw(201, MESSAGE_JSON).await;
    let to = E164::parse(TO).unwrap();
    // Neither `From` nor `MessagingServiceSid`.
    let err = client
        .api_v2010()
        .create_message(to.clone())
        .body("hi")
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidInput {
                field: "from or messaging_service_sid",
                ..
            }
        ),
        "{err:?}"
    );
    // A sender, but none of `Body`, `MediaUrl`, `ContentSid`.
    let err = client
        .api_v2010()
        .create_message(to.clone())
        .from(E164::parse(FROM).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::InvalidInput {
                field: "body or media_url or content_sid",
                ..
            }
        ),
        "{err:?}"
    );
    let err = client
        .api_v2010()
        .list_message()
        .page_size(1001)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("must be 1 to 1000, got 1001"),
        "{err}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
    // Either one satisfies the rule.
    let service: MessagingServiceSid = "MG0123456789abcdef0123456789abcdef".parse().unwrap();
    client
        .api_v2010()
        .create_message(to)
        .messaging_service_sid(&service)
        .body("hi")
        .await
        .expect("sent");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn path_segments_are_encoded() {
    let (server, client) = raw(200, r#"{"phone_number":"+12025551234","valid":true}"#).await;
    let number = E164::parse(TO).unwrap();
    let found = client
        .lookups_v2()
        .fetch_phone_number(&number)
        .fields("line_type_intelligence")
        .await
        .expect("looked up");
    assert_eq!(found.valid, Some(true));
    assert_eq!(
        only(&server).path,
        "/v2/PhoneNumbers/%2B12025551234?Fields=line_type_intelligence"
    );

    // A name with a slash stays one segment; an empty one is refused.
    let (server, client) = raw(204, "").await;
    client
        .conversations_v1()
        .delete_conversation("support/7 a")
        .await
        .expect("deleted");
    assert_eq!(only(&server).path, "/v1/Conversations/support%2F7%20a");
    let err = client
        .conversations_v1()
        .delete_conversation("")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field: "sid", .. }),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn another_account_by_setter() {
    let (server, client) = raw(200, r#"{"messages":[]}"#).await;
    let sub: twilio_typed::AccountSid = "ACffffffffffffffffffffffffffffffff".parse().unwrap();
    client
        .api_v2010()
        .list_message()
        .account_sid(&sub)
        .await
        .expect("listed");
    assert_eq!(
        only(&server).path,
        "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Messages.json"
    );
    assert_ne!(sub.as_str(), ACCOUNT_SID);
}

#[tokio::test]
async fn json_bodies_are_typed_structs() {
    let (server, client) = raw(201, r#"{"sid":"HX0123456789abcdef0123456789abcdef"}"#).await;
    let mut body = twilio_typed::api::content_v1::ContentCreateRequest::default();
    body.friendly_name = Some("order_update".into());
    body.language = Some("en".into());
    body.variables = Some(serde_json::json!({"1": "name"}));
    client
        .content_v1()
        .create_content(&body)
        .await
        .expect("created");
    let seen = only(&server);
    assert_eq!(seen.path, "/v1/Content");
    let sent: serde_json::Value = serde_json::from_str(&seen.body).expect("a JSON body");
    assert_eq!(
        sent,
        serde_json::json!({"friendly_name": "order_update", "language": "en", "variables": {"1": "name"}})
    );
}

#[tokio::test]
async fn headers_and_content_type() {
    let server = MockServer::start_async().await;
    let json = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/Content")
                .header("content-type", "application/json");
            then.status(201).body("{}");
        })
        .await;
    let webhook = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/Conversations/CH0123456789abcdef0123456789abcdef")
                .header("x-twilio-webhook-enabled", "true");
            then.status(204);
        })
        .await;
    let client = client(&server);
    let body = twilio_typed::api::content_v1::ContentCreateRequest::default();
    client
        .content_v1()
        .create_content(&body)
        .await
        .expect("json");
    client
        .conversations_v1()
        .delete_conversation("CH0123456789abcdef0123456789abcdef")
        .x_twilio_webhook_enabled(
            twilio_typed::api::conversations_v1::ConversationWebhookEnabledType::True,
        )
        .await
        .expect("deleted");
    json.assert_async().await;
    webhook.assert_async().await;
}

#[tokio::test]
async fn a_redirect_is_returned_never_followed() {
    let server = MockServer::start_async().await;
    let redirect = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/Deactivations");
            then.status(307)
                .header("location", "https://files.example.com/deactivations.csv");
        })
        .await;
    let target = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500);
        })
        .await;
    let answer = client(&server)
        .messaging_v1()
        .fetch_deactivation()
        .await
        .expect("the redirect");
    assert_eq!(answer.status, 307);
    assert_eq!(
        answer.location,
        "https://files.example.com/deactivations.csv"
    );
    redirect.assert_async().await;
    assert_eq!(target.calls_async().await, 0);

    // An operation that does not redirect treats a redirect as an error.
    let (_server, client) = raw(307, "").await;
    let err = client
        .lookups_v2()
        .fetch_phone_number(&E164::parse(TO).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Redirect { status: 307, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn pages_follow_meta_next_page_url_on_the_clients_host() {
    let server = MockServer::start_async().await;
    let service = |sid: &str| format!(r#"{{"sid":"{sid}","friendly_name":"x"}}"#);
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v2/Services")
                .query_param("PageSize", "2")
                .query_param_missing("PageToken");
            then.status(200).body(format!(
                r#"{{"services":[{},{}],"meta":{{"page":0,"page_size":2,"key":"services",
                "next_page_url":"https://verify.twilio.com/v2/Services?PageSize=2&Page=1&PageToken=PT1"}}}}"#,
                service("VA00000000000000000000000000000001"),
                service("VA00000000000000000000000000000002"),
            ));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v2/Services")
                .query_param("PageToken", "PT1")
                .query_param("Page", "1");
            then.status(200).body(format!(
                r#"{{"services":[{}],"meta":{{"page":1,"page_size":2,"key":"services","next_page_url":null}}}}"#,
                service("VA00000000000000000000000000000003"),
            ));
        })
        .await;
    let all: Vec<_> = client(&server)
        .verify_v2()
        .list_service()
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .expect("every page");
    let sids: Vec<String> = all
        .iter()
        .map(|s| s.sid.as_ref().expect("sid").to_string())
        .collect();
    assert_eq!(
        sids,
        [
            "VA00000000000000000000000000000001",
            "VA00000000000000000000000000000002",
            "VA00000000000000000000000000000003"
        ]
    );
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn pages_follow_next_page_uri() {
    let server = MockServer::start_async().await;
    let path = account_path("Messages.json");
    let message = |sid: &str| format!(r#"{{"sid":"{sid}","body":"hi"}}"#);
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path(path.clone()).query_param_missing("PageToken");
            then.status(200).body(format!(
                r#"{{"messages":[{}],"page":0,"page_size":1,"next_page_uri":"{path}?PageSize=1&Page=1&PageToken=PASM1"}}"#,
                message("SM00000000000000000000000000000001"),
            ));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path.clone())
                .query_param("PageToken", "PASM1");
            then.status(200).body(format!(
                r#"{{"messages":[{}],"page":1,"page_size":1,"next_page_uri":null}}"#,
                message("SM00000000000000000000000000000002"),
            ));
        })
        .await;
    let all: Vec<_> = client(&server)
        .api_v2010()
        .list_message()
        .stream()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[1].sid.as_ref().map(|s| s.as_str()),
        Some("SM00000000000000000000000000000002")
    );
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn pages_follow_page_numbers() {
    let server = MockServer::start_async().await;
    let app = |sid: &str| format!(r#"{{"sid":"{sid}","friendly_name":"x"}}"#);
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v2/ShortCodes/Applications")
                .query_param("FriendlyName", "shop")
                .query_param_missing("Page");
            then.status(200).body(format!(
                r#"{{"results":[{}],"current_page":0,"per_page":1,"has_next":true,"has_prev":false}}"#,
                app("AP00000000000000000000000000000001")
            ));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v2/ShortCodes/Applications")
                .query_param("FriendlyName", "shop")
                .query_param("Page", "1");
            then.status(200).body(format!(
                r#"{{"results":[{}],"current_page":1,"per_page":1,"has_next":false,"has_prev":true}}"#,
                app("AP00000000000000000000000000000002")
            ));
        })
        .await;
    let all: Vec<_> = client(&server)
        .numbers_v2()
        .list_short_code_applications()
        .friendly_name("shop")
        .stream()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(all.len(), 2);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn only_idempotent_requests_are_retried() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v2/Services/{SERVICE}/Verifications"));
            then.status(503);
        })
        .await;
    let fetch = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/v2/Services/{SERVICE}"));
            then.status(503);
        })
        .await;
    let client = builder(&server.base_url())
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(std::time::Duration::from_millis(1))
                .max_backoff(std::time::Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    let service: VerifyServiceSid = SERVICE.parse().unwrap();
    let err = client
        .verify_v2()
        .create_verification(&service, TO, "sms")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        create.calls_async().await,
        1,
        "a create is never retried blindly"
    );
    client
        .verify_v2()
        .fetch_service(&service)
        .await
        .unwrap_err();
    assert_eq!(fetch.calls_async().await, 3, "a fetch is retried");
}

#[tokio::test]
async fn domains_go_to_their_own_hosts() {
    let lookups = MockServer::start_async().await;
    let rest = MockServer::start_async().await;
    let found = lookups
        .mock_async(|when, then| {
            when.method(GET).path("/v2/PhoneNumbers/%2B12025551234");
            then.status(200).body("{}");
        })
        .await;
    let client = builder(&rest.base_url())
        .domain_base_url("lookups", lookups.base_url().as_str())
        .build()
        .unwrap();
    client
        .lookups_v2()
        .fetch_phone_number(&E164::parse(TO).unwrap())
        .await
        .expect("looked up on its own host");
    found.assert_async().await;
    assert_eq!(
        client.domain_url("verify").unwrap().as_str(),
        rest.base_url() + "/"
    );

    let regional = twilio_typed::TwilioClient::builder()
        .account_sid(ACCOUNT_SID)
        .auth_token("t")
        .region("ie1")
        .edge("dublin")
        .build()
        .unwrap();
    assert_eq!(
        regional.domain_url("lookups").unwrap().as_str(),
        "https://lookups.dublin.ie1.twilio.com/"
    );
    assert_eq!(
        regional.domain_url("api").unwrap().as_str(),
        "https://api.dublin.ie1.twilio.com/"
    );
    let plain = twilio_typed::TwilioClient::builder()
        .account_sid(ACCOUNT_SID)
        .auth_token("t")
        .build()
        .unwrap();
    assert_eq!(
        plain.domain_url("verify").unwrap().as_str(),
        "https://verify.twilio.com/"
    );
}

/// The hand-written `send_sms` and the generated `create_message` send the
/// same method, path and form for the same input.
#[tokio::test]
async fn hand_written_and_generated_send_the_same_message() {
    let queued = crate::common::fixture("message_queued.json");
    let (hand, client) = raw(201, &queued).await;
    client
        .send_sms(TO, "Hello from MYCA!")
        .status_callback("https://example.com/status")
        .await
        .expect("hand-written");
    // The generated model reads the same answer.
    let (generated, client) = raw(201, &queued).await;
    client
        .api_v2010()
        .create_message(E164::parse(TO).unwrap())
        .from(E164::parse(FROM).unwrap())
        .body("Hello from MYCA!")
        .status_callback(&Url::parse("https://example.com/status").unwrap())
        .await
        .expect("generated");
    let (a, b) = (only(&hand), only(&generated));
    assert_eq!(
        (a.method.as_str(), a.path.as_str()),
        (b.method.as_str(), b.path.as_str())
    );
    let pairs = |body: &str| {
        let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        pairs.sort();
        pairs
    };
    assert_eq!(pairs(&a.body), pairs(&b.body));
    assert_eq!(pairs(&a.body).len(), 4, "{}", a.body);
}
