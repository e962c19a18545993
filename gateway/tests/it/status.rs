//! The gateway's answers to Twilio's failures, over real HTTP: each
//! row of the status table (`src/upstream.rs`, README).

use crate::support::*;
use httpmock::prelude::*;
use serde_json::json;

/// Twilio's JSON error body.
fn twilio_error(status: u16, code: u32, message: &str) -> String {
    json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status,
    })
    .to_string()
}

/// A gateway whose Twilio answers every SMS send with `status` and `body`;
/// returns the answer to one send and how many requests Twilio got.
async fn send_against(status: u16, body: String) -> (reqwest::Response, usize, Gateway) {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(POST).path(account_path("Messages.json"));
            then.status(status)
                .header("content-type", "application/json")
                .header("retry-after", "0")
                .body(body);
        })
        .await;
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    let calls = mock.calls_async().await;
    (r, calls, gw)
}

#[tokio::test]
async fn malformed_parameters_are_400_with_twilios_code() {
    let (r, calls, _gw) = send_against(
        400,
        twilio_error(
            400,
            21211,
            "The 'To' number +15005550001 is not a valid phone number.",
        ),
    )
    .await;
    let body = expect_error_body(
        r,
        400,
        &["Twilio refused the request", "not a valid phone number"],
    )
    .await;
    assert_eq!(body["code"], 21211);
    assert_eq!(
        body["more_info"],
        "https://www.twilio.com/docs/errors/21211"
    );
    assert_eq!(calls, 1, "a 4xx is never retried");
}

#[tokio::test]
async fn numbers_twilio_cannot_serve_are_422() {
    for (code, message) in [
        (
            21608,
            "The number is unverified. Trial accounts cannot send messages to unverified numbers",
        ),
        (21610, "Attempt to send to unsubscribed recipient"),
        (21217, "Phone number does not appear to be valid"),
    ] {
        let (r, _, _gw) = send_against(400, twilio_error(400, code, message)).await;
        let body = expect_error_body(r, 422, &[message]).await;
        assert_eq!(body["code"], code);
    }
}

#[tokio::test]
async fn unknown_sids_are_404() {
    let gw = Gateway::start(&[]).await;
    gw.twilio
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(&format!("Messages/{MESSAGE_SID}.json")));
            then.status(404)
                .header("content-type", "application/json")
                .body(twilio_error(
                    404,
                    20404,
                    "The requested resource was not found",
                ));
        })
        .await;
    let r = gw.get(&format!("/twilio/status/{MESSAGE_SID}")).await;
    let body = expect_error_body(r, 404, &["The requested resource was not found"]).await;
    assert_eq!(body["code"], 20404);
}

#[tokio::test]
async fn rejected_credentials_are_502_never_401() {
    for (status, body) in [
        (401, twilio_error(401, 20003, "Authenticate")),
        (401, "Unauthorized".to_owned()),
        (403, twilio_error(403, 20003, "Authenticate")),
    ] {
        let (r, calls, _gw) = send_against(status, body).await;
        let detail = expect_error(
            r,
            502,
            &["rejected the gateway's credentials", "nothing was sent"],
        )
        .await;
        assert!(!detail.contains(AUTH_TOKEN));
        assert_eq!(calls, 1);
    }
}

#[tokio::test]
async fn twilios_rate_limit_is_429_with_retry_after() {
    let (r, calls, _gw) = send_against(429, twilio_error(429, 20429, "Too Many Requests")).await;
    assert_eq!(r.headers()["retry-after"], "5");
    let body = expect_error_body(r, 429, &["rate limit", "nothing was sent"]).await;
    assert_eq!(body["code"], 20429);
    // The client retried (Twilio refused each attempt) before giving up.
    assert_eq!(calls, 3);
}

#[tokio::test]
async fn a_send_that_failed_at_twilio_may_have_been_sent() {
    let (r, calls, _gw) =
        send_against(500, twilio_error(500, 20500, "Internal Server Error")).await;
    expect_error(
        r,
        502,
        &["may have been sent; check status before retrying"],
    )
    .await;
    assert_eq!(calls, 1, "a send is never retried blindly");
}

