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
//! ever reaches the output through one escaping function, `put_escaped`,
//! which also writes U+FFFD for each character of a text XML cannot carry
//! (the pass that escapes an element's first text is the one that checks it).

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

/// A character XML 1.0 cannot carry, found in a text while it was escaped:
/// its byte offset in the text and its value (it was written as U+FFFD).
pub(crate) type Forbidden = Option<(usize, char)>;

/// Writes `root` as a complete document, XML declaration first.
pub(crate) fn write_document<W: io::Write>(root: &Node, out: W) -> io::Result<()> {
    let mut sink = IoSink(out);
    sink.put(DECLARATION)?;
    write_node(&mut sink, root).map(drop)
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
    write_node(f, root).map(drop)
}

/// Appends `child` as markup to `content`, its parent's rendered content;
/// returns the first character XML cannot carry in `child`'s text, when its
/// content is one text still to be escaped.
pub(crate) fn push_element(content: &mut String, child: &Node) -> Forbidden {
    reserve(content, rendered_len(child));
    infallible(write_node(content, child))
}

/// Appends `text` to `content`, escaped as character data, each character
/// XML cannot carry written as U+FFFD; returns the first such character.
pub(crate) fn push_escaped_text(content: &mut String, text: &str) -> Forbidden {
    // Room for the text and a few entities at once; more grows as usual.
    reserve(content, text.len() + 16);
    infallible(put_escaped::<_, false>(content, text))
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

fn infallible<T>(result: Result<T, Infallible>) -> T {
    match result {
        Ok(value) => value,
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

/// Writes `node`; returns the first character XML cannot carry in its text
/// when its content is one text still to be escaped (written as U+FFFD).
fn write_node<S: Sink>(out: &mut S, node: &Node) -> Result<Forbidden, S::Error> {
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
        out.put(" />")?;
        return Ok(None);
    }
    out.put_char('>')?;
    let forbidden = if node.text_only {
        put_escaped::<_, false>(out, &node.content)?
    } else {
        out.put(&node.content)?;
        None
    };
    out.put_char('<')?;
    out.put_char('/')?;
    out.put(&node.name)?;
    out.put_char('>')?;
    Ok(forbidden)
}

/// Whether `byte` may be escaped in text (`ATTRIBUTE` false) or in an
/// attribute value: true for every byte [`ESCAPES`] gives a code. In text,
/// also for every byte below 0x20 and for 0xEF, the bytes that start a
/// character XML cannot carry (a text is checked for them as it is escaped,
/// in the same pass); in an attribute value, for every byte below 0x20 (only
/// tab, newline and carriage return get that far: the others are refused
/// when the value is set), which compiles to fewer vector instructions than
/// naming the three. Written with non-short-circuit operators, so a block of
/// bytes is tested with vector compares.
#[inline(always)]
fn may_escape<const ATTRIBUTE: bool>(byte: u8) -> bool {
    let markup = (byte == b'&') | (byte == b'<') | (byte == b'>');
    if ATTRIBUTE {
        markup | (byte == b'"') | (byte < 0x20)
    } else {
        markup | (byte < 0x20) | (byte == 0xEF)
    }
}

/// What each byte is written as when escaped: the index into [`ENTITIES`],
/// `0` for a byte written as it is. Entities from `ATTRIBUTE_ONLY` on apply
/// in attribute values only; [`FORBIDDEN`] and [`MAYBE_FORBIDDEN`] mark the
/// bytes that start a character XML cannot carry.
pub(crate) const ESCAPES: [u8; 256] = {
    let mut table = [0; 256];
    let mut control = 0;
    while control < 0x20 {
        table[control] = FORBIDDEN;
        control += 1;
    }
    table[b'&' as usize] = 1;
    table[b'<' as usize] = 2;
    table[b'>' as usize] = 3;
    table[b'\r' as usize] = 4;
    table[b'"' as usize] = 5;
    table[b'\n' as usize] = 6;
    table[b'\t' as usize] = 7;
    table[0xEF] = MAYBE_FORBIDDEN;
    table
};
const ENTITIES: [&str; 8] = [
    "", "&amp;", "&lt;", "&gt;", "&#13;", "&quot;", "&#10;", "&#09;",
];
const ATTRIBUTE_ONLY: u8 = 5;
/// A control character XML cannot carry (all below 0x20 but tab, newline
/// and carriage return).
const FORBIDDEN: u8 = 8;
/// 0xEF, the first byte of U+FFFE and U+FFFF (which XML cannot carry) and
/// of other characters (which it can).
const MAYBE_FORBIDDEN: u8 = 9;

/// What the bytes of `value` from `at` on are written as, when the byte at
/// `at` is escaped or replaced: the text written, how many bytes it stands
/// for, and the character XML cannot carry it replaces, if it does. In an
/// attribute value only the entities apply (its bad characters were
/// replaced when it was set).
#[inline(always)]
fn escape_at<const ATTRIBUTE: bool>(
    value: &[u8],
    at: usize,
) -> Option<(&'static str, usize, Option<char>)> {
    let byte = *value.get(at)?;
    match ESCAPES[usize::from(byte)] {
        0 => None,
        FORBIDDEN if !ATTRIBUTE => Some((REPLACEMENT, 1, Some(char::from(byte)))),
        MAYBE_FORBIDDEN if !ATTRIBUTE => {
            // U+FFFE is EF BF BE, U+FFFF is EF BF BF.
            let last = match (value.get(at + 1), value.get(at + 2)) {
                (Some(0xBF), Some(&last @ (0xBE | 0xBF))) => last,
                _ => return None,
            };
            let character = if last == 0xBE { '\u{FFFE}' } else { '\u{FFFF}' };
            Some((REPLACEMENT, 3, Some(character)))
        }
        FORBIDDEN | MAYBE_FORBIDDEN => None,
        code if !ATTRIBUTE && code >= ATTRIBUTE_ONLY => None,
        code => Some((ENTITIES.get(usize::from(code))?, 1, None)),
    }
}

/// What a character XML cannot carry is written as.
const REPLACEMENT: &str = "\u{FFFD}";

/// Writes `value` escaped: `& < >` exactly as quick-xml's `partial_escape`
/// (the reference the tests compare with), `\r` as `&#13;`, and in an
/// attribute value also `" \n \t` as ElementTree writes them; in text, each
/// character XML cannot carry as U+FFFD, the first returned. Unescaped runs
/// are written as they are: each block of 16 bytes is tested at once, and
/// in a block that holds bytes to look at, only those are visited (a bit
/// mask). Nothing is allocated.
fn put_escaped<S: Sink, const ATTRIBUTE: bool>(
    out: &mut S,
    value: &str,
) -> Result<Forbidden, S::Error> {
    let bytes = value.as_bytes();
    let (blocks, rest) = bytes.as_chunks::<{ scan::BLOCK }>();
    let mut run = Run {
        start: 0,
        forbidden: None,
    };
    let mut block_start = 0;
    for block in blocks {
        // Most blocks hold nothing to escape: a test without the mask first.
        if scan::block_has(block, may_escape::<ATTRIBUTE>) {
            let mask = scan::block_mask(block, may_escape::<ATTRIBUTE>);
            put_escaped_bytes::<S, ATTRIBUTE>(out, value, block_start, mask, &mut run)?;
        }
        block_start += scan::BLOCK;
    }
    if !rest.is_empty() && scan::rest_has(bytes, rest, may_escape::<ATTRIBUTE>) {
        let (start, mask) = match bytes.last_chunk::<{ scan::BLOCK }>() {
            // The last whole block, overlapping bytes already visited: their
            // bits are cleared (`rest` is shorter than a block, so the shift
            // is 1 to 15).
            Some(last) => {
                let seen = scan::BLOCK - rest.len();
                let mask = scan::block_mask(last, may_escape::<ATTRIBUTE>) >> seen << seen;
                (bytes.len() - scan::BLOCK, mask)
            }
            // A value shorter than a block: each byte.
            None => (
                0,
                rest.iter().enumerate().fold(0, |mask, (i, &byte)| {
                    mask | (u16::from(may_escape::<ATTRIBUTE>(byte)) << i)
                }),
            ),
        };
        if mask != 0 {
            put_escaped_bytes::<S, ATTRIBUTE>(out, value, start, mask, &mut run)?;
        }
    }
    if run.start == 0 {
        out.put(value)?;
    } else if let Some(tail) = value.get(run.start..) {
        out.put(tail)?;
    }
    Ok(run.forbidden)
}

/// Where [`put_escaped`] is in a value: the start of the bytes not written
/// yet, and the first character XML cannot carry met so far.
struct Run {
    start: usize,
    forbidden: Forbidden,
}

/// Escapes the bytes of `value` at `block_start` plus each bit set in
/// `mask`: writes the run not written yet before each entity or replacement.
fn put_escaped_bytes<S: Sink, const ATTRIBUTE: bool>(
    out: &mut S,
    value: &str,
    block_start: usize,
    mut mask: u16,
    run: &mut Run,
) -> Result<(), S::Error> {
    let bytes = value.as_bytes();
    while mask != 0 {
        let at = block_start + mask.trailing_zeros() as usize;
        mask &= mask - 1;
        // Bytes a replacement already stood for are skipped.
        if at < run.start {
            continue;
        }
        let Some((replacement, replaced, forbidden)) = escape_at::<ATTRIBUTE>(bytes, at) else {
            continue;
        };
        // `at` is the index of an ASCII byte or of a character's first
        // byte, hence a char boundary, and `run.start` is one past an
        // earlier escaped character: the slice is valid.
        if run.start < at {
            if let Some(unescaped) = value.get(run.start..at) {
                out.put(unescaped)?;
            }
        }
        out.put(replacement)?;
        run.start = at + replaced;
        if run.forbidden.is_none() {
            run.forbidden = forbidden.map(|character| (at, character));
        }
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
            Ok(_) if out == value => Cow::Borrowed(value),
            Ok(_) => Cow::Owned(out),
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
