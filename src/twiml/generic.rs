//! [`Element`]: the escape hatch for elements Twilio adds after this crate.

use super::macros::element;
use super::node::{IntoNode, Node};

element! {
    /// Any element, for verbs and nouns this crate has no type for yet.
    ///
    /// Names must be XML names (a bad one is reported by `to_xml()`); text
    /// and attribute values are escaped like everywhere else, so an
    /// `Element` adds exactly one element with the attributes you set.
    ///
    /// ```
    /// use twilio_typed::twiml::{Element, VoiceResponse};
    ///
    /// let xml = VoiceResponse::new()
    ///     .element(Element::new("Transfer").attr("to", "a<b").text("x & y"))
    ///     .to_xml()?;
    /// assert_eq!(
    ///     xml,
    ///     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Transfer to="a&lt;b">x &amp; y</Transfer></Response>"#
    /// );
    /// assert!(VoiceResponse::new().element(Element::new("not a name")).to_xml().is_err());
    /// # Ok::<(), twilio_typed::twiml::TwimlError>(())
    /// ```
    Element
}

impl Element {
    /// An empty element named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            node: Node::custom(name.into()),
        }
    }

    /// Appends text.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.node.push_text(text.into());
        self
    }

    /// Appends a child element (typed builders nest through their parents'
    /// methods; this nests anything, by design).
    pub fn child(mut self, child: impl IntoNode) -> Self {
        self.node.push_node(child.into_node());
        self
    }
}
