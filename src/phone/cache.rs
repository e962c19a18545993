//! A bounded, process-wide cache of numbers that passed full validation.
//!
//! Full validation costs ~50,000 instructions (regex matches over the calling
//! code's patterns), while applications send to the same few numbers again and
//! again. The cache maps the normalized input (`+` and digits) to what full
//! validation produced for it, so a repeated number is validated exactly as the
//! first time, only once. Invalid numbers are not cached. When the cache is
//! full it is emptied: the cost is only re-validation.

use std::collections::HashMap;
use std::sync::RwLock;

/// At most this many numbers are kept (a few tens of KiB).
const CAPACITY: usize = 1024;

/// What full validation produced for one normalized input.
#[derive(Clone)]
pub(super) struct Validated {
    /// The country calling code.
    pub(super) country_code: u16,
    /// The canonical form, when it differs from the normalized input (e.g. a
    /// national prefix written after the country code).
    pub(super) canonical: Option<Box<str>>,
}

static VALIDATED: RwLock<Option<HashMap<Box<str>, Validated>>> = RwLock::new(None);

/// The cached validation of `normalized`, if any.
pub(super) fn get(normalized: &str) -> Option<Validated> {
    // A poisoned lock only means another thread panicked mid-insert; the map
    // itself is always consistent, but skipping the cache is just as correct.
    let map = VALIDATED.read().ok()?;
    map.as_ref()?.get(normalized).cloned()
}

/// Remembers that `normalized` passed full validation.
pub(super) fn insert(normalized: &str, validated: Validated) {
    let Ok(mut map) = VALIDATED.write() else {
        return;
    };
    let map = map.get_or_insert_with(HashMap::new);
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.insert(normalized.into(), validated);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_bounded() {
        for i in 0..(CAPACITY as u64 + 10) {
            insert(
                // Not a normalized number, so no other test can hit it.
                &format!("bounded-test-{i}"),
                Validated {
                    country_code: 9,
                    canonical: None,
                },
            );
        }
        let len = VALIDATED.read().map(|m| m.as_ref().map_or(0, HashMap::len));
        assert!(matches!(len, Ok(n) if n <= CAPACITY));
    }
}
