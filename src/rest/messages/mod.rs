//! Sending SMS/MMS ([`SendMessage`]) and the [`Message`] resource.

pub(crate) mod content;
pub(crate) mod list;
pub(crate) mod media;

use std::fmt;
use std::time::Duration;

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use url::Url;

use crate::http::input::Deferred;
use crate::http::into_future::into_future;
use crate::http::wait::WaitFor;
use crate::http::{ApiRequest, Form};
use crate::rest::messages::content::MessageOptions;
use crate::types::dates::{open_enum, opt_decimal_text, opt_rfc2822, opt_u32_lenient};
use crate::{AccountSid, Endpoint, Error, MessageSid, MessagingServiceSid, TwilioClient, E164};
use crate::{ListMedia, ListMessages, MediaSid};

/// Why Twilio refuses a message or call whose `To` is its `From` (error 21211/21266).
pub(crate) const SAME_AS_SENDER: &str =
    "must differ from the sender (From): a Twilio number cannot message or call itself";

/// Longest body Twilio accepts, in characters.
pub const MAX_BODY_CHARS: usize = 1600;
/// Most media URLs one message may carry.
pub const MAX_MEDIA: usize = 10;
/// Longest validity period Twilio accepts, in seconds (10 hours).
pub const MAX_VALIDITY_SECS: u64 = 36_000;
/// A scheduled message must be sent at least this far ahead (5 minutes:
/// Twilio answers 35114/35115 to a `SendAt` under 300 seconds ahead).
pub const MIN_SCHEDULE_AHEAD: Duration = Duration::from_secs(5 * 60);
/// A scheduled message must be sent at most this far ahead (35 days).
pub const MAX_SCHEDULE_AHEAD: Duration = Duration::from_secs(35 * 24 * 3600);

open_enum! {
    /// The delivery status of a message.
    MessageStatus {
        /// Accepted by a messaging service, not yet queued.
        Accepted => "accepted",
        /// Scheduled for later sending.
        Scheduled => "scheduled",
        /// Scheduling was canceled.
        Canceled => "canceled",
        /// Queued for sending.
        Queued => "queued",
        /// Being sent to the carrier.
        Sending => "sending",
        /// Accepted by the carrier.
        Sent => "sent",
        /// Could not be sent.
        Failed => "failed",
        /// The carrier confirmed delivery.
        Delivered => "delivered",
        /// The carrier could not deliver it.
        Undelivered => "undelivered",
        /// An inbound message being received.
        Receiving => "receiving",
        /// An inbound message received.
        Received => "received",
        /// Read by the recipient (WhatsApp).
        Read => "read",
        /// Some parts delivered.
        PartiallyDelivered => "partially_delivered",
    }
}

impl MessageStatus {
    /// Whether the status can no longer change (delivered, undelivered, failed, read, canceled, received).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Delivered
                | Self::Undelivered
                | Self::Failed
                | Self::Read
                | Self::Canceled
                | Self::Received
        )
    }
}

open_enum! {
    /// Which way a message went.
    MessageDirection {
        /// Received by one of your numbers.
        Inbound => "inbound",
        /// Created through the REST API.
        OutboundApi => "outbound-api",
        /// Created during a call.
        OutboundCall => "outbound-call",
        /// Created in reply to an incoming message.
        OutboundReply => "outbound-reply",
    }
}

/// A message resource as Twilio returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Message {
    /// The message SID.
    pub sid: MessageSid,
    /// The account that owns it.
    pub account_sid: AccountSid,
    /// The recipient.
    pub to: Endpoint,
    /// The sender (absent while a messaging service has not picked one).
    #[serde(default)]
    pub from: Option<Endpoint>,
    /// The messaging service that sent it, if any.
    #[serde(default)]
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// The text.
    #[serde(default)]
    pub body: Option<String>,
    /// The delivery status.
    pub status: MessageStatus,
    /// Which way it went.
    #[serde(default)]
    pub direction: Option<MessageDirection>,
    /// Number of SMS segments.
    #[serde(default, deserialize_with = "opt_u32_lenient")]
    pub num_segments: Option<u32>,
    /// Number of media files.
    #[serde(default, deserialize_with = "opt_u32_lenient")]
    pub num_media: Option<u32>,
    /// The price as decimal text (e.g. `-0.00750`), once known.
    #[serde(default, deserialize_with = "opt_decimal_text")]
    pub price: Option<String>,
    /// The currency of `price` (ISO 4217, e.g. `USD`).
    #[serde(default)]
    pub price_unit: Option<String>,
    /// Twilio's error code when sending failed.
    #[serde(default, deserialize_with = "opt_u32_lenient")]
    pub error_code: Option<u32>,
    /// Twilio's error message when sending failed.
    #[serde(default)]
    pub error_message: Option<String>,
    /// When the resource was created.
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub date_created: Option<OffsetDateTime>,
    /// When it was sent (absent until then).
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub date_sent: Option<OffsetDateTime>,
    /// When it was last updated.
    #[serde(default, deserialize_with = "opt_rfc2822")]
    pub date_updated: Option<OffsetDateTime>,
    /// The resource's URI, relative to the API host.
    #[serde(default)]
    pub uri: Option<String>,
}

