//! Waiting for a message or call to reach its final status by polling
//! ([`TwilioClient::wait_for_message`], [`TwilioClient::wait_for_call`]).
//!
//! A status callback (`status_callback(url)`) is Twilio's way to report
//! progress and costs no requests; polling is the fallback for a program that
//! cannot host a URL Twilio can reach (a CLI, a job behind NAT, a test). Each
//! poll is one `GET`, so the interval is bounded below
//! ([`MIN_POLL_INTERVAL`]) and the whole wait by a deadline.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::time::Instant;

use crate::http::into_future::into_future;
use crate::{Call, CallSid, CallStatus, Error, Message, MessageSid, MessageStatus, TwilioClient};

/// The shortest interval between two polls.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_millis(500);
/// The longest interval between two polls.
pub const MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);
/// The interval between polls unless set.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long a wait lasts unless set.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// The longest wait.
pub const MAX_WAIT_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

mod sealed {
    pub trait Sealed {}
}

type Fetch<R> = Pin<Box<dyn Future<Output = Result<R, Error>> + Send>>;

/// A resource that can be waited for: [`Message`] or [`Call`]. Sealed.
pub trait Waitable: sealed::Sealed + Sized + Send + 'static {
    /// Its SID type.
    type Sid: std::fmt::Display + std::fmt::Debug + Clone + Send + Sync + 'static;
    /// Its status type.
    type Status: PartialEq + std::fmt::Debug + std::fmt::Display + Send + Sync + 'static;
    /// Fetches it.
    #[doc(hidden)]
    fn fetch(client: TwilioClient, sid: Self::Sid) -> Fetch<Self>;
    /// Its current status.
    #[doc(hidden)]
    fn status(&self) -> &Self::Status;
    /// Whether `status` can no longer change.
    #[doc(hidden)]
    fn is_final(status: &Self::Status) -> bool;
}

impl sealed::Sealed for Message {}
impl sealed::Sealed for Call {}

impl Waitable for Message {
    type Sid = MessageSid;
    type Status = MessageStatus;
    fn fetch(client: TwilioClient, sid: MessageSid) -> Fetch<Self> {
        Box::pin(async move { client.fetch_message(&sid).await })
    }
    fn status(&self) -> &MessageStatus {
        &self.status
    }
    fn is_final(status: &MessageStatus) -> bool {
        status.is_final()
    }
}

impl Waitable for Call {
    type Sid = CallSid;
    type Status = CallStatus;
    fn fetch(client: TwilioClient, sid: CallSid) -> Fetch<Self> {
        Box::pin(async move { client.fetch_call(&sid).await })
    }
    fn status(&self) -> &CallStatus {
        &self.status
    }
    fn is_final(status: &CallStatus) -> bool {
        status.is_final()
    }
}

/// Polls a message or call until its status is final (or one of
/// [`until`](Self::until)), created by [`TwilioClient::wait_for_message`] or
/// [`TwilioClient::wait_for_call`], finished by [`send`](Self::send) or `.await`.
///
/// A status callback (`status_callback(url)` on the send) is Twilio's way to
/// report progress and costs no requests; polling is the fallback for a
/// program that cannot host a URL Twilio can reach (a CLI, a job behind NAT,
/// a test). Each poll is one `GET` (retried like any fetch), so the interval
/// is bounded below ([`MIN_POLL_INTERVAL`]) and the whole wait by a deadline.
///
/// ```no_run
/// # async fn run(client: twilio_typed::TwilioClient) -> Result<(), twilio_typed::Error> {
/// use std::time::Duration;
/// use twilio_typed::MessageStatus;
///
/// let message = client.send_sms("+12025551234", "Deploy finished").await?;
/// let message = client
///     .wait_for_message(&message.sid)
///     .interval(Duration::from_secs(3))
///     .timeout(Duration::from_secs(120))
///     .until([MessageStatus::Sent]) // carriers may never confirm delivery
///     .await?;
/// println!("{} is {}", message.sid, message.status);
/// # Ok(()) }
/// ```
#[must_use = "a wait does nothing until you `.send().await` it"]
#[derive(Debug)]
pub struct WaitFor<R: Waitable> {
    client: TwilioClient,
    sid: R::Sid,
    interval: Duration,
    timeout: Duration,
    until: Vec<R::Status>,
}

