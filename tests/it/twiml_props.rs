//! Property tests of TwiML escaping: any text or attribute value comes back
//! unchanged from a strict parse of the output, no input adds an element or
//! attribute, and characters XML 1.0 cannot carry are errors.

use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use twilio_typed::twiml::{
    Element, Gather, Message, MessagingResponse, NameKind, Play, Say, TwimlError, VoiceResponse,
};

/// A parsed element tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Xml {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Xml>,
    },
    Text(String),
}

/// An element being parsed: name, attributes, children so far.
type Open = (String, Vec<(String, String)>, Vec<Xml>);

fn element(name: &str, attrs: &[(&str, &str)], children: Vec<Xml>) -> Xml {
    let mut attrs: Vec<(String, String)> = attrs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    attrs.sort();
    Xml::Element {
        name: name.to_owned(),
        attrs,
        children,
    }
}

/// The text child of an element: none for an empty string.
fn text(value: &str) -> Vec<Xml> {
    if value.is_empty() {
        Vec::new()
    } else {
        vec![Xml::Text(value.to_owned())]
    }
}

fn push_text(children: &mut Vec<Xml>, piece: &str) {
    if let Some(Xml::Text(last)) = children.last_mut() {
        last.push_str(piece);
    } else if !piece.is_empty() {
        children.push(Xml::Text(piece.to_owned()));
    }
}

/// Parses a document as a conforming XML 1.0 processor would report it:
/// line ends in text normalised by quick-xml's `decode`, literal whitespace in
/// attribute values normalised to spaces (XML 1.0 §3.3.3) before references
/// are expanded. Panics on anything ill-formed.
fn parse(xml: &str) -> Xml {
    assert!(
        xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#),
        "{xml:?}"
    );
    assert!(
        xml.chars().all(is_xml_char),
        "forbidden character in {xml:?}"
    );
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    // (name, attrs, children) of the open elements; a virtual root at the bottom.
    let mut stack: Vec<Open> = vec![(String::new(), Vec::new(), Vec::new())];
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{e} in {xml:?}"));
        match event {
            Event::Decl(_) => {}
            Event::Start(start) => stack.push(open(&start, xml)),
            Event::Empty(start) => {
                stack.push(open(&start, xml));
                close(&mut stack);
            }
            Event::End(_) => close(&mut stack),
            Event::Text(raw) => {
                let piece = raw.decode().unwrap();
                assert!(!piece.contains("]]>"), "{piece:?}");
                push_text(&mut stack.last_mut().unwrap().2, &piece);
            }
            Event::GeneralRef(reference) => {
                let piece = match reference.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().unwrap();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity {name}"))
                            .to_owned()
                    }
                };
                push_text(&mut stack.last_mut().unwrap().2, &piece);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?} in {xml:?}"),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements in {xml:?}");
    let mut roots = stack.pop().unwrap().2;
    assert_eq!(roots.len(), 1, "{xml:?}");
    roots.pop().unwrap()
}

fn open(start: &quick_xml::events::BytesStart<'_>, xml: &str) -> Open {
    let name = std::str::from_utf8(start.name().as_ref())
        .unwrap()
        .to_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes().with_checks(true) {
        let attr = attr.unwrap_or_else(|e| panic!("{e} in {xml:?}"));
        let raw = std::str::from_utf8(&attr.value).unwrap();
        assert!(!raw.contains(['<', '"']), "{raw:?}");
        // Attribute-value normalisation: literal whitespace becomes a space.
        let normalized = raw.replace(['\t', '\n', '\r'], " ");
        let value = quick_xml::escape::unescape(&normalized)
            .unwrap_or_else(|e| panic!("{e} in {raw:?}"))
            .into_owned();
        let key = std::str::from_utf8(attr.key.as_ref()).unwrap().to_owned();
        attrs.push((key, value));
    }
    attrs.sort();
    (name, attrs, Vec::new())
}

fn close(stack: &mut Vec<Open>) {
    let (name, attrs, children) = stack.pop().unwrap();
    stack.last_mut().unwrap().2.push(Xml::Element {
        name,
        attrs,
        children,
    });
}

fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Characters XML can carry, with markup and whitespace characters often.
fn xml_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>().prop_filter("an XML character", |c| is_xml_char(*c)),
        2 => prop::sample::select(vec![
            '<', '>', '&', '"', '\'', '\t', '\n', '\r', ']', ';', '#', '=', ' ', '/', '?', '!',
            '-', 'a', 'Z', '\u{7f}', '\u{85}', '\u{a0}', '\u{2028}', '\u{fffd}', '\u{10ffff}',
        ]),
    ]
}

fn xml_string() -> impl Strategy<Value = String> {
    prop::collection::vec(xml_char(), 0..40).prop_map(|chars| chars.into_iter().collect())
}

fn forbidden_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..=8).prop_map(|c| char::from_u32(c).unwrap()),
        prop::sample::select(vec!['\u{B}', '\u{C}', '\u{FFFE}', '\u{FFFF}']),
        (0xEu32..=0x1F).prop_map(|c| char::from_u32(c).unwrap()),
    ]
}

