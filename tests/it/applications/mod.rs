//! Applications and interviews, over HTTP on a fresh database, on SQLite and PostgreSQL: a
//! candidate applies without an account, follows the application, is invited to an interview
//! and receives the decision; a recruiter runs the pipeline; the data are protected and
//! forgotten on time.

mod apply;
mod candidate;
mod hiring;
mod notifications;
mod outbox;
mod pipeline;
mod recruiter;
mod retention;
mod stored_documents;

use crate::common;

use common::{Browser, TestApp, TestUser, docx, hidden_value, location, pairs, pdf_file};
use msp::domain::fiche::Offer;
use msp::domain::role::{Role, ScopeKind};

pub(crate) struct Scene {
    pub(crate) app: TestApp,
    pub(crate) offer: Offer,
    pub(crate) recruiter: TestUser,
    pub(crate) colleague: TestUser,
    pub(crate) coordinator: TestUser,
}

pub(crate) async fn scene(app: TestApp) -> Scene {
    let employer = app.establishment("CH Alpes Test", "Chambéry", "73").await;
    let offer = app
        .publish(&employer, "Médiateur de santé-pair en réhabilitation", 2)
        .await;
    let recruiter = app.recruiter("rh@ch-alpes.test", &employer).await;
    let colleague = app.recruiter("cadre@ch-alpes.test", &employer).await;
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    Scene {
        app,
        offer,
        recruiter,
        colleague,
        coordinator,
    }
}

pub(crate) const CANDIDATE: &str = "camille.candidate@exemple.fr";

fn fields(key: &str) -> Vec<(&str, &str)> {
    vec![
        ("cle", key),
        ("nom", "Camille Martin"),
        ("email", CANDIDATE),
        ("telephone", "06 12 34 56 78"),
        ("commune", "Aix-les-Bains"),
        ("message", "Je serais heureuse d'en parler."),
        ("consentement", "oui"),
    ]
}

/// Opens the form and sends it as a person would: the form's own keys, both documents.
pub(crate) async fn apply(browser: &Browser, offer: &Offer) -> (u16, String) {
    let response = apply_with(browser, offer, &[]).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The candidate, with an account and signed in, applies: their account, their browser and the
/// confirmation's page.
async fn applies_signed_in(app: &TestApp, offer: &Offer) -> (TestUser, Browser, String) {
    let candidate = app.user(Role::Candidate, CANDIDATE, &[]).await;
    let browser = app.signed_in(&candidate).await;
    let (status, body) = apply(&browser, offer).await;
    assert_eq!(status, 200, "{body}");
    (candidate, browser, body)
}

/// Opens the form and sends it with both documents, these fields changed or added.
async fn apply_with(browser: &Browser, offer: &Offer, changes: &[(&str, &str)]) -> reqwest::Response {
    let path = format!("/offres/{}/candidater", offer.slug);
    let (status, form) = browser.page(&path).await;
    assert_eq!(status, 200);
    let key = hidden_value(&form, "cle");
    let mut typed = fields(&key);
    typed.retain(|(name, _)| !changes.iter().any(|(changed, _)| changed == name));
    typed.extend_from_slice(changes);
    let files = [
        ("cv", "mon-cv.pdf", pdf_file("CV")),
        ("lettre", "lettre.docx", docx("Lettre")),
    ];
    browser.post_multipart(&path, &typed, &files).await
}

/// The candidate's application to the offer, moved straight to pre-selection: its id.
pub(crate) async fn preselected_application(app: &TestApp, offer: &Offer) -> i64 {
    apply(&app.browser(), offer).await;
    app.exec(sqlx::query("UPDATE applications SET status = 'preselectionnee'"))
        .await;
    application_id(app).await
}

/// Every application refused 91 days ago, a day past the time refused ones are kept.
async fn refused_91_days_ago(app: &TestApp) {
    let ended = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(91));
    app.exec(
        sqlx::query("UPDATE applications SET status = 'non_retenue', ended_at = $1, last_contact_at = $1").bind(ended),
    )
    .await;
}

/// Runs the retention job as the server does, at that instant.
async fn retention(app: &TestApp, at: time::OffsetDateTime) -> msp::retention::Report {
    let policy = msp::domain::application::RetentionPolicy::default();
    msp::retention::run(&app.db, &policy, at, "http://test").await.unwrap()
}

pub(crate) async fn application_id(app: &TestApp) -> i64 {
    app.scalar("SELECT MAX(id) FROM applications").await
}

/// Everything a table shaped like the outbox holds, as one text: addresses, subjects, bodies,
/// errors, and the sealed payloads' bytes read as text, to search for what must not be there.
async fn outbox_contents(app: &TestApp, table: &str) -> String {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<Vec<u8>>,
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT recipient, subject, body_text, body_html, attachment_body, list_unsubscribe, last_error, sealed \
         FROM {table} ORDER BY id"
    )))
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(to, subject, text, html, attachment, unsubscribe, error, sealed)| {
            format!(
                "{to} | {subject} | {text} | {html} | {attachment} | {unsubscribe:?} | {error:?} | {}",
                String::from_utf8_lossy(&sealed.unwrap_or_default())
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A message about someone, queued like any other, that the worker will not send during the
/// test: what erasure must find among messages not yet sent.
async fn held_message(app: &TestApp, concerns: msp::db::outbox::Concerns, text: &str) {
    let mut tx = app.db.begin().await.unwrap();
    let id = msp::db::outbox::enqueue(
        &mut tx,
        app.db.documents().unwrap(),
        msp::db::outbox::NewMessage {
            kind: "essai",
            concerns,
            recipient: CANDIDATE,
            subject: "Camille Martin",
            body_text: text,
            body_html: text,
            attachment: None,
            list_unsubscribe: None,
            reply_to: None,
        },
    )
    .await
    .unwrap();
    sqlx::query("UPDATE mail_outbox SET next_attempt_at = '9999-12-31T00:00:00Z' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
