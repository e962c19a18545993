//! `<Gather>`: collect keypad digits or speech while prompting the caller.

use super::attrs::{GatherInput, Key, SpeechModel, SpeechTimeout};
use super::macros::{allowed_in, element, setters};
use super::node::{IntoNode, Node};
use super::say::Say;
use super::verbs::{Pause, Play};
use crate::{HttpMethod, Language};

/// What a `<Gather>` or a `<Pay>`'s `<Prompt>` may hold: `<Say>`, `<Play>`
/// and `<Pause>`.
///
/// ```compile_fail
/// use twilio_typed::twiml::{Dial, Gather};
/// // A Gather cannot hold a Dial.
/// let _ = Gather::new().push(Dial::new());
/// ```
pub trait PromptContent: IntoNode {}

allowed_in!(PromptContent: Say, Play, Pause);

element! {
    /// `<Gather>`: collects digits or speech, prompting with nested `<Say>`,
    /// `<Play>` and `<Pause>`, then requests `action` with the result.
    ///
    /// ```
    /// use twilio_typed::twiml::{Gather, GatherInput, Say, SpeechTimeout, VoiceResponse};
    ///
    /// let xml = VoiceResponse::new()
    ///     .gather(
    ///         Gather::new()
    ///             .input(GatherInput::DtmfSpeech)
    ///             .speech_timeout(SpeechTimeout::Auto)
    ///             .say(Say::new("Say or press a number.")),
    ///     )
    ///     .to_xml()?;
    /// assert_eq!(
    ///     xml,
    ///     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf speech" speechTimeout="auto"><Say>Say or press a number.</Say></Gather></Response>"#
    /// );
    /// # Ok::<(), twilio_typed::twiml::TwimlError>(())
    /// ```
    Gather
}

impl Gather {
    /// An empty `<Gather />` with Twilio's defaults.
    pub fn new() -> Self {
        Self {
            node: Node::new("Gather"),
        }
    }

    setters! {
        /// `input`: digits, speech or both.
        input: GatherInput => "input";
        /// `action`: the URL requested with what was gathered.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
        /// `timeout`: how long to wait for the next digit or for speech, in
        /// whole seconds.
        timeout: seconds => "timeout";
        /// `numDigits`: stop after this many digits.
        num_digits: u32 => "numDigits";
        /// `maxSpeechTime`: the longest speech input, in whole seconds.
        max_speech_time: seconds => "maxSpeechTime";
        /// `speechModel`: the recognition model.
        speech_model: ref SpeechModel => "speechModel";
        /// `hints`: words or phrases likely to be said, comma-separated.
        hints: text => "hints";
        /// `language`: the language of the expected speech.
        language: ref Language => "language";
        /// `profanityFilter`: mask profanities in the transcription.
        profanity_filter: bool => "profanityFilter";
        /// `actionOnEmptyResult`: request `action` even when nothing was gathered.
        action_on_empty_result: bool => "actionOnEmptyResult";
        /// `partialResultCallback`: the URL told about partial speech results.
        partial_result_callback: text => "partialResultCallback";
        /// `partialResultCallbackMethod`.
        partial_result_callback_method: HttpMethod => "partialResultCallbackMethod";
        /// `enhanced`: use the premium speech model.
        enhanced: bool => "enhanced";
        /// `bargeIn`: stop the prompt as soon as the caller starts.
        barge_in: bool => "bargeIn";
        /// `debug`: send debugging information to the callbacks.
        debug: bool => "debug";
    }

    /// `speechTimeout`: silence that ends speech input, `auto` or whole
    /// seconds (a fraction of a second is refused by `to_xml()`, as for every
    /// duration Twilio reads in whole seconds).
    pub fn speech_timeout(mut self, timeout: SpeechTimeout) -> Self {
        match timeout {
            SpeechTimeout::Auto => self.node.set_attr("speechTimeout", "auto"),
            SpeechTimeout::After(after) => self.node.set_seconds_attr("speechTimeout", after),
        }
        self
    }

    /// `finishOnKey`: the key that ends digit input (Twilio's default is `#`).
    pub fn finish_on_key(mut self, key: Key) -> Self {
        self.node.set_attr("finishOnKey", key.as_str());
        self
    }

    /// `finishOnKey=""`: no key ends digit input.
    pub fn no_finish_on_key(mut self) -> Self {
        self.node.set_attr("finishOnKey", "");
        self
    }

    /// Appends a prompt: `<Say>`, `<Play>` or `<Pause>`.
    pub fn push(mut self, prompt: impl PromptContent) -> Self {
        self.node.push_node(prompt.into_node());
        self
    }

    /// Appends a `<Say>` prompt.
    pub fn say(self, say: Say) -> Self {
        self.push(say)
    }

    /// Appends a `<Play>` prompt.
    pub fn play(self, play: Play) -> Self {
        self.push(play)
    }

    /// Appends a `<Pause>`.
    pub fn pause(self, pause: Pause) -> Self {
        self.push(pause)
    }
}

impl Default for Gather {
    fn default() -> Self {
        Self::new()
    }
}
