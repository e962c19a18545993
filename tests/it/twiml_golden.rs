//! Golden tests: each document is built with the Rust API and compared byte
//! for byte with what twilio-python 9.13 (`VoiceResponse` /
//! `MessagingResponse`, `str(response)`) wrote for the same document, in
//! `tests/fixtures/twiml/<name>.xml`.

use std::collections::BTreeSet;
use std::time::Duration;
use twilio_typed::twiml::ssml::{
    Break, BreakStrength, Emphasis, EmphasisLevel, InterpretAs, Lang, Paragraph, Phoneme,
    PhonemeAlphabet, Prosody, SayAs, SayAsFormat, Sentence, Sub, Word,
};
use twilio_typed::twiml::*;
use twilio_typed::{CallSid, Endpoint, Language, Voice, E164};

const N1: &str = "+14155552671";
const N2: &str = "+14155552672";

fn n1() -> E164 {
    N1.parse().unwrap()
}

fn n2() -> E164 {
    N2.parse().unwrap()
}

fn lang(tag: &str) -> Language {
    tag.parse().unwrap()
}

fn voice(name: &str) -> Voice {
    name.parse().unwrap()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn other(model: &str) -> SpeechModel {
    SpeechModel::Other(model.into())
}

/// Every golden document, by fixture name.
fn documents() -> Vec<(&'static str, Result<String, TwimlError>)> {
    let mut docs: Vec<(&'static str, Result<String, TwimlError>)> = Vec::new();
    let mut voice_doc = |name, doc: VoiceResponse| docs.push((name, doc.to_xml()));

    voice_doc(
        "guide_menu",
        VoiceResponse::new()
            .say(Say::new("Hello, this is MYCA calling.").voice(Voice::Alice))
            .gather(
                Gather::new()
                    .num_digits(1)
                    .action("/twilio/handle-input")
                    .method(HttpMethod::Post)
                    .say(
                        Say::new("Press 1 to speak with an agent, or press 2 to leave a message.")
                            .voice(Voice::Alice),
                    ),
            ),
    );
    voice_doc(
        "guide_play_mp3",
        VoiceResponse::new().play(Play::new("https://your-server.com/audio/myca_response.mp3")),
    );
    voice_doc("voice_empty", VoiceResponse::new());
    voice_doc(
        "say_attributes",
        VoiceResponse::new()
            .say(
                Say::new("Hello")
                    .voice(voice("Polly.Joanna-Neural"))
                    .language(lang("en-US"))
                    .loop_count(2),
            )
            .say(Say::new("Forever").voice(Voice::Man).loop_count(0))
            .say(
                Say::new("Bonjour")
                    .voice(voice("Google.fr-FR-Neural2-A"))
                    .language(lang("fr-FR")),
            )
            .say(Say::new("").voice(Voice::Woman)),
    );
    voice_doc(
        "say_escaping",
        VoiceResponse::new().say(Say::new(
            "Tom & Jerry's \"<show>\" ]]> caf\u{e9} \u{1F600}\ttab\nnewline \u{a0}&amp;",
        )),
    );
    voice_doc(
        "ssml_every_tag",
        VoiceResponse::new().say(
            Say::new("Start. ")
                .voice(voice("Polly.Joanna"))
                .push(Break::new().strength(BreakStrength::XStrong).time(secs(2)))
                .text(" after break ")
                .push(Break::new().time(ms(500)))
                .push(Emphasis::new("really").level(EmphasisLevel::Strong))
                .push(Lang::new("Bonjour").xml_lang(lang("fr-FR")))
                .push(Paragraph::new("A paragraph."))
                .push(
                    Phoneme::new("pecan")
                        .alphabet(PhonemeAlphabet::Ipa)
                        .ph("p\u{26a}\u{2c8}k\u{251}\u{2d0}n"),
                )
                .push(
                    Prosody::new("Slow and loud")
                        .volume("x-loud")
                        .rate("80%")
                        .pitch("+5%"),
                )
                .push(Sentence::new("A sentence."))
                .push(SayAs::new("12345").interpret_as(InterpretAs::Digits))
                .push(
                    SayAs::new("20250101")
                        .interpret_as(InterpretAs::Date)
                        .format(SayAsFormat::Yyyymmdd),
                )
                .push(Sub::new("W3C").alias("World Wide Web Consortium"))
                .push(Word::new("read").role("amazon:VBD"))
                .text(" End."),
        ),
    );
    voice_doc(
        "ssml_nesting",
        VoiceResponse::new().say(
            Say::new("")
                .push(
                    Paragraph::new("Para ").push(
                        Sentence::new("Sentence ")
                            .push(
                                Emphasis::new("stressed ")
                                    .level(EmphasisLevel::Moderate)
                                    .push(Break::new().strength(BreakStrength::Weak))
                                    .push(Word::new("word").role("amazon:NN")),
                            )
                            .text(" tail"),
                    ),
                )
                .push(
                    Prosody::new("")
                        .rate("slow")
                        .push(Paragraph::new("inside prosody")),
                )
                .push(
                    Lang::new("")
                        .xml_lang(lang("de-DE"))
                        .push(Sentence::new("Guten Tag")),
                )
                .push(
                    Word::new("")
                        .role("amazon:SENSE_1")
                        .push(Sub::new("Mg").alias("magnesium"))
                        .push(SayAs::new("1st").interpret_as(InterpretAs::Ordinal))
                        .push(
                            Phoneme::new("tomato")
                                .alphabet(PhonemeAlphabet::XSampa)
                                .ph("t@meItoU"),
                        )
                        .push(Prosody::new("up").pitch("high")),
                )
                .push(
                    Emphasis::new("")
                        .level(EmphasisLevel::Reduced)
                        .push(Lang::new("ciao").xml_lang(lang("it-IT"))),
                ),
        ),
    );
    voice_doc(
        "play_attributes",
        VoiceResponse::new()
            .play(Play::new("https://api.twilio.com/cowbell.mp3").loop_count(3))
            .play(Play::dtmf("wwww1928#"))
            .play(Play::new("https://example.com/a.wav?x=1&y=2").loop_count(0)),
    );
    voice_doc(
        "pause",
        VoiceResponse::new()
            .say(Say::new("Wait."))
            .pause(Pause::new().length(secs(5)))
            .pause(Pause::new())
            .say(Say::new("Done.")),
    );
    voice_doc(
        "gather_every_attribute",
        VoiceResponse::new()
            .gather(
                Gather::new()
                    .input(GatherInput::DtmfSpeech)
                    .action("/gather")
                    .method(HttpMethod::Get)
                    .timeout(secs(7))
                    .speech_timeout(SpeechTimeout::Auto)
                    .max_speech_time(secs(30))
                    .profanity_filter(false)
                    .finish_on_key(Key::Star)
                    .num_digits(4)
                    .partial_result_callback("/partial")
                    .partial_result_callback_method(HttpMethod::Post)
                    .language(lang("en-GB"))
                    .hints("agent, message, billing")
                    .barge_in(false)
                    .debug(true)
                    .action_on_empty_result(true)
                    .speech_model(SpeechModel::PhoneCall)
                    .enhanced(true)
                    .say(Say::new("Say something.").voice(voice("Polly.Amy-Neural")))
                    .play(Play::new("https://example.com/beep.mp3"))
                    .pause(Pause::new().length(secs(2))),
            )
            .say(Say::new("We did not get that.")),
    );
    voice_doc(
        "gather_speech_timeout",
        VoiceResponse::new()
            .gather(
                Gather::new()
                    .input(GatherInput::Speech)
                    .speech_timeout(secs(3).into())
                    .no_finish_on_key()
                    .speech_model(SpeechModel::GoogleV2Telephony),
            )
            .gather(
                Gather::new()
                    .input(GatherInput::Dtmf)
                    .speech_model(SpeechModel::DeepgramNova2)
                    .finish_on_key(Key::Pound),
            ),
    );
    voice_doc(
        "dial_number_text",
        VoiceResponse::new().dial(Dial::to(n1())),
    );
    voice_doc(
        "dial_every_attribute",
        VoiceResponse::new().dial(
            Dial::new()
                .action("/dial-done")
                .method(HttpMethod::Get)
                .timeout(secs(20))
                .hangup_on_star(true)
                .time_limit(secs(600))
                .caller_id(n2())
                .record(DialRecord::RecordFromAnswerDual)
                .trim(Trim::DoNotTrim)
                .recording_status_callback("/rec")
                .recording_status_callback_method(HttpMethod::Get)
                .recording_status_callback_event([
                    RecordingEvent::InProgress,
                    RecordingEvent::Completed,
                    RecordingEvent::Absent,
                ])
                .answer_on_bridge(true)
                .ring_tone("gb")
                .recording_track(RecordingTrack::Both)
                .sequential(true)
                .refer_url("/refer")
                .refer_method(HttpMethod::Post)
                .recording_configuration_id("RCxyz")
                .number(Number::new(n1())),
        ),
    );
    voice_doc(
        "dial_number_every_attribute",
        VoiceResponse::new().dial(
            Dial::new()
                .number(
                    Number::new(n1())
                        .send_digits("ww1234")
                        .url("/screen")
                        .method(HttpMethod::Get)
                        .status_callback_event([
                            CallEvent::Initiated,
                            CallEvent::Ringing,
                            CallEvent::Answered,
                            CallEvent::Completed,
                        ])
                        .status_callback("/status")
                        .status_callback_method(HttpMethod::Post)
                        .byoc("BYxxxx")
                        .machine_detection(MachineDetection::DetectMessageEnd)
                        .amd_status_callback_method(HttpMethod::Get)
                        .amd_status_callback("/amd")
                        .machine_detection_timeout(secs(30))
                        .machine_detection_speech_threshold(ms(2400))
                        .machine_detection_speech_end_threshold(ms(1200))
                        .machine_detection_silence_timeout(ms(5000)),
                )
                .number(Number::new(n2()).machine_detection(MachineDetection::Enable)),
        ),
    );
    voice_doc(
        "dial_client",
        VoiceResponse::new().dial(
            Dial::new()
                .caller_id(Endpoint::parse("client:support"))
                .client(
                    Client::new("jenny")
                        .url("/client-screen")
                        .method(HttpMethod::Post)
                        .status_callback_event([CallEvent::Ringing, CallEvent::Answered])
                        .status_callback("/client-status")
                        .status_callback_method(HttpMethod::Get),
                ),
        ),
    );
    voice_doc(
        "dial_client_identity_parameters",
        VoiceResponse::new().dial(
            Dial::new().client(
                Client::with_identity("user_jane")
                    .parameter(Parameter::new("FirstName", "Jane"))
                    .parameter(Parameter::new("LastName", "O'Brien & Co")),
            ),
        ),
    );
    voice_doc(
        "dial_sip",
        VoiceResponse::new().dial(
            Dial::new().sip(
                Sip::new("sip:alice@example.com;transport=tls?X-Header=1&Y=2")
                    .username("admin")
                    .password("p\"w<d>")
                    .url("/sip-screen")
                    .method(HttpMethod::Get)
                    .status_callback_event([CallEvent::Initiated, CallEvent::Completed])
                    .status_callback("/sip-status")
                    .status_callback_method(HttpMethod::Post)
                    .machine_detection(MachineDetection::Enable)
                    .amd_status_callback("/amd")
                    .amd_status_callback_method(HttpMethod::Post)
                    .machine_detection_timeout(secs(10))
                    .machine_detection_speech_threshold(ms(1500))
                    .machine_detection_speech_end_threshold(ms(900))
                    .machine_detection_silence_timeout(ms(3000)),
            ),
        ),
    );
    let coach: CallSid = format!("CA{}", "0123456789abcdef".repeat(2))
        .parse()
        .unwrap();
    voice_doc(
        "dial_conference_every_attribute",
        VoiceResponse::new().dial(
            Dial::new().conference(
                Conference::new("Room 1234")
                    .muted(false)
                    .beep(ConferenceBeep::OnEnter)
                    .start_conference_on_enter(true)
                    .end_conference_on_exit(false)
                    .wait_url("/hold-music")
                    .wait_method(HttpMethod::Get)
                    .max_participants(10)
                    .record(ConferenceRecord::RecordFromStart)
                    .region("ie1")
                    .coach(&coach)
                    .trim(Trim::TrimSilence)
                    .status_callback_event([
                        ConferenceEvent::Start,
                        ConferenceEvent::End,
                        ConferenceEvent::Join,
                        ConferenceEvent::Leave,
                        ConferenceEvent::Mute,
                        ConferenceEvent::Hold,
                        ConferenceEvent::Modify,
                        ConferenceEvent::Speaker,
                        ConferenceEvent::Announcement,
                    ])
                    .status_callback("/conf")
                    .status_callback_method(HttpMethod::Post)
                    .recording_status_callback("/conf-rec")
                    .recording_status_callback_method(HttpMethod::Get)
                    .recording_status_callback_event([RecordingEvent::Completed])
                    .event_callback_url("/conf-end")
                    .jitter_buffer_size(JitterBufferSize::Off)
                    .participant_label("agent-1")
                    .recording_configuration_id("RC1"),
            ),
        ),
    );
    voice_doc(
        "dial_conference_simple",
        VoiceResponse::new()
            .dial(
                Dial::new().timeout(secs(5)).conference(
                    Conference::new("Support")
                        .beep(ConferenceBeep::False)
                        .record(ConferenceRecord::DoNotRecord)
                        .jitter_buffer_size(JitterBufferSize::Small),
                ),
            )
            .say(Say::new("The conference has ended.")),
    );
    voice_doc(
        "dial_queue",
        VoiceResponse::new().dial(
            Dial::new().queue(
                Queue::new("support")
                    .url("/about-to-connect")
                    .method(HttpMethod::Get)
                    .reservation_sid("WRxxxx")
                    .post_work_activity_sid("WAxxxx"),
            ),
        ),
    );
    voice_doc(
        "dial_application",
        VoiceResponse::new().dial(
            Dial::new().application(
                Application::new(format!("AP{}", "1".repeat(32)))
                    .url("/app")
                    .method(HttpMethod::Post)
                    .status_callback_event([CallEvent::Answered])
                    .status_callback("/app-status")
                    .status_callback_method(HttpMethod::Get),
            ),
        ),
    );
    voice_doc(
        "dial_application_sid_parameters",
        VoiceResponse::new().dial(
            Dial::new().application(
                Application::with_sid(format!("AP{}", "2".repeat(32)))
                    .customer_id("cust-42")
                    .copy_parent_to(true)
                    .parameter(Parameter::new("Team", "billing")),
            ),
        ),
    );
    voice_doc(
        "dial_sim_whatsapp",
        VoiceResponse::new().dial(
            Dial::new()
                .sequential(true)
                .sim(Sim::new(format!("DE{}", "3".repeat(32))))
                .whatsapp(
                    WhatsApp::new(n1())
                        .url("/wa")
                        .method(HttpMethod::Get)
                        .status_callback_event([CallEvent::Completed])
                        .status_callback("/wa-status")
                        .status_callback_method(HttpMethod::Post),
                ),
        ),
    );
    voice_doc(
        "dial_several_nouns",
        VoiceResponse::new()
            .dial(
                Dial::new()
                    .caller_id(n1())
                    .answer_on_bridge(false)
                    .number(Number::new(n2()))
                    .client(Client::new("alice"))
                    .sip(Sip::new("sip:bob@example.com")),
            )
            .hangup(),
    );
    voice_doc(
        "record_every_attribute",
        VoiceResponse::new()
            .say(Say::new("Leave a message after the beep."))
            .record(
                Record::new()
                    .action("/recorded")
                    .method(HttpMethod::Get)
                    .timeout(secs(5))
                    .finish_on_key([Key::Pound, Key::Star, Key::One])
                    .max_length(secs(120))
                    .play_beep(true)
                    .trim(Trim::TrimSilence)
                    .recording_status_callback("/rec-status")
                    .recording_status_callback_method(HttpMethod::Post)
                    .recording_status_callback_event([
                        RecordingEvent::InProgress,
                        RecordingEvent::Completed,
                    ])
                    .transcribe(true)
                    .transcribe_callback("/transcribed")
                    .recording_configuration_id("RC2"),
            )
            .record(Record::new()),
    );
    voice_doc(
        "hangup_reject",
        VoiceResponse::new()
            .reject(Reject::new().reason(RejectReason::Busy))
            .reject(Reject::new())
            .reject(
                Reject::new()
                    .reason(RejectReason::Rejected)
                    .parameter(Parameter::new("why", "spam")),
            )
            .hangup()
            .verb(Hangup::new().parameter(Parameter::new("Outcome", "done"))),
    );
    voice_doc(
        "redirect",
        VoiceResponse::new()
            .redirect(Redirect::new("/next?step=2&lang=en").method(HttpMethod::Get))
            .redirect(Redirect::new("https://example.com/twiml")),
    );
    voice_doc(
        "enqueue",
        VoiceResponse::new().enqueue(
            Enqueue::new("support")
                .action("/left-queue")
                .max_queue_size(20)
                .method(HttpMethod::Get)
                .wait_url("/wait-music")
                .wait_url_method(HttpMethod::Post),
        ),
    );
    voice_doc(
        "enqueue_task",
        VoiceResponse::new().enqueue(
            Enqueue::workflow(format!("WW{}", "4".repeat(32))).task(
                Task::new(r#"{"selected_language": "es", "vip": true}"#)
                    .priority(5)
                    .timeout(secs(300)),
            ),
        ),
    );
    voice_doc("leave_echo", VoiceResponse::new().leave().echo());
    voice_doc(
        "queue_top_level",
        VoiceResponse::new().queue(Queue::new("support").url("/q").method(HttpMethod::Post)),
    );
    voice_doc(
        "connect_stream",
        VoiceResponse::new().connect(
            Connect::new()
                .action("/stream-ended")
                .method(HttpMethod::Get)
                .stream(
                    Stream::new()
                        .name("agent-stream")
                        .url("wss://example.com/audio")
                        .track(StreamTrack::InboundTrack)
                        .status_callback("/stream-status")
                        .status_callback_method(HttpMethod::Post)
                        .parameter(Parameter::new("caller", N1))
                        .parameter(Parameter::new("note", "a<b>&\"c\"")),
                ),
        ),
    );
    voice_doc(
        "connect_stream_connector",
        VoiceResponse::new().connect(
            Connect::new().stream(
                Stream::new()
                    .connector_name("my-connector")
                    .track(StreamTrack::BothTracks),
            ),
        ),
    );
    voice_doc(
        "connect_room",
        VoiceResponse::new()
            .connect(Connect::new().room(Room::new("DailyStandup").participant_identity("alice"))),
    );
    voice_doc(
        "connect_virtual_agent",
        VoiceResponse::new().connect(
            Connect::new().action("/va-done").virtual_agent(
                VirtualAgent::new()
                    .connector_name("project")
                    .language(lang("en-US"))
                    .sentiment_analysis(true)
                    .status_callback("/va-status")
                    .status_callback_method(HttpMethod::Get)
                    .config(Config::new("welcomeIntent", "hello"))
                    .parameter(Parameter::new("customer", "42")),
            ),
        ),
    );
    voice_doc(
        "connect_conversation",
        VoiceResponse::new().connect(
            Connect::new().conversation(
                Conversation::new(format!("IS{}", "5".repeat(32)))
                    .inbound_autocreation(true)
                    .routing_assignment_timeout(secs(60))
                    .inbound_timeout(secs(30))
                    .url("/conv")
                    .method(HttpMethod::Get)
                    .record(DialRecord::RecordFromAnswer)
                    .trim(Trim::TrimSilence)
                    .recording_status_callback("/conv-rec")
                    .recording_status_callback_method(HttpMethod::Post)
                    .recording_status_callback_event([
                        RecordingEvent::Completed,
                        RecordingEvent::Absent,
                    ])
                    .status_callback("/conv-status")
                    .status_callback_method(HttpMethod::Get)
                    .status_callback_event([
                        ConversationEvent::CallInitiated,
                        ConversationEvent::CallRinging,
                        ConversationEvent::CallAnswered,
                        ConversationEvent::CallCompleted,
                    ]),
            ),
        ),
    );
    voice_doc(
        "connect_conversation_relay",
        VoiceResponse::new().connect(
            Connect::new().action("/relay-ended").conversation_relay(
                ConversationRelay::new("wss://example.com/relay")
                    .welcome_greeting("Hi! Ask me anything.")
                    .welcome_greeting_interruptible(Interruptible::Speech)
                    .language(lang("en-US"))
                    .tts_language(lang("en-US"))
                    .tts_provider("ElevenLabs")
                    .voice("UgBBYS2sOqTuMpoF3BR0")
                    .transcription_language(lang("en-US"))
                    .transcription_provider("Deepgram")
                    .speech_model(other("nova-3-general"))
                    .interruptible(Interruptible::Any)
                    .interrupt_sensitivity("high")
                    .dtmf_detection(true)
                    .report_input_during_agent_speech(Interruptible::None)
                    .preemptible(false)
                    .hints("MYCA, Twilio")
                    .debug("debugging speaker-events")
                    .elevenlabs_text_normalization("on")
                    .intelligence_service(format!("GA{}", "6".repeat(32)))
                    .partial_prompts(true)
                    .profanity_filter(false)
                    .language_settings(
                        RelayLanguage::new(lang("fr-FR"))
                            .tts_provider("Google")
                            .voice("fr-FR-Neural2-A")
                            .transcription_provider("Google")
                            .speech_model(other("telephony")),
                    )
                    .parameter(Parameter::new("session", "abc")),
            ),
        ),
    );
    voice_doc(
        "connect_ai_sessions",
        VoiceResponse::new()
            .connect(Connect::new().push(AiSession::new("my-ai").ai_session_configuration("cfg-1")))
            .connect(
                Connect::new().push(
                    ConversationRelaySession::new("relay-conn").session_configuration("cfg-2"),
                ),
            ),
    );
    voice_doc(
        "start_stream_siprec",
        VoiceResponse::new()
            .start(
                Start::new()
                    .action("/started")
                    .method(HttpMethod::Get)
                    .stream(
                        Stream::new()
                            .name("s1")
                            .url("wss://example.com/s")
                            .track(StreamTrack::OutboundTrack)
                            .status_callback("/s-status")
                            .status_callback_method(HttpMethod::Get)
                            .parameter(Parameter::new("k", "v")),
                    )
                    .siprec(
                        Siprec::new()
                            .name("rec1")
                            .connector_name("SR1")
                            .track(StreamTrack::BothTracks)
                            .status_callback("/siprec")
                            .status_callback_method(HttpMethod::Post)
                            .parameter(Parameter::new("dept", "sales")),
                    ),
            )
            .dial(Dial::to(n1())),
    );
    voice_doc(
        "start_transcription_recording",
        VoiceResponse::new().start(
            Start::new()
                .transcription(
                    Transcription::new()
                        .name("t1")
                        .track(StreamTrack::InboundTrack)
                        .status_callback_url("/transcripts")
                        .status_callback_method(HttpMethod::Get)
                        .inbound_track_label("customer")
                        .outbound_track_label("agent")
                        .partial_results(true)
                        .language_code(lang("es-US"))
                        .transcription_engine("deepgram")
                        .profanity_filter(true)
                        .speech_model(other("nova-2"))
                        .hints("MYCA")
                        .enable_automatic_punctuation(false)
                        .intelligence_service(format!("GA{}", "7".repeat(32)))
                        .config(Config::new("k1", "v1"))
                        .parameter(Parameter::new("p1", "v2")),
                )
                .recording(
                    Recording::new()
                        .recording_status_callback("/r")
                        .recording_status_callback_method(HttpMethod::Get)
                        .recording_status_callback_event([
                            RecordingEvent::InProgress,
                            RecordingEvent::Completed,
                            RecordingEvent::Absent,
                        ])
                        .trim(Trim::DoNotTrim)
                        .track(RecordingTrack::Inbound)
                        .channels(RecordingChannels::Dual)
                        .recording_configuration_id("RC3"),
                ),
        ),
    );
    voice_doc(
        "stop",
        VoiceResponse::new().stop(
            Stop::new()
                .stream(Stream::new().name("s1"))
                .siprec(Siprec::new().name("rec1"))
                .transcription(Transcription::new().name("t1")),
        ),
    );
    voice_doc(
        "refer",
        VoiceResponse::new().refer(
            Refer::new(ReferSip::new("sip:alice@example.com"))
                .action("/refer-done")
                .method(HttpMethod::Get),
        ),
    );
    voice_doc(
        "pay_every_attribute",
        VoiceResponse::new().pay(
            Pay::new()
                .input(PayInput::Dtmf)
                .action("/paid")
                .bank_account_type(BankAccountType::ConsumerSavings)
                .status_callback("/pay-status")
                .status_callback_method(HttpMethod::Get)
                .timeout(secs(10))
                .max_attempts(3)
                .security_code(true)
                .postal_code(false)
                .min_postal_code_length(5)
                .payment_connector("Default_Pay_Connector")
                .payment_method(PaymentMethod::CreditCard)
                .token_type(TokenType::Reusable)
                .charge_amount("10.50")
                .currency("usd")
                .description("Order #42")
                .valid_card_types([CardType::Visa, CardType::Mastercard, CardType::Amex])
                .language(lang("en-US"))
                .prompt(
                    Prompt::new()
                        .for_(PromptFor::PaymentCardNumber)
                        .error_type([PayErrorType::Timeout, PayErrorType::InvalidCardNumber])
                        .card_type([CardType::Visa, CardType::Amex])
                        .attempt([1, 2])
                        .require_matching_inputs(true)
                        .say(Say::new("Please enter your card number."))
                        .play(Play::new("https://example.com/card.mp3"))
                        .pause(Pause::new().length(secs(1))),
                )
                .prompt(Prompt::new().for_(PromptFor::ExpirationDate))
                .parameter(Parameter::new("order", "42")),
        ),
    );
    voice_doc(
        "pay_bank_account",
        VoiceResponse::new().pay(
            Pay::new()
                .payment_method(PaymentMethod::AchDebit)
                .bank_account_type(BankAccountType::CommercialChecking)
                .token_type(TokenType::OneTime)
                .charge_amount("0")
                .prompt(
                    Prompt::new()
                        .for_(PromptFor::BankRoutingNumber)
                        .error_type([PayErrorType::InvalidBankRoutingNumber]),
                ),
        ),
    );
    voice_doc(
        "generic_element_and_attributes",
        VoiceResponse::new()
            .say(
                Say::new("Hi")
                    .voice(Voice::Alice)
                    .attr("newFeature", "on")
                    .attr("data-x", "a\"b<c>&'d\n\t\r"),
            )
            .element(
                Element::new("Transfer")
                    .attr("to", "a&b")
                    .attr("mode", "blind")
                    .text("sip:x@example.com"),
            )
            .dial(
                Dial::new()
                    .attr("experimentalFlag", "yes")
                    .noun(Element::new("Future").attr("level", "3")),
            ),
    );
    voice_doc(
        "attribute_escaping",
        VoiceResponse::new()
            .gather(
                Gather::new()
                    .action("/a?x=1&y=\"2\"&z='3'")
                    .hints("line1\nline2\ttab\r\n<end>"),
            )
            .play(Play::new("https://example.com/a%20b.mp3?sig=abc&exp=1").digits("1<2>3")),
    );
    voice_doc(
        "say_multiline_unicode",
        VoiceResponse::new().say(
            Say::new(
                "Line one.\nLine two.\n\u{65e5}\u{672c}\u{8a9e}\u{3067}\u{3059}\u{3002} \u{645}\u{631}\u{62d}\u{628}\u{627}",
            )
            .language(lang("ja-JP")),
        ),
    );
    voice_doc(
        "tts_call",
        VoiceResponse::new().say(
            Say::new("Alert: System status check failed. Please investigate.")
                .voice(voice("Polly.Matthew-Generative"))
                .language(lang("en-US"))
                .loop_count(1),
        ),
    );

    let mut messaging_doc = |name, doc: MessagingResponse| docs.push((name, doc.to_xml()));
    messaging_doc("messaging_empty", MessagingResponse::new());
    messaging_doc(
        "messaging_simple",
        MessagingResponse::new().message(Message::new("Hello from MYCA! Reply STOP to opt out.")),
    );
    messaging_doc(
        "messaging_every_attribute",
        MessagingResponse::new().message(
            Message::new("")
                .to(n1())
                .from(n2())
                .action("/sent")
                .method(HttpMethod::Get)
                .status_callback("/msg-status")
                .body("Your order <#42> & receipt")
                .media("https://example.com/receipt.png")
                .media("https://example.com/a.pdf?x=1&y=2"),
        ),
    );
    messaging_doc(
        "messaging_redirect",
        MessagingResponse::new()
            .message(Message::new("One moment."))
            .redirect(Redirect::new("/sms/next").method(HttpMethod::Get))
            .redirect(Redirect::new("https://example.com/sms")),
    );
    messaging_doc(
        "messaging_whatsapp_and_body_text",
        MessagingResponse::new()
            .message(
                Message::new("Hola \u{1F44B}")
                    .to(Endpoint::parse(&format!("whatsapp:{N1}")))
                    .from(Endpoint::parse(&format!("whatsapp:{N2}"))),
            )
            .message(
                Message::new("Plain text with media")
                    .status_callback("/s")
                    .media("https://example.com/cat.jpg"),
            )
            .message(Message::new("")),
    );
    docs
}

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/twiml")
}

#[test]
fn every_document_matches_twilio_python() {
    let mut mismatches = Vec::new();
    for (name, rendered) in documents() {
        let path = fixture_dir().join(format!("{name}.xml"));
        let expected =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        match rendered {
            Ok(xml) if xml == expected => {}
            Ok(xml) => mismatches.push(format!("{name}:\n  expected {expected}\n  actual   {xml}")),
            Err(e) => mismatches.push(format!("{name}: {e}")),
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn every_fixture_is_checked_and_there_are_at_least_40() {
    let built: BTreeSet<String> = documents().into_iter().map(|(n, _)| n.to_owned()).collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter_map(|file| file.strip_suffix(".xml").map(str::to_owned))
        .collect();
    assert_eq!(built, on_disk);
    assert!(built.len() >= 40, "{}", built.len());
}

#[test]
fn display_and_write_to_give_the_same_bytes() {
    let menu = VoiceResponse::new()
        .say(Say::new("Hi").voice(Voice::Alice))
        .gather(Gather::new().num_digits(1).say(Say::new("Press 1")));
    let mut out = Vec::new();
    menu.write_to(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), menu.to_xml().unwrap());
    assert_eq!(menu.to_string(), menu.to_xml().unwrap());
    let sms = MessagingResponse::new().message(Message::new("a & b"));
    assert_eq!(sms.to_string(), sms.to_xml().unwrap());
}