impl<R: Waitable> WaitFor<R> {
    pub(crate) fn new(client: &TwilioClient, sid: R::Sid) -> Self {
        Self {
            client: client.clone(),
            sid,
            interval: DEFAULT_POLL_INTERVAL,
            timeout: DEFAULT_WAIT_TIMEOUT,
            until: Vec::new(),
        }
    }

    /// The time between two polls (default 2 s; 500 ms to 60 s).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How long to wait in all (default 5 minutes; at most 24 hours).
    ///
    /// The wait ends on time even when a poll is slow: a poll still
    /// unanswered when the time is up is dropped (it is a `GET`, so nothing
    /// changes at Twilio), and no poll starts once it is up.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Also stops at any of these statuses (e.g. [`MessageStatus::Sent`] or
    /// [`CallStatus::InProgress`]), besides the final ones.
    pub fn until(mut self, statuses: impl IntoIterator<Item = R::Status>) -> Self {
        self.until.extend(statuses);
        self
    }

    /// Polls until the resource's status is final or one of
    /// [`until`](Self::until), and returns the resource as last fetched.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an interval or timeout out of bounds,
    /// before any request; [`Error::WaitTimedOut`] when the timeout passes
    /// first, with the status of the last poll answered; the first error of a poll ([`Error::Api`] 20404 for an unknown
    /// SID, transport or decode errors; each poll is retried as a fetch).
    pub async fn send(self) -> Result<R, Error> {
        if !(MIN_POLL_INTERVAL..=MAX_POLL_INTERVAL).contains(&self.interval) {
            return Err(Error::invalid(
                "interval",
                format!(
                    "must be {MIN_POLL_INTERVAL:?} to {MAX_POLL_INTERVAL:?}, got {:?}",
                    self.interval
                ),
            ));
        }
        if self.timeout.is_zero() || self.timeout > MAX_WAIT_TIMEOUT {
            return Err(Error::invalid(
                "timeout",
                format!(
                    "must be more than 0 and at most {MAX_WAIT_TIMEOUT:?}, got {:?}",
                    self.timeout
                ),
            ));
        }
        let (client, sid) = (self.client, self.sid);
        let until = self.until;
        poll(
            || R::fetch(client.clone(), sid.clone()),
            |r: &R| R::is_final(r.status()) || until.contains(r.status()),
            |r: &R| r.status().to_string(),
            &sid.to_string(),
            self.interval,
            self.timeout,
        )
        .await
    }
}

into_future!([R: Waitable] WaitFor<R> => R);

