//! Running an answered call's TwiML as far as a sandbox can: `<Say>`,
//! `<Play>`, `<Pause>`, `<Hangup>`/`<Reject>`, `<Redirect>`, `<Record>`, and
//! `<Gather>` with digits a test supplies ([`press`]); other verbs are skipped.
//! TwiML URLs are fetched with signed requests, as Twilio fetches them, at
//! most [`MAX_TWIML_FETCHES`] times per call.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::call_lifecycle::call_params;
use super::lifecycle::{pause, start_call};
use super::records::{CallStep, CallTwiml, CallbackOutcome, PlacedCall, TwimlOrigin};
use super::state::Shared;
use super::twiml_check::TwimlElement;
use super::{recordings, webhooks, Clock, PressError};
use crate::webhook::Params;
use crate::{CallSid, CallStatus};

/// The most TwiML documents one call requests (its URL, `<Redirect>`s,
/// `<Gather>` and `<Record>` actions, fallbacks and updates' URLs together).
/// One more ends the call's TwiML with an application error, as Twilio
/// hangs up on an application error, so a document that redirects to itself
/// ends instead of looping for ever (with [`Clock::Instant`], without pause).
pub const MAX_TWIML_FETCHES: u32 = 100;

/// Where a call is in its TwiML.
#[derive(Debug, Default)]
pub(crate) struct CallRun {
    /// The verbs still to run, in order.
    remaining: VecDeque<TwimlElement>,
    /// The URL of the current document, for relative URLs.
    base: Option<Url>,
    pub(crate) phase: Phase,
    /// Bumped whenever the call's course changes, so a superseded run stops.
    generation: u64,
    /// The course an update set before the call was answered.
    pending: Option<Course>,
    /// How many times the call has waited at a `<Gather>`.
    waits: u64,
    /// How many TwiML documents the call has requested (at most [`MAX_TWIML_FETCHES`]).
    fetches: u32,
}

/// What a call's TwiML is doing.
#[derive(Debug, Default)]
pub(crate) enum Phase {
    /// Not answered yet.
    #[default]
    NotAnswered,
    /// Running verbs.
    Running,
    /// Waiting at this `<Gather>` for [`press`].
    Waiting(TwimlElement),
    /// Out of TwiML (or hung up): the call ends at its next step.
    Done,
}

impl CallRun {
    /// Stops the TwiML for good (the call ended).
    pub(crate) fn stop(&mut self) {
        self.remaining.clear();
        self.phase = Phase::Done;
        self.generation += 1;
    }
}

/// Where a call's TwiML comes from.
#[derive(Debug, Clone)]
pub(crate) enum Course {
    /// Inline TwiML, already recorded in the call's documents.
    Twiml(String),
    /// A URL to fetch with a method, and the fallback URL and method to
    /// request when it fails.
    Url(Url, String, Option<(Url, String)>),
}

/// Runs the TwiML of call `sid`, just answered: an update's course, else the
/// create's inline TwiML or URL.
pub(crate) async fn answer(shared: &Arc<Shared>, sid: &CallSid) {
    let start = shared.with_run(sid, |c, run| {
        // Hung up or redirected while its answer callbacks went out: the
        // course is already decided.
        if c.status != CallStatus::InProgress || !matches!(run.phase, Phase::NotAnswered) {
            return None;
        }
        run.generation += 1;
        run.phase = Phase::Running;
        let course = run.pending.take().or_else(|| match (&c.twiml, &c.url) {
            (Some(twiml), _) => Some(Course::Twiml(twiml.clone())),
            (None, Some(url)) => Some(Course::Url(
                url.clone(),
                c.method.clone(),
                fallback(&c.request),
            )),
            (None, None) => None,
        });
        Some((course, run.generation))
    });
    match start {
        Some(Some((Some(course), generation))) => follow(shared, sid, generation, course).await,
        // An application call: the sandbox knows no application's TwiML.
        Some(Some((None, _))) => finish(shared, sid, None),
        _ => {}
    }
}

