//! The untyped element under the typed builders, and the checks that keep it
//! renderable.
//!
//! Every typed element wraps a [`Node`]. A node only ever holds characters XML
//! 1.0 can carry and names that are XML names: a bad value is stored with each
//! offending character replaced by U+FFFD and the first problem is remembered
//! (and moved up to the parent when the node is nested), so `Display` always
//! produces well-formed XML while `to_xml()` reports the problem.
//!
//! A node keeps its own attributes, but its content (text and children) is
//! kept already rendered: a child is written out as markup, its text escaped,
//! when it is pushed (a child cannot change once it is pushed, since the
//! parent takes it by value). So a document is one string under its root
//! element, not a tree of small allocations, and rendering it is a copy.

use super::attr_list::AttrList;
use super::attrs::{decimal, DIGITS};
use super::error::{NameKind, Problem};
use super::render;
use super::scan;
use std::borrow::Cow;
use std::time::Duration;

/// One element of a TwiML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The element name; always an XML name.
    pub(crate) name: Cow<'static, str>,
    /// Attributes sorted by name, names unique.
    pub(crate) attrs: AttrList,
    /// Text and child elements in document order, already rendered as XML
    /// (escaped text, child markup), or, while `text_only`, the element's
    /// text as given. Empty exactly when the element has no content
    /// (appended texts are never empty), which writes `<Name />`.
    pub(crate) content: String,
    /// Whether `content` is text only, not escaped yet: it is escaped when
    /// the element is written, straight into its parent, so a text is
    /// copied once from the caller's string.
    pub(crate) text_only: bool,
    /// The first problem found in this node or its descendants.
    pub(crate) problem: Option<Box<Problem>>,
}

/// Turns a typed builder into its node. Lives in a private module, so the
/// public traits built on it (`VoiceVerb`, `SayContent`, ...) are sealed.
pub trait IntoNode {
    /// The element this builder describes.
    fn into_node(self) -> Node;
}

impl Node {
    /// An element with a fixed (known good) name.
    pub(crate) const fn new(name: &'static str) -> Self {
        Self {
            name: Cow::Borrowed(name),
            attrs: AttrList::Empty,
            content: String::new(),
            text_only: false,
            problem: None,
        }
    }

    /// An element with a fixed name and text content.
    pub(crate) fn with_text(name: &'static str, text: impl Into<String>) -> Self {
        let mut node = Self::new(name);
        node.push_text(text.into());
        node
    }

    /// An element with a caller-supplied name (the escape hatch).
    pub(crate) fn custom(name: String) -> Self {
        let mut node = Self::new("");
        if is_xml_name(&name) {
            node.name = Cow::Owned(name);
        } else {
            node.name = Cow::Owned(sanitize_name(&name));
            node.remember(Problem::InvalidName {
                kind: NameKind::Element,
                name,
            });
        }
        node
    }

    /// Sets attribute `name` (a known good name), replacing an earlier value.
    pub(crate) fn set_attr(&mut self, name: &'static str, value: impl Into<String>) {
        let value = self.checked(value.into(), Some(name));
        self.insert_attr(Cow::Borrowed(name), Cow::Owned(value));
    }

    /// [`set_attr`](Self::set_attr) for a value that may be a static string
    /// (an enum's), which is stored without allocating.
    pub(crate) fn set_attr_value(&mut self, name: &'static str, value: Cow<'static, str>) {
        let value = self.checked_cow(value, Some(name));
        self.insert_attr(Cow::Borrowed(name), value);
    }

    /// Sets attribute `name` to a duration Twilio reads in whole seconds.
    ///
    /// A fraction of a second is refused: it is remembered as a problem (so
    /// `to_xml()` fails), and only `Display` writes the whole seconds below.
    pub(crate) fn set_seconds_attr(&mut self, name: &'static str, value: Duration) {
        let exact = value.subsec_nanos() == 0;
        self.check_whole(name, value, exact, "seconds");
        // Short pauses and timeouts are single digits: no allocation for them.
        let seconds = value.as_secs();
        let text = match usize::try_from(seconds).ok().and_then(|s| DIGITS.get(s)) {
            Some(digit) => Cow::Borrowed(*digit),
            None => Cow::Owned(decimal(u128::from(seconds), "")),
        };
        self.insert_attr(Cow::Borrowed(name), text);
    }

