//! Escaping and writing: a [`Node`] to XML text.
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
//! A node's content is escaped once, when the node is written into its
//! parent ([`push_element`]) or text is added after an element
//! ([`push_escaped_text`]); writing a document then copies it. The output
//! is written straight to its destination (a `String`, an `io::Write` or a
//! `fmt::Formatter`) through one small [`Sink`] trait, and user text only
//! ever reaches the output through one escaping function, `put_escaped`.

use super::node::Node;
use super::scan;
use std::convert::Infallible;
use std::{fmt, io};

/// The XML declaration every document starts with.
const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// Where rendered XML goes: each piece is a whole `&str`, or one ASCII
/// character (markup: `<`, `"`, ...), which a `String` takes without a copy
/// call.
trait Sink {
    type Error;
    fn put(&mut self, piece: &str) -> Result<(), Self::Error>;
    fn put_char(&mut self, markup: char) -> Result<(), Self::Error> {
        self.put(markup.encode_utf8(&mut [0; 4]))
    }
}

impl Sink for String {
    type Error = Infallible;
    fn put(&mut self, piece: &str) -> Result<(), Infallible> {
        self.push_str(piece);
        Ok(())
    }
    fn put_char(&mut self, markup: char) -> Result<(), Infallible> {
        self.push(markup);
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
    let mut out = String::with_capacity(DECLARATION.len() + rendered_len(root));
    out.push_str(DECLARATION);
    infallible(write_node(&mut out, root));
    out
}

/// Renders `root` into a formatter without an intermediate buffer.
pub(crate) fn fmt_document(root: &Node, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.put(DECLARATION)?;
    write_node(f, root)
}

/// Appends `child` as markup to `content`, its parent's rendered content.
pub(crate) fn push_element(content: &mut String, child: &Node) {
    reserve(content, rendered_len(child));
    infallible(write_node(content, child));
}

/// Appends `text` to `content`, escaped as character data.
pub(crate) fn push_escaped_text(content: &mut String, text: &str) {
    // Room for the text and a few entities at once; more grows as usual.
    reserve(content, text.len() + 16);
    infallible(put_escaped::<_, false>(content, text));
}

/// The least a content buffer is allocated with: room for a few more
/// elements or texts after the first, at no extra cost (an allocation this
/// small costs the same whatever its size).
const MIN_CONTENT_BYTES: usize = 128;

/// Makes room for `additional` more bytes; an empty string is allocated
/// directly (shorter than the general growth path, which also copies).
pub(crate) fn reserve(content: &mut String, additional: usize) {
    if content.capacity() == 0 {
        *content = String::with_capacity(additional.max(MIN_CONTENT_BYTES));
    } else {
        content.reserve(additional);
    }
}

fn infallible(result: Result<(), Infallible>) {
    match result {
        Ok(()) => {}
        Err(never) => match never {},
    }
}

/// The length of `node` written out, exact unless a value or text still to
/// be escaped holds a character to escape (then a little short).
fn rendered_len(node: &Node) -> usize {
    let attrs: usize = node
        .attrs
        .iter()
        .map(|(name, value, _)| name.len() + value.len() + 4)
        .sum();
    let end = if node.content.is_empty() {
        3
    } else {
        node.content.len() + node.name.len() + 4
    };
    1 + node.name.len() + attrs + end
}

fn write_node<S: Sink>(out: &mut S, node: &Node) -> Result<(), S::Error> {
    out.put_char('<')?;
    out.put(&node.name)?;
    for (name, value, plain) in node.attrs.iter() {
        out.put_char(' ')?;
        out.put(name)?;
        out.put_char('=')?;
        out.put_char('"')?;
        if plain {
            // The crate's own static values (enum strings, digits) hold
            // nothing to escape (checked at compile time: `attrs::is_plain`).
            out.put(value)?;
        } else {
            put_escaped::<_, true>(out, value)?;
        }
        out.put_char('"')?;
    }
    if node.content.is_empty() {
        // ElementTree writes `<Name />`, with a space before the slash.
        return out.put(" />");
    }
    out.put_char('>')?;
    if node.text_only {
        put_escaped::<_, false>(out, &node.content)?;
    } else {
        out.put(&node.content)?;
    }
    out.put_char('<')?;
    out.put_char('/')?;
    out.put(&node.name)?;
    out.put_char('>')
}

/// Whether `byte` may be escaped in text (`ATTRIBUTE` false) or in an
/// attribute value: true for every byte [`entity`] escapes, and in an
/// attribute value for every byte below 0x20 (only tab, newline and carriage
/// return get that far: the others are refused when the value is set), which
/// compiles to fewer vector instructions than naming the three. Written
/// with non-short-circuit operators, so a block of bytes is tested with
/// vector compares.
#[inline(always)]
fn may_escape<const ATTRIBUTE: bool>(byte: u8) -> bool {
    let markup = (byte == b'&') | (byte == b'<') | (byte == b'>');
    if ATTRIBUTE {
        markup | (byte == b'"') | (byte < 0x20)
    } else {
        markup | (byte == b'\r')
    }
}

/// What each byte is written as when escaped: the index into [`ENTITIES`],
/// `0` for a byte written as it is. Entities from `ATTRIBUTE_ONLY` on apply
/// in attribute values only.
pub(crate) const ESCAPES: [u8; 256] = {
    let mut table = [0; 256];
    table[b'&' as usize] = 1;
    table[b'<' as usize] = 2;
    table[b'>' as usize] = 3;
    table[b'\r' as usize] = 4;
    table[b'"' as usize] = 5;
    table[b'\n' as usize] = 6;
    table[b'\t' as usize] = 7;
    table
};
const ENTITIES: [&str; 8] = [
    "", "&amp;", "&lt;", "&gt;", "&#13;", "&quot;", "&#10;", "&#09;",
];
const ATTRIBUTE_ONLY: u8 = 5;

/// The entity `byte` is written as, if it is escaped.
#[inline(always)]
fn entity<const ATTRIBUTE: bool>(byte: u8) -> Option<&'static str> {
    let code = ESCAPES[usize::from(byte)];
    if code == 0 || (!ATTRIBUTE && code >= ATTRIBUTE_ONLY) {
        return None;
    }
    ENTITIES.get(usize::from(code)).copied()
}

