//! The two ways of sending an SMS that the throughput bench and example compare:
//! the same HTTP request done with a bare `reqwest::Client`, and
//! `TwilioClient::send_sms`. Both check every answer.

use std::sync::Arc;

use twilio_typed::{TwilioClient, E164};

use super::mock_twilio::{FROM, TO};

/// The text every message carries.
pub const BODY: &str = "Hello from MYCA! This is a test message.";

/// One way of sending.
pub enum SendPath {
    /// A bare `reqwest::Client`: POST the form with basic auth, expect `201`,
    /// read the body and check it names the message.
    Bare {
        /// The client.
        http: reqwest::Client,
        /// The full Messages.json URL.
        url: String,
        /// Basic-auth user.
        account_sid: String,
        /// Basic-auth password.
        auth_token: String,
    },
    /// `TwilioClient::send_sms(&to, BODY).send()`: the answer is decoded into a
    /// typed `Message` (which checks its SID, status and parties).
    Client {
        /// The client, built as a new user would (defaults).
        client: TwilioClient,
        /// The recipient, parsed once and reused.
        to: E164,
    },
}

impl SendPath {
    /// The bare reqwest path against `base_url` (e.g. `http://127.0.0.1:4010`).
    pub fn bare(base_url: &str, account_sid: &str, auth_token: &str) -> Self {
        Self::Bare {
            http: reqwest::Client::new(),
            url: format!(
                "{}/2010-04-01/Accounts/{account_sid}/Messages.json",
                base_url.trim_end_matches('/')
            ),
            account_sid: account_sid.to_owned(),
            auth_token: auth_token.to_owned(),
        }
    }

    /// The `TwilioClient` path against `base_url`.
    ///
    /// # Errors
    /// When the configuration is refused.
    pub fn client(
        base_url: &str,
        account_sid: &str,
        auth_token: &str,
    ) -> Result<Self, twilio_typed::Error> {
        let client = TwilioClient::builder()
            .account_sid(account_sid)
            .auth_token(auth_token)
            .from_number(FROM)
            .base_url(base_url)
            .build()?;
        let to = E164::parse(TO).map_err(|e| twilio_typed::Error::InvalidInput {
            field: "to",
            reason: e.to_string(),
        })?;
        Ok(Self::Client { client, to })
    }
}

/// A way of sending one message and checking the answer.
pub trait SendOne: Send + Sync + 'static {
    /// Sends one message and checks the answer.
    ///
    /// # Errors
    /// A description of what went wrong or what the answer got wrong.
    fn send_one(&self) -> impl std::future::Future<Output = Result<(), String>> + Send;
}

impl SendOne for SendPath {
    async fn send_one(&self) -> Result<(), String> {
        match self {
            Self::Bare {
                http,
                url,
                account_sid,
                auth_token,
            } => {
                let response = http
                    .post(url)
                    .basic_auth(account_sid, Some(auth_token))
                    .form(&[("To", TO), ("From", FROM), ("Body", BODY)])
                    .send()
                    .await
                    .map_err(|e| format!("bare reqwest: {e}"))?;
                let status = response.status();
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| format!("bare reqwest body: {e}"))?;
                if status != reqwest::StatusCode::CREATED {
                    return Err(format!("bare reqwest: status {status}"));
                }
                if !contains(&body, br#""sid""#) {
                    return Err("bare reqwest: answer has no message SID".into());
                }
                Ok(())
            }
            Self::Client { client, to } => {
                let message = client
                    .send_sms(to, BODY)
                    .send()
                    .await
                    .map_err(|e| format!("twilio-typed: {e}"))?;
                // Decoding checked the answer: a typed SID, status and parties.
                std::hint::black_box(message);
                Ok(())
            }
        }
    }
}

/// Sends `count` messages with `in_flight` of them outstanding at any time,
/// on the current tokio runtime. Returns the first failure.
///
/// # Errors
/// The first answer that failed its check.
pub async fn run<P: SendOne>(path: Arc<P>, count: usize, in_flight: usize) -> Result<(), String> {
    let in_flight = in_flight.clamp(1, count.max(1));
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..in_flight {
        let share = count / in_flight + usize::from(worker < count % in_flight);
        let path = Arc::clone(&path);
        tasks.spawn(async move {
            for _ in 0..share {
                path.send_one().await?;
            }
            Ok::<(), String>(())
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined.map_err(|e| format!("sender task: {e}"))??;
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