    /// Sets attribute `name` to a duration Twilio reads in whole
    /// milliseconds, followed by `suffix` (`""`, or `"ms"` in SSML); a
    /// fraction of a millisecond is refused as in
    /// [`set_seconds_attr`](Self::set_seconds_attr).
    pub(crate) fn set_millis_attr(&mut self, name: &'static str, value: Duration, suffix: &str) {
        let exact = value.subsec_nanos().is_multiple_of(1_000_000);
        self.check_whole(name, value, exact, "milliseconds");
        let text = decimal(value.as_millis(), suffix);
        self.insert_attr(Cow::Borrowed(name), Cow::Owned(text));
    }

    /// Remembers a problem when `value` is not a whole number of `unit`.
    fn check_whole(
        &mut self,
        attribute: &'static str,
        value: Duration,
        exact: bool,
        unit: &'static str,
    ) {
        if !exact {
            self.remember(Problem::FractionalDuration {
                element: self.name.to_string(),
                attribute,
                value,
                unit,
            });
        }
    }

    /// Sets an attribute with a caller-supplied name (the escape hatch).
    ///
    /// An attribute whose name is not an XML name is not stored at all.
    pub(crate) fn set_custom_attr(&mut self, name: String, value: String) {
        if !is_xml_name(&name) {
            self.remember(Problem::InvalidName {
                kind: NameKind::Attribute,
                name,
            });
            return;
        }
        let value = self.checked(value, Some(&name));
        self.insert_attr(Cow::Owned(name), Cow::Owned(value));
    }

    fn insert_attr(&mut self, name: Cow<'static, str>, value: Cow<'static, str>) {
        // A static value is written unescaped (`render::write_node`). Every
        // static value is one of the crate's own strings, each checked by
        // `attrs::is_plain` at compile time (`attr_enum!`, the digits, the
        // classic voices, booleans) or in `attrs`' tests (the enums shared
        // with the REST API); never a caller's input.
        #[cfg(debug_assertions)]
        if let Cow::Borrowed(plain) = &value {
            assert!(super::attrs::is_plain(plain), "{plain:?}");
        }
        self.attrs.set(name, value);
    }

    /// Appends text (nothing for an empty string, as twilio-python does).
    pub(crate) fn push_text(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        let text = self.checked(text, None);
        if self.content.is_empty() {
            // A verb's one text: keep the caller's string, escaped when the
            // element is written.
            self.content = text;
            self.text_only = true;
        } else if self.text_only {
            self.content.push_str(&text);
        } else {
            render::push_escaped_text(&mut self.content, &text);
        }
    }

    /// Appends a child element, written out as markup, taking over its
    /// problem if this node has none.
    pub(crate) fn push_node(&mut self, mut child: Node) {
        if self.problem.is_none() {
            self.problem = child.problem.take();
        }
        if self.text_only {
            // Text then an element: the text is escaped now, once.
            let text = std::mem::take(&mut self.content);
            render::push_escaped_text(&mut self.content, &text);
            self.text_only = false;
        }
        render::push_element(&mut self.content, &child);
    }

    /// Makes room for `bytes` more bytes of content at once.
    pub(crate) fn reserve_content(&mut self, bytes: usize) {
        render::reserve(&mut self.content, bytes);
    }

    /// The first problem of this subtree, if any.
    pub(crate) fn problem(&self) -> Option<&Problem> {
        self.problem.as_deref()
    }

    fn remember(&mut self, problem: Problem) {
        if self.problem.is_none() {
            self.problem = Some(Box::new(problem));
        }
    }

    /// [`checked`](Self::checked) for a possibly static value: a static
    /// value is stored as it is.
    fn checked_cow(
        &mut self,
        value: Cow<'static, str>,
        attribute: Option<&str>,
    ) -> Cow<'static, str> {
        match value {
            // Static values are this crate's own (enum tables, digits),
            // plain ASCII: nothing to check.
            Cow::Borrowed(text) => {
                debug_assert!(first_forbidden_char(text).is_none(), "{text:?}");
                Cow::Borrowed(text)
            }
            Cow::Owned(value) => Cow::Owned(self.checked(value, attribute)),
        }
    }

    /// Returns `value` unchanged when XML can carry it; otherwise remembers the
    /// first bad character and returns the value with U+FFFD in its place.
    fn checked(&mut self, value: String, attribute: Option<&str>) -> String {
        let Some((position, character)) = first_forbidden_char(&value) else {
            return value;
        };
        self.remember(Problem::InvalidChar {
            element: self.name.clone().into_owned(),
            attribute: attribute.map(str::to_owned),
            character,
            position,
        });
        value
            .chars()
            .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
            .collect()
    }
}

