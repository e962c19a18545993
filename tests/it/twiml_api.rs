//! Behaviour of the TwiML builder beyond the golden documents: how values are
//! written, deferred errors, writers, and the axum integration.

use std::io;
use std::time::Duration;
use twilio_typed::twiml::ssml::{Break, SayAs};
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

/// What `to_xml()` refused a document with (element, attribute, character,
/// position) and what `Display` shows instead; also checks that `write_to`
/// refuses it without writing anything.
fn refused<D: std::fmt::Display>(
    to_xml: Result<String, TwimlError>,
    write_to: impl FnOnce(&mut Vec<u8>) -> Result<(), TwimlError>,
    doc: &D,
) -> (String, Option<String>, char, usize, String) {
    let mut sink = Vec::new();
    assert!(matches!(
        write_to(&mut sink),
        Err(TwimlError::InvalidChar { .. })
    ));
    assert!(sink.is_empty(), "write_to wrote {sink:?}");
    match to_xml {
        Err(TwimlError::InvalidChar {
            element,
            attribute,
            character,
            position,
        }) => (element, attribute, character, position, doc.to_string()),
        other => panic!("expected InvalidChar, got {other:?}"),
    }
}

fn refused_voice(doc: &VoiceResponse) -> (String, Option<String>, char, usize, String) {
    refused(doc.to_xml(), |out| doc.write_to(out), doc)
}

#[test]
fn a_character_xml_cannot_carry_in_text_is_refused_naming_the_element() {
    let (element, attribute, character, position, shown) =
        refused_voice(&VoiceResponse::new().say(Say::new("bell\u{7}!")));
    assert_eq!(
        (element.as_str(), attribute, character, position),
        ("Say", None, '\u{7}', 4)
    );
    assert!(shown.ends_with("<Response><Say>bell\u{FFFD}!</Say></Response>"));

    // Text added later, nested SSML text and the escape hatch's text name
    // their own element.
    let doc = VoiceResponse::new().say(Say::new("a").text("b\u{FFFE}"));
    let (element, _, character, position, _) = refused_voice(&doc);
    assert_eq!(
        (element.as_str(), character, position),
        ("Say", '\u{FFFE}', 1)
    );
    let doc = VoiceResponse::new().say(Say::new("Code ").push(SayAs::new("12\u{0}")));
    let (element, attribute, character, position, shown) = refused_voice(&doc);
    assert_eq!(
        (element.as_str(), attribute, character, position),
        ("say-as", None, '\u{0}', 2)
    );
    assert!(shown.contains("<Say>Code <say-as>12\u{FFFD}</say-as></Say>"));
    let doc = VoiceResponse::new().element(Element::new("Transfer").text("\u{FFFF}"));
    let (element, _, character, _, shown) = refused_voice(&doc);
    assert_eq!((element.as_str(), character), ("Transfer", '\u{FFFF}'));
    assert!(shown.contains("<Transfer>\u{FFFD}</Transfer>"));

    let doc = MessagingResponse::new().message(Message::new("ok").media("x\u{1b}"));
    let (element, attribute, character, position, shown) =
        refused(doc.to_xml(), |out| doc.write_to(out), &doc);
    assert_eq!(
        (element.as_str(), attribute, character, position),
        ("Media", None, '\u{1b}', 1)
    );
    assert!(shown.contains("<Media>x\u{FFFD}</Media>"));
}

#[test]
fn a_character_xml_cannot_carry_in_an_attribute_is_refused_naming_both() {
    let doc = VoiceResponse::new().gather(Gather::new().action("/next\u{1}?a=1&b"));
    let (element, attribute, character, position, shown) = refused_voice(&doc);
    assert_eq!(
        (element.as_str(), attribute.as_deref(), character, position),
        ("Gather", Some("action"), '\u{1}', 5)
    );
    // Display: the same replacement as in text, the rest escaped as usual.
    assert!(shown.contains("<Gather action=\"/next\u{FFFD}?a=1&amp;b\" />"));

    // The escape hatch's attributes follow the same policy.
    let doc = VoiceResponse::new().say(Say::new("hi").attr("data-x", "\u{FFFE}\t"));
    let (element, attribute, character, position, shown) = refused_voice(&doc);
    assert_eq!(
        (element.as_str(), attribute.as_deref(), character, position),
        ("Say", Some("data-x"), '\u{FFFE}', 0)
    );
    assert!(shown.contains("<Say data-x=\"\u{FFFD}&#09;\">hi</Say>"));
}

#[test]
fn display_replaces_what_to_xml_refuses_and_otherwise_agrees() {
    let good = VoiceResponse::new()
        .say(Say::new("a & b\r\n").voice(Voice::Alice))
        .gather(Gather::new().action("/x?\"q\"\t"));
    let xml = good.to_xml().unwrap();
    assert_eq!(good.to_string(), xml);
    let mut written = Vec::new();
    good.write_to(&mut written).unwrap();
    assert_eq!(written, xml.into_bytes());

    let bad = VoiceResponse::new()
        .say(Say::new("\u{2}a & b"))
        .gather(Gather::new().action("\u{3}"));
    assert_eq!(
        bad.to_string(),
        format!(
            "{DECL}<Response><Say>\u{FFFD}a &amp; b</Say><Gather action=\"\u{FFFD}\" /></Response>"
        )
    );
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