/// The `FallbackUrl` and `FallbackMethod` of a create or update request.
pub(crate) fn fallback(form: &Params) -> Option<(Url, String)> {
    let url = form.get("FallbackUrl").and_then(|u| Url::parse(u).ok())?;
    let method = match form.get("FallbackMethod") {
        Some(m) if m.eq_ignore_ascii_case("GET") => "GET",
        _ => "POST",
    };
    Some((url, method.to_owned()))
}

/// Gives call `sid` a new course (an update's `Twiml` or `Url`): run now if
/// answered, kept for the answer if not. The inline TwiML must already be in
/// the call's documents.
pub(crate) fn redirect(shared: &Arc<Shared>, sid: &CallSid, course: Course) {
    let answered = shared.with_run(sid, |c, run| {
        if c.status == CallStatus::InProgress {
            run.generation += 1;
            run.remaining.clear();
            run.phase = Phase::Running;
            Some(run.generation)
        } else {
            run.pending = Some(course.clone());
            None
        }
    });
    if let Some(Some(generation)) = answered {
        let task_shared = Arc::clone(shared);
        let sid = sid.clone();
        shared.spawn(async move {
            follow(&task_shared, &sid, generation, course).await;
            continue_life_cycle(&task_shared, &sid).await;
        });
    }
}

/// Whether call `sid` waits at a `<Gather>`, has ended or does not exist.
pub(crate) fn is_waiting_or_over(shared: &Shared, sid: &CallSid) -> bool {
    shared
        .with_run(sid, |c, run| {
            matches!(run.phase, Phase::Waiting(_)) || c.status.is_final()
        })
        .unwrap_or(true)
}

/// Hands `digits` to call `sid`, waiting at a `<Gather>`, and runs what
/// follows in the background (empty digits: the `<Gather>` timed out).
pub(crate) fn press(shared: &Arc<Shared>, sid: &CallSid, digits: &str) -> Result<(), PressError> {
    press_at(shared, sid, digits, None)
}

/// [`press`], only if the call is at its `wait`th `<Gather>` when given.
fn press_at(
    shared: &Arc<Shared>,
    sid: &CallSid,
    digits: &str,
    wait: Option<u64>,
) -> Result<(), PressError> {
    let taken = shared
        .with_run(sid, |c, run| match std::mem::take(&mut run.phase) {
            Phase::Waiting(gather) if wait.is_none_or(|w| w == run.waits) => {
                run.phase = Phase::Running;
                c.steps.push(CallStep::Gathered(digits.to_owned()));
                Ok((gather, run.base.clone(), run.generation))
            }
            other => {
                run.phase = other;
                Err(PressError::NotWaiting {
                    status: c.status.clone(),
                })
            }
        })
        .ok_or(PressError::UnknownCall)??;
    let (gather, base, generation) = taken;
    let digits = digits.to_owned();
    let task_shared = Arc::clone(shared);
    let sid = sid.clone();
    shared.spawn(async move {
        gathered(&task_shared, &sid, generation, &gather, base, &digits).await;
        continue_life_cycle(&task_shared, &sid).await;
    });
    Ok(())
}

/// With [`Clock::Step`], a `<Gather>` still waiting after its `timeout`
/// times out as with Twilio (the call goes on with the next verb); with the
/// other clocks it waits for [`press`], so tests stay deterministic.
fn time_out_later(shared: &Arc<Shared>, sid: &CallSid, wait: u64, timeout: Duration) {
    if !matches!(shared.clock, Clock::Step(_)) {
        return;
    }
    let task_shared = Arc::clone(shared);
    let sid = sid.clone();
    shared.spawn(async move {
        tokio::time::sleep(timeout).await;
        // Pressed, redirected or hung up meanwhile: nothing to time out.
        let _ = press_at(&task_shared, &sid, "", Some(wait));
    });
}

/// After a run started outside the life cycle ends: a call out of TwiML
/// hangs up at its next step (not with [`Clock::Manual`]: at the next advance).
async fn continue_life_cycle(shared: &Arc<Shared>, sid: &CallSid) {
    if matches!(shared.clock, Clock::Manual) {
        return;
    }
    pause(shared.clock, None).await;
    if super::call_lifecycle::advance_call(shared, sid).await {
        start_call(shared, sid.clone());
    }
}

