//! One request of every kind the crate can send, each with every option set.
#![allow(dead_code)] // each test binary uses part of it

use std::time::Duration;
use twilio_typed::twiml::{Say, VoiceResponse};
use twilio_typed::{
    CallEvent, CallSid, CallStatus, CallUpdateStatus, ContentVariables, Error, HttpMethod,
    Language, MachineDetection, MessageSid, RecordingChannels, RecordingEvent, RecordingSid,
    RecordingTrack, RiskCheck, Trim, TwilioClient, Voice,
};

use crate::common::{CALL_SID, FROM, MESSAGE_SID, TO};

/// Sends every request kind with every option; returns (name, result) pairs.
pub async fn send_every_kind(client: &TwilioClient) -> Vec<(&'static str, Result<(), Error>)> {
    let service = "MG0123456789abcdef0123456789abcdef";
    let at = time::OffsetDateTime::now_utc() + Duration::from_secs(24 * 3600);
    let menu = VoiceResponse::new().say(Say::new("Hello, this is MYCA calling."));
    let message_sid: MessageSid = MESSAGE_SID.parse().expect("sid");
    let call_sid: CallSid = CALL_SID.parse().expect("sid");
    vec![
        (
            "sms with every option",
            client
                .send_sms(TO, "Hello from MYCA!")
                .from("+12025550199")
                .status_callback("https://example.com/twilio/status")
                .validity_period(Duration::from_secs(600))
                .smart_encoded(true)
                .risk_check(RiskCheck::Disable)
                .send()
                .await
                .map(drop),
        ),
        (
            "mms with two media urls",
            client
                .send_message(TO)
                .body("Look")
                .media_url("https://example.com/a.jpg")
                .media_url("https://example.com/b.png")
                .send()
                .await
                .map(drop),
        ),
        (
            "scheduled sms",
            client
                .send_sms(TO, "Later")
                .messaging_service(service)
                .send_at(at)
                .shorten_urls(true)
                .content(
                    "HX0123456789abcdef0123456789abcdef",
                    ContentVariables::new().set("1", "Jane"),
                )
                .send()
                .await
                .map(drop),
        ),
        (
            "call with url and every option",
            client
                .call_with_url(TO, "https://example.com/twiml/voice.xml")
                .method(HttpMethod::Get)
                .status_callback("https://example.com/twilio/call-status")
                .status_callback_events([
                    CallEvent::Initiated,
                    CallEvent::Ringing,
                    CallEvent::Answered,
                    CallEvent::Completed,
                ])
                .status_callback_method(HttpMethod::Post)
                .timeout(30)
                .record(true)
                .machine_detection(MachineDetection::Enable)
                .time_limit(600)
                .async_amd(true)
                .async_amd_status_callback("https://example.com/twilio/amd", Some(HttpMethod::Post))
                .machine_detection_timeout(30)
                .machine_detection_speech_threshold(2400)
                .machine_detection_speech_end_threshold(1200)
                .machine_detection_silence_timeout(5000)
                .recording_channels(RecordingChannels::Dual)
                .recording_status_callback(
                    "https://example.com/twilio/recording-status",
                    Some(HttpMethod::Post),
                )
                .recording_status_callback_events([
                    RecordingEvent::InProgress,
                    RecordingEvent::Completed,
                ])
                .recording_track(RecordingTrack::Both)
                .trim(Trim::TrimSilence)
                .send()
                .await
                .map(drop),
        ),
        (
            "call with inline twiml",
            client.call_with_twiml(TO, &menu).send().await.map(drop),
        ),
        (
            "voice message",
            client
                .send_voice_message(TO, "Alert: system status check failed.")
                .voice(Voice::Woman)
                .language("en-US".parse::<Language>().expect("language"))
                .loop_count(2)
                .status_callback("https://example.com/twilio/call-status")
                .status_callback_events([CallEvent::Completed])
                .send()
                .await
                .map(drop),
        ),
        (
            "fetch message",
            client.fetch_message(&message_sid).await.map(drop),
        ),
        ("fetch call", client.fetch_call(&call_sid).await.map(drop)),
        (
            "list messages",
            client
                .list_messages()
                .to(TO)
                .from(FROM)
                .page_size(20)
                .send()
                .await
                .map(drop),
        ),
        (
            "list calls",
            client
                .list_calls()
                .to(TO)
                .from(FROM)
                .status(CallStatus::Completed)
                .page_size(20)
                .send()
                .await
                .map(drop),
        ),
    ]
}