#[tokio::test]
async fn a_fetch_that_failed_at_twilio_is_502_after_retries() {
    let gw = Gateway::start(&[]).await;
    let mock = gw
        .twilio
        .mock_async(|when, then| {
            when.method(GET)
                .path(account_path(&format!("Calls/{CALL_SID}.json")));
            then.status(503)
                .header("retry-after", "0")
                .body("upstream down");
        })
        .await;
    let r = gw.get(&format!("/twilio/status/{CALL_SID}")).await;
    let detail = expect_error(r, 502, &["Twilio failed (HTTP 503)"]).await;
    assert!(!detail.contains("may have been sent"));
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn an_unreachable_twilio_is_502_and_nothing_was_sent() {
    let url = closed_url().await;
    let gw = Gateway::start(&[("TWILIO_BASE_URL", &url)]).await;
    let r = gw
        .post_json("/twilio/sms/send", json!({"to": TO, "message": "hi"}))
        .await;
    let detail = expect_error(r, 502, &["unreachable", "nothing was sent"]).await;
    assert!(!detail.contains("may have been sent"));
}

#[tokio::test]
async fn a_connection_lost_after_sending_may_have_been_sent() {
    let url = hanging_up_url().await;
    let gw = Gateway::start(&[("TWILIO_BASE_URL", &url)]).await;
    for (path, body) in [
        ("/twilio/sms/send", json!({"to": TO, "message": "hi"})),
        ("/twilio/voice/message", json!({"to": TO, "message": "hi"})),
    ] {
        let r = gw.post_json(path, body).await;
        expect_error(
            r,
            502,
            &["may have been sent; check status before retrying"],
        )
        .await;
    }
}

#[tokio::test]
async fn non_json_answers_are_never_echoed() {
    // A proxy page that echoes the request, credentials included.
    let echo = format!(
        "<html>Authorization: {} To={TO}</html>",
        basic_auth(ACCOUNT_SID, AUTH_TOKEN)
    );
    for status in [400, 404, 500] {
        let (r, _, _gw) = send_against(status, echo.clone()).await;
        let (_, body) = json(r).await;
        let text = body.to_string();
        assert!(!text.contains("Authorization"), "{text}");
        assert!(!text.contains("html"), "{text}");
        assert!(body.get("code").is_none(), "{text}");
    }
}

#[tokio::test]
async fn refusals_are_logged_at_info_with_numbers_masked() {
    let (r, _, _gw) = send_against(
        400,
        twilio_error(
            400,
            21211,
            "The 'To' number +15005550001 is not a valid phone number.",
        ),
    )
    .await;
    expect_error(r, 400, &[]).await;
    // The logs of every test of this binary: find this one's refusal by its text.
    let logs = logs();
    let line = logs
        .lines()
        .find(|l| l.contains("request refused") && l.contains("The 'To' number"))
        .expect("the refusal is logged");
    assert!(line.contains("INFO"), "{line}");
    assert!(!line.contains("+15005550001"), "{line}");
    assert!(line.contains("*********01"), "{line}");
}

#[tokio::test]
async fn an_unreadable_answer_to_a_send_may_have_been_sent() {
    let (r, calls, _gw) = send_against(201, "<html>not JSON</html>".to_owned()).await;
    let detail = expect_error(
        r,
        502,
        &["may have been sent; check status before retrying"],
    )
    .await;
    assert!(!detail.contains("html"), "{detail}");
    assert_eq!(calls, 1);
}

#[tokio::test]
async fn a_send_that_timed_out_after_writing_is_504_may_have_been_sent() {
    use axum::response::IntoResponse as _;
    // A Twilio that reads the request and never answers; the client gives up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = twilio_typed::TwilioClient::builder()
        .account_sid(ACCOUNT_SID)
        .auth_token(AUTH_TOKEN)
        .from_number(FROM)
        .base_url(format!("http://{addr}").as_str())
        .timeout(std::time::Duration::from_millis(200))
        .build()
        .unwrap();
    let error = client.send_sms(TO, "hi").send().await.unwrap_err();
    assert!(
        error.is_timeout() && error.may_have_reached_twilio(),
        "{error:?}"
    );
    let response =
        twilio_gateway::upstream::answer(error, twilio_gateway::upstream::Operation::Send, &[])
            .into_response();
    assert_eq!(response.status(), 504);
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("may have been sent; check status before retrying"),
        "{detail}"
    );
}
