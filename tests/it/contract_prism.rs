//! Every request kind, sent through the crate to Prism serving Twilio's own
//! OpenAPI description: a wrong path, parameter name, type or content type
//! makes Prism answer 401/415/422 and this test fail.
//!
//! The test needs Prism, so it is `#[ignore]`d: `cargo test` lists it as
//! ignored with the reason. `.ci/run` starts Prism
//! (`../shared/twilio-oai/prism-mock.sh start`) and runs it with
//! `--include-ignored`; `PRISM_URL` overrides `http://127.0.0.1:4010`. Once
//! included, a missing Prism (nothing listening, or another server such as
//! `cargo run --example sandbox` on that port) fails the test.

use crate::requests;

use crate::common::*;

fn prism_url() -> String {
    std::env::var("PRISM_URL").unwrap_or_else(|_| "http://127.0.0.1:4010".to_owned())
}

/// Whether Prism itself answers at `url`: a message without `To` must get
/// Prism's own 422 naming the missing field. This also proves that requests
/// really are checked against the spec, so a green run means something.
async fn is_prism(url: &str) -> Result<(), String> {
    let response = crate::common::http()
        .post(format!(
            "{url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        ))
        .form(&[("Tox", "+12025551234")])
        .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
        .send()
        .await
        .map_err(|e| format!("nothing answers at {url}: {e}"))?;
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    if status == 422 && body.contains("stoplight.io/prism") && body.contains("'To'") {
        Ok(())
    } else {
        Err(format!(
            "the server at {url} is not Prism (answered {status}: {})",
            body.chars().take(200).collect::<String>()
        ))
    }
}

#[tokio::test]
#[ignore = "needs Prism: ../shared/twilio-oai/prism-mock.sh start, then --include-ignored"]
async fn every_request_kind_matches_twilios_openapi_spec() {
    let url = prism_url();
    if let Err(why) = is_prism(&url).await {
        panic!("{why}; start Prism with ../shared/twilio-oai/prism-mock.sh start");
    }
    let client = builder(&url).build().unwrap();
    let mut failures = Vec::new();
    let mut results = requests::send_every_kind(&client).await;
    assert!(results.len() >= 10, "every request kind is exercised");
    let (call_sid, message_sid) = (CALL_SID.parse().unwrap(), MESSAGE_SID.parse().unwrap());
    results.extend(requests::send_every_follow_up(&client, &call_sid, &message_sid).await);
    let recording_sid = "RE0123456789abcdef0123456789abcdef".parse().unwrap();
    results.extend(
        requests::send_every_recording_and_media_kind(
            &client,
            &call_sid,
            &recording_sid,
            &message_sid,
        )
        .await,
    );
    for (name, result) in results {
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
