//! The sandbox's resources carry exactly the fields of Twilio's OpenAPI
//! description (`api.v2010.account.message` / `api.v2010.account.call` in
//! twilio_api_v2010.json), so code tested against it meets the same JSON.

use std::collections::BTreeSet;

use serde_json::Value;
use twilio_typed::sandbox::Sandbox;

const MESSAGE_FIELDS: &[&str] = &[
    "account_sid",
    "api_version",
    "body",
    "date_created",
    "date_sent",
    "date_updated",
    "direction",
    "error_code",
    "error_message",
    "from",
    "messaging_service_sid",
    "num_media",
    "num_segments",
    "price",
    "price_unit",
    "sid",
    "status",
    "subresource_uris",
    "to",
    "uri",
];

const CALL_FIELDS: &[&str] = &[
    "account_sid",
    "answered_by",
    "api_version",
    "caller_name",
    "date_created",
    "date_updated",
    "direction",
    "duration",
    "end_time",
    "forwarded_from",
    "from",
    "from_formatted",
    "group_sid",
    "parent_call_sid",
    "phone_number_sid",
    "price",
    "price_unit",
    "queue_time",
    "sid",
    "start_time",
    "status",
    "subresource_uris",
    "to",
    "to_formatted",
    "trunk_sid",
    "uri",
];

async fn get(sandbox: &Sandbox, uri: &str) -> Value {
    reqwest::Client::new()
        .get(format!(
            "{}{}",
            sandbox.base_url(),
            uri.trim_start_matches('/')
        ))
        .basic_auth(sandbox.account_sid(), Some(sandbox.auth_token()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[tokio::test]
async fn resources_have_the_fields_of_twilios_spec() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = sandbox.client();
    let message = client
        .send_sms("+12025551234", "shape")
        .send()
        .await
        .unwrap();
    let call = client
        .send_voice_message("+12025551234", "shape")
        .send()
        .await
        .unwrap();
    sandbox.settle().await;

    let message = get(&sandbox, message.uri.as_deref().unwrap()).await;
    assert_eq!(keys(&message), MESSAGE_FIELDS.iter().copied().collect());
    assert_eq!(
        message["num_segments"], "1",
        "numbers are strings, as on Twilio"
    );
    assert!(
        message["date_sent"].as_str().unwrap().ends_with(" +0000"),
        "RFC 2822"
    );

    let call = get(&sandbox, call.uri.as_deref().unwrap()).await;
    assert_eq!(keys(&call), CALL_FIELDS.iter().copied().collect());
    assert_eq!(call["to_formatted"], "(202) 555-1234");
    assert_eq!(call["phone_number_sid"].as_str().map(str::len), Some(34));
    assert!(call["duration"].is_string());
}
