//! SSML inside `<Say>`: `<break>`, `<emphasis>`, `<lang>`, `<p>`, `<phoneme>`,
//! `<prosody>`, `<s>`, `<say-as>`, `<sub>` and `<w>`.
//!
//! Which tag may hold which is encoded in sealed traits, following Twilio's
//! SSML reference (and twilio-python):
//!
//! | container | may hold |
//! |---|---|
//! | [`Say`](super::Say), [`Prosody`], [`Lang`] | all ([`SayContent`]) |
//! | [`Paragraph`] | all but `<p>` ([`ParagraphContent`]) |
//! | [`Sentence`], [`Emphasis`] | all but `<p>` and `<s>` ([`SentenceContent`]) |
//! | [`Word`] | `<break>`, `<emphasis>`, `<phoneme>`, `<prosody>`, `<say-as>`, `<sub>` ([`WordContent`]) |
//! | [`Phoneme`], [`SayAs`], [`Sub`] | text only |
//!
//! ```compile_fail
//! use twilio_typed::twiml::ssml::{Paragraph, Word};
//! // A word cannot hold a paragraph.
//! let _ = Word::new("").push(Paragraph::new("no"));
//! ```

use super::attrs::attr_enum;
use super::macros::{allowed_in, element, setters};
use super::node::{IntoNode, Node};
use crate::Language;
use std::time::Duration;

/// What a `<Say>`, `<prosody>` or `<lang>` may hold: every SSML tag.
pub trait SayContent: IntoNode {}
/// What a `<p>` may hold: every SSML tag but `<p>`.
pub trait ParagraphContent: IntoNode {}
/// What an `<s>` or `<emphasis>` may hold: every SSML tag but `<p>` and `<s>`.
pub trait SentenceContent: IntoNode {}
/// What a `<w>` may hold: `<break>`, `<emphasis>`, `<phoneme>`, `<prosody>`,
/// `<say-as>` and `<sub>`.
pub trait WordContent: IntoNode {}

allowed_in!(SayContent: Break, Emphasis, Lang, Paragraph, Phoneme, Prosody, Sentence, SayAs, Sub, Word);
allowed_in!(ParagraphContent: Break, Emphasis, Lang, Phoneme, Prosody, Sentence, SayAs, Sub, Word);
allowed_in!(SentenceContent: Break, Emphasis, Lang, Phoneme, Prosody, SayAs, Sub, Word);
allowed_in!(WordContent: Break, Emphasis, Phoneme, Prosody, SayAs, Sub);

/// Adds `new(words)`, `text()` and `push()` to an SSML container.
macro_rules! container {
    ($ty:ident, $tag:literal, $content:ident) => {
        impl $ty {
            #[doc = concat!("A `<", $tag, ">` holding `words` (nothing for an empty string).")]
            pub fn new(words: impl Into<String>) -> Self {
                Self {
                    node: Node::with_text($tag, words),
                }
            }

            /// Appends text after what is already there.
            pub fn text(mut self, words: impl Into<String>) -> Self {
                self.node.push_text(words.into());
                self
            }

            #[doc = concat!("Appends a nested tag (see [`", stringify!($content), "`]).")]
            pub fn push(mut self, child: impl $content) -> Self {
                self.node.push_node(child.into_node());
                self
            }
        }
    };
}

/// Adds `new(words)` and `text()` to a text-only SSML tag.
macro_rules! text_only {
    ($ty:ident, $tag:literal) => {
        impl $ty {
            #[doc = concat!("A `<", $tag, ">` holding `words`.")]
            pub fn new(words: impl Into<String>) -> Self {
                Self {
                    node: Node::with_text($tag, words),
                }
            }

            /// Appends text after what is already there.
            pub fn text(mut self, words: impl Into<String>) -> Self {
                self.node.push_text(words.into());
                self
            }
        }
    };
}

element! {
    /// `<break>`: a pause in speech.
    Break
}

impl Break {
    /// A `<break/>` with the voice's default pause.
    pub fn new() -> Self {
        Self {
            node: Node::new("break"),
        }
    }

    setters! {
        /// `strength`: a pause relative to the context.
        strength: BreakStrength => "strength";
    }

    /// `time`: an exact pause, written as `2s` for whole seconds and as
    /// `500ms` otherwise; a fraction of a millisecond is refused by
    /// `to_xml()` ([`TwimlError::FractionalDuration`](crate::twiml::TwimlError::FractionalDuration)),
    /// never rounded.
    pub fn time(mut self, time: Duration) -> Self {
        if time.subsec_nanos() == 0 {
            self.node.set_attr("time", format!("{}s", time.as_secs()));
        } else {
            self.node.set_millis_attr("time", time, "ms");
        }
        self
    }
}