/// Writes `value` escaped: `& < >` exactly as quick-xml's `partial_escape`
/// (the reference the tests compare with), `\r` as `&#13;`, and in an
/// attribute value also `" \n \t` as ElementTree writes them. Unescaped runs
/// are written as they are, blocks of 16 bytes without any byte to escape
/// are passed over at once, and nothing is allocated.
fn put_escaped<S: Sink, const ATTRIBUTE: bool>(out: &mut S, value: &str) -> Result<(), S::Error> {
    let bytes = value.as_bytes();
    let (blocks, rest) = bytes.as_chunks::<{ scan::BLOCK }>();
    let mut run_start = 0;
    let mut block_start = 0;
    for block in blocks {
        if scan::block_has(block, may_escape::<ATTRIBUTE>) {
            put_escaped_bytes::<S, ATTRIBUTE>(out, value, block_start, block, &mut run_start)?;
        }
        block_start += scan::BLOCK;
    }
    if !rest.is_empty() && scan::rest_has(bytes, rest, may_escape::<ATTRIBUTE>) {
        put_escaped_bytes::<S, ATTRIBUTE>(out, value, block_start, rest, &mut run_start)?;
    }
    if run_start == 0 {
        return out.put(value);
    }
    out.put(&value[run_start..])
}

/// Escapes the bytes of `value` in `block`, which starts at byte
/// `block_start`: writes the run since `run_start` before each entity.
fn put_escaped_bytes<S: Sink, const ATTRIBUTE: bool>(
    out: &mut S,
    value: &str,
    block_start: usize,
    block: &[u8],
    run_start: &mut usize,
) -> Result<(), S::Error> {
    for (offset, &byte) in block.iter().enumerate() {
        let Some(entity) = entity::<ATTRIBUTE>(byte) else {
            continue;
        };
        let at = block_start + offset;
        // `at` is the index of an ASCII byte, hence a char boundary, and
        // `run_start` is one past an earlier such byte: the slice is valid.
        if *run_start < at {
            out.put(&value[*run_start..at])?;
        }
        out.put(entity)?;
        *run_start = at + 1;
    }
    Ok(())
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
        let written = if attribute {
            put_escaped::<_, true>(&mut out, value)
        } else {
            put_escaped::<_, false>(&mut out, value)
        };
        match written {
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

    /// The escaping rules, one character at a time.
    fn naive(value: &str, attribute: bool) -> String {
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
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn escapes_in_every_position_of_a_block() {
        for len in 0..50 {
            for at in 0..len {
                for special in ["&", "<", ">", "\r", "\"", "\n", "\t", "é"] {
                    let mut value = "a".repeat(len);
                    value.replace_range(at..=at, special);
                    value.push_str(special);
                    assert_eq!(escape_text(&value), naive(&value, false), "{value:?}");
                    assert_eq!(escape_attr(&value), naive(&value, true), "{value:?}");
                }
            }
        }
    }

    #[test]
    fn text_is_escaped_once_wherever_it_is_added() {
        let mut joined = Node::with_text("Say", "x<");
        joined.push_text("y>".into());
        assert!(joined.text_only);
        assert_eq!(joined.content, "x<y>");

        let mut say = Node::with_text("Say", "a & b");
        say.push_node(Node::new("break"));
        assert!(!say.text_only);
        say.push_text("<c>".into());
        say.push_text(" \"d\"\r".into());
        let mut root = Node::new("Response");
        root.push_node(joined);
        root.push_node(say);
        assert_eq!(
            render_string(&root),
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>x&lt;y&gt;</Say>"#,
                r#"<Say>a &amp; b<break />&lt;c&gt; "d"&#13;</Say></Response>"#
            )
        );
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
