//! Fault injection: one test per fault, against a raw TCP fake Twilio that
//! the test scripts. Each asserts what the server saw (connections, requests),
//! the error's kind and predicates, and that no create was acted on twice.

use crate::common;
use std::time::{Duration, Instant, SystemTime};

use crate::common::{builder, fixture, MESSAGE_SID, TO};
use crate::fault_server::{answer, Fault, FaultServer};
use twilio_typed::{Error, Message, MessageSid, RetryPolicy, TwilioClient};

const JSON: (&str, &str) = ("content-type", "application/json");

/// Two retries, 1 ms backoff, the given per-attempt timeout.
fn client(server: &FaultServer, timeout: Duration) -> TwilioClient {
    builder(&server.base_url)
        .timeout(timeout)
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

async fn create(client: &TwilioClient) -> Result<Message, Error> {
    client.send_sms(TO, "hi").send().await
}

async fn fetch(client: &TwilioClient) -> Result<Message, Error> {
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    client.fetch_message(&sid).await
}

fn queued() -> Fault {
    answer(201, &[JSON], &fixture("message_queued.json"))
}

fn error_json(status: u16, code: u32) -> String {
    format!(
        r#"{{"code": {code}, "message": "fault", "more_info": "https://www.twilio.com/docs/errors/{code}", "status": {status}}}"#
    )
}

/// The error of `outcome`, with the checks every fault shares: no create
/// acted on twice, no secret in the text.
fn failed<T: std::fmt::Debug>(server: &FaultServer, outcome: Result<T, Error>) -> Error {
    assert!(
        server.creates_acted_on() <= 1,
        "a create was acted on twice"
    );
    let err = outcome.expect_err("the fault fails the call");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(common::AUTH_TOKEN), "{text}");
    err
}

#[tokio::test]
async fn reset_before_responding() {
    let server = FaultServer::always(Fault::ResetBeforeRequest).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.is_connect() && !err.is_timeout());
    assert!(err.may_have_reached_twilio(), "the connection was open");
    assert_eq!(server.connections(), 1, "a create is not retried");
    assert_eq!(server.requests().len(), 0);

    let server = FaultServer::always(Fault::ResetBeforeRequest).await;
    let err = failed(
        &server,
        fetch(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.connections(), 3, "a fetch is retried twice");
}

#[tokio::test]
async fn reset_after_the_request_is_written() {
    let server = FaultServer::always(Fault::ResetAfterRequest).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.may_have_reached_twilio());
    assert_eq!(err.status(), None);
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.creates_acted_on(), 1);

    let server = FaultServer::always(Fault::ResetAfterRequest).await;
    failed(
        &server,
        fetch(&client(&server, Duration::from_secs(5))).await,
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn too_many_requests_with_retry_after_in_seconds() {
    let server = FaultServer::start(|n| match n {
        0 => answer(429, &[JSON, ("retry-after", "1")], &error_json(429, 20429)),
        _ => queued(),
    })
    .await;
    let started = Instant::now();
    let message = create(&client(&server, Duration::from_secs(5))).await;
    assert!(message.is_ok(), "{message:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(
        server.requests().len(),
        2,
        "a 429 is retried, even a create"
    );
    assert_eq!(server.creates_acted_on(), 1);

    // Still 429 after every retry: the error says Twilio did not act.
    let server = FaultServer::always(answer(
        429,
        &[JSON, ("retry-after", "0")],
        &error_json(429, 20429),
    ))
    .await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert_eq!((err.status(), err.api_code()), (Some(429), Some(20429)));
    assert!(!err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.creates_acted_on(), 0);
}

#[tokio::test]
async fn too_many_requests_with_retry_after_as_a_date() {
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let server = FaultServer::start(move |n| match n {
        0 => answer(429, &[JSON, ("retry-after", &at)], &error_json(429, 20429)),
        _ => queued(),
    })
    .await;
    let started = Instant::now();
    let message = create(&client(&server, Duration::from_secs(5))).await;
    assert!(message.is_ok(), "{message:?}");
    // The date has one-second resolution: between 1 and 2 s from now.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900), "waited {waited:?}");
    assert!(waited < Duration::from_secs(4), "waited {waited:?}");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.creates_acted_on(), 1);
}

#[tokio::test]
async fn internal_server_error() {
    let body = error_json(500, 20500);
    let server = FaultServer::always(answer(500, &[JSON], &body)).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert_eq!((err.status(), err.api_code()), (Some(500), Some(20500)));
    assert!(err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 1, "a create is not retried");

    let server = FaultServer::always(answer(500, &[JSON], &body)).await;
    let err = failed(
        &server,
        fetch(&client(&server, Duration::from_secs(5))).await,
    );
    assert_eq!(err.status(), Some(500));
    assert_eq!(server.requests().len(), 3, "a fetch is retried twice");
}

