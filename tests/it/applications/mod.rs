//! Applications and interviews, over HTTP on a fresh database, on SQLite and PostgreSQL: a
//! candidate applies without an account, follows the application, is invited to an interview
//! and receives the decision; a recruiter runs the pipeline; the data are protected and
//! forgotten on time.

mod apply;
mod candidate;
mod outbox;
mod pipeline;
mod recruiter;
mod retention;

use crate::common;

use std::io::Write;

use common::{Browser, TestApp, TestUser, hidden_value, location};
use msp::domain::fiche::Offer;
use msp::domain::role::{Role, ScopeKind};

/// A small but real PDF: what the type check reads is the header.
fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

/// A minimal DOCX: a ZIP with the parts Word writes first.
fn docx(text: &str) -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buffer);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("[Content_Types].xml", stored).unwrap();
    zip.write_all(
        b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
    )
    .unwrap();
    zip.start_file("word/document.xml", stored).unwrap();
    zip.write_all(
        format!("<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>").as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
    buffer.into_inner()
}

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
    let id = employer.id.to_string();
    let recruiter = app
        .user(Role::Recruiter, "rh@ch-alpes.test", &[(ScopeKind::Establishment, &id)])
        .await;
    let colleague = app
        .user(
            Role::Recruiter,
            "cadre@ch-alpes.test",
            &[(ScopeKind::Establishment, &id)],
        )
        .await;
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
        ("suivi", "non"),
        ("consentement", "oui"),
    ]
}

/// Opens the form and sends it as a person would: the form's own keys, both documents.
pub(crate) async fn apply(browser: &Browser, offer: &Offer) -> (u16, String) {
    let (status, form) = browser.page(&format!("/offres/{}/candidater", offer.slug)).await;
    assert_eq!(status, 200);
    let key = hidden_value(&form, "cle");
    let response = browser
        .post_multipart(
            &format!("/offres/{}/candidater", offer.slug),
            &fields(&key),
            &[
                ("cv", "mon-cv.pdf", pdf("CV")),
                ("lettre", "lettre.docx", docx("Lettre")),
            ],
        )
        .await;
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

pub(crate) async fn application_id(app: &TestApp) -> i64 {
    count(app, "SELECT MAX(id) FROM applications").await
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
