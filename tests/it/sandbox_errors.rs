//! The sandbox says no like Twilio: credentials, magic test numbers, and the
//! checks on requests the crate's client would never send (through raw HTTP).

use serde_json::Value;
use twilio_typed::sandbox::{Sandbox, DEFAULT_NUMBERS};
use twilio_typed::{MessageStatus, E164};

const TO: &str = "+12025551234";

#[tokio::test]
async fn a_wrong_token_is_401_with_code_20003() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox
        .client_builder()
        .auth_token("wrong")
        .build()
        .unwrap();
    let err = client.send_sms(TO, "hi").send().await.unwrap_err();
    assert_eq!((err.status(), err.api_code()), (Some(401), Some(20003)));
    let api = err.api_error().unwrap();
    assert_eq!(api.message, "Authenticate");
    assert_eq!(
        api.more_info.as_deref(),
        Some("https://www.twilio.com/docs/errors/20003")
    );
    let err = client.list_calls().send().await.unwrap_err();
    assert_eq!(err.api_code(), Some(20003));
    assert!(sandbox.messages().is_empty());

    // Valid credentials for another account's path are refused too.
    let other = sandbox
        .client_builder()
        .account_sid("AC0123456789abcdef0123456789abcdef")
        .build()
        .unwrap();
    assert_eq!(
        other
            .send_sms(TO, "hi")
            .send()
            .await
            .unwrap_err()
            .api_code(),
        Some(20003)
    );
}

#[tokio::test]
async fn api_key_authentication_is_accepted_and_checked() {
    let sandbox = Sandbox::start().await.unwrap();
    let (key, secret) = sandbox.api_key();
    let client = sandbox
        .client_builder()
        .api_key(key.clone(), secret)
        .build()
        .unwrap();
    let sent = client
        .send_sms(TO, "hi")
        .send()
        .await
        .expect("API key accepted");
    assert_eq!(sandbox.messages()[0].sid, sent.sid);

    let wrong = sandbox
        .client_builder()
        .api_key(key.clone(), "not-the-secret")
        .build()
        .unwrap();
    let err = wrong.send_sms(TO, "hi").send().await.unwrap_err();
    assert_eq!((err.status(), err.api_code()), (Some(401), Some(20003)));
    assert_eq!(sandbox.messages().len(), 1);
}

#[test]
fn magic_numbers_are_valid_e164() {
    for n in [
        "+15005550001",
        "+15005550002",
        "+15005550003",
        "+15005550004",
        "+15005550006",
        "+15005550007",
        "+15005550008",
        "+15005550009",
    ] {
        assert!(E164::parse(n).is_ok(), "{n}");
    }
}

#[tokio::test]
async fn magic_numbers_give_twilio_codes() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let sms_to = [
        ("+15005550001", 21211),
        ("+15005550002", 21612),
        ("+15005550003", 21408),
        ("+15005550004", 21610),
        ("+15005550009", 21614),
    ];
    for (to, code) in sms_to {
        let err = client.send_sms(to, "hi").send().await.unwrap_err();
        assert_eq!(
            (err.status(), err.api_code()),
            (Some(400), Some(code)),
            "To {to}: {err}"
        );
    }
    let sms_from = [
        ("+15005550001", 21212),
        ("+15005550007", 21606),
        ("+15005550008", 21611),
        ("+12025550199", 21606),
    ];
    for (from, code) in sms_from {
        let err = client
            .send_sms(TO, "hi")
            .from(from)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.api_code(), Some(code), "From {from}: {err}");
    }
    let call_to = [
        ("+15005550001", 21217),
        ("+15005550002", 21214),
        ("+15005550003", 21215),
        ("+15005550004", 21216),
    ];
    for (to, code) in call_to {
        let err = client
            .call_with_url(to, "https://example.com/a.xml")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.api_code(), Some(code), "call To {to}: {err}");
    }
    for (from, code) in [("+15005550001", 21212), ("+12025550199", 21210)] {
        let err = client
            .call_with_url(TO, "https://example.com/a.xml")
            .from(from)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.api_code(), Some(code), "call From {from}: {err}");
    }
    // The magic valid sender, and the sandbox's other numbers, succeed.
    for from in DEFAULT_NUMBERS {
        let message = client.send_sms(TO, "hi").from(from).send().await.unwrap();
        assert_eq!(message.status, MessageStatus::Queued);
        client
            .call_with_url(TO, "https://example.com/a.xml")
            .from(from)
            .send()
            .await
            .unwrap();
    }
    assert!(sandbox.messages().len() == 3 && sandbox.calls().len() == 3);
}

