//! The fast path against serde_json's: on every body, either the fast path
//! refuses it or it gives exactly serde_json's value; and decoding with the
//! fallback gives serde_json's value or serde_json's error.

use std::fmt::Debug;

use proptest::prelude::*;
use serde::de::DeserializeOwned;

use super::scan::{Fast, Unusual};
use super::{call, message, with_fallback};

const MESSAGE: fn(&[u8]) -> Fast<Message> = message::read;
const CALL: fn(&[u8]) -> Fast<Call> = call::read;
use crate::{Call, Message};

const FIXTURES: [&str; 8] = [
    include_str!("../../tests/fixtures/message_queued.json"),
    include_str!("../../tests/fixtures/message_delivered.json"),
    include_str!("../../tests/fixtures/message_canceled.json"),
    include_str!("../../tests/fixtures/message_future_status.json"),
    include_str!("../../tests/fixtures/message_redacted.json"),
    include_str!("../../tests/fixtures/call_queued.json"),
    include_str!("../../tests/fixtures/call_completed.json"),
    // Twilio's own spacing: one line, `", "` and `": "`.
    r#"{"account_sid": "AC0123456789abcdef0123456789abcdef", "api_version": "2010-04-01", "body": "Hello from MYCA! This is a test message.", "date_created": "Wed, 17 Dec 2025 10:29:58 +0000", "date_sent": null, "date_updated": "Wed, 17 Dec 2025 10:29:58 +0000", "direction": "outbound-api", "error_code": null, "error_message": null, "from": "+12025550100", "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD", "sid": "SM9f3b1c2d4e5f60718293a4b5c6d7e8f9", "status": "queued", "subresource_uris": {"media": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM9f3b1c2d4e5f60718293a4b5c6d7e8f9/Media.json"}, "to": "+12025551234", "uri": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM9f3b1c2d4e5f60718293a4b5c6d7e8f9.json"}"#,
];

/// Checks the fast path against serde_json on `body`; returns whether the
/// fast path read it.
fn agrees<T: DeserializeOwned + PartialEq + Debug>(
    body: &[u8],
    fast: fn(&[u8]) -> Fast<T>,
) -> Result<bool, TestCaseError> {
    let shown = String::from_utf8_lossy(body);
    let reference = serde_json::from_slice::<T>(body);
    let read = match fast(body) {
        Ok(value) => {
            let Ok(expected) = &reference else {
                return Err(TestCaseError::fail(format!(
                    "the fast path read what serde_json refuses ({reference:?}): {shown}"
                )));
            };
            // `Debug` shows what `==` may not compare (a date's offset).
            prop_assert_eq!(format!("{value:?}"), format!("{expected:?}"), "{}", shown);
            prop_assert!(&value == expected, "{}", shown);
            true
        }
        Err(Unusual) => false,
    };
    match (with_fallback(body, fast), reference) {
        (Ok(value), Ok(expected)) => prop_assert!(value == expected, "{}", shown),
        (Err(error), Err(expected)) => {
            prop_assert_eq!(error.classify(), expected.classify());
            prop_assert_eq!(error.to_string(), expected.to_string());
        }
        (got, expected) => {
            return Err(TestCaseError::fail(format!(
                "{got:?} where serde_json gives {expected:?}: {shown}"
            )))
        }
    }
    Ok(read)
}

