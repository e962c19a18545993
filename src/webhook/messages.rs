//! Messaging webhooks: an incoming SMS/MMS and a message status callback.

use url::Url;

use super::error::PayloadError;
use super::params::Params;
use super::payload::{invalid, Fields, FromParams};
use crate::{AccountSid, Endpoint, MessageSid, MessageStatus, MessagingServiceSid};

/// An SMS, MMS or WhatsApp message received by one of your numbers (the webhook
/// configured as "A message comes in").
///
/// `From` and `To` are [`Endpoint`]s rather than [`E164`](crate::E164) numbers,
/// because Twilio also sends short codes, alphanumeric sender ids and channel
/// addresses such as `whatsapp:+14155550100`.
///
/// Parameters without a field here stay in [`extra`](Self::extra), so values Twilio
/// adds later (e.g. `ProfileName`, `WaId`, `Latitude`, `SmsSid`) remain reachable.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct IncomingMessage {
    /// `MessageSid` (or the legacy `SmsMessageSid` when it is absent).
    pub message_sid: MessageSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `MessagingServiceSid`, when the number belongs to a messaging service.
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// `From`: the sender.
    pub from: Endpoint,
    /// `To`: your number.
    pub to: Endpoint,
    /// `Body`: the text, possibly empty (e.g. an MMS with only a picture).
    pub body: String,
    /// `MediaUrl0`, `MediaContentType0`, ... up to `NumMedia`.
    pub media: Vec<Media>,
    /// `NumSegments`: how many SMS segments the message arrived in.
    pub num_segments: Option<u32>,
    /// `FromCity`, `FromState`, `FromZip`, `FromCountry` (best effort, often empty).
    pub from_location: Location,
    /// `ToCity`, `ToState`, `ToZip`, `ToCountry`.
    pub to_location: Location,
    /// Every other parameter, in the order received.
    pub extra: Params,
}

/// One media item of an MMS.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Media {
    /// `MediaUrlN`: where to fetch it (with your account credentials).
    pub url: Url,
    /// `MediaContentTypeN`, e.g. `image/jpeg`.
    pub content_type: String,
}

/// Where Twilio thinks a number is located. Every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// City.
    pub city: Option<String>,
    /// State or province.
    pub state: Option<String>,
    /// Postal code.
    pub zip: Option<String>,
    /// Country, ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

impl Location {
    /// Whether Twilio gave no location at all.
    pub fn is_empty(&self) -> bool {
        self.city.is_none() && self.state.is_none() && self.zip.is_none() && self.country.is_none()
    }

    fn take(fields: &mut Fields, prefix: &str) -> Self {
        Self {
            city: fields.text(&format!("{prefix}City")),
            state: fields.text(&format!("{prefix}State")),
            zip: fields.text(&format!("{prefix}Zip")),
            country: fields.text(&format!("{prefix}Country")),
        }
    }
}

impl FromParams for IncomingMessage {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        let mut f = Fields::new(params);
        let message_sid = f.required_any(&["MessageSid", "SmsMessageSid"])?;
        let account_sid = f.required("AccountSid")?;
        let messaging_service_sid = f.parse("MessagingServiceSid")?;
        let from = Endpoint::from_twilio(&f.required_text("From")?);
        let to = Endpoint::from_twilio(&f.required_text("To")?);
        let body = f.text("Body").unwrap_or_default();
        let num_media: u32 = f.parse("NumMedia")?.unwrap_or(0);
        let mut media = Vec::new();
        for i in 0..num_media {
            let url_field = format!("MediaUrl{i}");
            let url = f.required_text(&url_field)?;
            let url = Url::parse(&url).map_err(|e| invalid(&url_field, e))?;
            let content_type = f.required_text(&format!("MediaContentType{i}"))?;
            media.push(Media { url, content_type });
        }
        let num_segments = f.parse("NumSegments")?;
        let from_location = Location::take(&mut f, "From");
        let to_location = Location::take(&mut f, "To");
        Ok(Self {
            message_sid,
            account_sid,
            messaging_service_sid,
            from,
            to,
            body,
            media,
            num_segments,
            from_location,
            to_location,
            extra: f.rest(),
        })
    }
}

/// A message status callback (the `StatusCallback` URL of a sent message, or a
/// messaging service's): the message moved to `message_status`.
///
/// Unknown statuses arrive as `MessageStatus::Unknown`; other parameters
/// (`SmsStatus`, `ApiVersion`, `RawDlrDoneDate`, ...) stay in
/// [`extra`](Self::extra).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MessageStatusCallback {
    /// `MessageSid` (or the legacy `SmsSid`).
    pub message_sid: MessageSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `MessageStatus` (or the legacy `SmsStatus`).
    pub message_status: MessageStatus,
    /// `MessagingServiceSid`, when sent through a messaging service.
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// `From`, when Twilio includes it.
    pub from: Option<Endpoint>,
    /// `To`, when Twilio includes it.
    pub to: Option<Endpoint>,
    /// `ErrorCode`, for `failed` and `undelivered` messages.
    pub error_code: Option<u32>,
    /// `ErrorMessage`, when Twilio includes one.
    pub error_message: Option<String>,
    /// Every other parameter, in the order received.
    pub extra: Params,
}

impl FromParams for MessageStatusCallback {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        let mut f = Fields::new(params);
        Ok(Self {
            message_sid: f.required_any(&["MessageSid", "SmsSid"])?,
            account_sid: f.required("AccountSid")?,
            message_status: f.required_any(&["MessageStatus", "SmsStatus"])?,
            messaging_service_sid: f.parse("MessagingServiceSid")?,
            from: f.text("From").map(|s| Endpoint::from_twilio(&s)),
            to: f.text("To").map(|s| Endpoint::from_twilio(&s)),
            error_code: f.parse("ErrorCode")?,
            error_message: f.text("ErrorMessage"),
            extra: f.rest(),
        })
    }
}
