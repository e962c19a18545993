//! The gateway's Twilio-facing endpoints over real HTTP: the guide's menu
//! TwiML (`/twiml/voice.xml`) and its signed `<Gather>` action
//! (`/twilio/handle-input`).

use crate::support::*;
use twilio_typed::webhook::RequestValidator;

/// The guide's menu TwiML, as rendered.
const MENU: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<Response><Say voice="alice">Hello, this is MYCA calling.</Say>"#,
    r#"<Gather action="/twilio/handle-input" method="POST" numDigits="1">"#,
    r#"<Say voice="alice">Press 1 to speak with an agent, or press 2 to leave a message.</Say>"#,
    r#"</Gather></Response>"#,
);

#[tokio::test]
async fn twiml_menu_is_the_guides_document() {
    let gw = Gateway::start(&[]).await;
    for response in [
        gw.get("/twiml/voice.xml").await,
        gw.http
            .post(gw.at("/twiml/voice.xml"))
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/xml");
        assert_eq!(response.text().await.unwrap(), MENU);
    }
}

/// POSTs a signed Gather result to `/twilio/handle-input`, signing `signed_url`.
async fn post_input(gw: &Gateway, signed_url: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let mut params = vec![
        ("CallSid", CALL_SID),
        ("AccountSid", ACCOUNT_SID),
        ("From", FROM),
        ("To", TO),
    ];
    params.extend_from_slice(extra);
    let signature = RequestValidator::new(AUTH_TOKEN).compute_signature(signed_url, &params);
    gw.http
        .post(gw.at("/twilio/handle-input"))
        .header("X-Twilio-Signature", signature)
        .form(&params)
        .send()
        .await
        .unwrap()
}

async fn twiml(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/xml");
    response.text().await.unwrap()
}

#[tokio::test]
async fn handle_input_follows_the_menu() {
    let gw = Gateway::start(&[("AGENT_PHONE_NUMBER", "+44 20 7123 4567")]).await;
    let url = gw.at("/twilio/handle-input");

    let xml = twiml(post_input(&gw, &url, &[("Digits", "1")]).await).await;
    assert!(
        xml.contains(r#"<Say voice="alice">Connecting you to an agent.</Say>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<Dial callerId="+12025550100">+442071234567</Dial>"#),
        "{xml}"
    );

    let xml = twiml(post_input(&gw, &url, &[("Digits", "2")]).await).await;
    assert!(xml.contains("leave a message"), "{xml}");
    assert!(
        xml.contains(r##"<Record finishOnKey="#" maxLength="120" playBeep="true" />"##)
            || xml.contains(r##"<Record finishOnKey="#" maxLength="120" playBeep="true"/>"##),
        "{xml}"
    );

    // The recording posted back to the same URL is thanked.
    let xml = twiml(
        post_input(
            &gw,
            &url,
            &[
                ("Digits", "#"),
                ("RecordingUrl", "https://api.twilio.com/rec/RE1"),
                ("RecordingDuration", "7"),
            ],
        )
        .await,
    )
    .await;
    assert!(xml.contains("Your message has been recorded"), "{xml}");
    assert!(
        xml.contains("<Hangup />") || xml.contains("<Hangup/>"),
        "{xml}"
    );

    for other in ["9", "*", "12"] {
        let xml = twiml(post_input(&gw, &url, &[("Digits", other)]).await).await;
        assert!(xml.contains("not a valid choice"), "{xml}");
        assert!(
            xml.contains(r#"<Gather action="/twilio/handle-input" method="POST" numDigits="1">"#),
            "{xml}"
        );
    }
    let xml = twiml(post_input(&gw, &url, &[]).await).await;
    assert!(xml.contains("<Gather"), "{xml}");
}

#[tokio::test]
async fn handle_input_without_agent_apologises() {
    let gw = Gateway::start(&[]).await;
    let url = gw.at("/twilio/handle-input");
    let xml = twiml(post_input(&gw, &url, &[("Digits", "1")]).await).await;
    assert!(xml.contains("Connecting you to an agent."), "{xml}");
    assert!(xml.contains("no agent is available"), "{xml}");
    assert!(!xml.contains("<Dial"), "{xml}");
}

#[tokio::test]
async fn handle_input_checks_the_signature() {
    let gw = Gateway::start(&[]).await;
    let url = gw.at("/twilio/handle-input");
    // Signed for another URL, or with another token, or not at all.
    let r = post_input(
        &gw,
        "https://elsewhere.example.com/twilio/handle-input",
        &[("Digits", "1")],
    )
    .await;
    expect_error(r, 403, &["X-Twilio-Signature"]).await;
    let params = [
        ("CallSid", CALL_SID),
        ("AccountSid", ACCOUNT_SID),
        ("Digits", "1"),
    ];
    let forged = RequestValidator::new("another-token").compute_signature(&url, params);
    let r = gw
        .http
        .post(&url)
        .header("X-Twilio-Signature", forged)
        .form(&params)
        .send()
        .await
        .unwrap();
    expect_error(r, 403, &["X-Twilio-Signature"]).await;
    let r = gw.http.post(&url).form(&params).send().await.unwrap();
    expect_error(r, 403, &["missing X-Twilio-Signature"]).await;
    // A body changed after signing.
    let signature = RequestValidator::new(AUTH_TOKEN).compute_signature(&url, params);
    let r = gw
        .http
        .post(&url)
        .header("X-Twilio-Signature", signature)
        .form(&[
            ("CallSid", CALL_SID),
            ("AccountSid", ACCOUNT_SID),
            ("Digits", "2"),
        ])
        .send()
        .await
        .unwrap();
    expect_error(r, 403, &[]).await;
}

#[tokio::test]
async fn handle_input_uses_public_base_url_when_set() {
    let gw = Gateway::start(&[("PUBLIC_BASE_URL", "https://myca.example.com")]).await;
    let public = "https://myca.example.com/twilio/handle-input";
    let xml = twiml(post_input(&gw, public, &[("Digits", "1")]).await).await;
    assert!(xml.contains("Connecting you to an agent."), "{xml}");
    // The local URL is no longer the one Twilio signs.
    let r = post_input(&gw, &gw.at("/twilio/handle-input"), &[("Digits", "1")]).await;
    expect_error(r, 403, &[]).await;
}
