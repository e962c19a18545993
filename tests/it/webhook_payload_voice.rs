//! Recording status callbacks, async AMD results, `<Gather>` results and
//! partial results, read from the parameters Twilio sends.

use twilio_typed::webhook::{
    AnsweredBy, CallStatusCallback, FromParams, GatherPartialResult, GatherResult,
    MachineDetectionResult, Params, RecordingStatusCallback,
};
use twilio_typed::{RecordingChannels, RecordingSource, RecordingStatus, RecordingTrack};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const CALL: &str = "CA0123456789abcdef0123456789abcdef";
const RECORDING: &str = "RE0123456789abcdef0123456789abcdef";

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().copied().collect()
}

fn recording_url() -> String {
    format!("https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}")
}

#[test]
fn recording_completed() {
    let url = recording_url();
    let cb = RecordingStatusCallback::from_params(params(&[
        ("AccountSid", ACCOUNT),
        ("CallSid", CALL),
        ("RecordingSid", RECORDING),
        ("RecordingUrl", &url),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "42"),
        ("RecordingChannels", "2"),
        ("RecordingSource", "OutboundAPI"),
        ("RecordingTrack", "both"),
        ("RecordingStartTime", "Tue, 01 Dec 2026 11:00:00 +0000"),
        ("ErrorCode", "0"),
        ("ApiVersion", "2010-04-01"),
    ]))
    .unwrap();
    assert_eq!(cb.recording_sid.as_str(), RECORDING);
    assert_eq!(cb.call_sid.as_ref().map(|s| s.as_str()), Some(CALL));
    assert_eq!(cb.recording_url.as_str(), url);
    assert_eq!(cb.recording_status, RecordingStatus::Completed);
    assert_eq!(cb.recording_duration, Some(42));
    assert_eq!(cb.recording_channels, Some(RecordingChannels::Dual));
    assert_eq!(cb.recording_source, Some(RecordingSource::OutboundApi));
    assert_eq!(cb.recording_track, Some(RecordingTrack::Both));
    assert_eq!(
        cb.recording_start_time.map(|t| t.unix_timestamp()),
        Some(1_796_122_800)
    );
    assert_eq!(cb.error_code, Some(0));
    assert_eq!(cb.extra.len(), 1);
    assert_eq!(cb.extra.get("ApiVersion"), Some("2010-04-01"));
}

#[test]
fn conference_recording_in_progress_has_no_call() {
    let url = recording_url();
    let cb = RecordingStatusCallback::from_params(params(&[
        ("AccountSid", ACCOUNT),
        ("ConferenceSid", "CF0123456789abcdef0123456789abcdef"),
        ("RecordingTrack", "mixed-in-future"),
        ("RecordingSid", RECORDING),
        ("RecordingUrl", &url),
        ("RecordingStatus", "in-progress"),
        ("RecordingSource", "StartConferenceRecordingAPI"),
    ]))
    .unwrap();
    assert_eq!(cb.call_sid, None);
    assert_eq!(cb.recording_status, RecordingStatus::InProgress);
    assert_eq!(cb.recording_duration, None);
    assert_eq!(
        cb.recording_source,
        Some(RecordingSource::StartConferenceRecordingApi)
    );
    assert_eq!(
        cb.conference_sid.as_ref().map(|s| s.as_str()),
        Some("CF0123456789abcdef0123456789abcdef")
    );
    // A track this crate does not know is kept, untyped.
    assert_eq!(cb.recording_track, None);
    assert_eq!(cb.extra.get("RecordingTrack"), Some("mixed-in-future"));
}

#[test]
fn recording_statuses_and_sources_are_open() {
    for text in [
        "in-progress",
        "paused",
        "stopped",
        "processing",
        "completed",
        "absent",
        "deleted",
    ] {
        let status: RecordingStatus = text.parse().unwrap();
        assert!(!matches!(status, RecordingStatus::Unknown(_)), "{text}");
        assert_eq!(status.to_string(), text);
    }
    assert_eq!(
        "failed".parse::<RecordingStatus>().unwrap(),
        RecordingStatus::Unknown("failed".into())
    );
    for text in [
        "DialVerb",
        "Conference",
        "OutboundAPI",
        "Trunking",
        "RecordVerb",
        "StartCallRecordingAPI",
        "StartConferenceRecordingAPI",
    ] {
        let source: RecordingSource = text.parse().unwrap();
        assert!(!matches!(source, RecordingSource::Unknown(_)), "{text}");
        assert_eq!(source.as_str(), text);
    }
}