/// A resource, the form posted to it, and the Twilio error code expected.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, u32);

/// Posts a raw form to the sandbox, as `curl` would.
async fn post(sandbox: &Sandbox, resource: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let url = format!(
        "{}2010-04-01/Accounts/{}/{resource}",
        sandbox.base_url(),
        sandbox.account_sid()
    );
    let response = crate::common::http()
        .post(url)
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn raw_requests_are_validated_like_twilio() {
    let sandbox = Sandbox::start().await.unwrap();
    let from = DEFAULT_NUMBERS[0];
    let long = "x".repeat(1601);
    let too_much_twiml = format!("<Response><Say>{}</Say></Response>", "x".repeat(4000));
    let cases: Vec<Case> = vec![
        ("Messages.json", vec![("From", from), ("Body", "hi")], 21604),
        ("Messages.json", vec![("To", TO), ("Body", "hi")], 21603),
        (
            "Messages.json",
            vec![("To", "2025551234"), ("From", from), ("Body", "hi")],
            21211,
        ),
        (
            "Messages.json",
            vec![("To", TO), ("From", "nope"), ("Body", "hi")],
            21212,
        ),
        ("Messages.json", vec![("To", TO), ("From", from)], 21602),
        (
            "Messages.json",
            vec![("To", from), ("From", from), ("Body", "hi")],
            21266,
        ),
        (
            "Calls.json",
            vec![
                ("To", from),
                ("From", from),
                ("Url", "https://example.com/a.xml"),
            ],
            21211,
        ),
        (
            "Messages.json",
            vec![("To", TO), ("From", from), ("Body", &long)],
            21617,
        ),
        (
            "Messages.json",
            vec![("To", TO), ("From", from), ("MediaUrl", "ftp://x/a.jpg")],
            21620,
        ),
        (
            "Messages.json",
            vec![
                ("To", TO),
                ("From", from),
                ("Body", "hi"),
                ("StatusCallback", "/relative"),
            ],
            21609,
        ),
        (
            "Messages.json",
            vec![
                ("To", TO),
                ("From", from),
                ("Body", "hi"),
                ("ValidityPeriod", "0"),
            ],
            21624,
        ),
        (
            "Messages.json",
            vec![
                ("To", TO),
                ("From", from),
                ("Body", "hi"),
                ("SendAt", "2030-01-01T00:00:00Z"),
            ],
            35118,
        ),
        (
            "Messages.json",
            vec![("To", TO), ("MessagingServiceSid", "MG12"), ("Body", "hi")],
            21705,
        ),
        (
            "Calls.json",
            vec![("From", from), ("Url", "https://example.com/a.xml")],
            21201,
        ),
        (
            "Calls.json",
            vec![("To", TO), ("Url", "https://example.com/a.xml")],
            21213,
        ),
        ("Calls.json", vec![("To", TO), ("From", from)], 21205),
        (
            "Calls.json",
            vec![("To", TO), ("From", from), ("Url", "not a url")],
            21205,
        ),
        (
            "Calls.json",
            vec![("To", TO), ("From", from), ("Twiml", &too_much_twiml)],
            32018,
        ),
        (
            "Calls.json",
            vec![
                ("To", TO),
                ("From", from),
                ("Url", "https://e.com/a"),
                ("Method", "PUT"),
            ],
            21209,
        ),
        (
            "Calls.json",
            vec![
                ("To", TO),
                ("From", from),
                ("Url", "https://e.com/a"),
                ("Timeout", "soon"),
            ],
            21208,
        ),
    ];
    for (resource, form, code) in cases {
        let (status, body) = post(&sandbox, resource, &form).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (400, Some(u64::from(code))),
            "{form:?}: {body}"
        );
        let keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["code", "message", "more_info", "status"], "{body}");
        assert_eq!(
            body["more_info"],
            format!("https://www.twilio.com/docs/errors/{code}")
        );
        assert_eq!(body["status"], 400);
    }
    assert!(sandbox.messages().is_empty() && sandbox.calls().is_empty());

    // A 1600-character body is fine; Twilio counts characters, not bytes.
    let body = "ê".repeat(1600);
    let (status, json) = post(
        &sandbox,
        "Messages.json",
        &[("To", TO), ("From", from), ("Body", &body)],
    )
    .await;
    assert_eq!(status, 201, "{json}");
    assert_eq!(json["num_segments"], "24");
}

