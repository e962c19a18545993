//! Local Twilio sandbox (work in progress).