#[test]
fn recording_refusals_name_the_field() {
    let url = recording_url();
    let base = [
        ("AccountSid", ACCOUNT),
        ("CallSid", CALL),
        ("RecordingSid", RECORDING),
        ("RecordingUrl", url.as_str()),
        ("RecordingStatus", "completed"),
    ];
    for (field, bad) in [
        ("RecordingSid", "CA0123456789abcdef0123456789abcdef"),
        ("RecordingUrl", "ftp://api.twilio.com/x"),
        ("RecordingUrl", "not a url"),
        ("RecordingChannels", "3"),
        ("RecordingDuration", "-1"),
        ("RecordingStartTime", "yesterday"),
        ("CallSid", "CA12"),
        ("ConferenceSid", "CA0123456789abcdef0123456789abcdef"),
    ] {
        let mut pairs: Vec<(&str, &str)> =
            base.iter().copied().filter(|(n, _)| *n != field).collect();
        pairs.push((field, bad));
        let err = RecordingStatusCallback::from_params(params(&pairs)).unwrap_err();
        assert_eq!(err.field(), Some(field), "{field}={bad}: {err}");
    }
    for missing in [
        "AccountSid",
        "RecordingSid",
        "RecordingUrl",
        "RecordingStatus",
    ] {
        let pairs: Vec<(&str, &str)> = base
            .iter()
            .copied()
            .filter(|(n, _)| *n != missing)
            .collect();
        let err = RecordingStatusCallback::from_params(params(&pairs)).unwrap_err();
        assert_eq!(err.field(), Some(missing));
    }
}

#[test]
fn async_amd_result() {
    let result = MachineDetectionResult::from_params(params(&[
        ("AccountSid", ACCOUNT),
        ("CallSid", CALL),
        ("AnsweredBy", "human"),
        ("MachineDetectionDuration", "2150"),
    ]))
    .unwrap();
    assert_eq!(result.answered_by, AnsweredBy::Human);
    assert!(!result.answered_by.is_machine());
    assert_eq!(result.machine_detection_duration_ms, Some(2150));
    assert!(result.extra.is_empty());

    for (text, machine) in [
        ("machine_start", true),
        ("machine_end_beep", true),
        ("machine_end_silence", true),
        ("machine_end_other", true),
        ("fax", false),
        ("unknown", false),
        ("human", false),
    ] {
        let by: AnsweredBy = text.parse().unwrap();
        assert!(!matches!(by, AnsweredBy::Unknown(_)), "{text}");
        assert_eq!(by.is_machine(), machine, "{text}");
        assert_eq!(by.as_str(), text);
    }
    assert_eq!(
        "unknown".parse::<AnsweredBy>().unwrap(),
        AnsweredBy::Undetermined
    );
    assert_eq!(
        "machine_maybe".parse::<AnsweredBy>().unwrap(),
        AnsweredBy::Unknown("machine_maybe".into())
    );
    let err =
        MachineDetectionResult::from_params(params(&[("AccountSid", ACCOUNT), ("CallSid", CALL)]))
            .unwrap_err();
    assert_eq!(err.field(), Some("AnsweredBy"));
}

#[test]
fn status_callback_carries_answered_by() {
    let cb = CallStatusCallback::from_params(params(&[
        ("CallSid", CALL),
        ("AccountSid", ACCOUNT),
        ("From", "+12025550100"),
        ("To", "+12025551234"),
        ("CallStatus", "in-progress"),
        ("AnsweredBy", "machine_start"),
    ]))
    .unwrap();
    assert_eq!(cb.answered_by, Some(AnsweredBy::MachineStart));
}

#[test]
fn gather_speech_and_confidence() {
    let gather = GatherResult::from_params(params(&[
        ("CallSid", CALL),
        ("AccountSid", ACCOUNT),
        ("SpeechResult", "talk to sales"),
        ("Confidence", "0.9134"),
    ]))
    .unwrap();
    assert_eq!(gather.input(), Some("talk to sales"));
    assert_eq!(gather.confidence, Some(0.9134));
    for bad in ["1.5", "-0.1", "NaN", "inf", "high"] {
        let err = GatherResult::from_params(params(&[
            ("CallSid", CALL),
            ("AccountSid", ACCOUNT),
            ("Confidence", bad),
        ]))
        .unwrap_err();
        assert_eq!(err.field(), Some("Confidence"), "{bad}");
    }
}

#[test]
fn gather_partial_result() {
    let partial = GatherPartialResult::from_params(params(&[
        ("CallSid", CALL),
        ("AccountSid", ACCOUNT),
        ("SequenceNumber", "2"),
        ("UnstableSpeechResult", "sales"),
        ("StableSpeechResult", "talk to"),
        ("LanguageCode", "en-US"),
    ]))
    .unwrap();
    assert_eq!(partial.sequence_number, Some(2));
    assert_eq!(partial.stable_speech_result.as_deref(), Some("talk to"));
    assert_eq!(partial.unstable_speech_result.as_deref(), Some("sales"));
    assert_eq!(partial.extra.get("LanguageCode"), Some("en-US"));
}
