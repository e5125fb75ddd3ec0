//! Requests this server makes to others: the OpenID provider (discovery, keys, tokens) and the
//! establishments' webhooks. One HTTP client, over rustls with the `ring` provider.

use std::sync::Once;
use std::time::Duration;

/// rustls needs a process-wide crypto provider when reqwest is built without its own
/// (`rustls-no-provider`): `ring`, already used for mail.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err only when another provider was installed first, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A client that gives up after `timeout` and follows no redirect (an answer elsewhere than
/// the configured address is not the answer asked for).
pub fn client(timeout: Duration) -> reqwest::Client {
    builder(timeout).build().expect("the TLS configuration is static")
}

/// The same client's settings, for a caller that adds its own (a webhook pins the addresses it
/// checked, so that the name cannot resolve elsewhere between the check and the connection).
pub fn builder(timeout: Duration) -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("msp/", env!("CARGO_PKG_VERSION")))
}
