//! Following up on a message: cancel it while scheduled, redact its text,
//! delete it.

use crate::http::{ApiRequest, Form};
use crate::{Error, Message, MessageSid, TwilioClient};

impl TwilioClient {
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
}
