//! Full validation of a `+digits` number against libphonenumber's metadata,
//! with the `phonenumber` crate's semantics (which this crate used directly
//! before, and which `tests/phone_validity.rs` checks it against, number by
//! number), but reading only the metadata of the number's calling code.
//!
//! The steps are `phonenumber::parse(None, ..)`, `is_valid` and formatting in
//! E.164, specialised to input that is `+` and ASCII digits (what
//! `phone::normalize` leaves).

use std::borrow::Cow;
use std::fmt;

use super::metadata::{self, Region};

/// The shortest national significant number libphonenumber parses.
const MIN_LENGTH_FOR_NSN: usize = 2;
/// The longest national significant number libphonenumber parses.
const MAX_LENGTH_FOR_NSN: usize = 17;
/// The longest country calling code.
const MAX_LENGTH_FOR_COUNTRY_CODE: usize = 3;

/// A number that passed: its calling code and its E.164 form.
pub(super) struct Valid {
    /// The country calling code.
    pub(super) country_code: u16,
    /// `+`, the calling code and the national significant number.
    pub(super) canonical: String,
}

/// Why a number was refused, worded as `phonenumber` words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Invalid {
    /// Fewer than three digits.
    NoNumber,
    /// No calling code libphonenumber knows starts the digits.
    UnknownCountryCode,
    /// Too few digits after the calling code.
    TooShortNsn,
    /// More digits than any number has.
    TooLong,
    /// The national number is not an integer (all zeros).
    MalformedInteger(String),
    /// Parsed, but not a valid number for its calling code.
    NotValid,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoNumber => f.write_str("not a number"),
            Self::UnknownCountryCode => f.write_str("invalid country code"),
            Self::TooShortNsn => f.write_str("the number is too short after the country code"),
            Self::TooLong => f.write_str("the number is too long"),
            Self::MalformedInteger(e) => write!(f, "malformed integer part in phone number: {e}"),
            Self::NotValid => f.write_str("not a valid number"),
        }
    }
}

/// Validates `normalized` (`+` then ASCII digits).
pub(super) fn validate(normalized: &str) -> Result<Valid, Invalid> {
    let digits = normalized.strip_prefix('+').unwrap_or(normalized);
    // Fewer than three digits is not a viable number.
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::NoNumber);
    }
    let (country_code, regions, national) = split_country_code(digits)?;

    let mut national = Cow::Borrowed(national);
    if let Some(region) = source_for(regions, national.trim_start_matches('0')) {
        let mut potential = strip_national_prefix_for_parsing(region, &national);
        if let Some(prefix) = region.national_prefix {
            if let Some(rest) = potential.strip_prefix(prefix) {
                potential = Cow::Owned(rest.to_owned());
            }
        }
        if !is_too_short(region, &potential) {
            national = Cow::Owned(potential.into_owned());
        }
    }

    if national.len() < MIN_LENGTH_FOR_NSN {
        return Err(Invalid::TooShortNsn);
    }
    if national.len() > MAX_LENGTH_FOR_NSN {
        return Err(Invalid::TooLong);
    }
    check_integer(&national)?;

    let valid = source_for(regions, &national).is_some_and(|region| has_type(region, &national));
    if !valid {
        return Err(Invalid::NotValid);
    }
    Ok(Valid {
        country_code,
        canonical: format!("+{country_code}{national}"),
    })
}

/// The first one, two or three digits that are a calling code with metadata.
fn split_country_code(digits: &str) -> Result<(u16, &'static [Region], &str), Invalid> {
    if digits.starts_with('0') {
        return Err(Invalid::UnknownCountryCode);
    }
    for len in 1..=MAX_LENGTH_FOR_COUNTRY_CODE {
        let Some(code) = digits.get(..len).and_then(|c| c.parse::<u16>().ok()) else {
            break;
        };
        if let Some(regions) = metadata::regions(code) {
            return Ok((code, regions, &digits[len..]));
        }
    }
    Err(Invalid::UnknownCountryCode)
}

/// The region a national number belongs to among those sharing its code.
fn source_for(regions: &'static [Region], national: &str) -> Option<&'static Region> {
    if let [only] = regions {
        return Some(only);
    }
    regions.iter().find(|region| match region.leading_digits {
        Some(pattern) => metadata::regex(pattern).is_some_and(|re| re.is_match(national)),
        None => has_type(region, national),
    })
}

/// Whether the number matches the general description and one number type.
fn has_type(region: &Region, national: &str) -> bool {
    region.general.is_match(national) && region.types.iter().any(|t| t.is_match(national))
}

/// Strips what `national_prefix_for_parsing` matches at the start, rewritten
/// by the transform rule where there is one.
fn strip_national_prefix_for_parsing<'a>(region: &Region, national: &'a str) -> Cow<'a, str> {
    let Some(pattern) = region.national_prefix_for_parsing else {
        return match region
            .national_prefix
            .and_then(|p| national.strip_prefix(p))
        {
            Some(rest) => Cow::Borrowed(rest),
            None => Cow::Borrowed(national),
        };
    };
    let Some(re) = metadata::regex(pattern) else {
        return Cow::Borrowed(national);
    };
    let Some(captures) = re.captures(national) else {
        return Cow::Borrowed(national);
    };
    let Some(whole) = captures.get(0).filter(|m| m.start() == 0) else {
        return Cow::Borrowed(national);
    };
    let last_group_matched = captures.get(captures.len() - 1).is_some();
    match region.national_prefix_transform_rule {
        Some(rule) if last_group_matched => {
            let transformed = re.replace(national, rule).into_owned();
            // A number the general description accepted is only rewritten
            // into one it still accepts.
            if region.general.is_match(national) && !region.general.is_match(&transformed) {
                return Cow::Borrowed(national);
            }
            Cow::Owned(transformed)
        }
        _ => Cow::Borrowed(&national[whole.end()..]),
    }
}

/// Whether the number is shorter than the region's shortest (and not a
/// local-only length).
fn is_too_short(region: &Region, national: &str) -> bool {
    let len = national.len();
    let Some(&minimum) = region.general.lengths.first() else {
        return false;
    };
    let local = region
        .general_local_lengths
        .iter()
        .any(|&l| usize::from(l) == len);
    !local && len < usize::from(minimum)
}

/// libphonenumber stores the national number as an integer below 2^56 after
/// its leading zeros.
fn check_integer(national: &str) -> Result<(), Invalid> {
    let value = national
        .trim_start_matches('0')
        .parse::<u64>()
        .map_err(|e| Invalid::MalformedInteger(e.to_string()))?;
    if value >= 1 << 56 {
        return Err(Invalid::TooLong);
    }
    Ok(())
}