/// Sends an SMS or MMS; created by [`TwilioClient::send_sms`] or
/// [`TwilioClient::send_message`], finished by [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient) -> Result<(), twilio_typed::Error> {
/// let message = client
///     .send_sms("+12025551234", "Hello from MYCA!")
///     .status_callback("https://example.com/twilio/status")
///     .send()
///     .await?;
/// println!("{} is {}", message.sid, message.status);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until you `.send().await` it"]
pub struct SendMessage {
    client: TwilioClient,
    pub(crate) errors: Deferred,
    pub(crate) options: MessageOptions,
    to: Option<E164>,
    body: Option<String>,
    from: Option<E164>,
    messaging_service: Option<MessagingServiceSid>,
    media: Vec<Url>,
    status_callback: Option<Url>,
    validity_period: Option<Duration>,
    send_at: Option<OffsetDateTime>,
}

impl fmt::Debug for SendMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendMessage")
            .field("to", &self.to)
            .field("body_chars", &self.body.as_ref().map(|b| b.chars().count()))
            .field("from", &self.from)
            .field("messaging_service", &self.messaging_service)
            .field("media", &self.media.len())
            .finish_non_exhaustive()
    }
}

/// Checks that a callback or media URL is absolute http(s).
pub(crate) fn web_url(
    errors: &mut Deferred,
    field: &'static str,
    url: impl TryInto<Url, Error: fmt::Display>,
) -> Option<Url> {
    let url = errors.take::<Url, _>(field, url)?;
    if matches!(url.scheme(), "http" | "https") {
        Some(url)
    } else {
        errors.fail(
            field,
            format!(
                "must be an http or https URL, got scheme {:?}",
                url.scheme()
            ),
        );
        None
    }
}

impl TwilioClient {
    /// Starts a message to `to`; add [`body`](SendMessage::body) and/or
    /// [`media_url`](SendMessage::media_url).
    pub fn send_message(&self, to: impl TryInto<E164, Error: fmt::Display>) -> SendMessage {
        let mut errors = Deferred::default();
        let to = errors.take("to", to);
        SendMessage {
            client: self.clone(),
            errors,
            options: MessageOptions::default(),
            to,
            body: None,
            from: None,
            messaging_service: None,
            media: Vec::new(),
            status_callback: None,
            validity_period: None,
            send_at: None,
        }
    }

    /// Starts an SMS with `body` to `to`.
    pub fn send_sms(
        &self,
        to: impl TryInto<E164, Error: fmt::Display>,
        body: impl Into<String>,
    ) -> SendMessage {
        self.send_message(to).body(body)
    }

    /// Fetches a message by SID.
    ///
    /// # Errors
    /// [`Error::Api`] (20404 when it does not exist), transport or decode errors.
    pub async fn fetch_message(&self, sid: &MessageSid) -> Result<Message, Error> {
        self.execute(ApiRequest::fetch(format!("Messages/{sid}.json")))
            .await
    }

    /// Cancels the scheduled message `sid` (`Status=canceled`) before Twilio
    /// sends it; answers the message, now `canceled`.
    ///
    /// ```no_run
    /// # async fn run(client: twilio_typed::TwilioClient, sid: twilio_typed::MessageSid) -> Result<(), twilio_typed::Error> {
    /// let message = client.cancel_message(&sid).await?;
    /// assert_eq!(message.status, twilio_typed::MessageStatus::Canceled);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Api`] (20404 for an unknown message; 30409 for a message no
    /// longer `scheduled`); transport, timeout or decode errors.
    pub async fn cancel_message(&self, sid: &MessageSid) -> Result<Message, Error> {
        self.update_message(sid, vec![("Status", "canceled".to_owned())])
            .await
    }