impl Default for Break {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<emphasis>`: speak words with more or less stress.
    Emphasis
}
container!(Emphasis, "emphasis", SentenceContent);
impl Emphasis {
    setters! {
        /// `level`: how much stress.
        level: EmphasisLevel => "level";
    }
}

element! {
    /// `<lang>`: words in another language.
    Lang
}
container!(Lang, "lang", SayContent);
impl Lang {
    setters! {
        /// `xml:lang`: the language of the words.
        xml_lang: ref Language => "xml:lang";
    }
}

element! {
    /// `<p>`: a paragraph (a longer pause around it).
    Paragraph
}
container!(Paragraph, "p", ParagraphContent);

element! {
    /// `<phoneme>`: pronounce words from a phonetic transcription.
    Phoneme
}
text_only!(Phoneme, "phoneme");
impl Phoneme {
    setters! {
        /// `alphabet`: the phonetic alphabet of `ph`.
        alphabet: PhonemeAlphabet => "alphabet";
        /// `ph`: the phonetic transcription.
        ph: text => "ph";
    }
}

element! {
    /// `<prosody>`: volume, rate and pitch of speech.
    Prosody
}
container!(Prosody, "prosody", SayContent);
impl Prosody {
    setters! {
        /// `volume`: `silent`, `x-soft`, `soft`, `medium`, `loud`, `x-loud`,
        /// or a change in dB such as `+6dB`.
        volume: text => "volume";
        /// `rate`: `x-slow`, `slow`, `medium`, `fast`, `x-fast`, or a
        /// percentage such as `80%`.
        rate: text => "rate";
        /// `pitch`: `x-low`, `low`, `medium`, `high`, `x-high`, or a change
        /// in percent such as `+5%`.
        pitch: text => "pitch";
    }
}

element! {
    /// `<s>`: a sentence.
    Sentence
}
container!(Sentence, "s", SentenceContent);

element! {
    /// `<say-as>`: how to read words (digits, a date, spelled out, ...).
    SayAs
}
text_only!(SayAs, "say-as");
impl SayAs {
    setters! {
        /// `interpret-as`: the kind of content.
        interpret_as: InterpretAs => "interpret-as";
        /// `format`: the order of a date's parts.
        format: SayAsFormat => "format";
    }
}

element! {
    /// `<sub>`: read `alias` instead of the words.
    Sub
}
text_only!(Sub, "sub");
impl Sub {
    setters! {
        /// `alias`: what is read instead.
        alias: text => "alias";
    }
}

element! {
    /// `<w>`: a word with a part-of-speech role.
    Word
}
container!(Word, "w", WordContent);
impl Word {
    setters! {
        /// `role`: e.g. `amazon:VB` (verb), `amazon:NN` (noun), `amazon:SENSE_1`.
        role: text => "role";
    }
}

attr_enum! {
    /// `<break strength>`.
    pub enum BreakStrength {
        /// `none`.
        None => "none",
        /// `x-weak`.
        XWeak => "x-weak",
        /// `weak`.
        Weak => "weak",
        /// `medium`.
        Medium => "medium",
        /// `strong`.
        Strong => "strong",
        /// `x-strong`.
        XStrong => "x-strong",
    }
}

attr_enum! {
    /// `<emphasis level>`.
    pub enum EmphasisLevel {
        /// `strong`.
        Strong => "strong",
        /// `moderate`.
        Moderate => "moderate",
        /// `reduced`.
        Reduced => "reduced",
    }
}

attr_enum! {
    /// `<phoneme alphabet>`.
    pub enum PhonemeAlphabet {
        /// `ipa`: the International Phonetic Alphabet.
        Ipa => "ipa",
        /// `x-sampa`.
        XSampa => "x-sampa",
        /// `x-amazon-jyutping` (Cantonese).
        XAmazonJyutping => "x-amazon-jyutping",
        /// `x-amazon-pinyin` (Mandarin).
        XAmazonPinyin => "x-amazon-pinyin",
        /// `x-amazon-yomigana` (Japanese).
        XAmazonYomigana => "x-amazon-yomigana",
    }
}

attr_enum! {
    /// `<say-as interpret-as>`.
    pub enum InterpretAs {
        /// `character`: letter by letter.
        Character => "character",
        /// `spell-out`: letter by letter.
        SpellOut => "spell-out",
        /// `cardinal`: a number.
        Cardinal => "cardinal",
        /// `number`: a number.
        Number => "number",
        /// `ordinal`: first, second, ...
        Ordinal => "ordinal",
        /// `digits`: digit by digit.
        Digits => "digits",
        /// `fraction`.
        Fraction => "fraction",
        /// `unit`: a measure.
        Unit => "unit",
        /// `date` (see [`SayAsFormat`]).
        Date => "date",
        /// `time`: a duration such as `1'21"`.
        Time => "time",
        /// `address`.
        Address => "address",
        /// `expletive`: bleeped.
        Expletive => "expletive",
        /// `telephone`: a phone number.
        Telephone => "telephone",
    }
}

attr_enum! {
    /// `<say-as format>` for dates.
    pub enum SayAsFormat {
        /// `mdy`.
        Mdy => "mdy",
        /// `dmy`.
        Dmy => "dmy",
        /// `ymd`.
        Ymd => "ymd",
        /// `md`.
        Md => "md",
        /// `dm`.
        Dm => "dm",
        /// `ym`.
        Ym => "ym",
        /// `my`.
        My => "my",
        /// `d`.
        D => "d",
        /// `m`.
        M => "m",
        /// `y`.
        Y => "y",
        /// `yyyymmdd`.
        Yyyymmdd => "yyyymmdd",
    }
}
