//! `<Queue>`: a call queue, dialed with `<Dial>`.

use super::macros::{element, setters};
use super::node::Node;
use crate::HttpMethod;

element! {
    /// `<Queue>`: connects the caller to the first call waiting in the queue
    /// `name`.
    Queue
}

impl Queue {
    /// A `<Queue>` named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Queue", name),
        }
    }

    setters! {
        /// `url`: TwiML played to the dequeued caller before the calls connect.
        url: text => "url";
        /// `method`: how `url` is requested.
        method: HttpMethod => "method";
        /// `reservationSid`: the TaskRouter reservation (`WR...`).
        reservation_sid: text => "reservationSid";
        /// `postWorkActivitySid`: the worker's activity after the call (`WA...`).
        post_work_activity_sid: text => "postWorkActivitySid";
    }
}