/// The result of a `<Gather>`: its `action` with `Digits`, or the next verb.
async fn gathered(
    shared: &Arc<Shared>,
    sid: &CallSid,
    generation: u64,
    gather: &TwimlElement,
    base: Option<Url>,
    digits: &str,
) {
    let finish_on = gather.attribute("finishOnKey").unwrap_or("#");
    let entered = match finish_on.chars().next() {
        Some(key) => digits.strip_suffix(key).unwrap_or(digits),
        None => digits,
    };
    // Twilio stops listening after `numDigits` keys.
    let entered = match gather
        .attribute("numDigits")
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(n) => entered.get(..n).unwrap_or(entered),
        None => entered,
    };
    let on_empty = gather.attribute("actionOnEmptyResult") == Some("true");
    if entered.is_empty() && !on_empty {
        // Twilio goes on with the next verb when nothing was entered.
        return execute(shared, sid, generation).await;
    }
    // Without `action`, Twilio requests the current document's URL again.
    let action = match gather.attribute("action") {
        Some(raw) => resolve(base.as_ref(), raw),
        None => base
            .clone()
            .ok_or_else(|| "no action and no document URL".to_owned()),
    };
    let action = match action {
        Ok(url) => url,
        Err(reason) => return fail(shared, sid, format!("<Gather> action: {reason}")),
    };
    let method = method_of(gather);
    let mut extra = Params::new();
    extra.push("Digits", entered);
    if let Some(key) = digits
        .strip_prefix(entered)
        .filter(|rest| !rest.is_empty() && finish_on.starts_with(*rest))
    {
        extra.push("FinishedOnKey", key);
    }
    fetch_and_run(shared, sid, generation, action, &method, extra).await;
}

/// Loads `course` and runs it.
async fn follow(shared: &Arc<Shared>, sid: &CallSid, generation: u64, course: Course) {
    match course {
        Course::Twiml(xml) => {
            load(shared, sid, generation, &xml, None);
            execute(shared, sid, generation).await;
        }
        Course::Url(url, method, fallback) => {
            match (
                fetch(shared, sid, &url, &method, Params::new()).await,
                fallback,
            ) {
                (Ok(body), _) => run_fetched(shared, sid, generation, url, body).await,
                // Twilio requests the fallback URL with the error, then runs its TwiML.
                (Err(_), Some((fallback, fallback_method))) => {
                    let mut extra = Params::new();
                    extra.push("ErrorCode", "11200");
                    extra.push("ErrorUrl", url.as_str());
                    fetch_and_run(shared, sid, generation, fallback, &fallback_method, extra).await;
                }
                (Err(reason), None) => fail(shared, sid, reason),
            }
        }
    }
}

/// Requests TwiML from `url` with the call's parameters and `extra`, records
/// the document and runs it.
async fn fetch_and_run(
    shared: &Arc<Shared>,
    sid: &CallSid,
    generation: u64,
    url: Url,
    method: &str,
    extra: Params,
) {
    match fetch(shared, sid, &url, method, extra).await {
        Ok(body) => run_fetched(shared, sid, generation, url, body).await,
        Err(reason) => fail(shared, sid, reason),
    }
}

/// Requests TwiML from `url` with the call's parameters and `extra` (the
/// request is kept in the call's steps): the document, or why there is none.
async fn fetch(
    shared: &Shared,
    sid: &CallSid,
    url: &Url,
    method: &str,
    extra: Params,
) -> Result<String, String> {
    let within_limit = shared.with_run(sid, |_, run| {
        run.fetches = run.fetches.saturating_add(1);
        run.fetches <= MAX_TWIML_FETCHES
    });
    if within_limit == Some(false) {
        return Err(format!(
            "{url}: not requested, the call already requested {MAX_TWIML_FETCHES} TwiML documents (a <Redirect> loop?)"
        ));
    }
    let Some(call) = shared.call(sid.as_str()) else {
        return Err("the call is gone".to_owned());
    };
    let mut params = call_params(shared, &call, call.status.as_str());
    params.extend(extra);
    let answer = webhooks::send(shared, url.as_str(), method, params, true).await;
    let outcome = answer.callback.outcome.clone();
    shared.update_call(sid, |c| c.steps.push(CallStep::Requested(answer.callback)));
    match (answer.body, outcome) {
        (Some(body), _) => Ok(body),
        (None, CallbackOutcome::Answered(status)) if (200..300).contains(&status) => Err(format!(
            "{url}: the answer is not UTF-8 text of at most 64 kB"
        )),
        (None, CallbackOutcome::Answered(status)) => {
            Err(format!("{url} answered HTTP {status} (error 11200)"))
        }
        (None, CallbackOutcome::Failed(reason) | CallbackOutcome::NotSent(reason)) => {
            Err(format!("{url}: {reason} (error 11200)"))
        }
    }
}

