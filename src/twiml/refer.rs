//! `<Refer>`: transfer a SIP call with a SIP REFER.

use super::macros::{element, setters};
use super::node::{IntoNode, Node};
use crate::HttpMethod;

element! {
    /// `<Refer>`: asks the SIP caller to call someone else (SIP REFER).
    Refer
}

impl Refer {
    /// A `<Refer>` to `target` (the `<Sip>` it holds).
    pub fn new(target: ReferSip) -> Self {
        let mut node = Node::new("Refer");
        node.push_node(target.into_node());
        Self { node }
    }

    setters! {
        /// `action`: the URL requested when the REFER completes.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
    }
}

element! {
    /// `<Sip>` inside `<Refer>`: where the caller is transferred.
    ReferSip
}

impl ReferSip {
    /// A `<Sip>` with the SIP URI `uri`, e.g. `sip:alice@example.com`.
    pub fn new(uri: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Sip", uri),
        }
    }
}
