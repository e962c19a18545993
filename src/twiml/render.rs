//! Writing a [`Node`] tree as XML text; every value is escaped here, once.
//!
//! The bytes match twilio-python's (`xml.etree.ElementTree`) for the same
//! document: the declaration `<?xml version="1.0" encoding="UTF-8"?>`, no
//! whitespace between elements, attributes sorted by name, `<Empty />` with a
//! space, text escaped with `&amp; &lt; &gt;`, attribute values with
//! `&amp; &lt; &gt; &quot; &#13; &#10; &#09;`.
//!
//! The markup characters `& < >` are escaped by quick-xml's
//! [`partial_escape`]. On top of that, [`write_escaped`] writes carriage
//! return in text, and tab, newline, carriage return and `"` in attribute
//! values, as character references: a parser would otherwise normalise them
//! (line ends to `\n`, attribute whitespace to spaces) and the value would
//! not come back as it was given. ElementTree writes a bare `\r` in text;
//! that is the one place where our bytes differ, on purpose.
//!
//! A character XML cannot carry is written as U+FFFD, in text as in
//! attribute values. Only `Display` ever meets one: `to_xml()` and
//! `write_to()` refuse a document holding one before rendering it (the
//! character was remembered as a problem when the value was set).

use super::node::{is_xml_char, Child, Node};
use super::XML_DECLARATION;
use quick_xml::escape::partial_escape;
use std::fmt::{self, Write};

/// Room reserved for a rendered document: most documents fit (a menu of six
/// verbs is ~420 bytes), larger ones grow as usual.
const TYPICAL_DOCUMENT_BYTES: usize = 512;

/// Renders `root` as a complete document, XML declaration first.
pub(crate) fn to_string(root: &Node) -> String {
    let mut xml = String::with_capacity(TYPICAL_DOCUMENT_BYTES);
    // Invariant: `fmt::Write for String` never fails, and `write_document`
    // fails only when its output does.
    write_document(&mut xml, root).expect("writing to a String cannot fail");
    xml
}

/// Writes `root` as a complete document, XML declaration first.
pub(crate) fn write_document(out: &mut impl Write, root: &Node) -> fmt::Result {
    out.write_str(XML_DECLARATION)?;
    write_element(out, root)
}

/// Writes `node` and everything under it.
fn write_element(out: &mut impl Write, node: &Node) -> fmt::Result {
    out.write_char('<')?;
    out.write_str(&node.name)?;
    for (name, value) in &node.attrs {
        out.write_char(' ')?;
        out.write_str(name)?;
        out.write_str("=\"")?;
        write_escaped(out, value, Place::Attribute)?;
        out.write_char('"')?;
    }
    if node.children.is_empty() {
        // ElementTree writes `<Name />`, with a space before the slash.
        return out.write_str(" />");
    }
    out.write_char('>')?;
    for child in &node.children {
        match child {
            Child::Text(text) => write_escaped(out, text, Place::Text)?,
            Child::Element(element) => write_element(out, element)?,
        }
    }
    out.write_str("</")?;
    out.write_str(&node.name)?;
    out.write_char('>')
}

/// Where a value is written: its escaping depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Character data.
    Text,
    /// An attribute value, between double quotes.
    Attribute,
}

/// Writes `value` escaped for `place`: `& < >` by quick-xml's
/// `partial_escape`, then the character references of
/// [`reference`], and U+FFFD for each character XML cannot carry.
fn write_escaped(out: &mut impl Write, value: &str, place: Place) -> fmt::Result {
    let markup_escaped = partial_escape(value);
    let mut rest: &str = &markup_escaped;
    while let Some(at) = rest.find(|c| reference(c, place).is_some()) {
        let (run, tail) = rest.split_at(at);
        out.write_str(run)?;
        let mut chars = tail.chars();
        if let Some(written) = chars.next().and_then(|c| reference(c, place)) {
            out.write_str(written)?;
        }
        rest = chars.as_str();
    }
    out.write_str(rest)
}

