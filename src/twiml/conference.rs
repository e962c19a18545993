//! `<Conference>`: a conference room, dialed with `<Dial>`.

use super::attrs::{attr_enum, RecordingEvent, Trim};
use super::macros::{element, setters};
use super::node::Node;
use crate::{CallSid, HttpMethod};

element! {
    /// `<Conference>`: puts the caller in the conference room `name`.
    Conference
}

impl Conference {
    /// A `<Conference>` in the room `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            node: Node::with_text("Conference", name),
        }
    }

    setters! {
        /// `muted`: the participant can listen but not speak.
        muted: bool => "muted";
        /// `beep`: when a beep is played.
        beep: ConferenceBeep => "beep";
        /// `startConferenceOnEnter`: the conference starts when this
        /// participant joins.
        start_conference_on_enter: bool => "startConferenceOnEnter";
        /// `endConferenceOnExit`: the conference ends when this participant leaves.
        end_conference_on_exit: bool => "endConferenceOnExit";
        /// `waitUrl`: what plays before the conference starts.
        wait_url: text => "waitUrl";
        /// `waitMethod`: how `waitUrl` is requested.
        wait_method: HttpMethod => "waitMethod";
        /// `maxParticipants`: at most 250.
        max_participants: u32 => "maxParticipants";
        /// `record`: record the conference.
        record: ConferenceRecord => "record";
        /// `region`: where the conference is mixed (`us1`, `ie1`, ...).
        region: text => "region";
        /// `coach`: the call this participant coaches.
        coach: ref CallSid => "coach";
        /// `trim`: remove silence at both ends of the recording.
        trim: Trim => "trim";
        /// `statusCallbackEvent`: which conference events are reported.
        status_callback_event: events ConferenceEvent => "statusCallbackEvent";
        /// `statusCallback`: the URL told about conference events.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
        /// `recordingStatusCallback`: the URL told about the recording's status.
        recording_status_callback: text => "recordingStatusCallback";
        /// `recordingStatusCallbackMethod`.
        recording_status_callback_method: HttpMethod => "recordingStatusCallbackMethod";
        /// `recordingStatusCallbackEvent`: which recording events are reported.
        recording_status_callback_event: events RecordingEvent => "recordingStatusCallbackEvent";
        /// `eventCallbackUrl`: the URL requested when the conference ends.
        event_callback_url: text => "eventCallbackUrl";
        /// `jitterBufferSize`.
        jitter_buffer_size: JitterBufferSize => "jitterBufferSize";
        /// `participantLabel`: a name for this participant in the REST API.
        participant_label: text => "participantLabel";
        /// `recordingConfigurationId`.
        recording_configuration_id: text => "recordingConfigurationId";
    }
}

attr_enum! {
    /// `<Conference beep>`.
    pub enum ConferenceBeep {
        /// `true`: beep when anyone joins or leaves.
        True => "true",
        /// `false`: never beep.
        False => "false",
        /// `onEnter`: beep when someone joins.
        OnEnter => "onEnter",
        /// `onExit`: beep when someone leaves.
        OnExit => "onExit",
    }
}

attr_enum! {
    /// `<Conference record>`.
    pub enum ConferenceRecord {
        /// `do-not-record`.
        DoNotRecord => "do-not-record",
        /// `record-from-start`.
        RecordFromStart => "record-from-start",
    }
}

attr_enum! {
    /// A conference event (`<Conference statusCallbackEvent>`).
    pub enum ConferenceEvent {
        /// `start`.
        Start => "start",
        /// `end`.
        End => "end",
        /// `join`.
        Join => "join",
        /// `leave`.
        Leave => "leave",
        /// `mute`.
        Mute => "mute",
        /// `hold`.
        Hold => "hold",
        /// `modify`.
        Modify => "modify",
        /// `speaker`.
        Speaker => "speaker",
        /// `announcement`.
        Announcement => "announcement",
    }
}

attr_enum! {
    /// `<Conference jitterBufferSize>`.
    pub enum JitterBufferSize {
        /// `large`.
        Large => "large",
        /// `medium`.
        Medium => "medium",
        /// `small`.
        Small => "small",
        /// `off`.
        Off => "off",
    }
}