/// Strings that are often, but not always, XML names.
fn maybe_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z_][A-Za-z0-9_.:-]{0,12}",
        prop::collection::vec(xml_char(), 0..12).prop_map(|c| c.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn voice_text_and_attributes_round_trip(
        say in xml_string(),
        attr in xml_string(),
        url in xml_string(),
        digits in xml_string(),
        prompt in xml_string(),
        action in xml_string(),
    ) {
        let doc = VoiceResponse::new()
            .say(Say::new(say.clone()).attr("data-x", attr.clone()))
            .play(Play::new(url.clone()).digits(digits.clone()))
            .gather(Gather::new().action(action.clone()).say(Say::new(prompt.clone())));
        let xml = doc.to_xml().unwrap();
        prop_assert_eq!(doc.to_string(), xml.clone());
        let expected = element("Response", &[], vec![
            element("Say", &[("data-x", &attr)], text(&say)),
            element("Play", &[("digits", &digits)], text(&url)),
            element("Gather", &[("action", &action)], vec![element("Say", &[], text(&prompt))]),
        ]);
        prop_assert_eq!(parse(&xml), expected);
    }

    #[test]
    fn messaging_text_round_trips(body in xml_string(), media in xml_string(), to in xml_string()) {
        let doc = MessagingResponse::new().message(
            Message::new(body.clone()).status_callback(to.clone()).media(media.clone()),
        );
        let xml = doc.to_xml().unwrap();
        let mut children = text(&body);
        children.push(element("Media", &[], text(&media)));
        let expected = element("Response", &[], vec![
            element("Message", &[("statusCallback", &to)], children),
        ]);
        prop_assert_eq!(parse(&xml), expected);
    }

    #[test]
    fn forbidden_characters_are_errors_and_display_stays_well_formed(
        before in xml_string(),
        bad in forbidden_char(),
        after in prop::collection::vec(prop_oneof![xml_char(), forbidden_char()], 0..10),
        in_attribute in any::<bool>(),
    ) {
        let after: String = after.into_iter().collect();
        let value = format!("{before}{bad}{after}");
        let doc = if in_attribute {
            VoiceResponse::new().gather(Gather::new().action(value.clone()))
        } else {
            VoiceResponse::new().say(Say::new(value.clone()))
        };
        let error = doc.to_xml().unwrap_err();
        match &error {
            TwimlError::InvalidChar { element, attribute, character, position } => {
                prop_assert_eq!(*character, bad);
                prop_assert_eq!(*position, before.len());
                if in_attribute {
                    prop_assert_eq!(element.as_str(), "Gather");
                    prop_assert_eq!(attribute.as_deref(), Some("action"));
                } else {
                    prop_assert_eq!(element.as_str(), "Say");
                    prop_assert_eq!(attribute.as_deref(), None);
                }
            }
            other => prop_assert!(false, "unexpected {other:?}"),
        }
        prop_assert!(doc.check().is_err());
        let mut sink = Vec::new();
        prop_assert!(doc.write_to(&mut sink).is_err());
        prop_assert!(sink.is_empty());

        let replaced: String = value
            .chars()
            .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
            .collect();
        let expected = if in_attribute {
            element("Response", &[], vec![element("Gather", &[("action", &replaced)], vec![])])
        } else {
            element("Response", &[], vec![element("Say", &[], text(&replaced))])
        };
        prop_assert_eq!(parse(&doc.to_string()), expected);
    }

    #[test]
    fn escape_hatch_names_cannot_add_markup(
        name in maybe_name(),
        attr_name in maybe_name(),
        value in xml_string(),
        body in xml_string(),
    ) {
        let doc = VoiceResponse::new()
            .element(Element::new(name.clone()).attr(attr_name.clone(), value.clone()).text(body.clone()));
        match doc.to_xml() {
            Ok(xml) => {
                let expected = element("Response", &[], vec![
                    element(&name, &[(&attr_name, &value)], text(&body)),
                ]);
                prop_assert_eq!(parse(&xml), expected);
            }
            Err(TwimlError::InvalidName { kind, name: rejected }) => {
                let kind_matches = (kind == NameKind::Element && rejected == name)
                    || (kind == NameKind::Attribute && rejected == attr_name);
                prop_assert!(kind_matches, "{:?} {:?}", kind, rejected);
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
        // Display never fails and adds exactly one element, with at most one attribute.
        match parse(&doc.to_string()) {
            Xml::Element { children, .. } => {
                prop_assert_eq!(children.len(), 1);
                match &children[0] {
                    Xml::Element { attrs, children, .. } => {
                        prop_assert!(attrs.len() <= 1);
                        prop_assert_eq!(children, &text(&body));
                    }
                    Xml::Text(t) => prop_assert!(false, "text {t:?}"),
                }
            }
            Xml::Text(t) => prop_assert!(false, "text {t:?}"),
        }
    }
}

#[test]
fn simple_names_are_accepted() {
    for name in ["Say", "say-as", "xml:lang", "_x", "Future1"] {
        assert!(VoiceResponse::new()
            .element(Element::new(name))
            .to_xml()
            .is_ok());
    }
    for name in ["", "1a", "a b", "a>", "<a", "a\"", "a=b"] {
        assert!(matches!(
            VoiceResponse::new().element(Element::new(name)).to_xml(),
            Err(TwimlError::InvalidName {
                kind: NameKind::Element,
                ..
            })
        ));
    }
}