/// Whether XML 1.0 can carry `c` (production `Char`; Rust has no surrogates).
pub(crate) fn is_xml_char(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

/// The byte offset and value of the first character XML 1.0 cannot carry.
pub(crate) fn first_forbidden_char(value: &str) -> Option<(usize, char)> {
    // Fast path: only bytes below 0x20 and the lead byte 0xEF can start one.
    if !may_hold_forbidden_char(value.as_bytes()) {
        return None;
    }
    value.char_indices().find(|&(_, c)| !is_xml_char(c))
}

/// Whether `bytes` holds a byte below 0x20 or 0xEF, 16 bytes at a time.
fn may_hold_forbidden_char(bytes: &[u8]) -> bool {
    scan::any_byte(bytes, |byte| (byte < 0x20) | (byte == 0xEF))
}

fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `name` matches XML 1.0's `Name` production.
pub(crate) fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// A stand-in XML name for an invalid one, so `Display` stays well-formed.
fn sanitize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 1);
    for (i, c) in name.chars().enumerate() {
        let ok = if i == 0 {
            is_name_start_char(c)
        } else {
            is_name_char(c)
        };
        if i == 0 && !ok && is_name_char(c) {
            out.push('_');
            out.push(c);
        } else {
            out.push(if ok { c } else { '_' });
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for good in ["Say", "say-as", "xml:lang", "_x", "é", "a.b-c_1"] {
            assert!(is_xml_name(good), "{good}");
        }
        for bad in ["", "1a", "-a", "a b", "a>", "a\"", "a=b", "a/"] {
            assert!(!is_xml_name(bad), "{bad}");
            assert!(is_xml_name(&sanitize_name(bad)), "{bad}");
        }
    }

    #[test]
    fn forbidden_chars_found_in_every_position_of_a_block() {
        for len in [1, 15, 16, 17, 33] {
            for at in 0..len {
                for bad in ["\u{1}", "\u{FFFE}", "\u{FFFF}"] {
                    let mut text = "a".repeat(len);
                    text.replace_range(at..=at, bad);
                    assert_eq!(
                        first_forbidden_char(&text),
                        Some((at, bad.chars().next().unwrap())),
                        "{len} {at}"
                    );
                }
            }
            assert_eq!(first_forbidden_char(&"\u{EFFF}".repeat(len)), None);
        }
    }

    #[test]
    fn forbidden_chars() {
        assert_eq!(first_forbidden_char("ok\t\n\r é 😀"), None);
        assert_eq!(first_forbidden_char("ab\0"), Some((2, '\0')));
        assert_eq!(first_forbidden_char("é\u{FFFF}"), Some((2, '\u{FFFF}')));
        assert_eq!(first_forbidden_char("\u{FFFD}\u{EFFF}"), None);
    }

    #[test]
    fn bad_values_are_replaced_and_remembered() {
        let mut node = Node::new("Say");
        node.push_text("a\u{1}b\u{2}".into());
        node.set_attr("voice", "x");
        assert_eq!(node.content, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(
            node.problem(),
            Some(&Problem::InvalidChar {
                element: "Say".into(),
                attribute: None,
                character: '\u{1}',
                position: 1
            })
        );
        let mut parent = Node::new("Response");
        parent.push_node(node);
        assert!(parent.problem().is_some());
    }

    #[test]
    fn attributes_stay_sorted_and_unique() {
        let mut node = Node::new("Gather");
        node.set_attr("numDigits", "1");
        node.set_attr("action", "/a");
        node.set_custom_attr("method".into(), "GET".into());
        node.set_attr("method", "POST");
        let names: Vec<_> = node.attrs.iter().map(|(k, v, _)| (k, v)).collect();
        assert_eq!(
            names,
            [("action", "/a"), ("method", "POST"), ("numDigits", "1")]
        );
        node.set_attr("numDigits", "2");
        assert_eq!(node.attrs.len(), 3);
        assert_eq!(node.attrs.iter().nth(2), Some(("numDigits", "2", false)));
        node.set_custom_attr("a b".into(), "x".into());
        assert_eq!(node.attrs.len(), 3);
        assert!(node.problem().is_some());
    }
}
