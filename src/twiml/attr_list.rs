//! [`AttrList`]: an element's attributes, sorted by name, names unique.
//!
//! Most elements have one attribute whose name and value are both this
//! crate's static strings (`voice="alice"`, `length="2"`, `method="POST"`):
//! that one is held inline, so such an element allocates no list. Two or
//! more, or one with a caller's value, go to a list. The form is canonical
//! (inline exactly when there is one attribute and it is static), so two
//! lists with the same attributes compare equal however they were built.

use std::borrow::Cow;
use std::cmp::Ordering;

/// A name or value: static (this crate's), or given by the caller.
type Text = Cow<'static, str>;

/// Room for attributes at a list's start: elements have one to six
/// (`<Record>`, `<Gather>` and `<Dial>` often four to six), and a larger
/// first allocation costs no more than a smaller one.
const INITIAL_ATTRS: usize = 6;

/// An element's attributes, sorted by name (twilio-python writes them
/// sorted), names unique, values as given (escaped when written).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum AttrList {
    /// No attribute.
    #[default]
    Empty,
    /// One attribute, name and value static.
    One(&'static str, &'static str),
    /// Any other case: sorted by name.
    Many(Vec<(Text, Text)>),
}

impl AttrList {
    /// [`set`](Self::set) for a static name and value: the common case
    /// (`voice="alice"`, `length="2"`), taken without building either `Cow`.
    #[inline]
    pub(crate) fn set_static(&mut self, name: &'static str, value: &'static str) {
        match self {
            Self::Empty => *self = Self::One(name, value),
            Self::One(old_name, old_value) if same_name(old_name, name) => *old_value = value,
            _ => self.set(Cow::Borrowed(name), Cow::Borrowed(value)),
        }
    }

    /// Sets `name` to `value`, replacing an earlier value.
    pub(crate) fn set(&mut self, name: Text, value: Text) {
        match (&mut *self, &name, &value) {
            (Self::Empty, Cow::Borrowed(name), Cow::Borrowed(value)) => {
                *self = Self::One(name, value);
            }
            (Self::One(old_name, old_value), _, Cow::Borrowed(value))
                if same_name(old_name, &name) =>
            {
                *old_value = value;
            }
            (Self::Many(list), _, _) => {
                insert_sorted(list, name, value);
                // Replacing the one owned value by a static one.
                if let [(Cow::Borrowed(name), Cow::Borrowed(value))] = list.as_slice() {
                    *self = Self::One(name, value);
                }
            }
            _ => {
                let mut list = Vec::with_capacity(INITIAL_ATTRS);
                if let Self::One(old_name, old_value) = *self {
                    if !same_name(old_name, &name) {
                        list.push((Cow::Borrowed(old_name), Cow::Borrowed(old_value)));
                    }
                }
                insert_sorted(&mut list, name, value);
                *self = Self::Many(list);
            }
        }
    }

    /// Each attribute in name order: its name, its value, and whether the
    /// value is static (this crate's own, nothing to escape).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        let (one, many) = match self {
            Self::Empty => (None, &[][..]),
            Self::One(name, value) => (Some((*name, *value, true)), &[][..]),
            Self::Many(list) => (None, list.as_slice()),
        };
        one.into_iter().chain(many.iter().map(|(name, value)| {
            (
                name.as_ref(),
                value.as_ref(),
                matches!(value, Cow::Borrowed(_)),
            )
        }))
    }

    /// How many attributes there are.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.iter().count()
    }
}

/// The order of two attribute names: by bytes, as `str`'s, compared inline.
/// Names are short and most differ in their first byte, where a `memcmp`
/// call would cost more than the comparison.
fn name_order(a: &str, b: &str) -> Ordering {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

/// Whether two attribute names are the same: at once when they are the same
/// static string, else byte by byte, inline.
fn same_name(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || (a.len() == b.len() && name_order(a, b) == Ordering::Equal)
}

/// Inserts `name` in the sorted `list`, or replaces its value.
fn insert_sorted(list: &mut Vec<(Text, Text)>, name: Text, value: Text) {
    let at = match list.last() {
        // Setters are often called in name order: the new one goes last.
        Some((last, _)) if name_order(last, &name) == Ordering::Less => list.len(),
        None => 0,
        Some(_) => match list.binary_search_by(|(key, _)| name_order(key, &name)) {
            Ok(found) => {
                if let Some(slot) = list.get_mut(found) {
                    slot.1 = value;
                }
                return;
            }
            Err(at) => at,
        },
    };
    list.insert(at, (name, value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(steps: &[(&'static str, Text)]) -> AttrList {
        let mut list = AttrList::default();
        for (name, value) in steps {
            list.set(Cow::Borrowed(name), value.clone());
        }
        list
    }

    fn owned(value: &str) -> Text {
        Cow::Owned(value.to_owned())
    }

    #[test]
    fn names_order_as_strs_do() {
        let names = [
            "",
            "a",
            "ab",
            "b",
            "action",
            "actionOnEmptyResult",
            "method",
            "numDigits",
        ];
        for a in names {
            for b in names {
                assert_eq!(name_order(a, b), a.cmp(b), "{a} {b}");
                assert_eq!(same_name(a, b), a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn set_static_is_set() {
        let mut by_static = AttrList::default();
        let mut by_set = AttrList::default();
        for (name, value) in [
            ("voice", "alice"),
            ("voice", "man"),
            ("loop", "2"),
            ("voice", "x"),
        ] {
            by_static.set_static(name, value);
            by_set.set(Cow::Borrowed(name), Cow::Borrowed(value));
            assert_eq!(by_static, by_set);
        }
    }

    #[test]
    fn one_static_attribute_is_inline() {
        let list = built(&[("voice", Cow::Borrowed("alice"))]);
        assert_eq!(list, AttrList::One("voice", "alice"));
        let list = built(&[
            ("voice", Cow::Borrowed("alice")),
            ("voice", Cow::Borrowed("man")),
        ]);
        assert_eq!(list, AttrList::One("voice", "man"));
    }

    #[test]
    fn sorted_unique_and_canonical_whatever_the_order() {
        let steps = [
            ("numDigits", Cow::Borrowed("1")),
            ("action", owned("/a")),
            ("method", Cow::Borrowed("POST")),
            ("method", Cow::Borrowed("GET")),
        ];
        let list = built(&steps);
        let seen: Vec<_> = list.iter().collect();
        assert_eq!(
            seen,
            [
                ("action", "/a", false),
                ("method", "GET", true),
                ("numDigits", "1", true)
            ]
        );
        let mut reversed = steps;
        reversed.reverse();
        // The last value set wins; with the steps reversed it is POST.
        let list = built(&reversed);
        let seen: Vec<_> = list.iter().collect();
        assert_eq!(
            seen,
            [
                ("action", "/a", false),
                ("method", "POST", true),
                ("numDigits", "1", true)
            ]
        );

        // One attribute ends inline or not by its last value only.
        let to_owned = built(&[("voice", Cow::Borrowed("alice")), ("voice", owned("x"))]);
        assert_eq!(to_owned, built(&[("voice", owned("x"))]));
        let to_static = built(&[("voice", owned("x")), ("voice", Cow::Borrowed("alice"))]);
        assert_eq!(to_static, AttrList::One("voice", "alice"));
    }
}
