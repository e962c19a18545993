//! `E164::parse` validates with its own reading of libphonenumber's metadata
//! (only the calling code's patterns, compiled by `regex-lite`). This checks
//! it gives, number by number, exactly what the `phonenumber` crate's
//! `parse` + `is_valid` + E.164 formatting gave when the crate used it
//! directly: the same canonical number or the same refusal.

use phonenumber::metadata::DATABASE;
use twilio_typed::{ParseE164Error, E164};

/// What `E164::parse` answered before, with `phonenumber` doing the work
/// (the rules around it, too short and more than 15 digits, are the crate's).
fn reference(normalized: &str) -> Result<String, ParseE164Error> {
    let too_short =
        || (normalized.len() - 1 < 7).then(|| ParseE164Error::TooShort(normalized.to_owned()));
    let number = phonenumber::parse(None, normalized)
        .map_err(|e| too_short().unwrap_or_else(|| ParseE164Error::Unparseable(e.to_string())))?;
    if !phonenumber::is_valid(&number) {
        return Err(too_short().unwrap_or_else(|| ParseE164Error::NotValid(normalized.to_owned())));
    }
    let canonical = number.format().mode(phonenumber::Mode::E164).to_string();
    if canonical.len() - 1 > 15 {
        return Err(ParseE164Error::TooManyDigits(canonical));
    }
    Ok(canonical)
}

/// Every region of every calling code (`DATABASE.iter()` yields only one of
/// the non-geographic entities, which all have the id `001`).
fn all_regions() -> impl Iterator<Item = &'static phonenumber::Metadata> {
    (1..1000u16).flat_map(|code| DATABASE.by_code(&code).unwrap_or_default())
}

/// Checks every input, reporting all disagreements at once.
fn check(inputs: &[String]) -> usize {
    let mut disagreements = Vec::new();
    for input in inputs {
        let ours = E164::parse(input).map(|n| n.as_str().to_owned());
        let theirs = reference(input);
        if ours != theirs {
            disagreements.push(format!("{input}: ours {ours:?}, phonenumber {theirs:?}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} inputs disagree:\n{}",
        disagreements.len(),
        inputs.len(),
        disagreements
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    inputs.len()
}

/// Every example number of every type of every region, and what a user gets
/// wrong about them: a national prefix kept, a digit dropped or added, a
/// digit changed, only the local part.
#[test]
fn agrees_on_every_example_number_and_its_neighbours() {
    let mut inputs = Vec::new();
    let mut valid = 0;
    for meta in all_regions() {
        let code = meta.country_code();
        let d = meta.descriptors();
        let descs = [
            Some(d.general()),
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.personal_number(),
            d.voip(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.emergency(),
            d.short_code(),
            d.standard_rate(),
            d.carrier(),
            d.no_international(),
        ];
        let prefixes: Vec<String> = [
            meta.national_prefix().unwrap_or("0"),
            "0",
            "1",
            "15",
            "90",
            "0015",
            "003768",
            "00",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        for example in descs.into_iter().flatten().filter_map(|d| d.example()) {
            let number = format!("+{code}{example}");
            if E164::parse(&number).is_ok() {
                valid += 1;
            }
            inputs.push(number.clone());
            for prefix in &prefixes {
                inputs.push(format!("+{code}{prefix}{example}"));
            }
            inputs.push(number[..number.len() - 1].to_owned());
            for extra in ['0', '5', '9'] {
                inputs.push(format!("{number}{extra}"));
            }
            for (i, digit) in example.char_indices() {
                let changed = char::from(b'0' + (digit as u8 - b'0' + 3) % 10);
                inputs.push(format!(
                    "+{code}{}{changed}{}",
                    &example[..i],
                    &example[i + 1..]
                ));
            }
            for keep in 4..example.len() {
                inputs.push(format!("+{code}{}", &example[example.len() - keep..]));
            }
        }
    }
    // Argentina's mobile numbers written the national way (area code, 15,
    // subscriber), which the transform rule rewrites to 9 + area + subscriber.
    for local in [
        "+541115",
        "+54011 15",
        "+5434315",
        "+54 2202 15",
        "+54 3543 15",
    ] {
        for subscriber in ["23456789", "5551212", "555121", "2345678"] {
            inputs.push(format!("{local}{subscriber}").replace(' ', ""));
        }
    }
    let checked = check(&inputs);
    assert!(checked > 20_000, "only {checked} inputs");
    // Emergency numbers and short codes are examples too, never valid E.164.
    assert!(valid > 1_000, "only {valid} example numbers are valid");
}

/// Random digit strings after a `+`, most after a real calling code.
#[test]
fn agrees_on_random_numbers() {
    let codes: Vec<u16> = all_regions().map(|m| m.country_code()).collect();
    let mut rng = fastrand::Rng::with_seed(0x0007_e110);
    let mut inputs = Vec::new();
    for _ in 0..10_000 {
        let mut number = String::from("+");
        if rng.u8(..10) < 8 {
            number.push_str(&codes[rng.usize(..codes.len())].to_string());
        }
        for _ in 0..rng.usize(1..16) {
            number.push(char::from(b'0' + rng.u8(..10)));
        }
        inputs.push(number);
    }
    check(&inputs);
}

/// The length and integer limits: more than 17 national digits, a national
/// number of zeros only, values past 2^56, the longest input accepted.
#[test]
fn agrees_on_length_limits_and_zeros() {
    let mut inputs = Vec::new();
    for code in ["1", "44", "49", "39", "353", "800", "882"] {
        for len in 0..=24 {
            inputs.push(format!("+{code}{}", "0".repeat(len)));
            inputs.push(format!("+{code}{}", "9".repeat(len)));
            inputs.push(format!("+{code}0{}", "7".repeat(len)));
            inputs.push(format!(
                "+{code}{}",
                "1234567890".repeat(3).get(..len).unwrap_or("")
            ));
        }
    }
    inputs.push(format!("+{}", "1".repeat(63)));
    inputs.push(format!("+49{}", "2".repeat(61)));
    let checked = check(&inputs);
    assert!(checked > 600, "only {checked} inputs");
}