/// Records the TwiML fetched from `url` in the call's documents and runs it.
async fn run_fetched(shared: &Arc<Shared>, sid: &CallSid, generation: u64, url: Url, body: String) {
    shared.update_call(sid, |c| {
        c.documents.push(CallTwiml::new(
            TwimlOrigin::Fetched(url.clone()),
            body.clone(),
        ));
    });
    load(shared, sid, generation, &body, Some(url));
    execute(shared, sid, generation).await;
}

/// Makes `xml` the call's current document (its verbs replace what was left).
fn load(shared: &Shared, sid: &CallSid, generation: u64, xml: &str, base: Option<Url>) {
    shared.with_run(sid, |c, run| {
        if run.generation != generation {
            return;
        }
        match super::TwimlDocument::parse(xml) {
            Ok(doc) => {
                run.remaining = doc.root().children.iter().cloned().collect();
                run.base = base;
            }
            Err(e) => {
                run.remaining.clear();
                c.steps
                    .push(CallStep::ApplicationError(format!("{e} (error 12100)")));
            }
        }
    });
}

/// What the runner does after a verb, outside the store's lock.
enum Next {
    Continue,
    /// Waiting at a `<Gather>` (the `n`th wait of the call) for at most this long.
    Wait(u64, Duration),
    Stop,
    Fetch(Url, String),
    Record(TwimlElement),
}

/// Runs verbs until the document ends, a `<Gather>` waits, a `<Hangup>`, or
/// the course changes under it.
async fn execute(shared: &Arc<Shared>, sid: &CallSid, generation: u64) {
    loop {
        let next = shared
            .with_run(sid, |c, run| step(c, run, generation))
            .unwrap_or(Next::Stop);
        match next {
            Next::Continue => {}
            Next::Stop => return,
            Next::Wait(wait, timeout) => return time_out_later(shared, sid, wait, timeout),
            Next::Fetch(url, method) => {
                return Box::pin(fetch_and_run(
                    shared,
                    sid,
                    generation,
                    url,
                    &method,
                    Params::new(),
                ))
                .await;
            }
            Next::Record(element) => {
                let base = shared.with_run(sid, |_, run| run.base.clone()).flatten();
                let (recording, pending) =
                    recordings::record_verb(shared, sid, &element, base.as_ref());
                shared.update_call(sid, |c| c.steps.push(CallStep::Recorded(recording.clone())));
                for request in pending {
                    let sent = super::lifecycle::deliver(
                        shared,
                        &request.url,
                        &request.method,
                        request.params,
                    )
                    .await;
                    recordings::push_callback(shared, recording.as_str(), sent);
                }
                // Without `action`, Twilio posts the result to the current
                // document's URL; inline TwiML has none, so the call goes on.
                let action = match element.attribute("action") {
                    Some(raw) => Some(resolve(base.as_ref(), raw)),
                    None => base.map(Ok),
                };
                match action {
                    None => {}
                    Some(Err(reason)) => {
                        return fail(shared, sid, format!("<Record> action: {reason}"))
                    }
                    Some(Ok(url)) => {
                        let extra = recordings::action_params(shared, &recording);
                        let method = method_of(&element);
                        return Box::pin(fetch_and_run(
                            shared, sid, generation, url, &method, extra,
                        ))
                        .await;
                    }
                }
            }
        }
    }
}

