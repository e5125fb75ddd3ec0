//! Accounts as people use them: sign-up with a verified address, login with a second factor,
//! password reset, invitations of staff, sessions, CSRF and the audit log.

use crate::common;

use common::{Browser, PASSWORD, TestApp, hidden_value, location, says, set_cookies, unescape};
use msp::db::instant_text;
use msp::domain::role::{Role, ScopeKind};
use time::{Duration, OffsetDateTime};

mod administration;
mod alerts_join;
mod invitations;
mod login;
mod oidc;
mod passwords;
mod sealed_second_factor;
mod second_factor;
mod sessions;
mod sign_up;

fn now_unix() -> u64 {
    OffsetDateTime::now_utc().unix_timestamp() as u64
}

/// The page with the typed e-mail and the CSRF token blanked, to compare two answers.
fn without(body: &str, typed: &str, csrf: &str) -> String {
    body.replace(typed, "EMAIL").replace(csrf, "CSRF")
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

/// Moves an instant column of every row of a table into the past.
async fn age(app: &TestApp, table: &str, column: &str, by: Duration) {
    let sql = format!("UPDATE {table} SET {column} = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(instant_text(OffsetDateTime::now_utc() - by))
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// Turns the second factor on with the secret the page gave and a code from it.
async fn enrol_second_factor(browser: &Browser, secret: &str, code: &str) -> reqwest::Response {
    let fields = [("secret", secret), ("code", code)];
    browser.post("/compte/double-authentification", &fields).await
}

async fn signed_in_as(browser: &Browser) -> Option<String> {
    let (status, body) = browser.page("/compte").await;
    (status == 200).then_some(body)
}
