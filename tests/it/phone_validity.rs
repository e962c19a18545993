//! `E164::parse` on fixed vectors: valid and invalid numbers across several
//! countries, the canonical form, the rule each refusal names and its
//! message; numbers read from Twilio's answers (`Endpoint`'s syntactic E.164
//! check) and serde round trips.
//!
//! The expected answers are written by hand from the numbering plans (NANP,
//! UK, Germany, Niue...), not computed by the `phonenumber` crate that
//! `E164::parse` uses, so a change in what it accepts fails here.

use phonenumber::metadata::DATABASE;
use twilio_typed::{Endpoint, ParseE164Error, E164};

/// Parses `input`, expecting it valid with this canonical form and code.
#[track_caller]
fn valid(input: &str, canonical: &str, country_code: u16) {
    match E164::parse(input) {
        Ok(number) => {
            assert_eq!(number.as_str(), canonical, "{input:?}");
            assert_eq!(number.to_string(), canonical, "{input:?}");
            assert_eq!(number.country_code(), country_code, "{input:?}");
            // The canonical form is a fixed point.
            assert_eq!(E164::parse(canonical).as_ref(), Ok(&number), "{canonical}");
        }
        Err(e) => panic!("{input:?} refused: {e:?}"),
    }
}

/// Parses `input`, expecting this refusal.
#[track_caller]
fn refused(input: &str, expected: ParseE164Error) {
    assert_eq!(E164::parse(input), Err(expected), "{input:?}");
}

#[test]
fn north_american_numbers() {
    for input in [
        "+12025551234",
        "+1 (202) 555-1234",
        " +1.202.555.1234 ",
        "+1-202-555-1234",
        "+1\u{a0}202\u{a0}555\u{a0}1234",
        "\t+1 202 555 1234\n",
    ] {
        valid(input, "+12025551234", 1);
    }
    // 555-0100 to 555-0199, the fictional range of films and docs, is a
    // well-formed NANP number: libphonenumber cannot know no line answers.
    valid("+1 202 555 0100", "+12025550100", 1);
    valid("+1 (415) 555-0199", "+14155550199", 1);
    // Toll-free: 800, 833, 844, 855, 866, 877, 888, shared by the US and Canada.
    valid("+1 800 555 0199", "+18005550199", 1);
    valid("+1 (888) 234-5678", "+18882345678", 1);
    valid("+1 833 234 5678", "+18332345678", 1);
    // Canada: Toronto and Vancouver area codes.
    valid("+1 416 555 0123", "+14165550123", 1);
    valid("+1 604-555-0123", "+16045550123", 1);
    // No area code or exchange starts with 0 or 1.
    refused(
        "+1 123 555 0100",
        ParseE164Error::NotValid("+11235550100".into()),
    );
    refused(
        "+1 202 055 1234",
        ParseE164Error::NotValid("+12020551234".into()),
    );
    // A digit short or a digit too many.
    refused(
        "+1 202 555 123",
        ParseE164Error::NotValid("+1202555123".into()),
    );
    refused(
        "+1 202 555 12345",
        ParseE164Error::NotValid("+120255512345".into()),
    );
    // Toll-free needs [2-9] after the prefix.
    refused(
        "+1 800 155 0199",
        ParseE164Error::NotValid("+18001550199".into()),
    );
}

#[test]
fn european_numbers() {
    // UK mobile (07xxx xxxxxx nationally); the trunk 0 written after the
    // country code is dropped.
    valid("+44 7911 123456", "+447911123456", 44);
    valid("+44 (0)7911 123456", "+447911123456", 44);
    valid("+44 20 7123 4567", "+442071234567", 44);
    valid("+44 (0)20 7123 4567", "+442071234567", 44);
    refused(
        "+44 7911 12345",
        ParseE164Error::NotValid("+44791112345".into()),
    );
    refused("+44 12", ParseE164Error::TooShort("+4412".into()));
    // Italy keeps the leading 0 of its fixed lines in E.164.
    valid("+39 06 1234 5678", "+390612345678", 39);
    // France mobile, with and without the trunk 0.
    valid("+33 6 12 34 56 78", "+33612345678", 33);
    valid("+33 (0)6 12 34 56 78", "+33612345678", 33);
    // Germany: Berlin fixed line and a mobile.
    valid("+49 30 12345678", "+493012345678", 49);
    valid("+49 151 23456789", "+4915123456789", 49);
    // Russia shares the one-digit code 7 with Kazakhstan.
    valid("+7 912 345-67-89", "+79123456789", 7);
}