/// What `c` is written as in `place` when it is not written as itself
/// (the markup characters aside, which `partial_escape` has escaped).
fn reference(c: char, place: Place) -> Option<&'static str> {
    match (c, place) {
        ('\r', _) => Some("&#13;"),
        ('"', Place::Attribute) => Some("&quot;"),
        ('\n', Place::Attribute) => Some("&#10;"),
        ('\t', Place::Attribute) => Some("&#09;"),
        (c, _) if !is_xml_char(c) => Some("\u{FFFD}"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &str, place: Place) -> String {
        let mut out = String::new();
        write_escaped(&mut out, value, place).expect("a String");
        out
    }

    fn escape_text(text: &str) -> String {
        escaped(text, Place::Text)
    }

    fn escape_attr(value: &str) -> String {
        escaped(value, Place::Attribute)
    }

    #[test]
    fn escaping_matches_element_tree() {
        assert_eq!(
            escape_text("a & <b> \"c\" 'd' ]]>"),
            "a &amp; &lt;b&gt; \"c\" 'd' ]]&gt;"
        );
        assert_eq!(escape_text("a\r\n\tb"), "a&#13;\n\tb");
        assert_eq!(escape_text("plain"), "plain");
        assert_eq!(
            escape_attr("w'\"\n\r\t<>&"),
            "w'&quot;&#10;&#13;&#09;&lt;&gt;&amp;"
        );
        assert_eq!(escape_attr("/plain?x=1"), "/plain?x=1");
    }

    #[test]
    fn characters_xml_cannot_carry_are_replaced_in_text_and_attributes() {
        for place in [Place::Text, Place::Attribute] {
            assert_eq!(
                escaped("a\u{0}b\u{1F}\u{FFFE}&\u{FFFF}\u{EFFF}\u{FFFD}", place),
                "a\u{FFFD}b\u{FFFD}\u{FFFD}&amp;\u{FFFD}\u{EFFF}\u{FFFD}",
                "{place:?}"
            );
        }
    }

    /// The escaping rules, one character at a time: the reference the
    /// rendering is compared with.
    fn naive(value: &str, place: Place) -> String {
        let attribute = place == Place::Attribute;
        value
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_owned(),
                '<' => "&lt;".to_owned(),
                '>' => "&gt;".to_owned(),
                '\r' => "&#13;".to_owned(),
                '"' if attribute => "&quot;".to_owned(),
                '\n' if attribute => "&#10;".to_owned(),
                '\t' if attribute => "&#09;".to_owned(),
                c if !is_xml_char(c) => "\u{FFFD}".to_owned(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn escapes_every_special_character_wherever_it_is() {
        let specials = [
            "&", "<", ">", "\r", "\"", "\n", "\t", "'", "é", "\u{0}", "\u{FFFF}", "😀",
        ];
        for len in 0..20 {
            for at in 0..len {
                for special in specials {
                    let mut value = "a".repeat(len);
                    value.replace_range(at..=at, special);
                    value.push_str(special);
                    for place in [Place::Text, Place::Attribute] {
                        assert_eq!(escaped(&value, place), naive(&value, place), "{value:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn writes_empty_nested_and_mixed_elements() {
        let mut root = Node::new("Response");
        let mut say = Node::with_text("Say", "Hi & bye");
        say.set_attr("voice", "alice");
        say.push_node(Node::new("break"));
        say.push_text("<c>\r".into());
        root.push_node(say);
        root.push_node(Node::new("Hangup"));
        assert_eq!(
            to_string(&root),
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">"#,
                r#"Hi &amp; bye<break />&lt;c&gt;&#13;</Say><Hangup /></Response>"#
            )
        );
        assert_eq!(
            to_string(&Node::new("Response")),
            r#"<?xml version="1.0" encoding="UTF-8"?><Response />"#
        );
    }
}
