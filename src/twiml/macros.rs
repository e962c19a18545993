//! The two macros every typed element is made of: `element!` declares the
//! builder around a [`Node`](super::node::Node), `setters!` writes one typed
//! setter per attribute.

/// Declares a builder type wrapping a `Node`, with the `attr` escape hatch.
macro_rules! element {
    ($(#[$meta:meta])* $ty:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[must_use]
        pub struct $ty {
            node: $crate::twiml::node::Node,
        }

        impl $ty {
            /// Sets an attribute this crate has no typed setter for (for what
            /// Twilio adds later). The value is escaped; a name that is not an
            /// XML name is dropped and reported by `to_xml()`. Setting an
            /// attribute twice keeps the last value.
            pub fn attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.node.set_custom_attr(name.into(), value.into());
                self
            }
        }

        impl $crate::twiml::node::IntoNode for $ty {
            fn into_node(self) -> $crate::twiml::node::Node {
                self.node
            }
        }
    };
}
pub(crate) use element;

/// Typed attribute setters. Each line is
/// `doc-comments name: kind => "attributeName";` where kind is
/// - `text`: any string (`impl Into<String>`);
/// - `ref T`: a borrowed or owned `T` (`impl Borrow<T>`), written via `AttrValue`;
/// - `events T`: a set of `T`, written space-separated;
/// - `millis`: a `Duration` Twilio reads in whole milliseconds;
/// - `seconds`: a `Duration` Twilio reads in whole seconds;
///
/// for both, a fraction of the unit is refused (reported by `to_xml()`), never
/// rounded;
/// - `T`: a `T` by value, written via `AttrValue`.
macro_rules! setters {
    () => {};
    ($(#[$meta:meta])* $f:ident: text => $attr:literal; $($rest:tt)*) => {
        $(#[$meta])*
        pub fn $f(mut self, value: impl Into<String>) -> Self {
            self.node.set_attr($attr, value);
            self
        }
        $crate::twiml::macros::setters!($($rest)*);
    };
    ($(#[$meta:meta])* $f:ident: ref $t:ty => $attr:literal; $($rest:tt)*) => {
        $(#[$meta])*
        pub fn $f(mut self, value: impl ::std::borrow::Borrow<$t>) -> Self {
            let value = $crate::twiml::attrs::AttrValue::attr_value(value.borrow());
            self.node.set_attr_value($attr, value);
            self
        }
        $crate::twiml::macros::setters!($($rest)*);
    };
    ($(#[$meta:meta])* $f:ident: events $t:ty => $attr:literal; $($rest:tt)*) => {
        $(#[$meta])*
        pub fn $f(mut self, events: impl IntoIterator<Item = $t>) -> Self {
            self.node.set_attr($attr, $crate::twiml::attrs::space_separated(events));
            self
        }
        $crate::twiml::macros::setters!($($rest)*);
    };
    ($(#[$meta:meta])* $f:ident: millis => $attr:literal; $($rest:tt)*) => {
        $(#[$meta])*
        ///
        /// Twilio reads it in whole milliseconds: a fraction of a millisecond
        /// is refused by `to_xml()` with
        /// [`TwimlError::FractionalDuration`](crate::twiml::TwimlError::FractionalDuration),
        /// never rounded.
        pub fn $f(mut self, value: ::std::time::Duration) -> Self {
            self.node.set_millis_attr($attr, value, "");
            self
        }
        $crate::twiml::macros::setters!($($rest)*);
    };
    ($(#[$meta:meta])* $f:ident: seconds => $attr:literal; $($rest:tt)*) => {
        $(#[$meta])*
        ///
        /// Twilio reads it in whole seconds: a fraction of a second (1.5 s) is
        /// refused by `to_xml()` with
        /// [`TwimlError::FractionalDuration`](crate::twiml::TwimlError::FractionalDuration),
        /// never rounded.
        pub fn $f(mut self, value: ::std::time::Duration) -> Self {
            self.node.set_seconds_attr($attr, value);
            self
        }
        $crate::twiml::macros::setters!($($rest)*);
    };
    ($(#[$meta:meta])* $f:ident: $t:ty => $attr:literal; $($rest:tt)*) => {
        $(#[$meta])*
        pub fn $f(mut self, value: $t) -> Self {
            let value = $crate::twiml::attrs::AttrValue::attr_value(&value);
            self.node.set_attr_value($attr, value);
            self
        }
        $crate::twiml::macros::setters!($($rest)*);
    };
}
pub(crate) use setters;

/// Implements a sealed "may contain" trait for element types.
macro_rules! allowed_in {
    ($trait:path: $($ty:ty),* $(,)?) => {$(
        impl $trait for $ty {}
    )*};
}
pub(crate) use allowed_in;

/// The output methods of a document type (`VoiceResponse`, `MessagingResponse`).
macro_rules! document {
    ($ty:ident) => {
        impl $ty {
            /// Renders the document: the XML declaration, then the elements.
            ///
            /// # Errors
            ///
            /// [`TwimlError`](crate::twiml::TwimlError) when a value or name
            /// given while building was rejected (the first such problem):
            /// in particular
            /// [`TwimlError::InvalidChar`](crate::twiml::TwimlError::InvalidChar),
            /// naming the element (and the attribute), for a character XML
            /// 1.0 cannot carry, in a text as in an attribute value.
            pub fn to_xml(&self) -> Result<String, $crate::twiml::TwimlError> {
                self.check()?;
                Ok($crate::twiml::render::to_string(&self.node))
            }

            /// Renders the elements without the XML declaration, as
            /// twilio-python's `to_xml(xml_declaration=False)` does: for
            /// embedding the document in another one or in a template.
            ///
            /// ```
            /// use twilio_typed::twiml::VoiceResponse;
            ///
            /// let doc = VoiceResponse::new().hangup();
            /// assert_eq!(doc.to_xml_fragment()?, "<Response><Hangup /></Response>");
            /// # Ok::<(), twilio_typed::twiml::TwimlError>(())
            /// ```
            ///
            /// # Errors
            ///
            /// As [`to_xml`](Self::to_xml).
            pub fn to_xml_fragment(&self) -> Result<String, $crate::twiml::TwimlError> {
                let xml = self.to_xml()?;
                Ok(xml
                    .strip_prefix($crate::twiml::XML_DECLARATION)
                    .unwrap_or(&xml)
                    .to_owned())
            }

            /// Writes the document to `out`, as [`to_xml`](Self::to_xml)
            /// renders it, in many small pieces: for a socket or a file,
            /// give a buffered writer (`BufWriter`).
            ///
            /// # Errors
            ///
            /// As [`to_xml`](Self::to_xml) when a value or name given while
            /// building was rejected (then nothing is written), or
            /// [`TwimlError::Io`](crate::twiml::TwimlError::Io) when `out`
            /// fails.
            pub fn write_to(
                &self,
                out: &mut impl ::std::io::Write,
            ) -> Result<(), $crate::twiml::TwimlError> {
                self.check()?;
                write!(out, "{self}").map_err($crate::twiml::TwimlError::Io)
            }

            /// Reports the first value or name rejected while building, if any.
            ///
            /// # Errors
            ///
            /// The [`TwimlError`](crate::twiml::TwimlError) that `to_xml()` would return.
            pub fn check(&self) -> Result<(), $crate::twiml::TwimlError> {
                match self.node.problem() {
                    Some(problem) => Err(problem.clone().into()),
                    None => Ok(()),
                }
            }
        }

        /// Writes the document like `to_xml()`, but cannot fail, so it
        /// writes what `to_xml()` refuses as well-formed XML: each character
        /// XML cannot carry (in a text or an attribute value) as U+FFFD, an
        /// invalid element name made valid, an attribute with an invalid
        /// name left out, a fraction of a second as the whole seconds below.
        /// Use `to_xml()` or `check()` to learn about such problems.
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::twiml::render::write_document(f, &self.node)
            }
        }
    };
}
pub(crate) use document;