#[test]
fn germany_accepts_numbers_longer_than_e164() {
    // German fixed lines may have up to 15 national digits, so 17 with the
    // country code: valid for libphonenumber, refused for E.164 (at most 15
    // digits with the country code), which is all Twilio takes.
    refused(
        "+4920100000000000",
        ParseE164Error::TooManyDigits("+4920100000000000".into()),
    );
    refused(
        "+49 201 0000 0000 000",
        ParseE164Error::TooManyDigits("+4920100000000000".into()),
    );
    valid("+492010000000000", "+492010000000000", 49);
    assert_eq!(
        ParseE164Error::TooManyDigits("+4920100000000000".into()).to_string(),
        "+4920100000000000 has more than 15 digits, the most E.164 allows (country code included)"
    );
}

#[test]
fn numbers_of_other_continents() {
    // Niue's fixed lines: 4 digits after +683, 7 with the code, the fewest
    // of any country; the too-short rule never refuses a valid number.
    valid("+683 4002", "+6834002", 683);
    valid("+54 9 11 2345 6789", "+5491123456789", 54);
    valid("+81 90-1234-5678", "+819012345678", 81);
    valid("+61 4 1234 5678", "+61412345678", 61);
    valid("+91 98765 43210", "+919876543210", 91);
    valid("+55 11 91234-5678", "+5511912345678", 55);
    valid("+353 85 123 4567", "+353851234567", 353);
}

#[test]
fn refusals_name_the_rule() {
    refused("", ParseE164Error::Empty);
    refused("   ", ParseE164Error::Empty);
    refused("2025551234", ParseE164Error::MissingPlus);
    refused("001 202 555 1234", ParseE164Error::MissingPlus);
    refused("tel:+12025551234", ParseE164Error::MissingPlus);
    refused("\u{ff0b}12025551234", ParseE164Error::MissingPlus);
    // Letters (vanity numbers, extensions) and other characters.
    refused("+1202555CALL", ParseE164Error::InvalidCharacter('C'));
    refused("+12025551234 ext. 5", ParseE164Error::InvalidCharacter('e'));
    refused("+1 202 555 1234#", ParseE164Error::InvalidCharacter('#'));
    refused("+1/202/555/1234", ParseE164Error::InvalidCharacter('/'));
    refused("++12025551234", ParseE164Error::InvalidCharacter('+'));
    refused(
        "+\u{ff11}2025551234",
        ParseE164Error::InvalidCharacter('\u{ff11}'),
    );
    // Too few digits to be a number anywhere.
    refused("+", ParseE164Error::TooShort("+".into()));
    refused("+1", ParseE164Error::TooShort("+1".into()));
    refused("+1202", ParseE164Error::TooShort("+1202".into()));
    refused("+1 555 01", ParseE164Error::TooShort("+155501".into()));
    // 8 digits is long enough to be judged, and is no NANP number.
    refused("+1 555 0100", ParseE164Error::NotValid("+15550100".into()));
    // More than 64 characters is refused before parsing; 64 is parsed.
    refused(&format!("+{}", "1".repeat(64)), ParseE164Error::TooLong(65));
    refused(&"+1 ".repeat(30), ParseE164Error::TooLong(89));
    let at_limit = format!("+{}", "2".repeat(63));
    refused(
        &at_limit,
        ParseE164Error::Unparseable("the number is too long".into()),
    );
    // libphonenumber knows no such calling code.
    refused(
        "+0123456789",
        ParseE164Error::Unparseable("invalid country code".into()),
    );
    refused(
        "+999 1234 5678",
        ParseE164Error::Unparseable("invalid country code".into()),
    );
}

#[test]
fn messages_say_what_to_fix() {
    let message = |input: &str| E164::parse(input).map(drop).unwrap_err().to_string();
    assert_eq!(
        message(""),
        "phone number is empty; expected E.164 form such as +12025551234"
    );
    assert_eq!(
        message("2025551234"),
        "phone number must start with + and the country code (E.164, e.g. +12025551234); no default country is assumed"
    );
    assert_eq!(
        message("+1202555CALL"),
        "phone number contains 'C'; only digits after the leading + are allowed (spaces, dots, dashes and parentheses are ignored)"
    );
    assert_eq!(
        message("+1"),
        "+1 is too short to be a phone number; expected + country code and number, e.g. +12025551234"
    );
    assert_eq!(
        message(&"+1".repeat(40)),
        "phone number is too long (80 characters)"
    );
    assert_eq!(
        message("+1 123 555 0100"),
        "+11235550100 is not a valid phone number for its country code"
    );
    assert_eq!(
        message("+999 1234 5678"),
        "not a phone number: invalid country code"
    );
}

