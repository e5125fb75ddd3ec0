//! Each role's home after sign-in (`/espace`): what waits for them, within their scope and
//! nobody else's, and the header's links to their main places.

use crate::common;

use common::{Browser, TestApp, content, location};
use msp::domain::fiche::{Employer, FicheStatus};
use msp::domain::role::{Role, ScopeKind};
use time::{Duration, OffsetDateTime};

mod crawl;
mod demo_homes;
mod navigation;
mod queues;

/// An application in `status` to an offer, stored as the form would: its id. The name is a
/// candidate's, which no home may show.
async fn store_application(app: &TestApp, fiche: i64, establishment: i64, status: &str, key: &str) -> i64 {
    let now = "2026-11-23T10:00:00Z";
    sqlx::query_scalar(
        "INSERT INTO applications (fiche_id, establishment_id, status, full_name, email, phone, town, message, \
         talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, $3, 'Dominique Secret', $4, '', 'Paris', '', \
         0, $5, 'v', $4, $4, $5, $5, $5) RETURNING id",
    )
    .bind(fiche)
    .bind(establishment)
    .bind(status)
    .bind(format!("{key}@exemple.fr"))
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// An interview of an application at `starts`.
async fn store_interview(app: &TestApp, application: i64, starts: OffsetDateTime) {
    let uid = format!("entretien-{application}-{}@test", starts.unix_timestamp());
    sqlx::query(
        "INSERT INTO interviews (application_id, uid, starts_at, duration_minutes, place, video_url, created_at) \
         VALUES ($1, $2, $3, 45, 'Salle 2', '', $3)",
    )
    .bind(application)
    .bind(uid)
    .bind(msp::db::instant_text(starts))
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// The page's text from its first heading on, without the header.
async fn home_of(browser: &Browser) -> String {
    let (status, page) = browser.page("/espace").await;
    assert_eq!(status, 200, "{page}");
    page.split("<main").nth(1).expect("a main element").to_string()
}

/// Two establishments in Auvergne-Rhône-Alpes and in Brittany.
async fn two_establishments(app: &TestApp) -> (Employer, Employer) {
    (
        app.establishment("CH Les Tilleuls", "Lyon", "69").await,
        app.establishment("CH Les Peupliers", "Brest", "29").await,
    )
}
