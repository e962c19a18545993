//! Behaviour of the TwiML builder beyond the golden documents: how values are
//! written, deferred errors, writers, and the axum integration.

use std::io;
use std::time::Duration;
use twilio_typed::twiml::ssml::Break;
use twilio_typed::twiml::{
    Element, Gather, Message, MessagingResponse, NameKind, Pause, Say, SpeechTimeout, TwimlError,
    VoiceResponse,
};
use twilio_typed::{HttpMethod, Language, Voice};

const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

fn body(doc: &VoiceResponse) -> String {
    doc.to_xml().unwrap().strip_prefix(DECL).unwrap().to_owned()
}

#[test]
fn the_tts_call_of_the_client_renders() {
    let language: Language = "en-US".parse().unwrap();
    let xml: String = VoiceResponse::new()
        .say(
            Say::new(String::from("Hello from MYCA voice assistant!"))
                .voice(Voice::Alice)
                .language(language)
                .loop_count(0),
        )
        .to_xml()
        .unwrap();
    assert_eq!(
        xml,
        format!(
            r#"{DECL}<Response><Say language="en-US" loop="0" voice="alice">Hello from MYCA voice assistant!</Say></Response>"#
        )
    );
}

#[test]
fn durations_are_whole_seconds_and_break_times_keep_milliseconds() {
    let doc = VoiceResponse::new()
        .pause(Pause::new().length(Duration::from_secs(2)))
        .gather(Gather::new().speech_timeout(SpeechTimeout::After(Duration::from_secs(4))))
        .say(
            Say::new("")
                .push(Break::new().time(Duration::from_millis(1500)))
                .push(Break::new().time(Duration::from_secs(3))),
        );
    assert_eq!(
        body(&doc),
        r#"<Response><Pause length="2" /><Gather speechTimeout="4" /><Say><break time="1500ms" /><break time="3s" /></Say></Response>"#
    );
}

#[test]
fn setting_an_attribute_twice_keeps_the_last_value() {
    let doc = VoiceResponse::new().gather(
        Gather::new()
            .method(HttpMethod::Get)
            .method(HttpMethod::Post)
            .attr("action", "/a")
            .action("/b")
            .attr("numDigits", "3"),
    );
    assert_eq!(
        body(&doc),
        r#"<Response><Gather action="/b" method="POST" numDigits="3" /></Response>"#
    );
}

#[test]
fn text_pieces_are_joined_and_empty_ones_skipped() {
    let doc = VoiceResponse::new().say(Say::new("a").text("").text("b"));
    assert_eq!(body(&doc), "<Response><Say>ab</Say></Response>");
}

#[test]
fn the_first_problem_is_reported_with_its_place() {
    let doc = VoiceResponse::new()
        .say(Say::new("fine"))
        .gather(Gather::new().action("/x\u{0}").say(Say::new("\u{1}")))
        .say(Say::new("\u{2}"));
    let error = doc.to_xml().unwrap_err();
    assert_eq!(
        error.to_string(),
        "<Gather> attribute \"action\": character U+0000 at byte 2 is not allowed in XML 1.0"
    );
    assert!(matches!(doc.check(), Err(TwimlError::InvalidChar { .. })));
    assert_eq!(
        body(&VoiceResponse::new().say(Say::new("ok"))),
        "<Response><Say>ok</Say></Response>"
    );
    // Display still renders, with U+FFFD in place of each bad character.
    assert!(doc
        .to_string()
        .contains("<Gather action=\"/x\u{FFFD}\"><Say>\u{FFFD}</Say></Gather>"));
}

#[test]
fn invalid_attribute_names_are_left_out_of_display() {
    let doc = MessagingResponse::new().message(Message::new("hi").attr("bad name", "x"));
    assert!(matches!(
        doc.to_xml(),
        Err(TwimlError::InvalidName {
            kind: NameKind::Attribute,
            ..
        })
    ));
    assert_eq!(
        doc.to_string(),
        format!("{DECL}<Response><Message>hi</Message></Response>")
    );
    let doc = VoiceResponse::new().element(Element::new("1st"));
    assert_eq!(
        doc.to_string(),
        format!("{DECL}<Response><_1st /></Response>")
    );
}

struct FailingWriter;

impl io::Write for FailingWriter {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::other("disk full"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn writer_errors_are_io_errors_with_a_source() {
    let error = VoiceResponse::new()
        .hangup()
        .write_to(&mut FailingWriter)
        .unwrap_err();
    assert!(matches!(error, TwimlError::Io(_)));
    let source = std::error::Error::source(&error).unwrap();
    assert_eq!(source.to_string(), "disk full");
}

#[test]
fn documents_are_clone_send_sync_and_comparable() {
    fn assert_document<T: Send + Sync + Clone + PartialEq>() {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_document::<VoiceResponse>();
    assert_document::<MessagingResponse>();
    assert_send_sync::<TwimlError>();
    let doc = VoiceResponse::new().say(Say::new("x"));
    assert_eq!(doc.clone(), doc);
    assert_ne!(doc, VoiceResponse::new());
    assert_eq!(VoiceResponse::default(), VoiceResponse::new());
}

mod axum_integration {
    use super::*;
    use axum::body::to_bytes;
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;

    #[tokio::test]
    async fn a_document_is_served_as_application_xml() {
        let doc = VoiceResponse::new().say(Say::new("Hello"));
        let expected = doc.to_xml().unwrap();
        let response = doc.into_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/xml");
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(bytes, expected.as_bytes());

        let response = MessagingResponse::new()
            .message(Message::new("Hi"))
            .into_response();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/xml");
    }

    #[tokio::test]
    async fn an_invalid_document_is_a_500_with_a_short_text() {
        let response = VoiceResponse::new().say(Say::new("\u{0}")).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        assert_eq!(
            text,
            "invalid TwiML document: <Say>: character U+0000 at byte 0 is not allowed in XML 1.0"
        );
    }
}