#[tokio::test]
async fn malformed_twiml_is_kept_and_reported_by_the_parser() {
    let sandbox = Sandbox::start().await.unwrap();
    let form = [
        ("To", TO),
        ("From", DEFAULT_NUMBERS[0]),
        ("Twiml", "<Response><Say>unclosed</Response>"),
    ];
    let (status, json) = post(&sandbox, "Calls.json", &form).await;
    assert_eq!(status, 201, "{json}");
    let call = &sandbox.calls()[0];
    assert!(call.twiml_document().is_none());
    assert!(call
        .twiml_error()
        .is_some_and(|e| e.to_string().contains("parse failure")));
    assert!(call.spoken_texts().is_empty());
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_twilio_form() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = crate::common::http();
    let base = format!(
        "{}2010-04-01/Accounts/{}",
        sandbox.base_url(),
        sandbox.account_sid()
    );
    let response = http
        .get(format!("{base}/Conferences.json"))
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let json: Value = response.json().await.unwrap();
    assert_eq!(json["code"], 20404);
    let response = http
        .delete(format!("{base}/Messages.json"))
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let response = http
        .get(format!("{base}/Messages.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Basic realm=\"Twilio API\""
    );
    let json: Value = response.json().await.unwrap();
    assert_eq!(json["code"], 20003);
}

#[tokio::test]
async fn a_body_over_the_limit_answers_twilio_json() {
    let sandbox = Sandbox::start().await.unwrap();
    let huge = "a".repeat(300 * 1024);
    let form = [
        ("To", TO),
        ("From", DEFAULT_NUMBERS[0]),
        ("Body", huge.as_str()),
    ];
    let (status, json) = post(&sandbox, "Messages.json", &form).await;
    assert_eq!(status, 413, "{json}");
    assert_eq!(json["code"], 20001);
    assert_eq!(json["status"], 413);
    assert!(
        json["message"].as_str().unwrap().contains("too large"),
        "{json}"
    );
    assert_eq!(
        json["more_info"],
        "https://www.twilio.com/docs/errors/20001"
    );
    assert!(sandbox.messages().is_empty());
}

#[tokio::test]
async fn out_of_range_paging_answers_twilio_json() {
    let sandbox = Sandbox::start().await.unwrap();
    let http = crate::common::http();
    for (resource, query) in [
        ("Messages.json", "PageSize=-1"),
        ("Messages.json", "PageSize=0"),
        ("Calls.json", "PageSize=1001"),
        ("Calls.json", "Page=-1"),
        ("Messages.json", "Page=first"),
    ] {
        let response = http
            .get(format!(
                "{}2010-04-01/Accounts/{}/{resource}?{query}",
                sandbox.base_url(),
                sandbox.account_sid()
            ))
            .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{resource}?{query}");
        let json: Value = response.json().await.unwrap();
        assert_eq!(json["code"], 20001, "{resource}?{query}: {json}");
    }
}
