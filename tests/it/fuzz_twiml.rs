//! Fuzzing (proptest, fixed case count): TwiML documents holding arbitrary text
//! and attribute values in every kind of position always render as well-formed
//! XML that parses back (with quick-xml) to exactly those values, or, when a
//! value holds a character XML 1.0 cannot carry, fail with
//! `TwimlError::InvalidChar` while `Display` still writes well-formed XML.

use crate::xml;

use proptest::prelude::*;
use twilio_typed::twiml::{
    Client, Conference, Dial, Element, Enqueue, Gather, Message, MessagingResponse, Play, Record,
    Redirect, Say, Sip, TwimlError, VoiceResponse,
};
use xml::{element, is_xml_char, parse, text, Xml};

const CASES: u32 = 256;

/// Any text, with markup, whitespace, forbidden and astral characters often.
fn value() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '<',
        '>',
        '&',
        '"',
        '\'',
        '\t',
        '\n',
        '\r',
        ']',
        ';',
        '#',
        '=',
        ' ',
        '\u{0}',
        '\u{1f}',
        '\u{85}',
        '\u{a0}',
        '\u{2028}',
        '\u{fffe}',
        '\u{ffff}',
        '\u{fffd}',
        '\u{1f600}',
    ]);
    prop_oneof![
        3 => prop::collection::vec(prop_oneof![3 => any::<char>(), 2 => special], 0..24)
            .prop_map(|c| c.into_iter().collect()),
        1 => "[a-zA-Z0-9 ]{0,12}",
        1 => Just("]]>&amp;&#0;<![CDATA[x]]><!-- -->".to_owned()),
    ]
}

/// Most cases keep only characters XML can carry (otherwise nearly every
/// document would hold one forbidden character somewhere and the rendering path
/// would hardly be exercised); a quarter keep them all.
fn keep_all() -> impl Strategy<Value = bool> {
    prop::bool::weighted(0.25)
}

fn scrub(keep: bool, value: String) -> String {
    if keep {
        value
    } else {
        value.chars().filter(|c| is_xml_char(*c)).collect()
    }
}

fn ok_for_xml(values: &[&String]) -> bool {
    values.iter().all(|v| v.chars().all(is_xml_char))
}

/// `Display` of a document that `to_xml` refused: still well-formed, with
/// forbidden characters replaced.
fn display_is_well_formed(shown: &str) -> Result<(), TestCaseError> {
    parse(shown).map_err(|e| TestCaseError::fail(format!("{e} in {shown:?}")))?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn voice_documents(
        say in value(), play in value(), action in value(), prompt in value(),
        client in value(), sip in value(), room in value(), redirect in value(),
        queue in value(), record_action in value(), callback in value(),
        custom_attr in value(), custom_text in value(), keep in keep_all(),
    ) {
        let [say, play, action, prompt, client, sip, room, redirect, queue, record_action,
            callback, custom_attr, custom_text] = [say, play, action, prompt, client, sip, room,
            redirect, queue, record_action, callback, custom_attr, custom_text]
            .map(|v| scrub(keep, v));
        let doc = VoiceResponse::new()
            .say(Say::new(say.clone()))
            .play(Play::new(play.clone()))
            .gather(Gather::new().action(action.clone()).say(Say::new(prompt.clone())))
            .dial(
                Dial::new()
                    .client(Client::new(client.clone()))
                    .sip(Sip::new(sip.clone()))
                    .conference(Conference::new(room.clone())),
            )
            .record(Record::new().action(record_action.clone()).recording_status_callback(callback.clone()))
            .enqueue(Enqueue::new(queue.clone()))
            .element(Element::new("Custom").attr("data-v", custom_attr.clone()).text(custom_text.clone()))
            .redirect(Redirect::new(redirect.clone()));
        let all = [&say, &play, &action, &prompt, &client, &sip, &room, &redirect, &queue,
            &record_action, &callback, &custom_attr, &custom_text];
        match doc.to_xml() {
            Ok(rendered) => {
                prop_assert!(ok_for_xml(&all), "accepted a forbidden character");
                prop_assert_eq!(doc.to_string(), rendered.clone());
                let expected = element("Response", &[], vec![
                    element("Say", &[], text(&say)),
                    element("Play", &[], text(&play)),
                    element("Gather", &[("action", &action)], vec![element("Say", &[], text(&prompt))]),
                    element("Dial", &[], vec![
                        element("Client", &[], text(&client)),
                        element("Sip", &[], text(&sip)),
                        element("Conference", &[], text(&room)),
                    ]),
                    element("Record", &[("action", &record_action), ("recordingStatusCallback", &callback)], vec![]),
                    element("Enqueue", &[], text(&queue)),
                    element("Custom", &[("data-v", &custom_attr)], text(&custom_text)),
                    element("Redirect", &[], text(&redirect)),
                ]);
                let parsed = parse(&rendered).map_err(|e| TestCaseError::fail(format!("{e} in {rendered:?}")))?;
                prop_assert_eq!(parsed, expected);
            }
            Err(TwimlError::InvalidChar { character, .. }) => {
                prop_assert!(!is_xml_char(character));
                prop_assert!(!ok_for_xml(&all));
                prop_assert!(doc.check().is_err());
                display_is_well_formed(&doc.to_string())?;
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn messaging_documents(
        body in value(), media in value(), callback in value(), redirect in value(),
        keep in keep_all(),
    ) {
        let [body, media, callback, redirect] = [body, media, callback, redirect].map(|v| scrub(keep, v));
        let doc = MessagingResponse::new()
            .message(Message::new(body.clone()).media(media.clone()).status_callback(callback.clone()))
            .redirect(Redirect::new(redirect.clone()));
        let all = [&body, &media, &callback, &redirect];
        match doc.to_xml() {
            Ok(rendered) => {
                prop_assert!(ok_for_xml(&all));
                let mut message = text(&body);
                message.push(element("Media", &[], text(&media)));
                let expected = element("Response", &[], vec![
                    element("Message", &[("statusCallback", &callback)], message),
                    element("Redirect", &[], text(&redirect)),
                ]);
                let parsed = parse(&rendered).map_err(|e| TestCaseError::fail(format!("{e} in {rendered:?}")))?;
                prop_assert_eq!(parsed, expected);
            }
            Err(TwimlError::InvalidChar { .. }) => {
                prop_assert!(!ok_for_xml(&all));
                display_is_well_formed(&doc.to_string())?;
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }
}

#[test]
fn the_parser_refuses_ill_formed_xml() {
    // The oracle itself must not accept everything.
    for bad in [
        "<?xml version=\"1.0\"?><Response><Say>a</Response>",
        "<?xml version=\"1.0\"?><Response><Say a=\"<\"/></Response>",
        "<?xml version=\"1.0\"?><Response>\u{1}</Response>",
        "<?xml version=\"1.0\"?><Response>&bogus;</Response>",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
    assert_eq!(
        parse("<?xml version=\"1.0\"?><R a=\"&#9;x&#10;\">&lt;&#x1F600;</R>"),
        Ok(Xml::Element {
            name: "R".into(),
            attrs: vec![("a".into(), "\tx\n".into())],
            children: vec![Xml::Text("<\u{1f600}".into())],
        })
    );
}
