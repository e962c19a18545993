//! Writing a [`Node`] tree as XML text; every value is escaped here, once.
//!
//! The bytes match twilio-python's (`xml.etree.ElementTree`) for the same
//! document: the declaration `<?xml version="1.0" encoding="UTF-8"?>`, no
//! whitespace between elements, attributes sorted by name, `<Empty />` with a
//! space, text escaped with `&amp; &lt; &gt;`, attribute values with
//! `&amp; &lt; &gt; &quot; &#13; &#10; &#09;`.
//!
//! One small function, [`write_escaped`], escapes every value: the markup
//! characters `& < >` exactly as quick-xml's `escape::partial_escape` does
//! (the tests compare the two on generated input), and on top of that
//! carriage return in text, and tab, newline, carriage return and `"` in
//! attribute values, as character references: a parser would otherwise
//! normalise them (line ends to `\n`, attribute whitespace to spaces) and
//! the value would not come back as it was given. ElementTree writes a bare
//! `\r` in text; that is the one place where our bytes differ, on purpose.
//!
//! A character XML cannot carry is written as U+FFFD, in text as in
//! attribute values. Only `Display` ever meets one: `to_xml()` and
//! `write_to()` refuse a document holding one before rendering it (the
//! character was remembered as a problem when the value was set).

use super::node::{is_xml_char, Child, Node};
use super::XML_DECLARATION;
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

/// Writes `value` escaped for `place`: each character [`reference`] names
/// as that reference, the others as they are.
fn write_escaped(out: &mut impl Write, value: &str, place: Place) -> fmt::Result {
    let mut rest = value;
    // Every character [`reference`] replaces is ASCII (below 0x20, or one of
    // `& < > "`) or starts with the byte 0xEF (U+FFFE, U+FFFF): the scan
    // looks at bytes, and each byte found starts a character.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | 0xEF) || b < 0x20)
    {
        let Some((run, tail)) = rest.split_at_checked(at) else {
            break; // Unreachable (`at` is a character's first byte); the rest is written as is.
        };
        out.write_str(run)?;
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            break; // Unreachable: `tail` holds the byte found.
        };
        match reference(c, place) {
            Some(written) => out.write_str(written)?,
            None => out.write_char(c)?,
        }
        rest = chars.as_str();
    }
    out.write_str(rest)
}

/// What `c` is written as in `place` when it is not written as itself.
fn reference(c: char, place: Place) -> Option<&'static str> {
    match (c, place) {
        ('&', _) => Some("&amp;"),
        ('<', _) => Some("&lt;"),
        ('>', _) => Some("&gt;"),
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

    /// The reference: quick-xml's `partial_escape` for `& < >`, then the
    /// character references and U+FFFD (none of which `partial_escape`
    /// writes or removes).
    fn quick_xml_then_references(value: &str, place: Place) -> String {
        let mut out = quick_xml::escape::partial_escape(value)
            .replace('\r', "&#13;")
            .chars()
            .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
            .collect::<String>();
        if place == Place::Attribute {
            out = out
                .replace('"', "&quot;")
                .replace('\n', "&#10;")
                .replace('\t', "&#09;");
        }
        out
    }

    /// Any text, with the characters escaping cares about often.
    fn any_value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let special = prop::sample::select(vec![
            '&', '<', '>', '"', '\'', '\r', '\n', '\t', '\u{0}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
            '\u{EFFF}', '\u{FFFD}', ';', '#',
        ]);
        prop::collection::vec(prop_oneof![any::<char>(), special], 0..40)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest::proptest! {
        #[test]
        fn escaping_is_quick_xmls_plus_the_references(value in any_value()) {
            for place in [Place::Text, Place::Attribute] {
                proptest::prop_assert_eq!(
                    escaped(&value, place),
                    quick_xml_then_references(&value, place)
                );
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
