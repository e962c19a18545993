//! Nouns shared by several verbs: `<Parameter>` and `<Config>`.

use super::macros::element;
use super::node::Node;

element! {
    /// `<Parameter name value />`: a custom key/value pair passed on to a
    /// `<Client>`, `<Application>`, `<Stream>`, `<Siprec>`, `<Transcription>`,
    /// `<VirtualAgent>`, `<ConversationRelay>`, `<Pay>`, `<Hangup>` or `<Reject>`.
    Parameter
}

impl Parameter {
    /// A parameter `name` with `value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        let mut node = Node::new("Parameter");
        node.set_attr("name", name);
        node.set_attr("value", value);
        Self { node }
    }
}

element! {
    /// `<Config name value />`: a configuration pair for `<VirtualAgent>` or
    /// `<Transcription>`.
    Config
}

impl Config {
    /// A setting `name` with `value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        let mut node = Node::new("Config");
        node.set_attr("name", name);
        node.set_attr("value", value);
        Self { node }
    }
}
