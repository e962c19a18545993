//! The axum extractors end to end: a real router on 127.0.0.1, requests over HTTP.

use std::net::SocketAddr;

use axum::extract::FromRef;
use axum::routing::{get, post};
use axum::Router;
use reqwest::StatusCode;
use tokio::net::TcpListener;
use twilio_typed::webhook::{
    body_sha256, GatherResult, IncomingMessage, Params, RequestValidator, TwilioJsonWebhook,
    TwilioWebhook, WebhookConfig,
};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const MESSAGE: &str = "SM0123456789abcdef0123456789abcdef";
const CALL: &str = "CA0123456789abcdef0123456789abcdef";

async fn sms(TwilioWebhook(message): TwilioWebhook<IncomingMessage>) -> String {
    format!("{}|{}|{}", message.from, message.body, message.media.len())
}

async fn handle_input(TwilioWebhook(gather): TwilioWebhook<GatherResult>) -> String {
    format!("digits={}", gather.input().unwrap_or("none"))
}

async fn raw(TwilioWebhook(params): TwilioWebhook) -> String {
    params.len().to_string()
}

async fn events(TwilioJsonWebhook(event): TwilioJsonWebhook<serde_json::Value>) -> String {
    event["type"].as_str().unwrap_or_default().to_owned()
}

fn routes() -> Router<WebhookConfig> {
    Router::new()
        .route("/twilio/sms", post(sms))
        .route("/twilio/handle-input", post(handle_input).get(handle_input))
        .route("/twilio/raw", post(raw))
        .route("/twilio/events", post(events))
}

async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

async fn server(config: WebhookConfig) -> SocketAddr {
    serve(routes().with_state(config)).await
}

fn validator() -> RequestValidator {
    RequestValidator::new(TOKEN)
}

fn sms_params(body: &str) -> Vec<(&'static str, String)> {
    vec![
        ("MessageSid", MESSAGE.to_owned()),
        ("AccountSid", ACCOUNT.to_owned()),
        ("From", "+12025551234".to_owned()),
        ("To", "+12025550100".to_owned()),
        ("Body", body.to_owned()),
        ("NumMedia", "0".to_owned()),
    ]
}

async fn post_form(
    url: &str,
    signature: Option<&str>,
    params: &[(&str, String)],
    headers: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let mut request = crate::common::http().post(url).form(params);
    if let Some(signature) = signature {
        request = request.header("X-Twilio-Signature", signature);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, response.text().await.unwrap(), content_type)
}

#[tokio::test]
async fn signed_form_webhooks_are_accepted_and_parsed() {
    let addr = server(WebhookConfig::new(TOKEN)).await;
    let url = format!("http://{addr}/twilio/sms?tenant=acme");
    let params = sms_params("Hello & good bye + é");
    let signature = validator().compute_signature(&url, &params);
    let (status, text, _) = post_form(&url, Some(&signature), &params, &[]).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text, "+12025551234|Hello & good bye + é|0");

    // Twilio may sign the URL without the port: accepted too.
    let portless = "http://127.0.0.1/twilio/sms?tenant=acme";
    let signature = validator().compute_signature(portless, &params);
    let (status, _, _) = post_form(&url, Some(&signature), &params, &[]).await;
    assert_eq!(status, StatusCode::OK);

    // The gateway's `<Gather>` action.
    let url = format!("http://{addr}/twilio/handle-input");
    let params = vec![
        ("CallSid", CALL.to_owned()),
        ("AccountSid", ACCOUNT.to_owned()),
        ("Digits", "42".to_owned()),
    ];
    let signature = validator().compute_signature(&url, &params);
    let (status, text, _) = post_form(&url, Some(&signature), &params, &[]).await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "digits=42"));

    // Untyped parameters.
    let url = format!("http://{addr}/twilio/raw");
    let params = vec![
        ("A", "1".to_owned()),
        ("A", "2".to_owned()),
        ("B", String::new()),
    ];
    let signature = validator().compute_signature(&url, &params);
    let (status, text, _) = post_form(&url, Some(&signature), &params, &[]).await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "3"));
}

