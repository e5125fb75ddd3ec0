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

on_both_backends!(
    the_application_form_refuses_or_accepts_every_boundary_value,
    a_refused_application_keeps_both_documents_without_a_server_error,
    a_document_that_would_inflate_absurdly_is_refused_next_to_its_field,
    the_calendar_and_enrolment_forms_refuse_or_accept_every_boundary_value,
    the_funding_forms_refuse_or_accept_every_boundary_value,
    the_project_and_fiche_editor_forms_refuse_or_accept_every_boundary_value,
    the_interview_form_refuses_or_accepts_every_boundary_value,
    every_route_answers_boundary_values_in_every_field_without_a_server_error,
);

/// Values at the edges of what a field may receive, each with what it is.
fn boundary_values() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("blank", "   ".into()),
        ("a far ISO date", "9999-12-31".into()),
        ("a far French date", "31/12/9999".into()),
        ("a negative year", "-2027-01-01".into()),
        ("year zero", "0000-01-01".into()),
        ("a huge number", "99999999999999999999".into()),
        ("minus one", "-1".into()),
        ("zero", "0".into()),
        ("past u32", "4294967296".into()),
        ("an unexpected choice", "choix-inattendu".into()),
        ("control characters", "\u{b}\u{c}\u{7f}".into()),
        ("a NUL character", "avant\u{0}après".into()),
        ("one megabyte", "x".repeat(1 << 20)),
    ]
}

