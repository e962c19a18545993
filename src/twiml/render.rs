//! Escaping and writing: a [`Node`] tree to XML bytes through quick-xml's
//! `Writer`.
//!
//! The bytes match twilio-python's (`xml.etree.ElementTree`) for the same
//! document: the declaration `<?xml version="1.0" encoding="UTF-8"?>`, no
//! whitespace between elements, attributes sorted by name, `<Empty />` with a
//! space, text escaped with `&amp; &lt; &gt;`, attribute values with
//! `&amp; &lt; &gt; &quot; &#13; &#10; &#09;`.
//!
//! quick-xml's `escape::partial_escape` does the markup characters. On top of
//! it, carriage return in text and tab, newline and carriage return in
//! attribute values become character references: a parser would otherwise
//! normalise them (line ends to `\n`, attribute whitespace to spaces) and the
//! value would not come back as it was given. ElementTree writes a bare `\r`
//! in text; that is the one place where our bytes differ, on purpose.
//!
//! The escaped strings reach quick-xml through `BytesText::from_escaped` and
//! `Attribute { value }`, which take already escaped content; raw user text
//! never does.

use super::node::{Content, Node};
use quick_xml::escape::partial_escape;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use std::borrow::Cow;
use std::{fmt, io};

/// Writes `root` as a complete document, XML declaration first.
pub(crate) fn write_document<W: io::Write>(root: &Node, out: W) -> io::Result<()> {
    let mut writer = Writer::new(out);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    write_node(&mut writer, root)
}

/// Renders `root` into a new string.
pub(crate) fn render_string(root: &Node) -> String {
    let mut out = Vec::with_capacity(DECLARATION_LEN + size_hint(root));
    // Writing into a Vec cannot fail.
    let _ = write_document(root, &mut out);
    // Every byte written comes from a `&str`, so the output is UTF-8; the
    // lossy fallback only exists to avoid a panic path.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Renders `root` into a formatter without an intermediate buffer.
pub(crate) fn fmt_document(root: &Node, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write_document(root, FmtAdapter(f)).map_err(|_| fmt::Error)
}

const DECLARATION_LEN: usize = r#"<?xml version="1.0" encoding="UTF-8"?>"#.len();

/// A guess at the rendered size, so that `to_xml` allocates once.
fn size_hint(node: &Node) -> usize {
    let attrs: usize = node
        .attrs
        .iter()
        .map(|(name, value)| name.len() + value.len() + 4)
        .sum();
    let children: usize = node
        .children
        .iter()
        .map(|child| match child {
            Content::Text(text) => text.len() + 8,
            Content::Node(child) => size_hint(child),
        })
        .sum();
    2 * node.name.len() + 5 + attrs + children
}

fn write_node<W: io::Write>(writer: &mut Writer<W>, node: &Node) -> io::Result<()> {
    let start = start_tag(node);
    if node.children.is_empty() {
        // ElementTree writes `<Name />`; quick-xml's `Event::Empty` has no
        // space before the slash, so the tag is closed by hand.
        let out = writer.get_mut();
        out.write_all(b"<")?;
        out.write_all(&start)?;
        return out.write_all(b" />");
    }
    writer.write_event(Event::Start(start.borrow()))?;
    for child in &node.children {
        match child {
            Content::Text(text) => {
                writer.write_event(Event::Text(BytesText::from_escaped(escape_text(text))))?;
            }
            Content::Node(child) => write_node(writer, child)?,
        }
    }
    writer.write_event(Event::End(start.to_end()))
}

fn start_tag(node: &Node) -> BytesStart<'_> {
    if node.attrs.is_empty() {
        return BytesStart::new(node.name.as_ref());
    }
    let capacity = node.name.len()
        + node
            .attrs
            .iter()
            .map(|(name, value)| name.len() + value.len() + 4)
            .sum::<usize>();
    let mut content = String::with_capacity(capacity);
    content.push_str(&node.name);
    let mut start = BytesStart::from_content(content, node.name.len());
    for (name, value) in &node.attrs {
        start.push_attribute(Attribute {
            key: QName(name.as_bytes()),
            value: match escape_attr(value) {
                Cow::Borrowed(value) => Cow::Borrowed(value.as_bytes()),
                Cow::Owned(value) => Cow::Owned(value.into_bytes()),
            },
        });
    }
    start
}

/// Escapes character data: quick-xml's `partial_escape` (`& < >`), then `\r`.
pub(crate) fn escape_text(text: &str) -> Cow<'_, str> {
    let escaped = partial_escape(text);
    if !escaped.contains('\r') {
        return escaped;
    }
    Cow::Owned(escaped.replace('\r', "&#13;"))
}

/// Escapes an attribute value: quick-xml's `partial_escape` (`& < >`), then
/// `"`, `\r`, `\n` and `\t`, exactly as ElementTree does.
pub(crate) fn escape_attr(value: &str) -> Cow<'_, str> {
    let escaped = partial_escape(value);
    if !escaped.contains(['"', '\r', '\n', '\t']) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for c in escaped.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#09;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `io::Write` over a `fmt::Formatter`. Every write quick-xml makes is a whole
/// `&str` (a name, an escaped value or punctuation), so each chunk is UTF-8.
struct FmtAdapter<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl io::Write for FmtAdapter<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = std::str::from_utf8(buf).map_err(io::Error::other)?;
        self.0.write_str(text).map_err(io::Error::other)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_element_tree() {
        assert_eq!(
            escape_text("a & <b> \"c\" 'd' ]]>"),
            "a &amp; &lt;b&gt; \"c\" 'd' ]]&gt;"
        );
        assert_eq!(escape_text("a\r\n\tb"), "a&#13;\n\tb");
        assert!(matches!(escape_text("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_attr("w'\"\n\r\t<>&"),
            "w'&quot;&#10;&#13;&#09;&lt;&gt;&amp;"
        );
        assert!(matches!(escape_attr("/plain?x=1"), Cow::Borrowed(_)));
    }

    #[test]
    fn writes_empty_and_nested_elements() {
        let mut root = Node::new("Response");
        let mut say = Node::with_text("Say", "Hi & bye");
        say.set_attr("voice", "alice");
        root.push_node(say);
        root.push_node(Node::new("Hangup"));
        assert_eq!(
            render_string(&root),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say voice=\"alice\">Hi &amp; bye</Say><Hangup /></Response>"
        );
        assert_eq!(
            render_string(&Node::new("Response")),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response />"
        );
    }
}
