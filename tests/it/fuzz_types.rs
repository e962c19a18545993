//! Fuzzing (proptest, fixed case count): the validated types never panic on
//! any input, and whatever they accept is canonical and round-trips through
//! `Display`/`FromStr` and serde.

use proptest::prelude::*;
use twilio_typed::{
    AccountSid, ApiKeySid, CallSid, Language, MessageSid, MessagingServiceSid, RecordingSid,
    ResourceSid, Voice, E164,
};

const CASES: u32 = 256;

/// Any text, biased towards the shapes the parsers look at.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[+]?[0-9 ().\u{a0}-]{0,24}",
        "[+](1|7|33|39|44|49|61)[ ]?0?[1-9][0-9]{6,11}",
        "[+][1-9][0-9]{6,15}",
        "(AC|CA|SM|MM|MG|SK|RE|XX)[0-9a-fA-F]{30,34}",
        "(alice|man|woman|Polly\\.[A-Za-z-]{0,12}|Google\\.[a-zA-Z0-9-]{0,20})",
        "[a-zA-Z]{1,4}(-[a-zA-Z0-9]{1,9}){0,3}",
    ]
}

/// `parse(display(x)) == x`, and serde gives the same value.
fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: std::fmt::Display + std::str::FromStr + PartialEq + std::fmt::Debug + serde::Serialize,
    T: serde::de::DeserializeOwned,
    T::Err: std::fmt::Debug,
{
    let shown = value.to_string();
    let again: T = shown
        .parse()
        .map_err(|e| TestCaseError::fail(format!("{shown:?}: {e:?}")))?;
    prop_assert_eq!(&again, value);
    let json = serde_json::to_string(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(json.clone(), serde_json::to_string(&shown).unwrap());
    let back: T = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&back, value);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn e164_never_panics_and_is_canonical(
        // Besides the shared shapes, long digit runs up to and past the
        // 64-character limit: what reaches libphonenumber after the checks.
        input in prop_oneof![text(), "[+][0-9]{0,66}", "[+][0-9 ().-]{0,70}"]
    ) {
        if let Ok(number) = E164::parse(&input) {
            let canonical = number.as_str();
            prop_assert!(canonical.starts_with('+'), "{canonical}");
            prop_assert!(canonical[1..].bytes().all(|b| b.is_ascii_digit()), "{canonical}");
            prop_assert!((3..=16).contains(&canonical.len()), "{canonical}");
            // Formatting characters are dropped, and libphonenumber drops a
            // national trunk prefix written after the country code (`+44 0 20...`),
            // so the canonical digits are a subsequence of the input's; or its
            // country's transform rule completes a local number (`+1 784 0000`
            // is `+1 784 784 0000` in St Vincent), so the input's digits are a
            // subsequence of the canonical ones. Nothing is reordered, and the
            // first digit stays.
            let digits_in: String = input.chars().filter(char::is_ascii_digit).collect();
            let subsequence = |short: &str, long: &str| {
                let mut rest = long.chars();
                short.chars().all(|d| rest.any(|c| c == d))
            };
            prop_assert!(
                subsequence(&canonical[1..], &digits_in) || subsequence(&digits_in, &canonical[1..]),
                "{input:?} -> {canonical}"
            );
            prop_assert_eq!(canonical[1..].chars().next(), digits_in.chars().next());
            round_trips(&number)?;
        }
        // serde refuses exactly what parse refuses.
        let json = serde_json::to_string(&input).unwrap();
        prop_assert_eq!(
            serde_json::from_str::<E164>(&json).is_ok(),
            E164::parse(&input).is_ok()
        );
    }

    #[test]
    fn sids_never_panic_and_keep_their_text(input in text()) {
        fn check<T>(input: &str, prefixes: &[&str]) -> Result<(), TestCaseError>
        where
            T: std::str::FromStr + std::fmt::Display + PartialEq + std::fmt::Debug,
            T: serde::Serialize + serde::de::DeserializeOwned,
            T::Err: std::fmt::Debug,
        {
            let shaped = input.len() == 34
                && prefixes.iter().any(|p| input.starts_with(p))
                && input[2..].bytes().all(|b| b.is_ascii_hexdigit());
            match input.parse::<T>() {
                Ok(sid) => {
                    prop_assert!(shaped, "accepted {input:?}");
                    prop_assert_eq!(sid.to_string(), input);
                    round_trips(&sid)?;
                }
                Err(_) => prop_assert!(!shaped, "refused {input:?}"),
            }
            Ok(())
        }
        check::<AccountSid>(&input, &["AC"])?;
        check::<CallSid>(&input, &["CA"])?;
        check::<MessageSid>(&input, &["SM", "MM"])?;
        check::<MessagingServiceSid>(&input, &["MG"])?;
        check::<ApiKeySid>(&input, &["SK"])?;
        check::<RecordingSid>(&input, &["RE"])?;
        let resource = input.parse::<ResourceSid>();
        prop_assert_eq!(
            resource.is_ok(),
            input.parse::<CallSid>().is_ok() || input.parse::<MessageSid>().is_ok()
        );
    }

    #[test]
    fn voices_and_languages_never_panic(input in text()) {
        if let Ok(voice) = Voice::parse(&input) {
            prop_assert_eq!(voice.as_str(), input.as_str());
            round_trips(&voice)?;
        }
        if let Ok(language) = input.parse::<Language>() {
            prop_assert_eq!(language.as_str(), input.as_str());
            prop_assert!(language.as_str().is_ascii());
            round_trips(&language)?;
        }
    }
}

#[test]
fn the_strategies_reach_the_accepting_paths() {
    // Guards against a strategy that only ever produces rejected input.
    assert!(E164::parse("+12025551234").is_ok());
    assert!(format!("RE{}", "0123456789abcdef".repeat(2))
        .parse::<RecordingSid>()
        .is_ok());
    assert!(Voice::parse("Polly.Joanna").is_ok());
    assert!("en-US".parse::<Language>().is_ok());
}
