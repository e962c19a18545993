//! A minimal Twilio stand-in for throughput measurements: every POST to
//! `/2010-04-01/Accounts/{AccountSid}/Messages.json` is answered `201 Created`
//! with the JSON of a queued message, as Twilio answers a send.
//!
//! Shared by `benches/send.rs` and `examples/throughput.rs` (`--serve`).

use std::net::SocketAddr;

use axum::http::{header, StatusCode};
use axum::routing::post;
use axum::Router;

/// The account the mock answers for (any account works; this one is used by
/// the bench and the example's defaults).
pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
/// The auth token the bench and example send (the mock does not check it).
pub const AUTH_TOKEN: &str = "0123456789abcdef0123456789abcdef";
/// The recipient every answer names.
pub const TO: &str = "+12025551234";
/// The sender every answer names.
pub const FROM: &str = "+12025550100";
/// The SID every answer carries.
pub const SID: &str = "SM9f3b1c2d4e5f60718293a4b5c6d7e8f9";

/// Twilio's answer to a send (a queued message), byte for byte as Twilio
/// formats it.
pub const CREATED_BODY: &str = r#"{"account_sid": "AC0123456789abcdef0123456789abcdef", "api_version": "2010-04-01", "body": "Hello from MYCA! This is a test message.", "date_created": "Wed, 17 Dec 2025 10:29:58 +0000", "date_sent": null, "date_updated": "Wed, 17 Dec 2025 10:29:58 +0000", "direction": "outbound-api", "error_code": null, "error_message": null, "from": "+12025550100", "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD", "sid": "SM9f3b1c2d4e5f60718293a4b5c6d7e8f9", "status": "queued", "subresource_uris": {"media": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM9f3b1c2d4e5f60718293a4b5c6d7e8f9/Media.json"}, "to": "+12025551234", "uri": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM9f3b1c2d4e5f60718293a4b5c6d7e8f9.json"}"#;

/// The mock's routes.
pub fn app() -> Router {
    Router::new().route(
        "/2010-04-01/Accounts/{account}/Messages.json",
        post(|| async {
            (
                StatusCode::CREATED,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                CREATED_BODY,
            )
        }),
    )
}

/// Serves the mock on `addr` until the process ends.
pub async fn serve(addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app()).await
}

/// Starts the mock on a thread of its own (one-threaded runtime, so it never
/// shares the measured runtime's workers) and returns its base URL.
pub fn spawn() -> std::io::Result<String> {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    std::thread::Builder::new()
        .name("mock-twilio".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("mock runtime");
            runtime.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(std_listener).expect("mock listener");
                axum::serve(listener, app()).await.expect("mock server");
            });
        })?;
    Ok(format!("http://{addr}"))
}
