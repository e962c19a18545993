//! The untyped element under the typed builders: an ordinary tree.
//!
//! Every typed element wraps a [`Node`]: a name, attributes sorted by name,
//! and children (text or elements) in document order. Values are stored as
//! given and escaped only when the document is rendered
//! ([`render`](super::render)).
//!
//! Values are checked when they are set: the first problem (a character XML
//! 1.0 cannot carry, a name that is not an XML name, a fraction of a second)
//! is remembered in the node and moved up to its parent when the node is
//! nested, so a document knows its first problem without walking its tree.
//! What a problem leaves behind still renders as well-formed XML (`Display`
//! cannot fail): an invalid element name is stored made valid, an attribute
//! with an invalid name is not stored, a fraction of a second is written as
//! the whole seconds below it, and the renderer writes U+FFFD for each
//! character XML cannot carry.

use super::error::{NameKind, Problem};
use std::borrow::Cow;
use std::time::Duration;

/// One element of a TwiML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The element name; always an XML name.
    pub(crate) name: Cow<'static, str>,
    /// Attributes sorted by name, names unique, values as given.
    pub(crate) attrs: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// Texts and elements in document order; two texts are never next to
    /// each other (the second is appended to the first) and no text is
    /// empty. Without children the element is written `<Name />`.
    pub(crate) children: Vec<Child>,
    /// The first problem found in this node or its descendants.
    pub(crate) problem: Option<Box<Problem>>,
}

/// What an element holds: text or another element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Child {
    /// Character data, as given.
    Text(String),
    /// A nested element.
    Element(Node),
}

/// Turns a typed builder into its node. Lives in a private module, so the
/// public traits built on it (`VoiceVerb`, `SayContent`, ...) are sealed.
pub trait IntoNode {
    /// The element this builder describes.
    fn into_node(self) -> Node;
}

impl Node {
    /// An element with a fixed (known good) name.
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name: Cow::Borrowed(name),
            attrs: Vec::new(),
            children: Vec::new(),
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

    /// Sets attribute `name` (a known good name) to a caller's text,
    /// replacing an earlier value.
    pub(crate) fn set_attr(&mut self, name: &'static str, value: impl Into<String>) {
        self.set_attr_value(name, Cow::Owned(value.into()));
    }

    /// Sets attribute `name` (a known good name) to `value`, which may be a
    /// static string (an enum's), replacing an earlier value.
    pub(crate) fn set_attr_value(&mut self, name: &'static str, value: Cow<'static, str>) {
        self.check_chars(&value, Some(name));
        self.insert_attr(Cow::Borrowed(name), value);
    }

    /// Sets attribute `name` to a duration Twilio reads in whole seconds.
    ///
    /// A fraction of a second is refused: it is remembered as a problem (so
    /// `to_xml()` fails), and only `Display` writes the whole seconds below.
    pub(crate) fn set_seconds_attr(&mut self, name: &'static str, value: Duration) {
        let exact = value.subsec_nanos() == 0;
        self.check_whole(name, value, exact, "seconds");
        self.set_attr(name, value.as_secs().to_string());
    }

    /// Sets attribute `name` to a duration Twilio reads in whole
    /// milliseconds, followed by `suffix` (`""`, or `"ms"` in SSML); a
    /// fraction of a millisecond is refused as in
    /// [`set_seconds_attr`](Self::set_seconds_attr).
    pub(crate) fn set_millis_attr(&mut self, name: &'static str, value: Duration, suffix: &str) {
        let exact = value.subsec_nanos().is_multiple_of(1_000_000);
        self.check_whole(name, value, exact, "milliseconds");
        self.set_attr(name, format!("{}{suffix}", value.as_millis()));
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
        self.check_chars(&value, Some(&name));
        self.insert_attr(Cow::Owned(name), Cow::Owned(value));
    }

    /// Inserts an attribute at its place by name, or replaces its value.
    fn insert_attr(&mut self, name: Cow<'static, str>, value: Cow<'static, str>) {
        match self.attrs.binary_search_by(|(key, _)| key.cmp(&name)) {
            Ok(found) => {
                if let Some(slot) = self.attrs.get_mut(found) {
                    slot.1 = value;
                }
            }
            Err(at) => self.attrs.insert(at, (name, value)),
        }
    }

    /// Appends text (nothing for an empty string, as twilio-python does).
    pub(crate) fn push_text(&mut self, text: String) {
        if text.is_empty() {
            return;
        }
        self.check_chars(&text, None);
        match self.children.last_mut() {
            Some(Child::Text(last)) => last.push_str(&text),
            _ => self.children.push(Child::Text(text)),
        }
    }

