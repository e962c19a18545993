//! The hand-written REST layer: one folder per resource (its entry calls on
//! [`TwilioClient`](crate::TwilioClient), builders, models, lists and
//! updates together), each request going out through [`crate::http`].

pub(crate) mod calls;
pub(crate) mod messages;
pub(crate) mod recordings;