/// Fetches until `done`, sleeping `interval` between fetches, for at most
/// `timeout`: each fetch may take only the time left, and none starts once
/// the time is up.
async fn poll<R, F, Fut>(
    mut fetch: F,
    done: impl Fn(&R) -> bool,
    status: impl Fn(&R) -> String,
    sid: &str,
    interval: Duration,
    timeout: Duration,
) -> Result<R, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, Error>>,
{
    let start = Instant::now();
    let deadline = start + timeout;
    let mut last_status = None;
    let timed_out = |last_status: Option<String>| Error::WaitTimedOut {
        sid: sid.to_owned(),
        last_status,
        waited: Instant::now() - start,
    };
    loop {
        // A poll still unanswered at the deadline is dropped: it is a GET,
        // so dropping it changes nothing at Twilio.
        let Ok(resource) = tokio::time::timeout_at(deadline, fetch()).await else {
            return Err(timed_out(last_status));
        };
        let resource = resource?;
        if done(&resource) {
            return Ok(resource);
        }
        last_status = Some(status(&resource));
        let now = Instant::now();
        if now >= deadline {
            return Err(timed_out(last_status));
        }
        // Sleep to the next poll, or to the deadline if it comes first; a
        // poll at the deadline would have no time left to be answered.
        tokio::time::sleep(interval.min(deadline - now)).await;
        if Instant::now() >= deadline {
            return Err(timed_out(last_status));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Fetches that answer `statuses` in turn (the last one forever), counting calls.
    fn sequence<'a>(
        statuses: &'static [&'static str],
        calls: &'a AtomicUsize,
    ) -> impl FnMut() -> std::future::Ready<Result<&'static str, Error>> + 'a {
        move || {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Ok(statuses[n.min(statuses.len() - 1)]))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn polls_at_the_interval_until_done() {
        let calls = AtomicUsize::new(0);
        let start = Instant::now();
        let result = poll(
            sequence(&["queued", "sent", "delivered"], &calls),
            |s| *s == "delivered",
            |s| (*s).to_owned(),
            "SM1",
            Duration::from_secs(2),
            Duration::from_secs(60),
        )
        .await;
        assert_eq!(result.unwrap(), "delivered");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(start.elapsed(), Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_at_the_deadline_with_the_last_status() {
        let calls = AtomicUsize::new(0);
        let start = Instant::now();
        let err = poll(
            sequence(&["queued", "sending"], &calls),
            |s| *s == "delivered",
            |s| (*s).to_owned(),
            "SM1",
            Duration::from_secs(3),
            Duration::from_secs(10),
        )
        .await
        .unwrap_err();
        // Polls at 0, 3, 6 and 9 s; none at 10 s, where it would have no
        // time left to be answered.
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        assert_eq!(start.elapsed(), Duration::from_secs(10));
        match err {
            Error::WaitTimedOut {
                sid,
                last_status,
                waited,
            } => {
                assert_eq!(sid, "SM1");
                assert_eq!(last_status.as_deref(), Some("sending"));
                assert_eq!(waited, Duration::from_secs(10));
            }
            other => panic!("expected WaitTimedOut, got {other:?}"),
        }
    }

    /// Fetches that answer `statuses` in turn at once, then never answer.
    fn then_hang<'a>(
        statuses: &'static [&'static str],
        calls: &'a AtomicUsize,
    ) -> impl FnMut() -> Pin<Box<dyn Future<Output = Result<&'static str, Error>> + 'a>> + 'a {
        move || {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            match statuses.get(n) {
                Some(status) => Box::pin(std::future::ready(Ok(*status))),
                None => Box::pin(std::future::pending()),
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_poll_is_cut_at_the_deadline_with_the_last_status() {
        let calls = AtomicUsize::new(0);
        let start = Instant::now();
        let err = poll(
            then_hang(&["queued", "sending"], &calls),
            |s| *s == "delivered",
            |s| (*s).to_owned(),
            "SM1",
            Duration::from_secs(2),
            Duration::from_secs(5),
        )
        .await
        .unwrap_err();
        // Polls at 0 and 2 s answer; the one at 4 s hangs and is cut at 5 s.
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        match err {
            Error::WaitTimedOut {
                last_status,
                waited,
                ..
            } => {
                assert_eq!(last_status.as_deref(), Some("sending"));
                assert_eq!(waited, Duration::from_secs(5));
            }
            other => panic!("expected WaitTimedOut, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_first_poll_unanswered_by_the_deadline_reports_no_status() {
        let calls = AtomicUsize::new(0);
        let start = Instant::now();
        let err = poll(
            then_hang(&[], &calls),
            |s| *s == "delivered",
            |s| (*s).to_owned(),
            "SM1",
            Duration::from_secs(2),
            Duration::from_secs(5),
        )
        .await
        .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        assert!(
            matches!(
                &err,
                Error::WaitTimedOut {
                    last_status: None,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(
            err.to_string().ends_with("no poll was answered in time"),
            "{err}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_poll_ends_the_wait_with_its_error() {
        let calls = AtomicUsize::new(0);
        let err = poll(
            || {
                calls.fetch_add(1, Ordering::SeqCst);
                std::future::ready(Err::<&str, _>(Error::invalid("probe", "down")))
            },
            |_| true,
            |s: &&str| (*s).to_owned(),
            "SM1",
            Duration::from_secs(1),
            Duration::from_secs(10),
        )
        .await
        .unwrap_err();
        assert!(err.is_invalid_input());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