    /// Redacts the text of the message `sid` (`Body=""`): Twilio keeps the
    /// message but erases its body. Answers the message as it now is.
    ///
    /// # Errors
    /// [`Error::Api`] (20404 for an unknown message; Twilio refuses to redact
    /// a message that is still being sent); transport, timeout or decode errors.
    pub async fn redact_message(&self, sid: &MessageSid) -> Result<Message, Error> {
        self.update_message(sid, vec![("Body", String::new())])
            .await
    }

    /// Deletes the message `sid` from Twilio's logs (`DELETE`, answered 204).
    ///
    /// A delete is safe to repeat, so it is retried like a fetch; a retry
    /// after a delete that did land answers 404 (code 20404).
    ///
    /// # Errors
    /// [`Error::Api`] (20404 for an unknown message; Twilio refuses to delete
    /// a message that is still being sent); transport or timeout errors.
    pub async fn delete_message(&self, sid: &MessageSid) -> Result<(), Error> {
        self.execute_no_content(ApiRequest::delete(format!("Messages/{sid}.json")))
            .await
    }

    /// `POST Messages/{sid}.json` with `form`; never retried blindly.
    async fn update_message(&self, sid: &MessageSid, form: Form) -> Result<Message, Error> {
        self.execute(ApiRequest::update(format!("Messages/{sid}.json"), form))
            .await
    }

    /// Starts listing the media of the message `sid` (`Messages/{sid}/Media.json`).
    pub fn list_message_media(&self, sid: &MessageSid) -> ListMedia {
        ListMedia::new(self, sid)
    }

    /// The URL of a media file's content (`.../Messages/{sid}/Media/{media}`,
    /// no `.json`), under this client's base URL; fetching it needs the
    /// account's credentials unless the account makes media public.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the base URL cannot take the path.
    pub fn media_content_url(&self, message: &MessageSid, media: &MediaSid) -> Result<Url, Error> {
        self.resource_url(&format!("Messages/{message}/Media/{media}"))
    }

    /// Waits until the message `sid` reaches a final status (delivered,
    /// undelivered, failed, read, canceled, received) and returns it.
    pub fn wait_for_message(&self, sid: &MessageSid) -> WaitFor<Message> {
        WaitFor::new(self, sid.clone())
    }

    /// Starts listing this account's messages, newest first.
    pub fn list_messages(&self) -> ListMessages {
        ListMessages::new(self)
    }
}

impl SendMessage {
    /// The body set so far ("" when none).
    pub(crate) fn body_text(&self) -> &str {
        self.body.as_deref().unwrap_or_default()
    }

    /// The text (at most 1600 characters; may be empty when media is given).
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sends from this number instead of the client's default sender.
    pub fn from(mut self, from: impl TryInto<E164, Error: fmt::Display>) -> Self {
        self.from = self.errors.take("from", from);
        self
    }

    /// Sends through this messaging service (required for scheduled messages).
    pub fn messaging_service(
        mut self,
        sid: impl TryInto<MessagingServiceSid, Error: fmt::Display>,
    ) -> Self {
        self.messaging_service = self.errors.take("messaging_service_sid", sid);
        self
    }

    /// Adds a media URL (an MMS); at most 10.
    pub fn media_url(mut self, url: impl TryInto<Url, Error: fmt::Display>) -> Self {
        if let Some(url) = web_url(&mut self.errors, "media_url", url) {
            self.media.push(url);
        }
        self
    }

    /// Where Twilio POSTs status changes.
    pub fn status_callback(mut self, url: impl TryInto<Url, Error: fmt::Display>) -> Self {
        self.status_callback = web_url(&mut self.errors, "status_callback", url);
        self
    }

    /// How long Twilio keeps trying to send (1 s to 10 h, whole seconds).
    pub fn validity_period(mut self, period: Duration) -> Self {
        self.validity_period = Some(period);
        self
    }

    /// Schedules the message (needs a messaging service; 5 minutes to 35 days ahead).
    pub fn send_at(mut self, at: OffsetDateTime) -> Self {
        self.send_at = Some(at);
        self
    }

