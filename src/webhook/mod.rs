//! Twilio webhooks (work in progress).
