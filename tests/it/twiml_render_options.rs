//! TwiML output options: whole-second durations and rendering without the XML
//! declaration.

use std::time::Duration;
use twilio_typed::twiml::{
    Dial, Gather, MessagingResponse, Number, Pause, Record, SpeechTimeout, TwimlError,
    VoiceResponse,
};

#[test]
fn whole_seconds_are_written_as_given() {
    let doc = VoiceResponse::new()
        .dial(
            Dial::new()
                .timeout(Duration::from_secs(20))
                .time_limit(Duration::from_secs(90))
                .number(Number::new(
                    "+12025551234".parse::<twilio_typed::E164>().unwrap(),
                )),
        )
        .gather(Gather::new().speech_timeout(SpeechTimeout::After(Duration::from_secs(2))));
    assert_eq!(
        doc.to_xml_fragment().unwrap(),
        r#"<Response><Dial timeLimit="90" timeout="20"><Number>+12025551234</Number></Dial><Gather speechTimeout="2" /></Response>"#
    );
}

fn fractional(doc: &VoiceResponse) -> (String, &'static str, Duration) {
    match doc.to_xml() {
        Err(TwimlError::FractionalDuration {
            element,
            attribute,
            value,
            unit: "seconds",
        }) => (element, attribute, value),
        other => panic!("expected FractionalDuration, got {other:?}"),
    }
}

#[test]
fn a_fraction_of_a_second_is_refused_never_rounded() {
    let doc = VoiceResponse::new().dial(Dial::new().time_limit(Duration::from_millis(1500)));
    assert_eq!(
        fractional(&doc),
        ("Dial".to_owned(), "timeLimit", Duration::from_millis(1500))
    );
    assert_eq!(
        doc.to_xml().unwrap_err().to_string(),
        "<Dial> attribute \"timeLimit\": 1.5s is not a whole number of seconds, and Twilio reads it in whole seconds"
    );
    assert!(doc.check().is_err());

    // The same rule for every attribute Twilio reads in whole seconds.
    let half = Duration::from_millis(500);
    let cases: Vec<(VoiceResponse, &str, &str)> = vec![
        (
            VoiceResponse::new().dial(Dial::new().timeout(half)),
            "Dial",
            "timeout",
        ),
        (
            VoiceResponse::new().gather(Gather::new().timeout(half)),
            "Gather",
            "timeout",
        ),
        (
            VoiceResponse::new().gather(Gather::new().max_speech_time(half)),
            "Gather",
            "maxSpeechTime",
        ),
        (
            VoiceResponse::new().gather(Gather::new().speech_timeout(SpeechTimeout::After(half))),
            "Gather",
            "speechTimeout",
        ),
        (
            VoiceResponse::new().pause(Pause::new().length(half)),
            "Pause",
            "length",
        ),
        (
            VoiceResponse::new().record(Record::new().timeout(half)),
            "Record",
            "timeout",
        ),
        (
            VoiceResponse::new().record(Record::new().max_length(half)),
            "Record",
            "maxLength",
        ),
    ];
    for (doc, element, attribute) in cases {
        assert_eq!(
            fractional(&doc),
            (element.to_owned(), attribute, half),
            "{element} {attribute}"
        );
    }
}

#[test]
fn a_fragment_is_the_document_without_the_declaration() {
    let doc = VoiceResponse::new()
        .say(twilio_typed::twiml::Say::new("Hi & bye"))
        .hangup();
    let full = doc.to_xml().unwrap();
    let fragment = doc.to_xml_fragment().unwrap();
    assert_eq!(
        fragment,
        "<Response><Say>Hi &amp; bye</Say><Hangup /></Response>"
    );
    assert_eq!(
        full,
        format!(r#"<?xml version="1.0" encoding="UTF-8"?>{fragment}"#)
    );
    assert_eq!(
        MessagingResponse::new().to_xml_fragment().unwrap(),
        "<Response />"
    );
    // A document that cannot be rendered fails the same way.
    let bad = VoiceResponse::new().say(twilio_typed::twiml::Say::new("bell \u{7}"));
    assert!(matches!(
        bad.to_xml_fragment(),
        Err(TwimlError::InvalidChar { .. })
    ));
}

#[test]
fn millisecond_attributes_refuse_a_fraction_of_a_millisecond() {
    let number = || Number::new("+12025551234".parse::<twilio_typed::E164>().unwrap());
    let whole = VoiceResponse::new().dial(
        Dial::new()
            .number(number().machine_detection_speech_threshold(Duration::from_millis(2400))),
    );
    assert_eq!(
        whole.to_xml_fragment().unwrap(),
        r#"<Response><Dial><Number machineDetectionSpeechThreshold="2400">+12025551234</Number></Dial></Response>"#
    );
    let fraction = Duration::from_micros(2_400_500);
    let doc = VoiceResponse::new()
        .dial(Dial::new().number(number().machine_detection_speech_threshold(fraction)));
    assert_eq!(
        doc.to_xml().unwrap_err().to_string(),
        "<Number> attribute \"machineDetectionSpeechThreshold\": 2.4005s is not a whole number of milliseconds, and Twilio reads it in whole milliseconds"
    );
    let say = twilio_typed::twiml::Say::new("a")
        .push(twilio_typed::twiml::ssml::Break::new().time(Duration::from_micros(1500)));
    let doc = VoiceResponse::new().say(say);
    assert!(matches!(
        doc.to_xml(),
        Err(TwimlError::FractionalDuration { ref element, attribute: "time", unit: "milliseconds", .. }) if element == "break"
    ));
}
