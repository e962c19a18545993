//! Message options beyond the text: a Content API template
//! ([`SendMessage::content`] with [`ContentVariables`]), link shortening,
//! smart encoding and the risk check, plus [`SendMessage::segments`].

use std::collections::BTreeMap;
use std::fmt;

use crate::http::Form;
use crate::types::segments::{sms_segments, SmsSegments};
use crate::{ContentSid, Error, SendMessage};

/// The values of a content template's variables (`ContentVariables`), sent
/// as the JSON object Twilio expects: `{"1":"Jane","2":"10:30"}`.
///
/// ```
/// use twilio_typed::ContentVariables;
///
/// let vars = ContentVariables::new().set("1", "Jane").set("2", "10:30 \"sharp\"");
/// assert_eq!(vars.to_json(), r#"{"1":"Jane","2":"10:30 \"sharp\""}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentVariables(BTreeMap<String, String>);

impl ContentVariables {
    /// No variables.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the variable `name` (`"1"` for `{{1}}`) to `value`.
    #[must_use]
    pub fn set(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.0.insert(name.into(), value.into());
        self
    }

    /// Whether no variable is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The JSON object Twilio receives.
    pub fn to_json(&self) -> String {
        // Invariant: a map of strings to strings always serialises.
        serde_json::to_string(&self.0).unwrap_or_default()
    }

    fn check(&self) -> Result<(), Error> {
        match self.0.keys().find(|k| k.trim().is_empty()) {
            Some(_) => Err(Error::invalid(
                "content_variables",
                "a variable name must not be empty",
            )),
            None => Ok(()),
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for ContentVariables {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// Twilio's risk check on a message (`RiskCheck`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RiskCheck {
    /// `enable` (Twilio's default).
    Enable,
    /// `disable`: skip the check for this message.
    Disable,
}

impl RiskCheck {
    /// Twilio's name for the value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enable => "enable",
            Self::Disable => "disable",
        }
    }
}

impl fmt::Display for RiskCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The content and delivery options of a [`SendMessage`].
#[derive(Debug, Default)]
pub(crate) struct MessageOptions {
    content: Option<(ContentSid, Option<ContentVariables>)>,
    shorten_urls: Option<bool>,
    smart_encoded: Option<bool>,
    risk_check: Option<RiskCheck>,
}

impl MessageOptions {
    /// Whether a content template stands in for the body.
    pub(crate) fn has_content(&self) -> bool {
        self.content.is_some()
    }

    /// Appends the options; `has_service` tells whether the message goes
    /// through a messaging service (which link shortening needs).
    pub(crate) fn write(self, form: &mut Form, has_service: bool) -> Result<(), Error> {
        if let Some((sid, variables)) = self.content {
            form.push(("ContentSid", sid.as_str().to_owned()));
            if let Some(variables) = variables.filter(|v| !v.is_empty()) {
                variables.check()?;
                form.push(("ContentVariables", variables.to_json()));
            }
        }
        if let Some(shorten) = self.shorten_urls {
            if shorten && !has_service {
                return Err(Error::invalid(
                    "shorten_urls",
                    "link shortening needs a messaging service (messaging_service())",
                ));
            }
            form.push(("ShortenUrls", shorten.to_string()));
        }
        if let Some(smart) = self.smart_encoded {
            form.push(("SmartEncoded", smart.to_string()));
        }
        if let Some(check) = self.risk_check {
            form.push(("RiskCheck", check.as_str().to_owned()));
        }
        Ok(())
    }
}

impl SendMessage {
    /// Sends the Content API template `sid` (`ContentSid`, `HX...`) with
    /// these variables (`ContentVariables`); the body may then stay empty.
    pub fn content(
        mut self,
        sid: impl TryInto<ContentSid, Error: fmt::Display>,
        variables: impl Into<Option<ContentVariables>>,
    ) -> Self {
        if let Some(sid) = self.errors.take::<ContentSid, _>("content_sid", sid) {
            self.options.content = Some((sid, variables.into()));
        }
        self
    }

    /// Lets Twilio shorten the body's links (`ShortenUrls`); needs a
    /// messaging service with link shortening configured.
    pub fn shorten_urls(mut self, on: bool) -> Self {
        self.options.shorten_urls = Some(on);
        self
    }

    /// Lets Twilio replace Unicode characters that have a GSM-7 look-alike
    /// (`SmartEncoded`), which can keep a text in GSM-7 and cheaper.
    pub fn smart_encoded(mut self, on: bool) -> Self {
        self.options.smart_encoded = Some(on);
        self
    }

    /// Turns Twilio's risk check on or off for this message (`RiskCheck`).
    pub fn risk_check(mut self, check: RiskCheck) -> Self {
        self.options.risk_check = Some(check);
        self
    }

    /// The SMS segments the body costs, counted as carriers count them
    /// (see [`sms_segments`]).
    ///
    /// ```
    /// # let client = twilio_typed::TwilioClient::builder()
    /// #     .account_sid("AC0123456789abcdef0123456789abcdef").auth_token("t").build()?;
    /// let sms = client.send_sms("+12025551234", "Prix : 5 € — merci");
    /// let count = sms.segments();
    /// assert_eq!((count.segments, count.ucs2_chars.as_slice()), (1, &['—'][..]));
    /// # Ok::<(), twilio_typed::Error>(())
    /// ```
    pub fn segments(&self) -> SmsSegments {
        sms_segments(self.body_text())
    }
}
