//! Establishments' API keys and the API they open (issue 25), on SQLite and PostgreSQL: a
//! recruiter creates a key on its page and sees it once; the establishment's system creates
//! and updates drafts with the editor's validation, reads its fiches and, with the explicit
//! scope, its applications, every read audited; revoked keys, missing scopes, other
//! establishments' resources and too many calls are refused.

mod calls;
mod keys;

use crate::common;

use common::{Browser, TestApp, TestUser};
use msp::domain::fiche::Employer;

/// An establishment, its recruiter signed in on the keys page.
pub(crate) struct Desk {
    pub(crate) app: TestApp,
    pub(crate) employer: Employer,
    pub(crate) recruiter: TestUser,
    pub(crate) browser: Browser,
}

pub(crate) async fn desk(app: TestApp) -> Desk {
    let employer = app.establishment("CH Alpes Test", "Chambéry", "73").await;
    let recruiter = app.recruiter("rh@ch-alpes.test", &employer).await;
    let browser = app.signed_in(&recruiter).await;
    Desk {
        app,
        employer,
        recruiter,
        browser,
    }
}

/// Creates a key with these scopes through the page: the key the page shows once.
pub(crate) async fn create_key(browser: &Browser, label: &str, scopes: &[&str]) -> String {
    let mut fields = vec![("libelle", label)];
    fields.extend(scopes.iter().map(|scope| ("portees", *scope)));
    let response = browser.post("/etablissement/cles-api", &fields).await;
    assert_eq!(response.status(), 201);
    let page = response.text().await.unwrap();
    let start = page.find("value=\"msp_").expect("the key is shown") + "value=\"".len();
    page[start..].split('"').next().unwrap().to_string()
}

/// Sends an API call with this key.
pub(crate) async fn call(
    app: &TestApp, method: reqwest::Method, path: &str, key: &str, body: Option<serde_json::Value>,
) -> (u16, reqwest::header::HeaderMap, serde_json::Value) {
    let mut request = app
        .client
        .request(method, app.url(path))
        .header("authorization", format!("Bearer {key}"));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (status, headers, json)
}

/// How many audit rows carry this action.
pub(crate) async fn audited(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"))
        .await
}