#[test]
fn twilio_numbers_are_read_by_their_form() {
    let read = |s: &str| -> Endpoint {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).expect("an endpoint")
    };
    for (number, code) in [
        ("+12025551234", 1),
        ("+442071234567", 44),
        ("+35312345678", 353),
        ("+79123456789", 7),
        ("+6834002", 683),
        ("+492010000000000", 49),
    ] {
        let endpoint = read(number);
        let phone = endpoint.as_phone().unwrap_or_else(|| panic!("{number}"));
        assert_eq!((phone.as_str(), phone.country_code()), (number, code));
    }
    // The form only: `+`, 7 to 15 digits, no leading 0. A number
    // libphonenumber would refuse is still Twilio's to write.
    assert!(read("+11235550100").as_phone().is_some());
    assert!(E164::parse("+11235550100").is_err());
    for junk in [
        "12025551234",
        "+120255",
        "+1234567890123456",
        "+0123456789",
        "+1 202 555 1234",
        "+12025551234 ",
        "+",
        "",
        "+1202555CALL",
        "client:alice",
        "sip:alice@example.com",
        "whatsapp:+12025551234",
        "12345",
    ] {
        assert_eq!(read(junk), Endpoint::Other(junk.to_owned()), "{junk:?}");
    }
}

#[test]
fn the_country_code_split_agrees_with_libphonenumber() {
    // Numbers from Twilio get their country code without the metadata;
    // every calling code libphonenumber knows must split the same way.
    let mut checked = 0;
    for code in (1..1000u16).filter(|c| DATABASE.region(c).is_some()) {
        let number = format!("+{code}123456789");
        let endpoint: Endpoint =
            serde_json::from_value(serde_json::Value::String(number.clone())).expect("an endpoint");
        assert_eq!(
            endpoint.as_phone().map(E164::country_code),
            Some(code),
            "{number}"
        );
        checked += 1;
    }
    assert!(checked > 210, "only {checked} calling codes");
}

#[test]
fn an_answer_reads_as_the_parse_of_its_number() {
    // Every example number of libphonenumber's metadata that `E164::parse`
    // accepts reads the same from Twilio's JSON (canonical and country code).
    let mut checked = 0;
    for code in 1..1000u16 {
        for meta in DATABASE.by_code(&code).unwrap_or_default() {
            let d = meta.descriptors();
            for desc in [d.fixed_line(), d.mobile(), d.toll_free(), d.voip()]
                .into_iter()
                .flatten()
            {
                let Some(example) = desc.example() else {
                    continue;
                };
                let Ok(parsed) = E164::parse(&format!("+{code}{example}")) else {
                    continue;
                };
                let json = serde_json::to_string(&parsed).expect("a JSON string");
                let endpoint: Endpoint = serde_json::from_str(&json).expect("an endpoint");
                assert_eq!(endpoint.as_phone(), Some(&parsed), "{json}");
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} example numbers");
}

#[test]
fn serde_round_trips() {
    let number: E164 = serde_json::from_str("\"+1 (202) 555-1234\"").expect("valid");
    assert_eq!(number.as_str(), "+12025551234");
    let json = serde_json::to_string(&number).expect("serialized");
    assert_eq!(json, "\"+12025551234\"");
    assert_eq!(
        serde_json::from_str::<E164>(&json).ok(),
        Some(number.clone())
    );

    let uk: E164 = serde_json::from_str("\"+44 (0)20 7123 4567\"").expect("valid");
    assert_eq!(
        serde_json::to_string(&uk).ok().as_deref(),
        Some("\"+442071234567\"")
    );

    // Deserializing user input applies every rule of `parse`, and says which.
    let err = serde_json::from_str::<E164>("\"2025551234\"").unwrap_err();
    assert!(err.to_string().contains("must start with +"), "{err}");
    let err = serde_json::from_str::<E164>("\"+1 123 555 0100\"").unwrap_err();
    assert!(
        err.to_string().contains("not a valid phone number"),
        "{err}"
    );
    assert!(serde_json::from_str::<E164>("12025551234").is_err());
    assert!(serde_json::from_str::<E164>("null").is_err());

    // A struct of numbers, as an application stores them.
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Contact {
        phone: E164,
        party: Endpoint,
    }
    let contact = Contact {
        phone: number,
        party: Endpoint::Other("client:alice".into()),
    };
    let json = serde_json::to_string(&contact).expect("serialized");
    assert_eq!(json, r#"{"phone":"+12025551234","party":"client:alice"}"#);
    assert_eq!(
        serde_json::from_str::<Contact>(&json).expect("deserialized"),
        contact
    );
}

#[test]
fn conversions_validate_like_parse() {
    let number = E164::parse("+12025551234").expect("valid");
    assert_eq!("+1 202 555 1234".parse::<E164>().as_ref(), Ok(&number));
    assert_eq!(E164::try_from("+1 202 555 1234").as_ref(), Ok(&number));
    assert_eq!(
        E164::try_from(String::from("+1 202 555 1234")).as_ref(),
        Ok(&number)
    );
    assert_eq!(
        E164::try_from(&String::from("+1 202 555 1234")).as_ref(),
        Ok(&number)
    );
    assert_eq!(
        "+1202555CALL".parse::<E164>(),
        Err(ParseE164Error::InvalidCharacter('C'))
    );
    assert_eq!(E164::try_from(""), Err(ParseE164Error::Empty));
    assert_eq!(
        E164::try_from(String::from("2025551234")),
        Err(ParseE164Error::MissingPlus)
    );
}