/// Runs the next verb under the store's lock, or says what to do outside it.
fn step(c: &mut PlacedCall, run: &mut CallRun, generation: u64) -> Next {
    if run.generation != generation || !matches!(run.phase, Phase::Running) {
        return Next::Stop;
    }
    let Some(verb) = run.remaining.pop_front() else {
        run.phase = Phase::Done;
        return Next::Stop;
    };
    match verb.name.as_str() {
        "Say" | "Play" | "Pause" => c.steps.extend(simple_step(&verb)),
        "Hangup" | "Reject" => {
            c.steps.push(CallStep::HungUp);
            run.remaining.clear();
            run.phase = Phase::Done;
            return Next::Stop;
        }
        "Redirect" => {
            return match resolve(run.base.as_ref(), verb.text.trim()) {
                Ok(url) => Next::Fetch(url, method_of(&verb)),
                Err(reason) => {
                    c.steps
                        .push(CallStep::ApplicationError(format!("<Redirect>: {reason}")));
                    run.remaining.clear();
                    run.phase = Phase::Done;
                    Next::Stop
                }
            };
        }
        "Gather" => {
            for child in &verb.children {
                c.steps.extend(simple_step(child));
            }
            let timeout = verb
                .attribute("timeout")
                .and_then(|t| t.parse::<u64>().ok())
                .unwrap_or(5);
            run.waits += 1;
            run.phase = Phase::Waiting(verb);
            return Next::Wait(run.waits, Duration::from_secs(timeout));
        }
        "Record" => return Next::Record(verb),
        other => c.steps.push(CallStep::Skipped(other.to_owned())),
    }
    Next::Continue
}

/// The step of a `<Say>`, `<Play>` or `<Pause>`.
fn simple_step(verb: &TwimlElement) -> Option<CallStep> {
    Some(match verb.name.as_str() {
        "Say" => CallStep::Said(verb.text.trim().to_owned()),
        "Play" => match verb.attribute("digits") {
            Some(digits) => CallStep::Played(format!("digits:{digits}")),
            None => CallStep::Played(verb.text.trim().to_owned()),
        },
        "Pause" => CallStep::Paused(
            verb.attribute("length")
                .and_then(|l| l.parse().ok())
                .unwrap_or(1),
        ),
        _ => return None,
    })
}

/// Records an application error: the call's TwiML ends (Twilio hangs up).
fn fail(shared: &Shared, sid: &CallSid, reason: String) {
    finish(shared, sid, Some(reason));
}

fn finish(shared: &Shared, sid: &CallSid, reason: Option<String>) {
    shared.with_run(sid, |c, run| {
        if let Some(reason) = reason {
            c.steps.push(CallStep::ApplicationError(reason));
        }
        run.remaining.clear();
        if matches!(run.phase, Phase::Running | Phase::NotAnswered) {
            run.phase = Phase::Done;
        }
    });
}

/// `method` of a verb, `POST` by default.
fn method_of(verb: &TwimlElement) -> String {
    verb.attribute("method")
        .filter(|m| m.eq_ignore_ascii_case("GET"))
        .map_or_else(|| "POST".to_owned(), |_| "GET".to_owned())
}

/// `raw` as an absolute URL, relative ones against the current document's URL.
pub(crate) fn resolve(base: Option<&Url>, raw: &str) -> Result<Url, String> {
    match Url::parse(raw) {
        Ok(url) => Ok(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => base
            .ok_or_else(|| format!("{raw} is relative and the TwiML was not fetched from a URL"))?
            .join(raw)
            .map_err(|e| format!("{raw}: {e}")),
        Err(e) => Err(format!("{raw}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_need_a_document_url() {
        let base = Url::parse("http://127.0.0.1:3000/twiml/voice.xml").unwrap();
        assert_eq!(
            resolve(Some(&base), "/twilio/handle-input")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:3000/twilio/handle-input"
        );
        assert_eq!(
            resolve(Some(&base), "next.xml").unwrap().as_str(),
            "http://127.0.0.1:3000/twiml/next.xml"
        );
        assert!(resolve(None, "/twilio/handle-input").is_err());
        assert_eq!(
            resolve(None, "https://example.com/a").unwrap().as_str(),
            "https://example.com/a"
        );
    }
}
