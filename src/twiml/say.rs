//! `<Say>`: text-to-speech, optionally marked up with SSML.

use super::macros::{element, setters};
use super::node::Node;
use super::ssml::SayContent;
use crate::{Language, Voice};

element! {
    /// `<Say>`: reads text aloud with a text-to-speech voice.
    ///
    /// ```
    /// use twilio_typed::twiml::{Say, VoiceResponse};
    /// use twilio_typed::twiml::ssml::{Break, SayAs, InterpretAs};
    /// use twilio_typed::Voice;
    /// use std::time::Duration;
    ///
    /// let xml = VoiceResponse::new()
    ///     .say(
    ///         Say::new("Your code is ")
    ///             .voice(Voice::Alice)
    ///             .push(SayAs::new("1234").interpret_as(InterpretAs::Digits))
    ///             .push(Break::new().time(Duration::from_millis(500)))
    ///             .text(" Goodbye."),
    ///     )
    ///     .to_xml()?;
    /// assert_eq!(
    ///     xml,
    ///     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Your code is <say-as interpret-as="digits">1234</say-as><break time="500ms" /> Goodbye.</Say></Response>"#
    /// );
    /// # Ok::<(), twilio_typed::twiml::TwimlError>(())
    /// ```
    Say
}

impl Say {
    /// A `<Say>` reading `text` (an empty string writes `<Say />`).
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Say", text),
        }
    }

    setters! {
        /// `voice`: who speaks; without it Twilio uses its default voice.
        voice: ref Voice => "voice";
        /// `language`: the language of the text, e.g. `en-US`.
        language: ref Language => "language";
        /// `loop`: how many times the text is read; `0` repeats until the call
        /// ends.
        loop_count: u32 => "loop";
    }

    /// Appends plain text after what is already there.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.node.push_text(text.into());
        self
    }

    /// Appends an SSML tag (see [`ssml`](super::ssml)).
    pub fn push(mut self, ssml: impl SayContent) -> Self {
        self.node.push_node(super::node::IntoNode::into_node(ssml));
        self
    }
}
