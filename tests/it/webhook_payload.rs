//! Typed webhook payloads read from form parameters.

use twilio_typed::webhook::{
    CallStatusCallback, FromParams, GatherResult, IncomingMessage, MessageStatusCallback, Params,
    PayloadError,
};
use twilio_typed::{CallDirection, CallStatus, Endpoint, MessageStatus};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const MESSAGE: &str = "SM0123456789abcdef0123456789abcdef";
const CALL: &str = "CA0123456789abcdef0123456789abcdef";
const SERVICE: &str = "MG0123456789abcdef0123456789abcdef";

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().copied().collect()
}

#[test]
fn incoming_sms() {
    let p = params(&[
        ("ToCountry", "US"),
        ("ToState", "CA"),
        ("SmsMessageSid", MESSAGE),
        ("NumMedia", "0"),
        ("ToCity", ""),
        ("FromZip", "94105"),
        ("SmsSid", MESSAGE),
        ("FromState", "CA"),
        ("SmsStatus", "received"),
        ("FromCity", "SAN FRANCISCO"),
        ("Body", "Hello + bye"),
        ("FromCountry", "US"),
        ("To", "+14155550100"),
        ("MessagingServiceSid", SERVICE),
        ("ToZip", ""),
        ("NumSegments", "1"),
        ("MessageSid", MESSAGE),
        ("AccountSid", ACCOUNT),
        ("From", "+14155550199"),
        ("ApiVersion", "2010-04-01"),
        ("ProfileName", "Zoë"),
    ]);
    let m = IncomingMessage::from_params(p).unwrap();
    assert_eq!(m.message_sid.as_str(), MESSAGE);
    assert_eq!(m.account_sid.as_str(), ACCOUNT);
    assert_eq!(m.messaging_service_sid.unwrap().as_str(), SERVICE);
    assert_eq!(m.from.as_phone().map(|n| n.as_str()), Some("+14155550199"));
    assert_eq!(m.to.as_str(), "+14155550100");
    assert_eq!(m.body, "Hello + bye");
    assert!(m.media.is_empty());
    assert_eq!(m.num_segments, Some(1));
    assert_eq!(m.from_location.city.as_deref(), Some("SAN FRANCISCO"));
    assert_eq!(m.from_location.zip.as_deref(), Some("94105"));
    assert_eq!(m.to_location.city, None, "empty values are None");
    assert_eq!(m.to_location.country.as_deref(), Some("US"));
    // Parameters without a field stay reachable, in order.
    assert_eq!(m.extra.get("ProfileName"), Some("Zoë"));
    assert_eq!(m.extra.get("SmsStatus"), Some("received"));
    let names: Vec<&str> = m.extra.iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "SmsMessageSid",
            "SmsSid",
            "SmsStatus",
            "ApiVersion",
            "ProfileName"
        ]
    );
}

#[test]
fn incoming_mms_gathers_media() {
    let p = params(&[
        ("MessageSid", "MM0123456789abcdef0123456789abcdef"),
        ("AccountSid", ACCOUNT),
        ("From", "whatsapp:+14155550199"),
        ("To", "12345"),
        ("NumMedia", "2"),
        ("MediaContentType1", "video/mp4"),
        ("MediaUrl0", "https://api.twilio.com/media/ME0"),
        ("MediaContentType0", "image/jpeg"),
        ("MediaUrl1", "https://api.twilio.com/media/ME1"),
    ]);
    let m = IncomingMessage::from_params(p).unwrap();
    assert_eq!(m.body, "", "Body absent is empty");
    assert_eq!(m.from, Endpoint::Other("whatsapp:+14155550199".into()));
    assert_eq!(m.to, Endpoint::Other("12345".into()));
    assert_eq!(m.media.len(), 2);
    assert_eq!(m.media[0].url.as_str(), "https://api.twilio.com/media/ME0");
    assert_eq!(m.media[0].content_type, "image/jpeg");
    assert_eq!(m.media[1].content_type, "video/mp4");
    assert!(m.extra.is_empty());
}

#[test]
fn incoming_message_errors_name_the_field() {
    let base = [
        ("MessageSid", MESSAGE),
        ("AccountSid", ACCOUNT),
        ("From", "+14155550199"),
        ("To", "+14155550100"),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut p = params(&base);
        p.extend(extra.iter().copied());
        IncomingMessage::from_params(p)
    };
    let err = with(&[("NumMedia", "1")]).unwrap_err();
    assert!(
        matches!(&err, PayloadError::Missing { field } if field == "MediaUrl0"),
        "{err}"
    );
    let err = with(&[("NumMedia", "x")]).unwrap_err();
    assert_eq!(err.field(), Some("NumMedia"));
    assert!(
        std::error::Error::source(&err).is_some(),
        "the parse error is chained"
    );
    let err = with(&[
        ("NumMedia", "1"),
        ("MediaUrl0", "not a url"),
        ("MediaContentType0", "a/b"),
    ])
    .unwrap_err();
    assert_eq!(err.field(), Some("MediaUrl0"));

    let err = IncomingMessage::from_params(params(&base[1..])).unwrap_err();
    assert_eq!(err.field(), Some("MessageSid"));
    let mut p = params(&base);
    p.take("AccountSid");
    p.push("AccountSid", "CA0123456789abcdef0123456789abcdef");
    let err = IncomingMessage::from_params(p).unwrap_err();
    assert_eq!(err.field(), Some("AccountSid"));
    assert!(err.to_string().contains("AccountSid"), "{err}");
}

