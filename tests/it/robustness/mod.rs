//! No input makes a handler fail: each form starts from a request that succeeds, signed in as
//! someone allowed to send it, then changes one field at a time to values at the edges (dates
//! far in the past or future, huge or negative numbers, a megabyte of text, a missing field, a
//! choice the form does not offer). Every answer is a refusal (4xx) or a success (2xx, 3xx):
//! never a 5xx, never a connection dropped by a panicking handler.

use crate::common;

use common::{Browser, TestApp, TestUser, content, hidden_value, location};
use msp::domain::fiche::Employer;
use msp::domain::role::{Role, ScopeKind};
use std::io::Write;

mod application_form;
mod calendar_forms;
mod every_route;
mod fiche_editor_forms;
mod form;
mod funding_forms;
mod interview_form;

use form::{Form, IMPOSSIBLE_DATES, boundary_values, every_field_at_its_boundaries, refused, send};

// --- Documents -------------------------------------------------------------------------------

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\ntrailer << >>\n%%EOF\n").into_bytes()
}

/// A minimal DOCX (stored entries); with `declared` > 0, its body declares that many bytes once
/// inflated, in its local and central headers, as a ZIP bomb does.
fn docx(text: &str, declared: u32) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("[Content_Types].xml", stored).unwrap();
    writer.write_all(b"<Types/>").unwrap();
    writer.start_file("word/document.xml", stored).unwrap();
    writer
        .write_all(
            format!("<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>").as_bytes(),
        )
        .unwrap();
    let mut bytes = writer.finish().unwrap().into_inner();
    if declared > 0 {
        let name = b"word/document.xml";
        for (signature, name_at, size_at) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
            let headers: Vec<usize> = (0..bytes.len() - 4)
                .filter(|&i| &bytes[i..i + 4] == signature)
                .collect();
            for header in headers {
                if bytes[header + name_at..].starts_with(name) {
                    bytes[header + size_at..header + size_at + 4].copy_from_slice(&declared.to_le_bytes());
                }
            }
        }
    }
    bytes
}

// --- The scene -------------------------------------------------------------------------------

struct Scene {
    app: TestApp,
    employer: Employer,
    recruiter: TestUser,
    coordinator: TestUser,
    ars: TestUser,
    candidate: TestUser,
}

/// An establishment in Bobigny (Île-de-France), its recruiter, the CCOMS, the region's ARS and
/// a candidate.
async fn scene(app: TestApp) -> Scene {
    let employer = app.establishment("CH Robuste", "Bobigny", "93").await;
    let recruiter = app
        .user(
            Role::Recruiter,
            "rh@ch-robuste.test",
            &[(ScopeKind::Establishment, &employer.id.to_string())],
        )
        .await;
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    let ars = app
        .user(Role::ArsOfficer, "ars@idf.test", &[(ScopeKind::Region, "11")])
        .await;
    let candidate = app.user(Role::Candidate, "camille@exemple.fr", &[]).await;
    Scene {
        app,
        employer,
        recruiter,
        coordinator,
        ars,
        candidate,
    }
}

fn apply_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("cle", "sera-remplacee"),
        ("nom", "Camille Martin"),
        ("email", "camille@exemple.fr"),
        ("telephone", "06 12 34 56 78"),
        ("commune", "Aix-les-Bains"),
        ("message", "Je serais heureuse d'en parler."),
        ("suivi", "non"),
        ("consentement", "oui"),
        ("vivier", "oui"),
    ]
}

fn apply_form(slug: &str) -> Form {
    let mut form = Form::new(format!("/offres/{slug}/candidater"), &apply_fields());
    form.fresh = Some("cle");
    form.files = vec![
        ("cv", "cv.pdf", pdf("CV")),
        ("lettre", "lettre.docx", docx("Lettre", 0)),
    ];
    form
}

/// A retained candidate, hired through the pipeline's decision: their MSP record.
async fn hired_msp(app: &TestApp, rh: &Browser, employer: &Employer, recruiter: &TestUser) -> i64 {
    let mut tx = app.db.begin().await.unwrap();
    let project = msp::domain::project::NewProject {
        establishment_id: employer.id,
        unit: "Centre médico-psychologique".into(),
        public_served: "Adultes".into(),
        quotite: msp::domain::fiche::Quotite::TempsPlein,
        track: msp::domain::fiche::Track::Bobigny,
        readiness: Default::default(),
    };
    let project_id = msp::db::projects::insert(&mut tx, &project, recruiter.id)
        .await
        .unwrap();
    let fiche_id = msp::db::fiches::insert_draft(&mut tx, employer, &content("Médiateur de santé-pair"), project_id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let now = "2026-11-23T10:00:00Z";
    let application: i64 = sqlx::query_scalar(
        "INSERT INTO applications (fiche_id, establishment_id, status, full_name, email, phone, town, message, \
         followed_by_service, talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, 'retenue', 'Camille Martin', $3, '', 'Paris', '', \
         'non', 0, $4, 'v', $3, $3, $4, $4, $4) RETURNING id",
    )
    .bind(fiche_id)
    .bind(employer.id)
    .bind("msp@exemple.fr")
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let (_, detail) = rh.page(&format!("/candidatures/{application}")).await;
    let version = hidden_value(&detail, "version");
    let response = rh
        .post(
            &format!("/candidatures/{application}/etat"),
            &[
                ("version", &version),
                ("etat", "embauchee"),
                ("motif", ""),
                ("objet", "Décision"),
                ("corps", "Bonjour {nom}, bienvenue dans l'équipe."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "hired");
    sqlx::query_scalar("SELECT id FROM msp_records WHERE application_id = $1")
        .bind(application)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn max_id(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT MAX(id) FROM {table}")))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}
