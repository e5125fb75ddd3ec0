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