/// Every request kind issue 10 added: a call placed through an application,
/// and the requests that follow up on an existing call or message (update,
/// hang up, cancel, redact, delete), each with every option, on these SIDs.
///
/// Kept apart from [`send_every_kind`] because it needs resources that exist:
/// the contract tests pass fixed SIDs, a sandbox test the SIDs it created.
pub async fn send_every_follow_up(
    client: &TwilioClient,
    call_sid: &CallSid,
    message_sid: &MessageSid,
) -> Vec<(&'static str, Result<(), Error>)> {
    let next = VoiceResponse::new().say(Say::new("Your agent is joining."));
    vec![
        (
            "call with application",
            client
                .call_with_application(TO, "AP0123456789abcdef0123456789abcdef")
                .send()
                .await
                .map(drop),
        ),
        (
            "update call with twiml",
            client
                .update_call(call_sid)
                .twiml(&next)
                .status_callback("https://example.com/twilio/call-status")
                .status_callback_method(HttpMethod::Post)
                .time_limit(600)
                .send()
                .await
                .map(drop),
        ),
        (
            "update call with url",
            client
                .update_call(call_sid)
                .url("https://example.com/twiml/next.xml")
                .method(HttpMethod::Get)
                .fallback_url(
                    "https://example.com/twiml/fallback.xml",
                    Some(HttpMethod::Post),
                )
                .await
                .map(drop),
        ),
        (
            "cancel call",
            client
                .update_call(call_sid)
                .status(CallUpdateStatus::Canceled)
                .await
                .map(drop),
        ),
        ("hang up", client.hang_up(call_sid).await.map(drop)),
        (
            "cancel message",
            client.cancel_message(message_sid).await.map(drop),
        ),
        (
            "redact message",
            client.redact_message(message_sid).await.map(drop),
        ),
        (
            "delete message",
            client.delete_message(message_sid).await.map(drop),
        ),
    ]
}

/// Every recording and media request: list (account and call), fetch and
/// delete a recording, list a message's media, on these SIDs.
pub async fn send_every_recording_and_media_kind(
    client: &TwilioClient,
    call_sid: &CallSid,
    recording_sid: &RecordingSid,
    message_sid: &MessageSid,
) -> Vec<(&'static str, Result<(), Error>)> {
    vec![
        (
            "list recordings",
            client.list_recordings().page_size(20).await.map(drop),
        ),
        (
            "list call recordings",
            client
                .list_call_recordings(call_sid)
                .page_size(20)
                .await
                .map(drop),
        ),
        (
            "fetch recording",
            client.fetch_recording(recording_sid).await.map(drop),
        ),
        (
            "delete recording",
            client.delete_recording(recording_sid).await.map(drop),
        ),
        (
            "list message media",
            client
                .list_message_media(message_sid)
                .page_size(20)
                .await
                .map(drop),
        ),
    ]
}

/// The list requests' date filters. Kept apart from [`send_every_kind`]:
/// Twilio's spec declares them `format: date-time` while the API (and the
/// spec's own description) takes `YYYY-MM-DD`, so Prism refuses what Twilio
/// accepts; their names are still checked against the spec.
pub async fn send_list_date_filters(
    client: &TwilioClient,
) -> Vec<(&'static str, Result<(), Error>)> {
    let day = time::macros::date!(2025 - 12 - 17);
    vec![
        (
            "list messages by date",
            client
                .list_messages()
                .date_sent(day)
                .sent_on_or_before(day)
                .sent_on_or_after(day)
                .send()
                .await
                .map(drop),
        ),
        (
            "list recordings by date",
            client
                .list_recordings()
                .created_on(day)
                .created_on_or_before(day)
                .created_on_or_after(day)
                .await
                .map(drop),
        ),
        (
            "list call recordings by date",
            client
                .list_call_recordings(&CALL_SID.parse().expect("sid"))
                .created_on(day)
                .created_on_or_before(day)
                .created_on_or_after(day)
                .await
                .map(drop),
        ),
        (
            "list calls by date",
            client
                .list_calls()
                .start_time(day)
                .started_on_or_before(day)
                .started_on_or_after(day)
                .send()
                .await
                .map(drop),
        ),
    ]
}
