//! No input makes a handler fail: each form starts from a request that succeeds, signed in as
//! someone allowed to send it, then changes one field at a time to values at the edges (dates
//! far in the past or future, huge or negative numbers, a megabyte of text, a missing field, a
//! choice the form does not offer). Every answer is a refusal (4xx) or a success (2xx, 3xx):
//! never a 5xx, never a connection dropped by a panicking handler.

use crate::common;

use common::{Browser, TestApp, TestUser, content, docx, hidden_value, inflating, location, pairs, pdf_file};
use msp::domain::fiche::{Employer, Offer};
use msp::domain::role::{Role, ScopeKind};

mod application_form;
mod calendar_forms;
mod every_route;
mod fiche_editor_forms;
mod form;
mod funding_forms;
mod interview_form;

use form::{Form, IMPOSSIBLE_DATES, boundary_values, every_field_at_its_boundaries, refused, send};

/// A letter that declares a gigabyte once inflated, as a ZIP bomb does.
fn inflated_docx(text: &str) -> Vec<u8> {
    inflating(docx(text), "word/document.xml", 1 << 30)
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
    let recruiter = app.recruiter("rh@ch-robuste.test", &employer).await;
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

/// The scene, with an open offer of the establishment.
async fn scene_with_an_offer(app: TestApp) -> (Scene, Offer) {
    let scene = scene(app).await;
    let offer = scene.app.publish(&scene.employer, "Médiateur de santé-pair", 2).await;
    (scene, offer)
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

/// Opens an offer's application form: its path, and its fields with the key the form gave.
async fn open_application_form(browser: &Browser, offer: &Offer) -> (String, Vec<(&'static str, String)>) {
    let path = format!("/offres/{}/candidater", offer.slug);
    let (_, page) = browser.page(&path).await;
    let key = hidden_value(&page, "cle");
    let mut fields: Vec<(&'static str, String)> = apply_fields()
        .into_iter()
        .filter(|(name, _)| *name != "cle")
        .map(|(name, value)| (name, value.to_string()))
        .collect();
    fields.push(("cle", key));
    (path, fields)
}

fn apply_form(slug: &str) -> Form {
    let mut form = Form::new(format!("/offres/{slug}/candidater"), &apply_fields());
    form.fresh = Some("cle");
    form.files = vec![
        ("cv", "cv.pdf", pdf_file("CV")),
        ("lettre", "lettre.docx", docx("Lettre")),
    ];
    form
}

/// A retained candidate, hired through the pipeline's decision: their MSP record, not enrolled
/// (the fiche names no licence), for the CCOMS's enrolment form.
async fn hired_msp(app: &TestApp, rh: &Browser, employer: &Employer, recruiter: &TestUser) -> i64 {
    let mut tx = app.db.begin().await.unwrap();
    let fiche = msp::domain::fiche::FicheContent {
        track: None,
        ..content("Médiateur de santé-pair")
    };
    let (_, fiche) = common::store_draft(&mut tx, employer, recruiter.id, &fiche).await;
    tx.commit().await.unwrap();
    app.hire(rh, fiche, employer.id, "msp@exemple.fr").await
}

async fn max_id(app: &TestApp, table: &str) -> i64 {
    app.scalar(&format!("SELECT MAX(id) FROM {table}")).await
}

async fn count(app: &TestApp, table: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await
}
