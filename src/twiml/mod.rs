//! TwiML documents, built with types and rendered with quick-xml.
//!
//! A [`VoiceResponse`] tells Twilio what to do on a call; a
//! [`MessagingResponse`] answers an incoming message. Each verb and noun is a
//! builder type with one typed setter per attribute, and nesting that Twilio
//! forbids does not compile: a [`Gather`] holds only [`Say`], [`Play`] and
//! [`Pause`], a [`Dial`] only its nouns.
//!
//! The rendered bytes are those of twilio-python for the same document:
//! `<?xml version="1.0" encoding="UTF-8"?>`, no whitespace between elements,
//! attributes sorted by name, Twilio's camelCase attribute names, booleans as
//! `true`/`false`, durations in whole seconds, event sets space-separated.
//!
//! # The integration guide's documents
//!
//! A menu: a greeting, then a `<Gather>` waiting for one key.
//!
//! ```
//! use twilio_typed::twiml::{Gather, Say, VoiceResponse};
//! use twilio_typed::{HttpMethod, Voice};
//!
//! let menu = VoiceResponse::new()
//!     .say(Say::new("Hello, this is MYCA calling.").voice(Voice::Alice))
//!     .gather(
//!         Gather::new()
//!             .num_digits(1)
//!             .action("/twilio/handle-input")
//!             .method(HttpMethod::Post)
//!             .say(
//!                 Say::new("Press 1 to speak with an agent, or press 2 to leave a message.")
//!                     .voice(Voice::Alice),
//!             ),
//!     );
//! assert_eq!(
//!     menu.to_xml()?,
//!     concat!(
//!         r#"<?xml version="1.0" encoding="UTF-8"?>"#,
//!         r#"<Response><Say voice="alice">Hello, this is MYCA calling.</Say>"#,
//!         r#"<Gather action="/twilio/handle-input" method="POST" numDigits="1">"#,
//!         r#"<Say voice="alice">Press 1 to speak with an agent, or press 2 to leave a message.</Say>"#,
//!         r#"</Gather></Response>"#,
//!     )
//! );
//! # Ok::<(), twilio_typed::twiml::TwimlError>(())
//! ```
//!
//! Playing audio rendered elsewhere (the ElevenLabs flow): a `<Play>` of the
//! hosted mp3.
//!
//! ```
//! use twilio_typed::twiml::{Play, VoiceResponse};
//!
//! let xml = VoiceResponse::new()
//!     .play(Play::new("https://your-server.com/audio/myca_response.mp3"))
//!     .to_xml()?;
//! assert_eq!(
//!     xml,
//!     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Play>https://your-server.com/audio/myca_response.mp3</Play></Response>"#
//! );
//! # Ok::<(), twilio_typed::twiml::TwimlError>(())
//! ```
//!
//! # Escaping and invalid input
//!
//! Any text or attribute value is escaped when the document is rendered, so
//! it comes back unchanged from an XML parser and can never add an element
//! or attribute. Characters XML 1.0 cannot carry at all (NUL and the other C0
//! controls except tab, newline and carriage return; U+FFFE and U+FFFF) get
//! one policy, in a text as in an attribute value: they are checked when the
//! value is set, and the first one is kept as a
//! [`TwimlError::InvalidChar`] naming the element (and the attribute) that
//! [`VoiceResponse::to_xml`], [`VoiceResponse::write_to`] and
//! [`VoiceResponse::check`] return. `Display` (and so `to_string()`) cannot
//! fail and never writes ill-formed XML: it writes each such character as
//! U+FFFD.
//!
//! ```
//! use twilio_typed::twiml::{Say, TwimlError, VoiceResponse};
//!
//! let doc = VoiceResponse::new().say(Say::new("bell\u{7}"));
//! let error = doc.to_xml().unwrap_err();
//! assert!(matches!(error, TwimlError::InvalidChar { character: '\u{7}', position: 4, .. }));
//! assert_eq!(error.to_string(), "<Say>: character U+0007 at byte 4 is not allowed in XML 1.0");
//! assert!(doc.to_string().ends_with("<Say>bell\u{FFFD}</Say></Response>"));
//! ```
//!
//! # Escape hatch
//!
//! Every element has `attr(name, value)` for attributes Twilio adds later,
//! and [`Element`] stands for any element; both escape their values and
//! reject names that are not XML names.
//!
//! # axum
//!
//! With the `axum` feature, both documents implement
//! `axum::response::IntoResponse` (`application/xml`; `500` with a short
//! text body when the document cannot be rendered).

#[cfg(feature = "axum")]
mod axum;

pub(crate) mod attrs;
mod common;
mod conference;
mod connect;
mod dial;
mod error;
mod gather;
mod generic;
mod macros;
mod messaging;
mod node;
mod nouns;
mod pay;
mod queue;
mod refer;
mod render;
mod say;
mod stream;
mod verbs;
mod voice;

pub mod ssml;

pub use self::attrs::{
    DialRecord, GatherInput, Key, RecordingChannels, RecordingEvent, RecordingTrack, RejectReason,
    SpeechModel, SpeechTimeout, StreamTrack, Trim,
};
pub use self::common::{Config, Parameter};
pub use self::conference::{
    Conference, ConferenceBeep, ConferenceEvent, ConferenceRecord, JitterBufferSize,
};
pub use self::connect::{
    AiSession, Connect, ConnectContent, Conversation, ConversationEvent, ConversationRelay,
    ConversationRelaySession, Interruptible, RelayLanguage, Room, VirtualAgent,
};
pub use self::dial::{Dial, DialNoun};
pub use self::error::{NameKind, TwimlError};
pub use self::gather::{Gather, PromptContent};
pub use self::generic::Element;
pub use self::messaging::{Message, MessagingResponse, MessagingVerb};
pub use self::nouns::{Application, Client, Number, Sim, Sip, WhatsApp};
pub use self::pay::{
    BankAccountType, CardType, Pay, PayErrorType, PayInput, PaymentMethod, Prompt, PromptFor,
    TokenType,
};
pub use self::queue::Queue;
pub use self::refer::{Refer, ReferSip};
pub use self::say::Say;
pub use self::stream::{
    Recording, Siprec, Start, StartContent, Stop, StopContent, Stream, Transcription,
};
pub use self::verbs::{Echo, Enqueue, Hangup, Leave, Pause, Play, Record, Redirect, Reject, Task};
pub use self::voice::{VoiceResponse, VoiceVerb};
pub use crate::{CallEvent, HttpMethod, MachineDetection};

/// The declaration `to_xml()` starts with and `to_xml_fragment()` leaves out.
pub(crate) const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
