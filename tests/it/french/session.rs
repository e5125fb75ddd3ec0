//! The session's warning: hidden on a page sent early in the session, shown on one sent in its
//! last five minutes, with the time of its end in Paris time.

use crate::common;

use common::TestApp;
use msp::db::instant_text;
use msp::domain::role::Role;
use time::{Duration, OffsetDateTime};

/// The `<aside id="session" …>` opening tag of a page.
fn session_bar(page: &str) -> &str {
    let start = page
        .find("<aside class=\"session-bar")
        .expect("a staff page has the session's bar");
    &page[start..start + page[start..].find('>').unwrap()]
}

on_both_backends!(the_session_warning_shows_only_when_the_session_is_about_to_end);
async fn the_session_warning_shows_only_when_the_session_is_about_to_end(app: TestApp) {
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    let browser = app.signed_in(&coordinator).await;
    let (status, fresh) = browser.page("/compte").await;
    assert_eq!(status, 200);
    assert!(session_bar(&fresh).ends_with(" hidden"), "{}", session_bar(&fresh));

    // Twelve hours is the longest a coordinator's session lasts: three minutes are left.
    let started = OffsetDateTime::now_utc() - Duration::hours(12) + Duration::minutes(3);
    app.exec(sqlx::query("UPDATE sessions SET created_at = $1").bind(instant_text(started)))
        .await;
    let (status, late) = browser.page("/compte").await;
    assert_eq!(status, 200);
    let bar = session_bar(&late);
    assert!(!bar.contains("hidden"), "{bar}");
    let end = msp::domain::calendar::in_paris(started + Duration::hours(12));
    let paris = format!("vers {} h {:02}", end.hour(), end.minute());
    assert!(late.contains(&paris), "{paris} in {late}");
}
