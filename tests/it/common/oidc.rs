//! An OpenID provider configured for the tests that need its pages but not its answers (the
//! end-to-end flow runs against a real provider in the browser suite, e2e/journeys/15-*).

use std::sync::Arc;

use super::{Cleanup, TestApp};

/// What a test changes in an instance's state before it serves.
pub type Configure = Option<fn(&mut msp::web::AppState)>;

impl TestApp {
    /// Another instance on the same database, its state changed by `configure` before it
    /// serves (e.g. an OpenID provider configured).
    pub async fn instance_configured(&self, configure: fn(&mut msp::web::AppState)) -> TestApp {
        TestApp::start_with(self.database_url(), Cleanup::Nothing, false, true, Some(configure)).await
    }
}

/// Nothing listens there: a start says the provider does not answer.
pub const ISSUER: &str = "http://127.0.0.1:1";

pub fn settings(issuer: &str) -> msp::config::OidcSettings {
    msp::config::OidcSettings {
        issuer: issuer.to_string(),
        client_id: "msp-tests".into(),
        client_secret: "secret-des-tests".into(),
        name: "ProConnect".into(),
        mfa_acr: Vec::new(),
        link_by_email: false,
        scopes: msp::config::DEFAULT_OIDC_SCOPES.into(),
    }
}

/// ProConnect configured, on an issuer that does not answer.
pub fn unreachable(state: &mut msp::web::AppState) {
    state.oidc = Some(Arc::new(msp::oidc::Provider::new(settings(ISSUER))));
}

/// ProConnect configured on a loopback provider that answers its discovery document only (to
/// every request): a start sends the browser there.
pub fn discovery_only(state: &mut msp::web::AppState) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let document = serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
    })
    .to_string();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 8192];
            let _ = stream.read(&mut request);
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close";
            let _ = write!(stream, "{head}\r\ncontent-length: {}\r\n\r\n{document}", document.len());
        }
    });
    state.oidc = Some(Arc::new(msp::oidc::Provider::new(settings(&issuer))));
}