#[tokio::test]
async fn bad_gateway_with_html() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let fault = answer(502, &[("content-type", "text/html")], html);
    let server = FaultServer::always(fault.clone()).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!((err.status(), err.api_code()), (Some(502), None));
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
    assert!(err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 1);

    let server = FaultServer::always(fault).await;
    failed(
        &server,
        fetch(&client(&server, Duration::from_secs(5))).await,
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn service_unavailable() {
    let fault = answer(503, &[JSON], &error_json(503, 20503));
    let server = FaultServer::always(fault.clone()).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert_eq!(err.status(), Some(503));
    assert!(err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 1);

    // A fetch recovers when the service comes back.
    let server = FaultServer::start(move |n| match n {
        0 | 1 => fault.clone(),
        _ => answer(200, &[JSON], &fixture("message_delivered.json")),
    })
    .await;
    let message = fetch(&client(&server, Duration::from_secs(5))).await;
    assert!(message.is_ok(), "{message:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn invalid_json() {
    let fault = answer(201, &[JSON], r#"{"sid": "SM12", "status": "#);
    let server = FaultServer::always(fault).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    match &err {
        Error::Decode {
            status,
            body_snippet,
            ..
        } => {
            assert_eq!(*status, 201);
            assert!(body_snippet.contains("SM12"));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.creates_acted_on(), 1);

    let server = FaultServer::always(answer(200, &[JSON], "not json")).await;
    let err = failed(
        &server,
        fetch(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    assert_eq!(
        server.requests().len(),
        1,
        "a bad success is not fetched again"
    );
}

#[tokio::test]
async fn truncated_body() {
    let fault = Fault::Truncated {
        announced: 1000,
        sent: 100,
    };
    let server = FaultServer::always(fault.clone()).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 1);

    let server = FaultServer::always(fault).await;
    let err = failed(
        &server,
        fetch(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn body_over_the_limit() {
    const LIMIT: usize = 64 * 1024;
    let bounded = |server: &FaultServer| {
        builder(&server.base_url)
            .max_response_bytes(LIMIT)
            .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
            .build()
            .unwrap()
    };
    // Streamed without a length: reading stops at the bound.
    let server = FaultServer::always(Fault::Chunked {
        bytes: 50 * 1024 * 1024,
    })
    .await;
    let err = failed(&server, fetch(&bounded(&server)).await);
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: 200,
                limit: LIMIT
            }
        ),
        "{err:?}"
    );
    assert!(err.is_response_too_large() && err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 1, "not downloaded again");
    // Give the server time to notice the closed connection, then check it
    // could not push the 50 MiB: at most the bound plus socket buffers.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.chunked_written();
    eprintln!("chunked body bytes accepted before the client stopped: {written}");
    assert!(written < 16 * 1024 * 1024, "{written} bytes accepted");

    // Announced by Content-Length: refused without reading.
    let big = " ".repeat(LIMIT + 1);
    let server = FaultServer::always(answer(201, &[JSON], &big)).await;
    let err = failed(&server, create(&bounded(&server)).await);
    assert!(err.is_response_too_large(), "{err:?}");
    assert_eq!(server.requests().len(), 1);

    // An error answer over the bound keeps its status (and its retry rule).
    let server = FaultServer::always(answer(503, &[], &big)).await;
    let err = failed(&server, fetch(&bounded(&server)).await);
    assert_eq!(err.status(), Some(503));
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn redirect_to_another_host() {
    // The target is a live server: nothing may reach it.
    let target = FaultServer::always(queued()).await;
    let location = target.base_url.replace("127.0.0.1", "localhost") + "2010-04-01/x.json";
    let server = FaultServer::always(answer(307, &[("location", &location)], "")).await;
    let err = failed(
        &server,
        create(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(
        matches!(&err, Error::Redirect { status: 307, target_host: Some(host) } if host == "localhost"),
        "{err:?}"
    );
    assert!(err.is_redirect() && err.may_have_reached_twilio());
    assert!(err.to_string().contains("localhost"), "{err}");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(target.connections(), 0, "the form was not re-posted");

    let server = FaultServer::always(answer(308, &[("location", &location)], "")).await;
    let err = failed(
        &server,
        fetch(&client(&server, Duration::from_secs(5))).await,
    );
    assert!(err.is_redirect(), "{err:?}");
    assert_eq!(server.requests().len(), 1, "a redirect is not retried");
    assert_eq!(target.connections(), 0);
}

#[tokio::test]
async fn response_slower_than_the_attempt_timeout() {
    let slow = Fault::Slow(Duration::from_secs(3), {
        let Fault::Raw(bytes) = queued() else {
            unreachable!()
        };
        bytes
    });
    let server = FaultServer::always(slow.clone()).await;
    let started = Instant::now();
    let err = failed(
        &server,
        create(&client(&server, Duration::from_millis(200))).await,
    );
    assert!(err.is_timeout() && !err.is_connect(), "{err:?}");
    assert!(err.may_have_reached_twilio());
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.requests().len(), 1);

    let server = FaultServer::always(slow).await;
    let err = failed(
        &server,
        fetch(&client(&server, Duration::from_millis(200))).await,
    );
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn deadline_shorter_than_the_retry_schedule() {
    // Each answer asks for a 1 s wait; the deadline allows only one of them.
    let fault = answer(503, &[JSON, ("retry-after", "1")], &error_json(503, 20503));
    let server = FaultServer::always(fault).await;
    let client = builder(&server.base_url)
        .deadline(Duration::from_millis(1500))
        .retry_policy(RetryPolicy::default().max_retries(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = failed(&server, fetch(&client).await);
    let elapsed = started.elapsed();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        server.requests().len(),
        2,
        "the third wait would pass the deadline"
    );
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");

    // Slow answers: the per-attempt timeout cuts the first attempt, the
    // deadline cuts the second.
    let slow = Fault::Slow(Duration::from_secs(10), Vec::new());
    let server = FaultServer::always(slow).await;
    let client = builder(&server.base_url)
        .timeout(Duration::from_secs(1))
        .deadline(Duration::from_millis(1500))
        .retry_policy(
            RetryPolicy::default()
                .max_retries(5)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let err = failed(&server, fetch(&client).await);
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.requests().len(), 2);
    assert!(
        elapsed >= Duration::from_millis(1450) && elapsed < Duration::from_millis(2500),
        "took {elapsed:?}"
    );
}

#[tokio::test]
async fn redirect_followed_by_a_caller_supplied_client_still_fails_the_call() {
    // A caller's reqwest client with the default policy follows the redirect
    // before the crate sees it; the crate still refuses the answer.
    let target = FaultServer::always(queued()).await;
    let location = target.base_url.replace("127.0.0.1", "localhost") + "2010-04-01/x.json";
    let server = FaultServer::always(answer(307, &[("location", &location)], "")).await;
    let client = builder(&server.base_url)
        .http_client(crate::common::http())
        .build()
        .unwrap();
    let err = failed(&server, create(&client).await);
    assert!(
        matches!(&err, Error::Redirect { target_host: Some(host), .. } if host == "localhost"),
        "{err:?}"
    );
    assert!(err.may_have_reached_twilio());
    assert_eq!(server.requests().len(), 1);
    // Documented: such a client re-sends the form; build it with Policy::none().
    assert_eq!(target.requests().len(), 1);
}

#[tokio::test]
async fn same_host_redirect_followed_by_a_caller_supplied_client_still_fails_the_call() {
    // The redirect stays on the same host and port: comparing origins alone
    // would take the re-posted answer for Twilio's.
    let server = FaultServer::start(|n| match n {
        0 => answer(307, &[("location", "/2010-04-01/elsewhere.json")], ""),
        _ => queued(),
    })
    .await;
    let client = builder(&server.base_url)
        .http_client(crate::common::http())
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let err = create(&client)
        .await
        .expect_err("a followed redirect fails the call");
    assert!(
        matches!(&err, Error::Redirect { status: 201, target_host: Some(host) } if host == "127.0.0.1"),
        "{err:?}"
    );
    assert!(err.may_have_reached_twilio());
    let seen = server.requests();
    // The caller's client re-posted the form (documented: build it with
    // `Policy::none()`); the crate did not retry on top of that.
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1].path, "/2010-04-01/elsewhere.json");
    assert_eq!(
        (seen[0].method.as_str(), seen[1].method.as_str()),
        ("POST", "POST")
    );
}

async fn delete(client: &TwilioClient) -> Result<(), Error> {
    let sid: MessageSid = MESSAGE_SID.parse().unwrap();
    client.delete_message(&sid).await
}

fn not_found() -> Fault {
    answer(404, &[JSON], &error_json(404, 20404))
}

#[tokio::test]
async fn a_retried_delete_that_finds_nothing_had_already_deleted() {
    // The first DELETE is read in full, then its answer is lost: Twilio may
    // have deleted the message, and the retry's 404 says it did.
    for lost in [
        Fault::ResetAfterRequest,
        answer(503, &[JSON], &error_json(503, 20503)),
    ] {
        let server = FaultServer::start(move |n| match n {
            0 => lost.clone(),
            _ => not_found(),
        })
        .await;
        delete(&client(&server, Duration::from_secs(5)))
            .await
            .expect("the delete succeeded the first time");
        let seen = server.requests();
        assert_eq!(seen.len(), 2);
        assert!(seen.iter().all(|s| s.method == "DELETE"), "{seen:?}");
    }
}

#[tokio::test]
async fn a_delete_that_finds_nothing_at_once_is_an_error() {
    let server = FaultServer::always(not_found()).await;
    let err = delete(&client(&server, Duration::from_secs(5)))
        .await
        .expect_err("nothing to delete");
    assert_eq!((err.status(), err.api_code()), (Some(404), Some(20404)));
    assert_eq!(server.requests().len(), 1, "a 404 is not retried");

    // After a failure that certainly did not reach Twilio (429: refused
    // before acting), a 404 still means there was nothing to delete.
    let server = FaultServer::start(|n| match n {
        0 => answer(429, &[JSON], &error_json(429, 20429)),
        _ => not_found(),
    })
    .await;
    let err = delete(&client(&server, Duration::from_secs(5)))
        .await
        .expect_err("nothing to delete");
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert_eq!(server.requests().len(), 2);
}
