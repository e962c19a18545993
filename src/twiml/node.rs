//! The untyped element under the typed builders, and the checks that keep it
//! renderable.
//!
//! Every typed element wraps a [`Node`]. A node only ever writes characters
//! XML 1.0 can carry and names that are XML names: a bad value is stored with
//! each offending character replaced by U+FFFD (an element's first text is
//! replaced as it is escaped into its parent, the pass that checks it) and
//! the first problem is remembered (and moved up to the parent when the node
//! is nested), so `Display` always produces well-formed XML while `to_xml()`
//! reports the problem.
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
    /// Whether `content` is one text not yet checked for characters XML
    /// cannot carry: it is checked as it is escaped, in the same pass, and
    /// a character found then is this node's first problem (the text came
    /// before anything else that could have one). Only a text added while
    /// the node has no problem waits so.
    pub(crate) text_unchecked: bool,
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
    #[inline]
    pub(crate) const fn new(name: &'static str) -> Self {
        Self {
            name: Cow::Borrowed(name),
            attrs: AttrList::Empty,
            content: String::new(),
            text_only: false,
            text_unchecked: false,
            problem: None,
        }
    }

    /// An element with a fixed name and text content.
    #[inline]
    pub(crate) fn with_text(name: &'static str, text: impl Into<String>) -> Self {
        // What `push_text` does on a new node (no problem yet, so the text
        // waits to be checked), built in place: the caller's string is not
        // passed through memory to another function.
        let content: String = text.into();
        let has_text = !content.is_empty();
        Self {
            name: Cow::Borrowed(name),
            attrs: AttrList::Empty,
            content,
            text_only: has_text,
            text_unchecked: has_text,
            problem: None,
        }
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
    #[inline]
    pub(crate) fn set_attr(&mut self, name: &'static str, value: impl Into<String>) {
        let value = self.checked(value.into(), Some(name));
        self.insert_attr(Cow::Borrowed(name), Cow::Owned(value));
    }

    /// [`set_attr`](Self::set_attr) for a value that may be a static string
    /// (an enum's), which is stored without allocating.
    #[inline]
    pub(crate) fn set_attr_value(&mut self, name: &'static str, value: Cow<'static, str>) {
        // Inlined, the match is decided where the value is made (a voice,
        // a method): a static value reaches `set_static_attr` in registers.
        match value {
            Cow::Borrowed(value) => self.set_static_attr(name, value),
            Cow::Owned(value) => self.set_attr(name, value),
        }
    }

    /// Sets attribute `name` to one of this crate's static values (enum
    /// strings, digits), which holds nothing to check or escape.
    #[inline]
    pub(crate) fn set_static_attr(&mut self, name: &'static str, value: &'static str) {
        // A static value is written unchecked and unescaped
        // (`render::write_node`). Every static value is one of the crate's
        // own strings, each checked by `attrs::is_plain` at compile time
        // (`attr_enum!`, the digits, the classic voices, booleans) or in
        // `attrs`' tests (the enums shared with the REST API); never a
        // caller's input.
        debug_assert!(first_forbidden_char(value).is_none(), "{value:?}");
        debug_assert!(super::attrs::is_plain(value), "{value:?}");
        self.attrs.set_static(name, value);
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
        match usize::try_from(seconds).ok().and_then(|s| DIGITS.get(s)) {
            Some(digit) => self.set_static_attr(name, digit),
            None => {
                let text = decimal(u128::from(seconds), "");
                self.insert_attr(Cow::Borrowed(name), Cow::Owned(text));
            }
        }
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

    /// Sets an attribute to a value the caller gave (checked already).
    fn insert_attr(&mut self, name: Cow<'static, str>, value: Cow<'static, str>) {
        self.attrs.set(name, value);
    }

    /// Appends text (nothing for an empty string, as twilio-python does).
    pub(crate) fn push_text(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        if self.content.is_empty() {
            // A verb's one text: keep the caller's string, checked and
            // escaped when the element is written.
            if self.problem.is_none() {
                self.content = text;
                self.text_unchecked = true;
            } else {
                self.content = self.checked(text, None);
            }
            self.text_only = true;
        } else if self.text_only {
            self.check_text();
            let text = self.checked(text, None);
            self.content.push_str(&text);
        } else {
            let forbidden = render::push_escaped_text(&mut self.content, &text);
            self.text_problem(forbidden, false);
        }
    }

    /// Appends a child element, written out as markup, taking over its
    /// problem if this node has none.
    pub(crate) fn push_node(&mut self, mut child: Node) {
        if self.text_only {
            // Text then an element: the text is escaped now, once.
            let text = std::mem::take(&mut self.content);
            let forbidden = render::push_escaped_text(&mut self.content, &text);
            self.text_only = false;
            let first = std::mem::take(&mut self.text_unchecked);
            self.text_problem(forbidden, first);
        }
        let forbidden = render::push_element(&mut self.content, &child);
        if std::mem::take(&mut child.text_unchecked) {
            child.text_problem(forbidden, true);
        }
        if self.problem.is_none() {
            self.problem = child.problem.take();
        }
    }

    /// Checks a text still [`text_unchecked`](Self::text_unchecked) now,
    /// replacing what XML cannot carry.
    fn check_text(&mut self) {
        if std::mem::take(&mut self.text_unchecked) {
            let Some((position, character)) = first_forbidden_char(&self.content) else {
                return;
            };
            self.text_problem(Some((position, character)), true);
            self.content = replace_forbidden_chars(&self.content);
        }
    }

    /// Records a character XML cannot carry found in this node's text: as
    /// the node's first problem when the text came before any other
    /// (`first`), otherwise as [`remember`](Self::remember) does.
    fn text_problem(&mut self, forbidden: render::Forbidden, first: bool) {
        let Some((position, character)) = forbidden else {
            return;
        };
        if first {
            self.problem = None;
        }
        self.remember(Problem::InvalidChar {
            element: self.name.clone().into_owned(),
            attribute: None,
            character,
            position,
        });
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
        replace_forbidden_chars(&value)
    }
}

/// `value` with each character XML cannot carry replaced by U+FFFD.
fn replace_forbidden_chars(value: &str) -> String {
    value
        .chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect()
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

    fn text_problem(character: char, position: usize) -> Problem {
        Problem::InvalidChar {
            element: "Say".into(),
            attribute: None,
            character,
            position,
        }
    }

    /// `child` pushed into a `<Response>`: its content and problem there.
    fn pushed(child: Node) -> (String, Option<Problem>) {
        let mut parent = Node::new("Response");
        parent.push_node(child);
        let problem = parent.problem().cloned();
        (parent.content, problem)
    }

    #[test]
    fn with_text_is_push_text_on_a_new_node() {
        for text in ["", "a", "a\u{1}<"] {
            let mut pushed = Node::new("Say");
            pushed.push_text(text.into());
            assert_eq!(Node::with_text("Say", text), pushed, "{text:?}");
        }
    }

    #[test]
    fn bad_values_are_replaced_and_remembered() {
        // A text first: its bad character is the first problem, though it
        // is only found when the text is escaped into the parent, after a
        // bad attribute was set.
        let mut node = Node::new("Say");
        node.push_text("a\u{1}b\u{2}<".into());
        node.set_attr("voice", "x\u{3}");
        assert_eq!(
            pushed(node),
            (
                "<Say voice=\"x\u{FFFD}\">a\u{FFFD}b\u{FFFD}&lt;</Say>".into(),
                Some(text_problem('\u{1}', 1))
            )
        );

        // A bad attribute before the text: the attribute's problem stays first.
        let mut node = Node::new("Say");
        node.set_attr("voice", "x\u{3}");
        node.push_text("a\u{1}".into());
        let (content, problem) = pushed(node);
        assert_eq!(content, "<Say voice=\"x\u{FFFD}\">a\u{FFFD}</Say>");
        assert!(matches!(
            problem,
            Some(Problem::InvalidChar {
                attribute: Some(_),
                ..
            })
        ));

        // U+FFFE and U+FFFF, in every position of a block and across blocks;
        // other characters starting with 0xEF stay.
        for len in [0, 1, 14, 15, 16, 17, 31, 32] {
            for bad in ['\u{FFFE}', '\u{FFFF}', '\u{0}', '\u{1F}'] {
                let text = format!("{}\u{EFFF}{bad}\t\n\u{FFFD}{bad}", "a".repeat(len));
                let mut node = Node::new("Say");
                node.push_text(text.clone());
                let expected = text.replace(bad, "\u{FFFD}");
                assert_eq!(
                    pushed(node),
                    (
                        format!("<Say>{expected}</Say>"),
                        Some(text_problem(bad, len + 3))
                    ),
                    "{text:?}"
                );
            }
        }

        // Text then text, text then an element, an element then text.
        let mut node = Node::new("Say");
        node.push_text("ok".into());
        node.push_text("x\u{1}".into());
        node.push_text("\u{2}".into());
        assert_eq!(
            pushed(node),
            (
                "<Say>okx\u{FFFD}\u{FFFD}</Say>".into(),
                Some(text_problem('\u{1}', 1))
            )
        );
        let mut node = Node::new("Say");
        node.push_text("\u{FFFF}&".into());
        node.push_node(Node::new("break"));
        node.push_text("y\u{2}".into());
        assert_eq!(
            pushed(node),
            (
                "<Say>\u{FFFD}&amp;<break />y\u{FFFD}</Say>".into(),
                Some(text_problem('\u{FFFF}', 0))
            )
        );
        let mut node = Node::new("Say");
        node.push_node(Node::new("break"));
        node.push_text("y\u{2}".into());
        assert_eq!(
            pushed(node),
            (
                "<Say><break />y\u{FFFD}</Say>".into(),
                Some(text_problem('\u{2}', 1))
            )
        );
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