#[test]
fn fixtures_take_the_fast_path() {
    for fixture in FIXTURES {
        let is_call = fixture.contains(r#""sid": "CA"#);
        let read = if is_call {
            agrees::<Call>(fixture.as_bytes(), CALL)
        } else {
            agrees::<Message>(fixture.as_bytes(), MESSAGE)
        };
        assert!(matches!(read, Ok(true)), "{read:?}: {fixture}");
    }
}

#[test]
fn refusals_fall_back_to_serde_json() {
    let queued = FIXTURES[0];
    for (from, to) in [
        // Escapes, which serde_json decodes.
        (
            r#""Hello from MYCA!""#,
            r#""Hello \"from\" MYCA!\n\u00e9\ud83d\ude00""#,
        ),
        (r#""to""#, r#""t\u006f""#),
        // A price as a JSON number, spelled by serde_json.
        (r#""price": null"#, r#""price": -0.0075"#),
        (r#""num_media": "0""#, r#""num_media": -0"#),
        (r#""num_media": "0""#, r#""num_media": 1.0"#),
        // Errors: serde_json's message is kept.
        (
            r#""num_media": "0""#,
            r#""num_media": "0", "num_media": "1""#,
        ),
        (r#""status": "queued""#, r#""status": null"#),
        (r#""status": "queued""#, r#""status": 3"#),
        (r#""sid": "SM"#, r#""sid": "CA"#),
        (
            r#""date_sent": null"#,
            r#""date_sent": "Wed, 17 Dec 2025 25:00:00 +0000""#,
        ),
        (r#""error_code": null"#, r#""error_code": "x""#),
        (r#""error_code": null"#, r#""error_code": 4294967296"#),
        (r#""to": "#, r#""too": "#),
    ] {
        assert!(queued.contains(from), "{from}");
        let body = queued.replacen(from, to, 1);
        let read = agrees::<Message>(body.as_bytes(), MESSAGE);
        assert!(matches!(read, Ok(false)), "{read:?}: {body}");
    }
    // A fast-path value equal to serde_json's where both read it.
    let body = queued.replacen(r#""num_media": "0""#, r#""num_media": 0"#, 1);
    assert!(with_fallback(body.as_bytes(), MESSAGE).is_ok());
}

/// A JSON scalar as text, including what `serde_json::Value` cannot spell
/// (leading zeros, escapes, control characters).
fn leaf_text() -> impl Strategy<Value = String> {
    let string = prop_oneof![
        "(SM|MM|CA|AC|MG|PN)[0-9a-fA-F]{32}",
        "(SM|CA)[0-9a-f]{30,33}",
        "\\+[0-9]{1,16}",
        Just("+12025551234".to_owned()),
        Just("client:alice".to_owned()),
        Just("Wed, 17 Dec 2025 10:29:58 +0000".to_owned()),
        Just("17 Dec 2025 10:29:58 -0130".to_owned()),
        Just("Wed, 17 Dec 2025 10:29:58 GMT".to_owned()),
        Just("Thu, 30 Jul 2015 20:12:31 +0000".to_owned()),
        Just("Wed, 31 Feb 2025 10:29:58 +0000".to_owned()),
        "(queued|sent|delivered|in-progress|outbound-api|inbound|later)",
        "[+-]?[0-9]{0,11}",
        "-?[0-9]{1,3}\\.[0-9]{1,5}",
        "[a-zA-Z0-9 /:._-]{0,40}",
        "\\PC{0,12}",
        "[a-z]{0,4}\\\\[\"\\\\/bfnrtu][0-9a-f]{0,4}",
        "[a-z]{0,4}[\\x00-\\x1f][a-z]{0,4}",
    ]
    .prop_map(|s| format!("\"{s}\""));
    prop_oneof![
        6 => string,
        2 => Just("null".to_owned()),
        1 => "(true|false|nul|tru|nulll|-|-x|--1|\\+1)".prop_map(String::from),
        2 => "[1-9][0-9]{0,10}",
        2 => "-?0[0-9]{0,3}",
        1 => "-[0-9]{1,3}",
        2 => "-?(0|[1-9][0-9]{0,10}|0[0-9]{1,3})(\\.[0-9]{0,3})?([eE][+-]?[0-9]{0,2})?",
    ]
}

/// Any JSON value as text: scalars as above, nested in arrays and objects.
fn value_text() -> impl Strategy<Value = String> {
    leaf_text().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..4).prop_map(|v| {
                let pairs: Vec<String> = v.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{{}}}", pairs.join(", "))
            }),
        ]
    })
}

const KEYS: [&str; 31] = [
    "sid",
    "account_sid",
    "to",
    "from",
    "messaging_service_sid",
    "body",
    "status",
    "direction",
    "num_segments",
    "num_media",
    "price",
    "price_unit",
    "error_code",
    "error_message",
    "date_created",
    "date_sent",
    "date_updated",
    "uri",
    "parent_call_sid",
    "start_time",
    "end_time",
    "duration",
    "answered_by",
    "caller_name",
    "api_version",
    "subresource_uris",
    "to_formatted",
    "queue_time",
    "Sid",
    "",
    "s\\u0069d",
];

fn spacing() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just(""),
        4 => Just(" "),
        1 => Just("\n  "),
        1 => Just("\t"),
        1 => Just("\r\n"),
    ]
}

/// A fixed shuffle of `items` from `seed`.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}

/// The `"key": value` pairs of a Twilio-shaped message or call (well-formed
/// values), in Twilio's order; `.0` tells a call.
fn twilio_pairs() -> impl Strategy<Value = (bool, Vec<(String, String)>)> {
    let date = prop_oneof![
        Just("null".to_owned()),
        Just("\"\"".to_owned()),
        (0u32..28, 0u32..24, 0u32..60).prop_map(|(d, h, m)| {
            format!("\"Wed, {:02} Dec 2025 {h:02}:{m:02}:07 +0000\"", d + 1)
        }),
    ];
    let count = prop_oneof![
        Just("null".to_owned()),
        (0u32..2000).prop_map(|n| n.to_string()),
        (0u32..2000).prop_map(|n| format!("\"{n}\"")),
    ];
    let text = prop_oneof![
        Just("null".to_owned()),
        "[a-zA-Z0-9 .,!?/:é€-]{0,60}".prop_map(|s| format!("\"{s}\"")),
    ];
    (
        any::<bool>(),
        "[0-9a-f]{32}",
        prop::collection::vec((date, count, text), 3),
        "(queued|sent|delivered|ringing|in-progress|brand-new)",
    )
        .prop_map(|(is_call, hex, values, status)| {
            let prefix = if is_call { "CA" } else { "SM" };
            let mut pairs = vec![
                ("sid", format!("\"{prefix}{hex}\"")),
                ("account_sid", format!("\"AC{hex}\"")),
                ("to", "\"+12025551234\"".to_owned()),
                ("from", "\"client:alice\"".to_owned()),
                ("status", format!("\"{status}\"")),
                ("direction", "\"outbound-api\"".to_owned()),
                ("api_version", "\"2010-04-01\"".to_owned()),
                (
                    "subresource_uris",
                    "{\"a\": \"/x\", \"b\": [1, null]}".to_owned(),
                ),
            ];
            let (dates, counts, texts) = if is_call {
                (
                    ["start_time", "end_time", "date_created"],
                    ["duration", "queue_time", "duration_x"],
                    ["price", "answered_by", "caller_name"],
                )
            } else {
                (
                    ["date_created", "date_sent", "date_updated"],
                    ["num_segments", "num_media", "error_code"],
                    ["body", "price_unit", "error_message"],
                )
            };
            for (i, (date, count, text)) in values.into_iter().enumerate() {
                pairs.push((dates[i], date));
                pairs.push((counts[i], count));
                pairs.push((texts[i], text));
            }
            let pairs = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            (is_call, pairs)
        })
}

/// Joins pairs into an object, with `space` after each `:` and `,`.
fn object(pairs: &[(String, String)], space: &str) -> String {
    let body: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("\"{key}\":{space}{value}"))
        .collect();
    format!("{{{}}}", body.join(&format!(",{space}")))
}

/// A Twilio-shaped message or call, keys in any order: the fast path must
/// read it.
fn twilio_shaped() -> impl Strategy<Value = (bool, String)> {
    (twilio_pairs(), any::<u64>(), spacing()).prop_map(|((is_call, mut pairs), seed, space)| {
        shuffle(&mut pairs, seed);
        (is_call, object(&pairs, space))
    })
}

/// Keys that neither model reads.
const UNKNOWN_KEYS: [&str; 6] = [
    "api_version",
    "subresource_uris",
    "to_formatted",
    "queue_time",
    "Sid",
    "",
];

/// A change to a Twilio-shaped body.
#[derive(Debug, Clone)]
enum Change {
    /// Another value for the pair at this place.
    Replace(prop::sample::Index, String),
    /// A new pair (any key: unknown, duplicate, escaped) at this place.
    Insert(prop::sample::Index, &'static str, String),
}

/// A Twilio-shaped body with arbitrary changes: other values for its keys,
/// pairs of any key added, a pair dropped, odd spacing, something around
/// the object.
fn object_text() -> impl Strategy<Value = String> {
    let change = prop_oneof![
        3 => (any::<prop::sample::Index>(), leaf_text()).prop_map(|(at, v)| Change::Replace(at, v)),
        1 => (any::<prop::sample::Index>(), value_text()).prop_map(|(at, v)| Change::Replace(at, v)),
        2 => (any::<prop::sample::Index>(), prop::sample::select(&UNKNOWN_KEYS[..]), value_text())
            .prop_map(|(at, k, v)| Change::Insert(at, k, v)),
        1 => (any::<prop::sample::Index>(), prop::sample::select(&KEYS[..]), value_text())
            .prop_map(|(at, k, v)| Change::Insert(at, k, v)),
    ];
    (
        twilio_pairs(),
        prop::collection::vec(change, 1..3),
        prop::option::weighted(0.1, any::<prop::sample::Index>()),
        (spacing(), spacing(), spacing()),
        (
            prop_oneof![
                16 => Just(""),
                1 => Just(" x"),
                1 => Just(","),
                1 => Just("}"),
                1 => Just("{"),
            ],
            prop::bool::weighted(0.05),
        ),
    )
        .prop_map(
            |((_, mut pairs), changes, drop, (space, a, b), (trailer, trailing_comma))| {
                if let Some(at) = drop {
                    pairs.remove(at.index(pairs.len()));
                }
                for change in changes {
                    match change {
                        Change::Replace(at, value) => {
                            let i = at.index(pairs.len());
                            pairs[i].1 = value;
                        }
                        Change::Insert(at, key, value) => {
                            pairs.insert(at.index(pairs.len() + 1), (key.to_owned(), value));
                        }
                    }
                }
                let mut text = object(&pairs, space);
                if trailing_comma {
                    text.insert(text.len() - 1, ',');
                }
                format!("{a}{text}{b}{trailer}")
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn twilio_shaped_bodies_are_read_as_serde_json_reads_them((is_call, body) in twilio_shaped()) {
        let read = if is_call {
            agrees::<Call>(body.as_bytes(), CALL)?
        } else {
            agrees::<Message>(body.as_bytes(), MESSAGE)?
        };
        prop_assert!(read, "refused: {}", body);
    }

    #[test]
    fn arbitrary_objects_agree_with_serde_json(body in object_text()) {
        agrees::<Message>(body.as_bytes(), MESSAGE)?;
        agrees::<Call>(body.as_bytes(), CALL)?;
    }

    #[test]
    fn mutated_fixtures_agree_with_serde_json(
        fixture in prop::sample::select(&FIXTURES[..]),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..4),
    ) {
        let mut body = fixture.as_bytes().to_vec();
        for (at, kind, byte) in edits {
            let i = at.index(body.len() + 1);
            match kind {
                0 => body.insert(i, byte),
                1 if i < body.len() => { body.remove(i); }
                _ if i < body.len() => body[i] = byte,
                _ => body.push(byte),
            }
        }
        agrees::<Message>(&body, MESSAGE)?;
        agrees::<Call>(&body, CALL)?;
    }

    #[test]
    fn mutated_fixtures_with_json_bytes_agree(
        fixture in prop::sample::select(&FIXTURES[..]),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(&b"\"\\{}[],: \n0123456789-+.eEnulltruefalse\x00\x1fa\xc3\xa9"[..])),
            1..4,
        ),
    ) {
        let mut body = fixture.as_bytes().to_vec();
        for (at, byte) in edits {
            let i = at.index(body.len());
            body[i] = byte;
        }
        agrees::<Message>(&body, MESSAGE)?;
        agrees::<Call>(&body, CALL)?;
    }

    #[test]
    fn structurally_mutated_bodies_agree_with_serde_json(
        body in object_text(),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), 0u8..3, prop::sample::select(&b"{}[],:\" "[..])),
            1..3,
        ),
    ) {
        // Edits at the bytes that make the structure: brackets, commas,
        // colons, quotes, spaces.
        let mut body = body.into_bytes();
        for (at, kind, byte) in edits {
            let places: Vec<usize> = body
                .iter()
                .enumerate()
                .filter(|(_, b)| b"{}[],:\" ".contains(b))
                .map(|(i, _)| i)
                .collect();
            if places.is_empty() {
                break;
            }
            let i = places[at.index(places.len())];
            match kind {
                0 => body.insert(i, byte),
                1 => { body.remove(i); }
                _ => body[i] = byte,
            }
        }
        agrees::<Message>(&body, MESSAGE)?;
        agrees::<Call>(&body, CALL)?;
    }

    #[test]
    fn arbitrary_bytes_agree_with_serde_json(body in prop::collection::vec(any::<u8>(), 0..64)) {
        agrees::<Message>(&body, MESSAGE)?;
        agrees::<Call>(&body, CALL)?;
    }
}
