//! Escaping and writing: a [`Node`] tree to XML text.
//!
//! The bytes match twilio-python's (`xml.etree.ElementTree`) for the same
//! document: the declaration `<?xml version="1.0" encoding="UTF-8"?>`, no
//! whitespace between elements, attributes sorted by name, `<Empty />` with a
//! space, text escaped with `&amp; &lt; &gt;`, attribute values with
//! `&amp; &lt; &gt; &quot; &#13; &#10; &#09;`.
//!
//! The markup characters are escaped exactly as quick-xml's
//! `escape::partial_escape` does (a test compares the two). On top of that,
//! carriage return in text and tab, newline and carriage return in
//! attribute values become character references: a parser would otherwise
//! normalise them (line ends to `\n`, attribute whitespace to spaces) and the
//! value would not come back as it was given. ElementTree writes a bare `\r`
//! in text; that is the one place where our bytes differ, on purpose.
//!
//! The output is written straight to its destination (a `String`, an
//! `io::Write` or a `fmt::Formatter`) through one small [`Sink`] trait, so
//! rendering allocates nothing beyond the output itself: names and escaped
//! values are written piece by piece, and user text only ever reaches the
//! output through one escaping function, `put_escaped`.

use super::node::{Content, Node};
use std::convert::Infallible;
use std::{fmt, io};

/// The XML declaration every document starts with.
const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// Where rendered XML goes: each piece is a whole `&str`.
trait Sink {
    type Error;
    fn put(&mut self, piece: &str) -> Result<(), Self::Error>;
}

impl Sink for String {
    type Error = Infallible;
    fn put(&mut self, piece: &str) -> Result<(), Infallible> {
        self.push_str(piece);
        Ok(())
    }
}

impl Sink for fmt::Formatter<'_> {
    type Error = fmt::Error;
    fn put(&mut self, piece: &str) -> fmt::Result {
        self.write_str(piece)
    }
}

/// An `io::Write` as a [`Sink`].
struct IoSink<W>(W);

impl<W: io::Write> Sink for IoSink<W> {
    type Error = io::Error;
    fn put(&mut self, piece: &str) -> io::Result<()> {
        self.0.write_all(piece.as_bytes())
    }
}

/// Writes `root` as a complete document, XML declaration first.
pub(crate) fn write_document<W: io::Write>(root: &Node, out: W) -> io::Result<()> {
    let mut sink = IoSink(out);
    sink.put(DECLARATION)?;
    write_node(&mut sink, root)
}

/// Renders `root` into a new string.
pub(crate) fn render_string(root: &Node) -> String {
    let mut out = String::with_capacity(DECLARATION.len() + size_hint(root));
    out.push_str(DECLARATION);
    match write_node(&mut out, root) {
        Ok(()) => out,
        Err(never) => match never {},
    }
}

/// Renders `root` into a formatter without an intermediate buffer.
pub(crate) fn fmt_document(root: &Node, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.put(DECLARATION)?;
    write_node(f, root)
}

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

fn write_node<S: Sink>(out: &mut S, node: &Node) -> Result<(), S::Error> {
    out.put("<")?;
    out.put(&node.name)?;
    for (name, value) in &node.attrs {
        out.put(" ")?;
        out.put(name)?;
        out.put("=\"")?;
        put_escaped(out, value, true)?;
        out.put("\"")?;
    }
    if node.children.is_empty() {
        // ElementTree writes `<Name />`, with a space before the slash.
        return out.put(" />");
    }
    out.put(">")?;
    for child in &node.children {
        match child {
            Content::Text(text) => put_escaped(out, text, false)?,
            Content::Node(child) => write_node(out, child)?,
        }
    }
    out.put("</")?;
    out.put(&node.name)?;
    out.put(">")
}

/// Writes `value` escaped: `& < >` exactly as quick-xml's `partial_escape`
/// (the reference the tests compare with), `\r` as `&#13;`, and in an
/// attribute value also `" \n \t` as ElementTree writes them. Unescaped runs
/// are written as they are, so nothing is allocated.
fn put_escaped<S: Sink>(out: &mut S, value: &str, attribute: bool) -> Result<(), S::Error> {
    let mut run_start = 0;
    for (at, byte) in value.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#13;",
            b'"' if attribute => "&quot;",
            b'\n' if attribute => "&#10;",
            b'\t' if attribute => "&#09;",
            _ => continue,
        };
        // `at` is the index of an ASCII byte, hence a char boundary, and
        // `run_start` is one past an earlier such byte: the slice is valid.
        if run_start < at {
            out.put(&value[run_start..at])?;
        }
        out.put(entity)?;
        run_start = at + 1;
    }
    if run_start == 0 {
        return out.put(value);
    }
    out.put(&value[run_start..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// Escapes character data: `& < >` (as quick-xml's `partial_escape`), then `\r`.
    fn escape_text(text: &str) -> Cow<'_, str> {
        escaped(text, false)
    }

    /// Escapes an attribute value: `& < >` (as quick-xml's `partial_escape`), then
    /// `"`, `\r`, `\n` and `\t`, exactly as ElementTree does.
    fn escape_attr(value: &str) -> Cow<'_, str> {
        escaped(value, true)
    }

    fn escaped(value: &str, attribute: bool) -> Cow<'_, str> {
        let mut out = String::new();
        match put_escaped(&mut out, value, attribute) {
            Ok(()) if out == value => Cow::Borrowed(value),
            Ok(()) => Cow::Owned(out),
            Err(never) => match never {},
        }
    }

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
    fn markup_escaping_is_quick_xmls() {
        use quick_xml::escape::partial_escape;
        let samples = [
            "",
            "plain",
            "&",
            "<<>>",
            "a&b<c>d",
            "é & ü < 😀 >",
            "&amp;",
            "x\"'y",
            "]]>",
            "tab\tnew\nline",
            "&&&",
            "ends with &",
        ];
        for sample in samples {
            assert_eq!(escape_text(sample), partial_escape(sample), "{sample:?}");
            let attr = partial_escape(sample)
                .replace('"', "&quot;")
                .replace('\n', "&#10;")
                .replace('\t', "&#09;");
            assert_eq!(escape_attr(sample), attr, "{sample:?}");
        }
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