/// A form as a page sends it.
struct Form {
    path: String,
    /// A request that succeeds; a name may repeat, as lists and checkboxes do.
    fields: Vec<(&'static str, String)>,
    /// The page whose hidden `version` the form carries: read again after each success, so that
    /// each try reaches the checks of its field rather than the stale-version refusal.
    version_of: Option<String>,
    /// The version last read, until a try succeeds (a refused try changes nothing).
    version: std::cell::RefCell<Option<String>>,
    /// A field that must be new on each try (the application form's submission key).
    fresh: Option<&'static str>,
    /// Files, for a multipart form.
    files: Vec<(&'static str, &'static str, Vec<u8>)>,
}

impl Form {
    fn new(path: impl Into<String>, fields: &[(&'static str, &str)]) -> Form {
        Form {
            path: path.into(),
            fields: fields.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            version_of: None,
            version: std::cell::RefCell::new(None),
            fresh: None,
            files: Vec::new(),
        }
    }

    fn versioned(mut self, page: impl Into<String>) -> Form {
        self.version_of = Some(page.into());
        self
    }
}

/// Sends the form with these fields (and files); `varied` is the field under test, left as is.
async fn send(
    browser: &Browser, form: &Form, fields: &[(&'static str, String)], files: &[(&'static str, &'static str, Vec<u8>)],
    varied: Option<&str>,
) -> u16 {
    let mut fields = fields.to_vec();
    if let Some(page) = &form.version_of
        && varied != Some("version")
    {
        let known = form.version.borrow().clone();
        let version = match known {
            Some(version) => version,
            None => hidden_value(&browser.page(page).await.1, "version"),
        };
        *form.version.borrow_mut() = Some(version.clone());
        for (name, value) in fields.iter_mut() {
            if *name == "version" {
                *value = version.clone();
            }
        }
    }
    if let Some(fresh) = form.fresh
        && varied != Some(fresh)
    {
        for (name, value) in fields.iter_mut() {
            if *name == fresh {
                *value = msp::secrets::random_token();
            }
        }
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = if form.files.is_empty() {
        browser.post(&form.path, &pairs).await
    } else {
        browser.post_multipart(&form.path, &pairs, files).await
    };
    let status = response.status().as_u16();
    if status < 400 {
        form.version.take();
    }
    status
}

/// The form as it succeeds, then each field missing and at each boundary value, one at a time:
/// every answer a refusal or a success.
async fn every_field_at_its_boundaries(browser: &Browser, form: &Form) {
    let status = send(browser, form, &form.fields, &form.files, None).await;
    assert!(
        (200..400).contains(&status),
        "{} must succeed as sent first, got {status}",
        form.path
    );
    let mut names: Vec<&'static str> = form.fields.iter().map(|(name, _)| *name).collect();
    names.dedup();
    for name in names {
        let mut tries: Vec<(String, Vec<(&'static str, String)>)> = vec![(
            "missing".into(),
            form.fields.iter().filter(|(n, _)| *n != name).cloned().collect(),
        )];
        for (label, value) in boundary_values() {
            let fields = form
                .fields
                .iter()
                .map(|(n, v)| (*n, if *n == name { value.clone() } else { v.clone() }))
                .collect();
            tries.push((label.to_string(), fields));
        }
        for (label, fields) in tries {
            // Printed first, so that a dropped connection says which try it was.
            eprintln!("{} with {name} {label}", form.path);
            let status = send(browser, form, &fields, &form.files, Some(name)).await;
            assert!(status < 500, "{} with {name} {label} answered {status}", form.path);
        }
    }
}

/// The form with one field at a value that must be refused (4xx).
async fn refused(browser: &Browser, form: &Form, name: &str, value: &str) {
    let fields: Vec<(&'static str, String)> = form
        .fields
        .iter()
        .map(|(n, v)| (*n, if *n == name { value.to_string() } else { v.clone() }))
        .collect();
    let status = send(browser, form, &fields, &form.files, Some(name)).await;
    assert!(
        (400..500).contains(&status),
        "{} with {name} = {value:?} must be refused, got {status}",
        form.path
    );
}

/// The dates no form may accept.
const IMPOSSIBLE_DATES: [&str; 5] = ["9999-12-31", "31/12/9999", "-2027-01-01", "0000-01-01", "1899-12-31"];

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

// --- The scenarios ---------------------------------------------------------------------------

async fn the_application_form_refuses_or_accepts_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let offer = app.publish(&scene.employer, "Médiateur de santé-pair", 2).await;
    let candidate = app.signed_in(&scene.candidate).await;
    let form = apply_form(&offer.slug);
    every_field_at_its_boundaries(&candidate, &form).await;

    // The documents too: each missing, empty, an executable, a bomb, both at once.
    let anonymous = app.browser();
    let fields: Vec<(&'static str, String)> = form.fields.clone();
    let (cv, letter) = (form.files[0].clone(), form.files[1].clone());
    let program = ("cv", "cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00".to_vec());
    let bomb = ("lettre", "lettre.docx", docx("Lettre", 1 << 30));
    for files in [
        vec![],
        vec![cv.clone()],
        vec![letter.clone()],
        vec![("cv", "cv.pdf", Vec::new()), letter.clone()],
        vec![program.clone(), letter.clone()],
        vec![cv.clone(), bomb.clone()],
        vec![program, bomb],
    ] {
        for browser in [&candidate, &anonymous] {
            let status = send(browser, &form, &fields, &files, None).await;
            assert_eq!(status, 422, "{:?}", files.iter().map(|f| f.0).collect::<Vec<_>>());
        }
    }
}

async fn a_refused_application_keeps_both_documents_without_a_server_error(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let offer = app.publish(&scene.employer, "Médiateur de santé-pair", 2).await;
    let browser = app.browser();
    let path = format!("/offres/{}/candidater", offer.slug);
    let (_, page) = browser.page(&path).await;
    let key = hidden_value(&page, "cle");
    let mut without_follow_up: Vec<(&str, &str)> = apply_fields();
    without_follow_up.retain(|(name, _)| *name != "suivi" && *name != "cle");
    without_follow_up.push(("cle", &key));
    let files = || {
        vec![
            ("cv", "mon-cv.pdf", pdf("CV")),
            ("lettre", "ma-lettre.docx", docx("Lettre", 0)),
        ]
    };

    // Both documents attached, one field missing: the form comes back with both kept.
    let response = browser.post_multipart(&path, &without_follow_up, &files()).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Fichier reçu et gardé : mon-cv.pdf"), "{page}");
    assert!(page.contains("Fichier reçu et gardé : ma-lettre.docx"), "{page}");
    assert_eq!(count(app, "upload_drafts").await, 2);

    // Refused again with both documents sent anew under the same token: each kept once, the newer.
    let pieces = hidden_value(&page, "pieces");
    let mut again = without_follow_up.clone();
    again.push(("pieces", &pieces));
    let newer = vec![
        ("cv", "cv-2.pdf", pdf("CV 2")),
        ("lettre", "lettre-2.docx", docx("Lettre 2", 0)),
    ];
    let response = browser.post_multipart(&path, &again, &newer).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Fichier reçu et gardé : cv-2.pdf"), "{page}");
    assert!(page.contains("Fichier reçu et gardé : lettre-2.docx"), "{page}");
    assert_eq!(count(app, "upload_drafts").await, 2);

    // Completed without sending the files again: the kept ones make the application.
    let mut complete = again.clone();
    complete.push(("suivi", "non"));
    let response = browser.post_multipart(&path, &complete, &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(count(app, "application_documents").await, 2);
    assert_eq!(count(app, "upload_drafts").await, 0);
    let names: Vec<String> = sqlx::query_scalar("SELECT filename FROM application_documents ORDER BY kind")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(names, ["cv-2.pdf", "lettre-2.docx"]);
}

async fn a_document_that_would_inflate_absurdly_is_refused_next_to_its_field(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let offer = app.publish(&scene.employer, "Médiateur de santé-pair", 2).await;
    let browser = app.browser();
    let path = format!("/offres/{}/candidater", offer.slug);
    let (_, page) = browser.page(&path).await;
    let key = hidden_value(&page, "cle");
    let mut fields = apply_fields();
    fields.retain(|(name, _)| *name != "cle");
    fields.push(("cle", &key));
    let response = browser
        .post_multipart(
            &path,
            &fields,
            &[
                ("cv", "cv.pdf", pdf("CV")),
                ("lettre", "lettre.docx", docx("Lettre", 1 << 30)),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap().replace("&#39;", "'");
    assert!(
        page.contains("Lettre de motivation : Ce document annonce un contenu anormalement volumineux"),
        "{page}"
    );
    assert_eq!(count(app, "applications").await, 0);
    assert_eq!(count(app, "application_documents").await, 0);
}

async fn the_calendar_and_enrolment_forms_refuse_or_accept_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let ccoms = app.signed_in(&scene.coordinator).await;
    let rh = app.signed_in(&scene.recruiter).await;

    // A cohort created, then edited.
    let create = Form::new("/promotions", &[("parcours", "bobigny"), ("annee", "2027")]);
    every_field_at_its_boundaries(&ccoms, &create).await;
    refused(&ccoms, &create, "annee", "9999").await;
    refused(&ccoms, &create, "annee", "-2027").await;
    let response = ccoms
        .post("/promotions", &[("parcours", "bordeaux"), ("annee", "2027")])
        .await;
    let cohort = location(&response);
    let edit = Form::new(
        cohort.clone(),
        &[
            ("version", ""),
            ("recruitment_opens", "2026-09-01"),
            ("recruitment_closes", "2026-12-05"),
            ("registration_closes", "2027-01-08"),
            ("job_starts", "18/01/2027"),
            ("training_weeks", "2027-02-01\n2027-03-01\n2027-04-05"),
            ("capacity", "30"),
        ],
    )
    .versioned(cohort.clone());
    every_field_at_its_boundaries(&ccoms, &edit).await;
    for date in IMPOSSIBLE_DATES {
        refused(&ccoms, &edit, "registration_closes", date).await;
        refused(&ccoms, &edit, "training_weeks", date).await;
    }

    // A project aims at a cohort.
    let response = rh
        .post(
            "/projets/nouveau",
            &[
                ("etablissement", &scene.employer.id.to_string()),
                ("unit", "Centre de réhabilitation"),
                ("public_served", "Adultes"),
                ("quotite", "temps_plein"),
                ("parcours", "bobigny"),
            ],
        )
        .await;
    let project = location(&response);
    let target = Form::new(
        format!("{project}/retroplanning"),
        &[("parcours", "bobigny"), ("annee", "2027")],
    );
    every_field_at_its_boundaries(&rh, &target).await;
    refused(&rh, &target, "annee", "99999999999999999999").await;

    // A hired MSP enrolled, moved, arriving, followed.
    let record = hired_msp(app, &rh, &scene.employer, &scene.recruiter).await;
    let cohort_id = cohort.rsplit('/').next().unwrap().to_string();
    let enrol = Form::new(
        "/inscriptions",
        &[("msp", &record.to_string()), ("promotion", &cohort_id), ("bac2", "oui")],
    );
    every_field_at_its_boundaries(&ccoms, &enrol).await;
    let enrolment = format!("/inscriptions/{}", max_id(app, "enrolments").await);
    let arrival = Form::new(format!("{enrolment}/arrivee"), &[("arrivee", "01/02/2027")]);
    every_field_at_its_boundaries(&rh, &arrival).await;
    for date in IMPOSSIBLE_DATES {
        refused(&rh, &arrival, "arrivee", date).await;
    }
    let milestone = Form::new(format!("{enrolment}/etapes"), &[("etape", "suivi_3_mois")]);
    every_field_at_its_boundaries(&rh, &milestone).await;
    let journal = Form::new(
        format!("{enrolment}/journal"),
        &[("texte", "Première semaine en binôme.")],
    );
    every_field_at_its_boundaries(&rh, &journal).await;
    let moved = Form::new(format!("{enrolment}/etat"), &[("version", ""), ("etat", "inscrite")]).versioned(enrolment);
    every_field_at_its_boundaries(&ccoms, &moved).await;
}

async fn the_funding_forms_refuse_or_accept_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let ars = app.signed_in(&scene.ars).await;
    let rh = app.signed_in(&scene.recruiter).await;
    let today = msp::domain::calendar::paris_today();
    let (opens, closes) = (today.to_string(), (today + time::Duration::days(30)).to_string());
    let year = today.year().to_string();
    let call = Form::new(
        "/appels/nouveau",
        &[
            ("title", "Création de postes de MSP"),
            ("description", "Huit postes pour la région."),
            ("posts", "2"),
            ("amount", "45 000"),
            ("years", "2"),
            ("first_year", &year),
            ("opens_on", &opens),
            ("closes_on", &closes),
            ("documents", "Fiche de poste\nBudget prévisionnel"),
        ],
    );
    every_field_at_its_boundaries(&ars, &call).await;
    for date in IMPOSSIBLE_DATES {
        refused(&ars, &call, "opens_on", date).await;
        refused(&ars, &call, "closes_on", date).await;
    }

    // The establishment's request on the first call.
    let call_path = format!("/appels/{}", max_id(app, "funding_calls").await);
    let response = rh
        .post(
            "/projets/nouveau",
            &[
                ("etablissement", &scene.employer.id.to_string()),
                ("unit", "Centre de réhabilitation"),
                ("public_served", "Adultes"),
                ("quotite", "temps_plein"),
                ("parcours", "bobigny"),
            ],
        )
        .await;
    let project = location(&response).trim_start_matches("/projets/").to_string();
    let request = Form::new(
        format!("{call_path}/demandes"),
        &[("projet", &project), ("summary", "Un poste à temps plein.")],
    );
    every_field_at_its_boundaries(&rh, &request).await;
}

async fn the_project_and_fiche_editor_forms_refuse_or_accept_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let rh = app.signed_in(&scene.recruiter).await;
    let new_project = Form::new(
        "/projets/nouveau",
        &[
            ("etablissement", &scene.employer.id.to_string()),
            ("unit", "Centre de réhabilitation"),
            ("public_served", "Adultes présentant des troubles psychotiques"),
            ("quotite", "mi_temps"),
            ("parcours", "bordeaux"),
            ("why_now", "Le projet de service mise sur le rétablissement."),
            ("team_wants", "Oui, toute l'équipe."),
        ],
    );
    every_field_at_its_boundaries(&rh, &new_project).await;
    let project = format!("/projets/{}", max_id(app, "post_projects").await);
    let moved = Form::new(
        format!("{project}/etape"),
        &[("etat", "accompagnement"), ("version", "")],
    )
    .versioned(project.clone());
    every_field_at_its_boundaries(&rh, &moved).await;
    let response = rh.post(&format!("{project}/fiche"), &[]).await;
    let editor = location(&response);
    assert!(editor.ends_with("/modifier"), "{editor}");

    let deadline = (msp::domain::calendar::paris_today() + time::Duration::days(30)).to_string();
    for (step, fields) in fiche_steps(&deadline) {
        let step_text = step.to_string();
        let mut all = vec![("etape", step_text.as_str()), ("version", ""), ("suite", "rester")];
        all.extend(fields);
        let form = Form::new(editor.clone(), &all).versioned(format!("{editor}?etape={step}"));
        every_field_at_its_boundaries(&rh, &form).await;
        if step == 4 {
            refused(&rh, &form, "techniques", &"Animer un groupe\n".repeat(1000)).await;
            refused(&rh, &form, "adaptation", &"x".repeat(1 << 20)).await;
        }
        if step == 6 {
            for date in IMPOSSIBLE_DATES {
                refused(&rh, &form, "deadline", date).await;
                refused(&rh, &form, "start_date", date).await;
            }
        }
    }
}

/// The fiche editor's six steps, each with valid values for every field.
fn fiche_steps(deadline: &str) -> [(u8, Vec<(&'static str, &str)>); 6] {
    [
        (
            1,
            vec![
                ("title", "Médiateur de santé-pair"),
                ("quotite", "temps_plein"),
                ("quotite_percent", "100"),
                ("quotite_adaptable", "oui"),
                ("grade", "Animateur"),
                ("pay_index", "376"),
                ("versant", ""),
                ("nature", ""),
                ("category", "B"),
                ("corps", ""),
                ("vacant_from", "01/03/2027"),
            ],
        ),
        (
            2,
            vec![
                ("pole", "Pôle de psychiatrie adulte"),
                ("service", "Réhabilitation psychosociale"),
                ("unit", "Centre de réhabilitation"),
                ("place", "Bobigny"),
                ("context", "Le centre accompagne des adultes."),
                ("public_served", "Adultes"),
            ],
        ),
        (
            3,
            vec![
                ("groupe_titre", "Auprès des personnes"),
                (
                    "groupe_missions",
                    "Soutenir le rétablissement\nAccompagner vers le logement",
                ),
                ("groupe_titre", ""),
                ("groupe_missions", ""),
            ],
        ),
        (
            4,
            vec![
                ("techniques", "Animer un groupe"),
                ("experientielles", "Savoir partager son expérience du rétablissement"),
                ("organisationnelles", "Travailler en équipe"),
                ("adaptation", "S'adapter aux situations"),
            ],
        ),
        (
            5,
            vec![
                ("diploma", "Bac+2"),
                ("training", "Licence à Bobigny, financée par l'établissement."),
                ("parcours", "bobigny"),
            ],
        ),
        (
            6,
            vec![
                ("how_to_apply", "Lettre de motivation et CV."),
                ("apply_email", "recrutement@ch-robuste.test"),
                ("contact_nom", "Camille Exemple"),
                ("contact_fonction", "Cadre de santé"),
                ("contact_telephone", "01 00 00 00 00"),
                ("contact_email", ""),
                ("deadline", &deadline),
                ("start_date", "2027-02-01"),
                ("start_note", "dès que possible"),
            ],
        ),
    ]
}

async fn the_interview_form_refuses_or_accepts_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let offer = app.publish(&scene.employer, "Médiateur de santé-pair", 2).await;
    let form = apply_form(&offer.slug);
    let status = send(&app.browser(), &form, &form.fields, &form.files, None).await;
    assert_eq!(status, 200);
    let application = max_id(app, "applications").await;
    sqlx::query("UPDATE applications SET status = 'preselectionnee'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let rh = app.signed_in(&scene.recruiter).await;
    let schedule = Form::new(
        format!("/candidatures/{application}/entretiens"),
        &[
            ("date", "15/01/2099"),
            ("heure", "14:30"),
            ("duree", "60"),
            ("lieu", "Bâtiment B, salle 2"),
            ("visio", "https://visio.example/salle"),
            ("panel", &scene.recruiter.id.to_string()),
            ("ccoms", &scene.coordinator.id.to_string()),
        ],
    );
    every_field_at_its_boundaries(&rh, &schedule).await;
    for date in IMPOSSIBLE_DATES {
        refused(&rh, &schedule, "date", date).await;
    }
    let interview = max_id(app, "interviews").await;
    let mut reschedule = schedule;
    reschedule.path = format!("/entretiens/{interview}/modifier");
    every_field_at_its_boundaries(&rh, &reschedule).await;
}

/// Every field name the pages' forms send, read from the templates: the `name` attributes and
/// the fields of the `input` and `textarea` macros.
fn form_field_names() -> Vec<String> {
    fn walk(dir: &std::path::Path, names: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, names);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in ["name=\"", "input(errors, \"", "textarea(errors, \""] {
                for (at, _) in text.match_indices(marker) {
                    let rest = &text[at + marker.len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    if !name.is_empty() && rest[name.len()..].starts_with('"') && !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
    }
    let mut names = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut names,
    );
    names.retain(|n| n != "_csrf" && n != "viewport");
    names
}

/// Beyond the forms above, one by one: every state-changing route of the route table, signed in
/// as a role it lets through, with a valid token, receives each boundary value in every field
/// any page sends at once (a megabyte becomes 16 KB per field, to stay under the form limit).
async fn every_route_answers_boundary_values_in_every_field_without_a_server_error(app: TestApp) {
    app.load_demo().await;
    let names = form_field_names();
    assert!(names.len() > 60, "{names:?}");
    let mut users = Vec::new();
    for role in Role::ALL {
        let scopes: Vec<(ScopeKind, &str)> = match role {
            Role::Recruiter => vec![(ScopeKind::Establishment, "1")],
            _ => vec![],
        };
        users.push((
            role,
            app.user(role, &format!("{}@bornes.test", role.as_str()), &scopes).await,
        ));
    }
    let routes = msp::web::route_table();
    let rules = msp::web::csrf_table();
    let mut tried = 0;
    for ((method, path, access), (_, _, rule)) in routes.iter().zip(&rules) {
        if *rule != msp::web::csrf::Csrf::Checked {
            continue;
        }
        // The national coordinator where allowed: the others' scopes would stop most requests
        // before their fields are read.
        let role = match access {
            msp::web::Access::Public => None,
            msp::web::Access::SignedIn | msp::web::Access::Enrolment => Some(Role::Candidate),
            msp::web::Access::SecondFactorStep => Some(Role::Recruiter),
            msp::web::Access::Can(action) => [Role::Coordinator]
                .into_iter()
                .chain(Role::ALL)
                .find(|role| msp::domain::policy::permits(*role, *action)),
        };
        let url = app.url(
            &path
                .split('/')
                .map(|segment| if segment.starts_with('{') { "1" } else { segment })
                .collect::<Vec<_>>()
                .join("/"),
        );
        for (what, value) in boundary_values() {
            let value = if value.len() > 16 * 1024 {
                "x".repeat(16 * 1024)
            } else {
                value
            };
            let cookie_token = "b".repeat(64);
            let (cookie, token) = match role {
                None => (format!("msp_csrf={cookie_token}"), cookie_token),
                Some(role) => {
                    let user = &users.iter().find(|(r, _)| *r == role).unwrap().1;
                    let mut conn = app.db.pool.acquire().await.unwrap();
                    let complete = *access != msp::web::Access::SecondFactorStep;
                    let session = msp::db::sessions::create(&mut conn, user.id, complete).await.unwrap();
                    (
                        format!("msp_csrf={cookie_token}; msp_session={session}"),
                        common::form_token_of_session(&session),
                    )
                }
            };
            let mut form: Vec<(&str, &str)> = vec![("_csrf", &token)];
            form.extend(names.iter().map(|name| (name.as_str(), value.as_str())));
            let response = app
                .client
                .request(method.clone(), &url)
                .header("cookie", cookie)
                .form(&form)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{method} {path} with {what}: connection dropped ({e})"));
            let status = response.status().as_u16();
            assert!(status < 500, "{method} {path} with {what} in every field: {status}");
            tried += 1;
        }
    }
    assert!(tried > 700, "{tried} requests");
}
