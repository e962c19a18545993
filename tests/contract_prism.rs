//! Every request kind, sent through the crate to Prism serving Twilio's own
//! OpenAPI description: a wrong path, parameter name, type or content type
//! makes Prism answer 401/415/422 and this test fail.
//!
//! Prism is started by `.ci/run` (`../shared/twilio-oai/prism-mock.sh start`);
//! `PRISM_URL` overrides `http://127.0.0.1:4010`. Without Prism the test fails
//! when `CI=true` and is skipped with a message otherwise.

mod common;
#[path = "common/requests.rs"]
mod requests;

use common::*;
use twilio_typed::{RetryPolicy, TwilioClient};

fn prism_url() -> String {
    std::env::var("PRISM_URL").unwrap_or_else(|_| "http://127.0.0.1:4010".to_owned())
}

async fn prism_is_up(url: &str) -> bool {
    reqwest::Client::new().get(url).send().await.is_ok()
}

#[tokio::test]
async fn every_request_kind_matches_twilios_openapi_spec() {
    let url = prism_url();
    if !prism_is_up(&url).await {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "Prism is not running at {url}: start it with ../shared/twilio-oai/prism-mock.sh start"
        );
        eprintln!("SKIPPED: Prism is not running at {url} (start it with ../shared/twilio-oai/prism-mock.sh start)");
        return;
    }
    let client = TwilioClient::builder()
        .account_sid(ACCOUNT_SID)
        .auth_token(AUTH_TOKEN)
        .from_number(FROM)
        .base_url(url.as_str())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut failures = Vec::new();
    for (name, result) in requests::send_every_kind(&client).await {
        if let Err(e) = result {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "Prism rejected:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn prism_rejects_what_twilio_would_reject() {
    // Guards the guard: a request without credentials is refused, so a green
    // run above means the requests really were checked.
    let url = prism_url();
    if !prism_is_up(&url).await {
        return;
    }
    let response = reqwest::Client::new()
        .post(format!(
            "{url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        ))
        .form(&[("Tox", "+12025551234")])
        .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
}