#[test]
fn message_status_callback() {
    let p = params(&[
        ("SmsSid", MESSAGE),
        ("SmsStatus", "undelivered"),
        ("MessageStatus", "undelivered"),
        ("To", "+14155550100"),
        ("MessageSid", MESSAGE),
        ("AccountSid", ACCOUNT),
        ("From", "+14155550199"),
        ("ApiVersion", "2010-04-01"),
        ("ErrorCode", "30003"),
    ]);
    let s = MessageStatusCallback::from_params(p).unwrap();
    assert_eq!(s.message_status, MessageStatus::Undelivered);
    assert_eq!(s.error_code, Some(30003));
    assert_eq!(s.from.unwrap().as_str(), "+14155550199");
    assert_eq!(s.extra.get("SmsStatus"), Some("undelivered"));

    // A status this crate does not know yet still parses.
    let p = params(&[
        ("MessageSid", MESSAGE),
        ("AccountSid", ACCOUNT),
        ("MessageStatus", "teleported"),
        ("ErrorCode", ""),
    ]);
    let s = MessageStatusCallback::from_params(p).unwrap();
    assert_eq!(
        s.message_status,
        MessageStatus::Unknown("teleported".into())
    );
    assert_eq!(s.error_code, None);
    assert_eq!(s.from, None);
}

#[test]
fn call_status_callback() {
    let p = params(&[
        ("Called", "+14155550100"),
        ("CallSid", CALL),
        ("AccountSid", ACCOUNT),
        ("From", "client:alice"),
        ("To", "+14155550100"),
        ("CallStatus", "completed"),
        ("Direction", "outbound-api"),
        ("CallDuration", "37"),
        ("SequenceNumber", "3"),
        ("CallbackSource", "call-progress-events"),
        ("Timestamp", "Tue, 10 Sep 2024 12:00:05 +0000"),
        ("ApiVersion", "2010-04-01"),
    ]);
    let c = CallStatusCallback::from_params(p).unwrap();
    assert_eq!(c.call_sid.as_str(), CALL);
    assert_eq!(c.call_status, CallStatus::Completed);
    assert_eq!(c.direction, Some(CallDirection::OutboundApi));
    assert_eq!(c.call_duration, Some(37));
    assert_eq!(c.sequence_number, Some(3));
    assert_eq!(c.from, Endpoint::Other("client:alice".into()));
    assert_eq!(c.timestamp.unwrap().unix_timestamp(), 1_725_969_605);
    assert_eq!(c.extra.get("Called"), Some("+14155550100"));

    let p = params(&[
        ("CallSid", CALL),
        ("AccountSid", ACCOUNT),
        ("From", "+14155550199"),
        ("To", "+14155550100"),
        ("CallStatus", "in-progress"),
        ("Timestamp", "yesterday"),
    ]);
    let err = CallStatusCallback::from_params(p).unwrap_err();
    assert_eq!(err.field(), Some("Timestamp"));
}

#[test]
fn gather_result() {
    let p = params(&[
        ("AccountSid", ACCOUNT),
        ("CallSid", CALL),
        ("From", "+14155550199"),
        ("To", "+14155550100"),
        ("CallStatus", "in-progress"),
        ("Digits", "1234"),
        ("FinishedOnKey", "#"),
        ("msg", "Gather End"),
    ]);
    let g = GatherResult::from_params(p).unwrap();
    assert_eq!(g.digits.as_deref(), Some("1234"));
    assert_eq!(g.input(), Some("1234"));
    assert_eq!(g.finished_on_key.as_deref(), Some("#"));
    assert_eq!(g.call_status, Some(CallStatus::InProgress));
    assert_eq!(g.extra.get("msg"), Some("Gather End"));

    let p = params(&[
        ("AccountSid", ACCOUNT),
        ("CallSid", CALL),
        ("SpeechResult", "Sales, please."),
        ("Confidence", "0.91"),
        ("Digits", ""),
    ]);
    let g = GatherResult::from_params(p).unwrap();
    assert_eq!(g.digits, None);
    assert_eq!(g.input(), Some("Sales, please."));
    assert_eq!(g.confidence, Some(0.91));
    assert_eq!(g.from, None);

    let err = GatherResult::from_params(params(&[
        ("CallSid", CALL),
        ("AccountSid", ACCOUNT),
        ("Confidence", "high"),
    ]))
    .unwrap_err();
    assert_eq!(err.field(), Some("Confidence"));
}

#[test]
fn params_round_trip() {
    let p = Params::from_form(b"A=1&B=x+y%26z&A=2&C");
    assert_eq!(p.get("A"), Some("1"));
    assert_eq!(p.get_all("A").collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(p.get("B"), Some("x y&z"));
    assert_eq!(p.get("C"), Some(""));
    assert_eq!(Params::from_form(p.to_form().as_bytes()), p);
    assert_eq!(Params::from_params(p.clone()).unwrap(), p);
}

#[test]
fn types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<twilio_typed::webhook::RequestValidator>();
    assert_send_sync::<Params>();
    assert_send_sync::<IncomingMessage>();
    assert_send_sync::<MessageStatusCallback>();
    assert_send_sync::<CallStatusCallback>();
    assert_send_sync::<GatherResult>();
    assert_send_sync::<PayloadError>();
    assert_send_sync::<twilio_typed::webhook::WebhookConfig>();
    assert_send_sync::<twilio_typed::webhook::WebhookRejection>();
}