    /// Appends a child element, taking over its problem if this node has
    /// none.
    pub(crate) fn push_node(&mut self, mut child: Node) {
        if self.problem.is_none() {
            self.problem = child.problem.take();
        }
        self.children.push(Child::Element(child));
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

    /// Remembers the first character of `value` that XML cannot carry, if
    /// any, as a problem of this element (and of `attribute`, when the value
    /// is an attribute's).
    fn check_chars(&mut self, value: &str, attribute: Option<&str>) {
        if self.problem.is_some() {
            return;
        }
        if let Some((position, character)) = first_forbidden_char(value) {
            self.remember(Problem::InvalidChar {
                element: self.name.to_string(),
                attribute: attribute.map(str::to_owned),
                character,
                position,
            });
        }
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
    // Each such character is ASCII (below 0x20) or starts with the byte 0xEF
    // (U+FFFE, U+FFFF): a value holding neither byte, as most do, is passed
    // over by one look at each byte (a fold without early exit, which the
    // compiler turns into vector compares; a test compares the result with
    // the search alone on generated input).
    if !value
        .bytes()
        .fold(false, |seen, b| seen | (b < 0x20) | (b == 0xEF))
    {
        return None;
    }
    value.char_indices().find(|&(_, c)| !is_xml_char(c))
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
    fn forbidden_chars() {
        assert_eq!(first_forbidden_char("ok\t\n\r é 😀"), None);
        assert_eq!(first_forbidden_char("ab\0"), Some((2, '\0')));
        assert_eq!(first_forbidden_char("é\u{FFFF}"), Some((2, '\u{FFFF}')));
        assert_eq!(first_forbidden_char("x\u{FFFE}"), Some((1, '\u{FFFE}')));
        assert_eq!(first_forbidden_char("\u{1F}"), Some((0, '\u{1F}')));
        // Other characters starting with the same byte as U+FFFE (0xEF) stay.
        assert_eq!(first_forbidden_char("\u{FFFD}\u{EFFF}\u{FFEF}"), None);
    }

    proptest::proptest! {
        #[test]
        fn first_forbidden_char_is_the_plain_search(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::char::any(),
                    proptest::sample::select(vec![
                        '\u{0}', '\u{8}', '\t', '\n', '\u{B}', '\r', '\u{1F}', ' ',
                        '\u{EFFF}', '\u{FFFD}', '\u{FFFE}', '\u{FFFF}', '\u{10000}',
                    ]),
                ],
                0..40,
            )
        ) {
            let value: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(
                first_forbidden_char(&value),
                value.char_indices().find(|&(_, c)| !is_xml_char(c))
            );
        }
    }

    fn text_problem(element: &str, character: char, position: usize) -> Problem {
        Problem::InvalidChar {
            element: element.into(),
            attribute: None,
            character,
            position,
        }
    }

    #[test]
    fn the_first_problem_in_building_order_is_kept() {
        // A text first: its character is the first problem.
        let mut node = Node::new("Say");
        node.push_text("a\u{1}b".into());
        node.set_attr("voice", "x\u{3}");
        assert_eq!(node.problem(), Some(&text_problem("Say", '\u{1}', 1)));

        // An attribute first: its character is.
        let mut node = Node::new("Say");
        node.set_attr("voice", "x\u{3}");
        node.push_text("a\u{1}".into());
        assert_eq!(
            node.problem(),
            Some(&Problem::InvalidChar {
                element: "Say".into(),
                attribute: Some("voice".into()),
                character: '\u{3}',
                position: 1,
            })
        );

        // A text appended to a text: the position is in the piece given.
        let mut node = Node::new("Say");
        node.push_text("ok".into());
        node.push_text("x\u{FFFF}".into());
        assert_eq!(node.problem(), Some(&text_problem("Say", '\u{FFFF}', 1)));
        assert_eq!(node.children, [Child::Text("okx\u{FFFF}".into())]);

        // A child's problem moves up unless the parent has one already.
        let mut child = Node::new("Say");
        child.push_text("\u{2}".into());
        let mut parent = Node::new("Gather");
        parent.push_node(child.clone());
        assert_eq!(parent.problem(), Some(&text_problem("Say", '\u{2}', 0)));
        let mut parent = Node::new("Gather");
        parent.set_attr("action", "\u{0}");
        parent.push_node(child);
        assert!(matches!(
            parent.problem(),
            Some(Problem::InvalidChar { element, .. }) if element == "Gather"
        ));
    }

    #[test]
    fn texts_are_joined_and_empty_ones_skipped() {
        let mut node = Node::with_text("Say", "");
        assert!(node.children.is_empty());
        node.push_text("a".into());
        node.push_text(String::new());
        node.push_text("b".into());
        node.push_node(Node::new("break"));
        node.push_text("c".into());
        assert_eq!(
            node.children,
            [
                Child::Text("ab".into()),
                Child::Element(Node::new("break")),
                Child::Text("c".into()),
            ]
        );
    }

    #[test]
    fn attributes_stay_sorted_and_unique() {
        let mut node = Node::new("Gather");
        node.set_attr("numDigits", "1");
        node.set_attr("action", "/a");
        node.set_custom_attr("method".into(), "GET".into());
        node.set_attr_value("method", Cow::Borrowed("POST"));
        let names: Vec<_> = node
            .attrs
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        assert_eq!(
            names,
            [("action", "/a"), ("method", "POST"), ("numDigits", "1")]
        );
        node.set_attr("numDigits", "2");
        assert_eq!(node.attrs.len(), 3);
        assert_eq!(
            node.attrs.get(2),
            Some(&(Cow::Borrowed("numDigits"), Cow::Owned("2".into())))
        );
        node.set_custom_attr("a b".into(), "x".into());
        assert_eq!(node.attrs.len(), 3);
        assert!(node.problem().is_some());
    }
}
