//! Reading the TwiML of a sandbox call back, for assertions: [`TwimlDocument`].

use std::fmt;

use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One element of a TwiML document: its name, attributes, text and children.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TwimlElement {
    /// The element name, e.g. `Say`.
    pub name: String,
    /// The attributes, unescaped, in document order.
    pub attributes: Vec<(String, String)>,
    /// The element's own text (CDATA included), unescaped; child elements'
    /// text is not included.
    pub text: String,
    /// The child elements, in order.
    pub children: Vec<TwimlElement>,
}

impl TwimlElement {
    /// The value of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// This element and its descendants named `name`, in document order.
    pub fn find_all<'a>(&'a self, name: &str) -> Vec<&'a TwimlElement> {
        let mut found = Vec::new();
        self.collect(name, &mut found);
        found
    }

    fn collect<'a>(&'a self, name: &str, found: &mut Vec<&'a TwimlElement>) {
        if self.name == name {
            found.push(self);
        }
        for child in &self.children {
            child.collect(name, found);
        }
    }
}

/// A call's TwiML, parsed: well-formed XML whose root is `<Response>`.
///
/// ```
/// use twilio_typed::sandbox::TwimlDocument;
///
/// let doc = TwimlDocument::parse(
///     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Fish &amp; chips</Say><Hangup/></Response>"#,
/// )?;
/// assert_eq!(doc.says(), ["Fish & chips"]);
/// assert_eq!(doc.verbs(), ["Say", "Hangup"]);
/// assert_eq!(doc.root().children[0].attribute("voice"), Some("alice"));
/// assert!(TwimlDocument::parse("<Response><Say>unclosed</Response>").is_err());
/// # Ok::<(), twilio_typed::sandbox::TwimlParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwimlDocument {
    root: TwimlElement,
}

/// Why a call's TwiML could not be read (Twilio's error 12100, document parse failure).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("TwiML document parse failure: {reason}")]
#[non_exhaustive]
pub struct TwimlParseError {
    /// What is wrong, in words.
    pub reason: String,
}

fn fail(reason: impl fmt::Display) -> TwimlParseError {
    TwimlParseError {
        reason: reason.to_string(),
    }
}

fn element(start: &BytesStart<'_>) -> Result<TwimlElement, TwimlParseError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(fail)?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute.unescape_value().map_err(fail)?.into_owned();
        attributes.push((key, value));
    }
    Ok(TwimlElement {
        name,
        attributes,
        text: String::new(),
        children: Vec::new(),
    })
}

impl TwimlDocument {
    /// Parses `xml`.
    ///
    /// # Errors
    /// [`TwimlParseError`] when it is not well-formed XML, has no single root, or its
    /// root is not `<Response>`.
    pub fn parse(xml: &str) -> Result<Self, TwimlParseError> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        // The open elements; the last is the innermost.
        let mut open: Vec<TwimlElement> = Vec::new();
        let mut root: Option<TwimlElement> = None;
        loop {
            let event = reader.read_event().map_err(fail)?;
            let done = match event {
                Event::Start(start) => {
                    open.push(element(&start)?);
                    None
                }
                Event::Empty(start) => Some(element(&start)?),
                Event::End(_) => open.pop(),
                Event::Text(text) => {
                    let text = text.xml_content().map_err(fail)?;
                    push_text(&mut open, &text)?;
                    None
                }
                Event::CData(data) => {
                    let text = data.xml_content().map_err(fail)?;
                    push_text(&mut open, &text)?;
                    None
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref().map_err(fail)? {
                        Some(c) => c.to_string(),
                        None => {
                            let name = reference.decode().map_err(fail)?;
                            resolve_predefined_entity(&name)
                                .ok_or_else(|| fail(format!("unknown entity &{name};")))?
                                .to_owned()
                        }
                    };
                    push_text(&mut open, &resolved)?;
                    None
                }
                Event::Eof => break,
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => None,
            };
            if let Some(closed) = done {
                match open.last_mut() {
                    Some(parent) => parent.children.push(closed),
                    None if root.is_none() => root = Some(closed),
                    None => return Err(fail("more than one root element")),
                }
            }
        }
        if let Some(unclosed) = open.last() {
            return Err(fail(format!("<{}> is not closed", unclosed.name)));
        }
        let root = root.ok_or_else(|| fail("no root element"))?;
        if root.name != "Response" {
            return Err(fail(format!(
                "the root element is <{}>, not <Response>",
                root.name
            )));
        }
        Ok(Self { root })
    }

    /// The `<Response>` element.
    pub fn root(&self) -> &TwimlElement {
        &self.root
    }

    /// The names of the verbs directly under `<Response>`, in order.
    pub fn verbs(&self) -> Vec<&str> {
        self.root.children.iter().map(|c| c.name.as_str()).collect()
    }

    /// The text of every `<Say>`, in document order (nested ones included, e.g.
    /// inside `<Gather>`). SSML children of a `<Say>` are not included.
    pub fn says(&self) -> Vec<String> {
        self.root
            .find_all("Say")
            .into_iter()
            .map(|say| say.text.trim().to_owned())
            .collect()
    }
}

impl fmt::Display for TwimlElement {
    /// The element as XML, escaped (text and attributes through quick-xml's escaping).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}", self.name)?;
        for (key, value) in &self.attributes {
            write!(f, " {key}=\"{}\"", escape(value.as_str()))?;
        }
        if self.text.is_empty() && self.children.is_empty() {
            return f.write_str("/>");
        }
        write!(f, ">{}", escape(self.text.as_str()))?;
        for child in &self.children {
            write!(f, "{child}")?;
        }
        write!(f, "</{}>", self.name)
    }
}

impl fmt::Display for TwimlDocument {
    /// The document as XML with its declaration, e.g. for printing what a call ran.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}", self.root)
    }
}

fn push_text(open: &mut [TwimlElement], text: &str) -> Result<(), TwimlParseError> {
    match open.last_mut() {
        Some(current) => {
            current.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(fail("text outside the root element")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_documents() {
        let doc = TwimlDocument::parse(
            "<Response>\n  <Gather input=\"dtmf\" numDigits=\"1\"><Say>Press 1 &#x26; wait</Say></Gather>\n  <Say><![CDATA[a < b]]></Say>\n</Response>",
        )
        .unwrap();
        assert_eq!(doc.verbs(), ["Gather", "Say"]);
        assert_eq!(doc.says(), ["Press 1 & wait", "a < b"]);
        assert_eq!(doc.root().children[0].attribute("numDigits"), Some("1"));
    }

    #[test]
    fn rejects_what_twilio_cannot_parse() {
        for bad in [
            "",
            "hello",
            "<Response>",
            "<Response></Reply>",
            "<Say>hi</Say>",
            "<Response/><Response/>",
            "<Response><Say>&nbsp;</Say></Response>",
        ] {
            assert!(TwimlDocument::parse(bad).is_err(), "{bad:?}");
        }
        assert!(TwimlDocument::parse("<Response/>")
            .unwrap()
            .verbs()
            .is_empty());
    }

    #[test]
    fn prints_back_as_xml_that_parses_to_the_same_document() {
        let doc = TwimlDocument::parse(
            r#"<Response><Say voice="a&quot;b">Fish &amp; &lt;chips&gt;</Say><Hangup/></Response>"#,
        )
        .unwrap();
        let printed = doc.to_string();
        assert_eq!(
            printed,
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="a&quot;b">Fish &amp; &lt;chips&gt;</Say><Hangup/></Response>"#
        );
        assert_eq!(TwimlDocument::parse(&printed).unwrap(), doc);
    }
}