#[tokio::test]
async fn missing_or_bad_signatures_are_forbidden() {
    let addr = server(WebhookConfig::new(TOKEN)).await;
    let url = format!("http://{addr}/twilio/sms");
    let params = sms_params("Hello");
    let signature = validator().compute_signature(&url, &params);

    let (status, text, content_type) = post_form(&url, None, &params, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(text, "missing X-Twilio-Signature");
    assert!(content_type.unwrap().starts_with("text/plain"));

    let tampered = sms_params("Hello!");
    let (status, text, _) = post_form(&url, Some(&signature), &tampered, &[]).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::FORBIDDEN, "invalid X-Twilio-Signature")
    );

    let other_path = format!("http://{addr}/twilio/raw");
    let (status, _, _) = post_form(&other_path, Some(&signature), &params, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let wrong_token = RequestValidator::new("another token").compute_signature(&url, &params);
    let (status, _, _) = post_form(&url, Some(&wrong_token), &params, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Behind a TLS proxy, Twilio signs https: without configuration that fails.
    let public = validator().compute_signature(&url.replace("http://", "https://"), &params);
    let (status, _, _) = post_form(&url, Some(&public), &params, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn authentic_but_unparseable_is_bad_request() {
    let addr = server(WebhookConfig::new(TOKEN)).await;
    let url = format!("http://{addr}/twilio/sms");
    let mut params = sms_params("Hello");
    params[5].1 = "lots".to_owned();
    let signature = validator().compute_signature(&url, &params);
    let (status, text, _) = post_form(&url, Some(&signature), &params, &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.starts_with("malformed webhook payload"), "{text}");
    assert!(text.contains("NumMedia"), "{text}");

    // Unparseable *and* unsigned: 403, the parser never runs.
    let (status, _, _) = post_form(&url, None, &params, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn public_base_url_is_what_twilio_signed() {
    let config = WebhookConfig::new(TOKEN)
        .public_base_url("https://hooks.example.com/")
        .unwrap();
    let addr = server(config).await;
    let local = format!("http://{addr}/twilio/sms?x=1");
    let params = sms_params("via proxy");

    let signature =
        validator().compute_signature("https://hooks.example.com/twilio/sms?x=1", &params);
    let (status, text, _) = post_form(&local, Some(&signature), &params, &[]).await;
    assert_eq!(status, StatusCode::OK, "{text}");

    let signature = validator().compute_signature(&local, &params);
    let (status, _, _) = post_form(&local, Some(&signature), &params, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn forwarded_headers_only_when_trusted() {
    let forwarded = [
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "hooks.example.com"),
    ];
    let params = sms_params("forwarded");
    let signature = validator().compute_signature("https://hooks.example.com/twilio/sms", &params);

    let trusting = server(WebhookConfig::new(TOKEN).trust_forwarded_headers(true)).await;
    let url = format!("http://{trusting}/twilio/sms");
    let (status, text, _) = post_form(&url, Some(&signature), &params, &forwarded).await;
    assert_eq!(status, StatusCode::OK, "{text}");

    let default = server(WebhookConfig::new(TOKEN)).await;
    let url = format!("http://{default}/twilio/sms");
    let (status, _, _) = post_form(&url, Some(&signature), &params, &forwarded).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn get_webhooks_sign_the_query() {
    let addr = server(WebhookConfig::new(TOKEN)).await;
    let url =
        format!("http://{addr}/twilio/handle-input?CallSid={CALL}&AccountSid={ACCOUNT}&Digits=7");
    let signature = validator().compute_signature(&url, Params::new().iter());
    let response = crate::common::http()
        .get(&url)
        .header("X-Twilio-Signature", &signature)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "digits=7");

    let response = crate::common::http()
        .get(url.replace("Digits=7", "Digits=8"))
        .header("X-Twilio-Signature", &signature)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn json_bodies_signed_through_body_sha256() {
    let addr = server(WebhookConfig::new(TOKEN)).await;
    let body = r#"{"type":"com.twilio.messaging.message.delivered","n":1}"#;
    let url = format!(
        "http://{addr}/twilio/events?bodySHA256={}",
        body_sha256(body.as_bytes())
    );
    let signature = validator().compute_signature(&url, Params::new().iter());
    let send = |body: &'static str, signature: String| {
        let url = url.clone();
        async move {
            let response = crate::common::http()
                .post(&url)
                .header("X-Twilio-Signature", signature)
                .header("Content-Type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    assert_eq!(
        send(body, signature.clone()).await,
        (
            StatusCode::OK,
            "com.twilio.messaging.message.delivered".to_owned()
        )
    );
    let (status, _) = send(r#"{"type":"forged","n":1}"#, signature.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send(body, "x".repeat(28)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[derive(Clone)]
struct AppState {
    webhooks: WebhookConfig,
    greeting: &'static str,
}

impl FromRef<AppState> for WebhookConfig {
    fn from_ref(state: &AppState) -> Self {
        state.webhooks.clone()
    }
}

#[tokio::test]
async fn config_from_a_larger_state() {
    async fn hello(
        axum::extract::State(state): axum::extract::State<AppState>,
        TwilioWebhook(message): TwilioWebhook<IncomingMessage>,
    ) -> String {
        format!("{} {}", state.greeting, message.body)
    }
    let app = Router::new()
        .route("/sms", post(hello))
        .route("/health", get(|| async { "ok" }))
        .with_state(AppState {
            webhooks: WebhookConfig::new(TOKEN),
            greeting: "hi",
        });
    let addr = serve(app).await;
    let url = format!("http://{addr}/sms");
    let params = sms_params("there");
    let signature = validator().compute_signature(&url, &params);
    let (status, text, _) = post_form(&url, Some(&signature), &params, &[]).await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "hi there"));
}
