//! The smaller voice verbs: `<Play>`, `<Pause>`, `<Hangup>`, `<Leave>`,
//! `<Echo>`, `<Redirect>`, `<Reject>`, `<Record>` and `<Enqueue>` with `<Task>`.

use super::attrs::{concat_keys, Key, RecordingEvent, RejectReason, Trim};
use super::common::Parameter;
use super::macros::{element, setters};
use super::node::{IntoNode, Node};
use crate::HttpMethod;

element! {
    /// `<Play>`: plays an audio file (by URL), or DTMF tones with
    /// [`digits`](Self::digits).
    Play
}

impl Play {
    /// A `<Play>` of the audio file at `url` (MP3, WAV, ...).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Play", url),
        }
    }

    /// A `<Play>` of DTMF tones only, e.g. `"wwww1234#"` (`w` waits half a
    /// second).
    pub fn dtmf(digits: impl Into<String>) -> Self {
        Self::new("").digits(digits)
    }

    setters! {
        /// `loop`: how many times to play; `0` repeats until the call ends.
        loop_count: u32 => "loop";
        /// `digits`: DTMF tones to play (`0`-`9`, `*`, `#`, `w` for a half
        /// second wait).
        digits: text => "digits";
    }
}

element! {
    /// `<Pause />`: waits silently.
    Pause
}

impl Pause {
    /// A `<Pause />` of Twilio's default length (one second).
    pub fn new() -> Self {
        Self {
            node: Node::new("Pause"),
        }
    }

    setters! {
        /// `length`: how long to wait, in whole seconds.
        length: seconds => "length";
    }
}

impl Default for Pause {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Hangup />`: ends the call.
    Hangup
}

impl Hangup {
    /// A `<Hangup />`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Hangup"),
        }
    }

    /// Adds a `<Parameter>` passed to the call's status callback.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

impl Default for Hangup {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Leave />`: takes the caller out of the queue it waits in; the verbs
    /// after `<Enqueue>` run next.
    Leave
}

impl Leave {
    /// A `<Leave />`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Leave"),
        }
    }
}

impl Default for Leave {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Echo />`: plays the caller's own audio back to them.
    Echo
}

impl Echo {
    /// An `<Echo />`.
    pub fn new() -> Self {
        Self {
            node: Node::new("Echo"),
        }
    }
}

impl Default for Echo {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Redirect>`: continues with the TwiML at another URL (voice and
    /// messaging).
    Redirect
}

impl Redirect {
    /// A `<Redirect>` to `url` (absolute, or relative to the current document).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Redirect", url),
        }
    }

    setters! {
        /// `method`: how the URL is requested.
        method: HttpMethod => "method";
    }
}

element! {
    /// `<Reject />`: refuses an incoming call without answering it (no charge).
    Reject
}

impl Reject {
    /// A `<Reject />` with Twilio's default reason (`rejected`).
    pub fn new() -> Self {
        Self {
            node: Node::new("Reject"),
        }
    }

    setters! {
        /// `reason`: what the caller hears.
        reason: RejectReason => "reason";
    }

    /// Adds a `<Parameter>` passed to the call's status callback.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

impl Default for Reject {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Record />`: records the caller's voice.
    Record
}

impl Record {
    /// A `<Record />` with Twilio's defaults.
    pub fn new() -> Self {
        Self {
            node: Node::new("Record"),
        }
    }

    setters! {
        /// `action`: the URL requested when the recording ends.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
        /// `timeout`: silence that ends the recording, in whole seconds.
        timeout: seconds => "timeout";
        /// `maxLength`: the longest recording, in whole seconds.
        max_length: seconds => "maxLength";
        /// `playBeep`: beep before recording.
        play_beep: bool => "playBeep";
        /// `trim`: remove silence at both ends.
        trim: Trim => "trim";
        /// `recordingStatusCallback`: the URL told about the recording's status.
        recording_status_callback: text => "recordingStatusCallback";
        /// `recordingStatusCallbackMethod`.
        recording_status_callback_method: HttpMethod => "recordingStatusCallbackMethod";
        /// `recordingStatusCallbackEvent`: which events are reported.
        recording_status_callback_event: events RecordingEvent => "recordingStatusCallbackEvent";
        /// `transcribe`: transcribe the recording.
        transcribe: bool => "transcribe";
        /// `transcribeCallback`: the URL that receives the transcription.
        transcribe_callback: text => "transcribeCallback";
        /// `recordingConfigurationId`.
        recording_configuration_id: text => "recordingConfigurationId";
    }

    /// `finishOnKey`: the keys that end the recording (any of them); no key
    /// at all (an empty iterator) means no key ends it.
    pub fn finish_on_key(mut self, keys: impl IntoIterator<Item = Key>) -> Self {
        self.node.set_attr("finishOnKey", concat_keys(keys));
        self
    }
}

impl Default for Record {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Enqueue>`: puts the caller in a queue (or a TaskRouter workflow).
    Enqueue
}

impl Enqueue {
    /// An `<Enqueue>` into the queue named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Enqueue", name),
        }
    }

    /// An `<Enqueue>` into a TaskRouter workflow (`workflowSid`, no queue
    /// name); add the task with [`task`](Self::task).
    pub fn workflow(workflow_sid: impl Into<String>) -> Self {
        Self::new("").workflow_sid(workflow_sid)
    }

    setters! {
        /// `action`: the URL requested when the caller leaves the queue.
        action: text => "action";
        /// `method`: how `action` is requested.
        method: HttpMethod => "method";
        /// `maxQueueSize`: the most callers the queue holds.
        max_queue_size: u32 => "maxQueueSize";
        /// `waitUrl`: the TwiML played while the caller waits.
        wait_url: text => "waitUrl";
        /// `waitUrlMethod`: how `waitUrl` is requested.
        wait_url_method: HttpMethod => "waitUrlMethod";
        /// `workflowSid`: the TaskRouter workflow (`WW...`).
        workflow_sid: text => "workflowSid";
    }

    /// Adds the TaskRouter `<Task>`.
    pub fn task(mut self, task: Task) -> Self {
        self.node.push_node(task.into_node());
        self
    }
}

element! {
    /// `<Task>`: the TaskRouter task created by `<Enqueue>`.
    Task
}

impl Task {
    /// A `<Task>` with `attributes`, a JSON object as text.
    pub fn new(attributes: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Task", attributes),
        }
    }

    setters! {
        /// `priority`.
        priority: u32 => "priority";
        /// `timeout`: how long the task may wait, in whole seconds.
        timeout: seconds => "timeout";
    }
}
