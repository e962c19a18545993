//! What validity checking needs of libphonenumber's metadata, compiled into
//! the crate as static data (`generated.rs`, rebuilt from the `phonenumber`
//! crate's database by `tests/phone_metadata.rs`).
//!
//! Nothing is decoded at startup and each pattern is compiled the first time
//! a number needs it, so parsing a North American number touches the dozen
//! patterns it uses, not the metadata of 250 regions (the `phonenumber`
//! crate's database costs ~5 MiB once loaded; this costs a few KiB).

// Generated: one line per region, kept as written.
#[rustfmt::skip]
mod generated;

use std::sync::OnceLock;

use regex_lite::Regex;

pub(super) use generated::CODES;
use generated::{PATTERNS, PATTERN_COUNT};

/// A calling code and the regions that share it (the main region first).
pub(crate) struct Code {
    /// The country calling code.
    pub(super) code: u16,
    /// Its regions, in the order `phonenumber` tries them.
    pub(super) regions: &'static [Region],
}

/// One region's numbering plan, as far as validity needs it.
pub(crate) struct Region {
    /// The ISO 3166 region (or `001` for a non-geographic entity).
    #[cfg_attr(not(test), allow(dead_code))] // read by the tests only
    pub(super) id: &'static str,
    /// Leading digits that identify this region among those sharing a code.
    pub(super) leading_digits: Option<Pattern>,
    /// The national (trunk) prefix, e.g. `0` in the UK.
    pub(super) national_prefix: Option<&'static str>,
    /// What a national number may start with that is not part of it.
    pub(super) national_prefix_for_parsing: Option<Pattern>,
    /// How a match of `national_prefix_for_parsing` is rewritten.
    pub(super) national_prefix_transform_rule: Option<&'static str>,
    /// The general description every valid number matches.
    pub(super) general: Desc,
    /// Lengths dialable only locally.
    pub(super) general_local_lengths: &'static [u8],
    /// The number types, in the order they are tried.
    pub(super) types: &'static [Desc],
}

/// A number description: a pattern and the lengths it allows.
pub(crate) struct Desc {
    /// The national number pattern.
    pub(super) pattern: Pattern,
    /// Possible lengths (empty: any).
    pub(super) lengths: &'static [u8],
}

/// An index into the pattern table.
pub(crate) type Pattern = u16;

/// The regions of a calling code, or `None` when libphonenumber has none.
pub(super) fn regions(code: u16) -> Option<&'static [Region]> {
    CODES
        .binary_search_by_key(&code, |c| c.code)
        .ok()
        .map(|i| CODES[i].regions)
}

static COMPILED: [OnceLock<Option<Regex>>; PATTERN_COUNT] =
    [const { OnceLock::new() }; PATTERN_COUNT];

/// The compiled pattern, compiled on first use. `None` only if the pattern
/// does not compile, which `tests/phone_metadata.rs` rules out for every one.
pub(super) fn regex(pattern: Pattern) -> Option<&'static Regex> {
    let index = usize::from(pattern);
    COMPILED
        .get(index)?
        .get_or_init(|| Regex::new(PATTERNS.get(index)?).ok())
        .as_ref()
}

impl Desc {
    /// Whether `national` has a possible length and matches at its start (the
    /// `phonenumber` crate's rule).
    pub(super) fn is_match(&self, national: &str) -> bool {
        let length_ok = self.lengths.is_empty()
            || u8::try_from(national.len()).is_ok_and(|len| self.lengths.contains(&len));
        length_ok && regex(self.pattern).is_some_and(|re| re.is_match(national))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for (i, source) in PATTERNS.iter().enumerate() {
            assert!(Regex::new(source).is_ok(), "pattern {i}: {source}");
        }
    }

    #[test]
    fn codes_are_sorted_and_have_regions() {
        assert!(CODES.windows(2).all(|w| w[0].code < w[1].code));
        assert!(CODES.iter().all(|c| !c.regions.is_empty()));
        assert_eq!(regions(1).map(|r| r[0].id), Some("US"));
        assert!(regions(999).is_none());
    }
}