    /// Validates every field and returns the form Twilio receives.
    pub(crate) fn into_form(mut self) -> Result<(TwilioClient, Form), Error> {
        self.errors.check()?;
        let to = self.to.ok_or_else(|| Error::invalid("to", "is required"))?;
        let body = self.body.unwrap_or_default();
        if body.is_empty() && self.media.is_empty() && !self.options.has_content() {
            return Err(Error::invalid(
                "body",
                "must not be empty unless media or a content template is given",
            ));
        }
        let chars = body.chars().count();
        if chars > MAX_BODY_CHARS {
            return Err(Error::invalid(
                "body",
                format!("must be at most {MAX_BODY_CHARS} characters, got {chars}"),
            ));
        }
        if self.media.len() > MAX_MEDIA {
            return Err(Error::invalid(
                "media_url",
                format!("at most {MAX_MEDIA} media URLs, got {}", self.media.len()),
            ));
        }
        let inner = &self.client.inner;
        let service = self.messaging_service.or_else(|| {
            // The client's messaging service applies only when no sender was chosen.
            self.from
                .is_none()
                .then(|| inner.messaging_service.clone())
                .flatten()
        });
        let from = self.from.or_else(|| {
            service
                .is_none()
                .then(|| inner.default_from.clone())
                .flatten()
        });
        if from.is_none() && service.is_none() {
            return Err(Error::invalid(
                "from",
                "no sender: set from(), messaging_service(), or a default sender on the client",
            ));
        }
        if from.as_ref() == Some(&to) {
            return Err(Error::invalid("to", SAME_AS_SENDER));
        }

        let mut form: Form = Vec::with_capacity(8 + self.media.len());
        form.push(("To", to.as_str().to_owned()));
        if let Some(from) = from {
            form.push(("From", from.as_str().to_owned()));
        }
        if let Some(service) = &service {
            form.push(("MessagingServiceSid", service.as_str().to_owned()));
        }
        if !body.is_empty() {
            form.push(("Body", body));
        }
        for url in self.media {
            form.push(("MediaUrl", url.into()));
        }
        if let Some(url) = self.status_callback {
            form.push(("StatusCallback", url.into()));
        }
        if let Some(period) = self.validity_period {
            let secs = period.as_secs();
            if period.subsec_nanos() != 0 || !(1..=MAX_VALIDITY_SECS).contains(&secs) {
                return Err(Error::invalid(
                    "validity_period",
                    format!("must be whole seconds from 1 to {MAX_VALIDITY_SECS}"),
                ));
            }
            form.push(("ValidityPeriod", secs.to_string()));
        }
        if let Some(at) = self.send_at {
            if service.is_none() {
                return Err(Error::invalid(
                    "send_at",
                    "scheduling needs a messaging service (messaging_service())",
                ));
            }
            let ahead = at - OffsetDateTime::now_utc();
            if ahead < MIN_SCHEDULE_AHEAD || ahead > MAX_SCHEDULE_AHEAD {
                return Err(Error::invalid(
                    "send_at",
                    "must be between 5 minutes and 35 days in the future",
                ));
            }
            // Twilio documents whole seconds in UTC: 2026-05-15T14:30:00Z.
            let text = at
                .to_offset(time::UtcOffset::UTC)
                .replace_nanosecond(0)
                .map_err(|e| Error::invalid("send_at", e))?
                .format(&Rfc3339)
                .map_err(|e| Error::invalid("send_at", e))?;
            form.push(("SendAt", text));
            form.push(("ScheduleType", "fixed".to_owned()));
        }
        self.options.write(&mut form, service.is_some())?;
        Ok((self.client, form))
    }

    /// Sends the message.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the field before anything is sent;
    /// [`Error::Api`] with Twilio's code (e.g. 21211 invalid `To`, 21608
    /// unverified number on a trial account); transport, timeout or decode errors.
    pub async fn send(self) -> Result<Message, Error> {
        let (client, request) = self.into_request()?;
        client.execute(request).await
    }

    /// Validates and returns the REST call to make.
    pub(crate) fn into_request(self) -> Result<(TwilioClient, ApiRequest), Error> {
        let (client, form) = self.into_form()?;
        Ok((client, ApiRequest::create("Messages.json", form)))
    }
}

into_future!(SendMessage => Message);
