//! Accounts as people use them: sign-up with a verified address, login with a second factor,
//! password reset, invitations of staff, sessions, CSRF and the audit log.

use crate::common;

use common::{Browser, PASSWORD, TestApp, location};
use msp::db::instant_text;
use msp::domain::role::{Role, ScopeKind};
use time::{Duration, OffsetDateTime};

mod administration;
mod invitations;
mod login;
mod passwords;
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

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
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

/// The value of a hidden field in a page.
fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no field {name}")) + marker.len();
    body[start..].split('"').next().unwrap().to_string()
}

/// Asserts that a response's page contains a text, showing the page when not.
async fn contains(response: reqwest::Response, text: &str) {
    let body = unescape(&response.text().await.unwrap());
    assert!(body.contains(text), "{text:?} not in {body}");
}

/// The page's text as read, for French sentences with apostrophes.
fn unescape(html: &str) -> String {
    html.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

async fn signed_in_as(browser: &Browser) -> Option<String> {
    let (status, body) = browser.page("/compte").await;
    (status == 200).then_some(body)
}
