//! The TLS of every reqwest client this crate builds.
//!
//! With the `rustls` feature, reqwest comes with its `rustls-no-provider`
//! feature, not `rustls`: the latter brings the aws-lc-rs crypto provider,
//! whose C library is the longest step of a fresh build (about 40 s of CPU
//! on the 2-core reference machine, a quarter of `cargo build --example
//! send_sms`). rustls runs on *ring* instead, given to reqwest as a built
//! `rustls::ClientConfig` (`tls_backend_preconfigured`), so no process-wide
//! default provider is installed: a library does not change its program's
//! global state. Certificates are checked as reqwest checks them by default,
//! by `rustls-platform-verifier` over the system's root certificates.
//!
//! With `native-tls` (alone or with `rustls`), reqwest's own backend is
//! used, native-tls, as before.

use crate::Error;

/// `reqwest::Client::builder()` with this crate's TLS.
///
/// # Errors
/// [`Error::Tls`] when the TLS configuration cannot be built (no CA
/// certificate in the system's store).
pub(crate) fn reqwest_builder() -> Result<reqwest::ClientBuilder, Error> {
    let builder = reqwest::Client::builder();
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    let builder = builder.tls_backend_preconfigured(rustls::config()?);
    Ok(builder)
}

#[cfg(feature = "rustls")]
// With `native-tls` too, reqwest's native-tls backend is used; the config is
// still built by the tests.
#[cfg_attr(feature = "native-tls", allow(dead_code))]
pub(crate) mod rustls {
    use std::sync::Arc;

    use rustls::ClientConfig;
    use rustls_platform_verifier::BuilderVerifierExt as _;

    use crate::Error;

    /// rustls with *ring*, TLS 1.2 and 1.3, the platform's certificate
    /// verifier, and ALPN `http/1.1` (what reqwest sets without its `http2`
    /// feature).
    pub(crate) fn config() -> Result<ClientConfig, Error> {
        let mut config =
            ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .map_err(Error::tls)?
                .with_platform_verifier()
                .map_err(Error::tls)?
                .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }
}

#[cfg(all(test, feature = "rustls"))]
mod tests {
    use std::io::{Read as _, Write as _};
    use std::net::{SocketAddr, TcpListener};
    use std::sync::Arc;

    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use rustls::{ServerConfig, ServerConnection, StreamOwned};

    use super::rustls::config;
    use crate::TwilioClient;

    /// A throwaway CA, and a certificate for `127.0.0.1` it signed
    /// (`tests/fixtures/tls/gen.sh`).
    const CA: &[u8] = include_bytes!("../../tests/fixtures/tls/ca.der");
    const SERVER_CERT: &[u8] = include_bytes!("../../tests/fixtures/tls/server.der");
    const SERVER_KEY: &[u8] = include_bytes!("../../tests/fixtures/tls/server.key.der");

    /// A rustls server on `127.0.0.1` answering each HTTP/1.1 request with
    /// `200 ok`, for `connections` connections.
    fn https_server(connections: usize) -> SocketAddr {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(SERVER_KEY.to_vec()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![CertificateDer::from(SERVER_CERT.to_vec())], key)
            .unwrap();
        let server = Arc::new(server);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for tcp in listener.incoming().take(connections) {
                let conn = ServerConnection::new(Arc::clone(&server)).unwrap();
                let mut tls = StreamOwned::new(conn, tcp.unwrap());
                let mut request = Vec::new();
                let mut buf = [0; 1024];
                // A client that refuses the certificate ends the handshake.
                while !request.ends_with(b"\r\n\r\n") {
                    match tls.read(&mut buf) {
                        Ok(n) if n > 0 => request.extend_from_slice(&buf[..n]),
                        _ => break,
                    }
                }
                if request.ends_with(b"\r\n\r\n") {
                    let answer =
                        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";
                    let _ = tls.write_all(answer);
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                }
            }
        });
        addr
    }

    #[test]
    fn reqwest_takes_the_config() {
        // A rustls of another version than reqwest's would be an unknown
        // backend, refused here.
        let built = reqwest::Client::builder()
            .tls_backend_preconfigured(config().unwrap())
            .build();
        assert!(built.is_ok(), "{built:?}");
        assert!(TwilioClient::http_client_builder().unwrap().build().is_ok());
        assert!(TwilioClient::builder()
            .account_sid("AC0123456789abcdef0123456789abcdef")
            .auth_token("token")
            .build()
            .is_ok());
    }

    #[test]
    fn the_config_is_ring_and_http1() {
        let config = config().unwrap();
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        let ring = rustls::crypto::ring::default_provider();
        let suites = |suites: &[rustls::SupportedCipherSuite]| {
            suites.iter().map(|s| s.suite()).collect::<Vec<_>>()
        };
        assert_eq!(
            suites(&config.crypto_provider().cipher_suites),
            suites(&ring.cipher_suites)
        );
    }

    /// A TLS handshake and a request through reqwest: accepted once the
    /// test CA is a root, refused with the system's roots alone, by this
    /// crate's client too (whichever backend it runs on).
    #[tokio::test]
    async fn certificates_are_verified() {
        let addr = https_server(3);
        let url = format!("https://{addr}/");

        let mut trusting = config().unwrap();
        let provider = Arc::clone(trusting.crypto_provider());
        let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(
            [CertificateDer::from(CA.to_vec())],
            provider,
        )
        .unwrap();
        trusting
            .dangerous()
            .set_certificate_verifier(Arc::new(verifier));
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(trusting)
            .build()
            .unwrap();
        let answer = http.get(&url).send().await.unwrap();
        assert_eq!(answer.text().await.unwrap(), "ok");

        let http = TwilioClient::http_client_builder()
            .unwrap()
            .build()
            .unwrap();
        let refused = http.get(&url).send().await.unwrap_err();
        assert!(refused.is_connect(), "{refused:?}");

        let client = TwilioClient::builder()
            .account_sid("AC0123456789abcdef0123456789abcdef")
            .auth_token("token")
            .from_number("+15005550006")
            .base_url(url.as_str())
            .build()
            .unwrap();
        let refused = client.send_sms("+15005550009", "hi").await.unwrap_err();
        assert!(refused.is_connect(), "{refused:?}");
        assert!(!refused.may_have_reached_twilio());
    }
}
