//! Applications and interviews, over HTTP on a fresh database, on SQLite and PostgreSQL: a
//! candidate applies without an account, follows the application, is invited to an interview
//! and receives the decision; a recruiter runs the pipeline; the data are protected and
//! forgotten on time.

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

on_both_backends!(a_candidate_applies_is_interviewed_and_hired_while_the_recruiter_runs_the_pipeline);
async fn a_candidate_applies_is_interviewed_and_hired_while_the_recruiter_runs_the_pipeline(app: TestApp) {
    let Scene {
        app,
        offer,
        recruiter,
        colleague,
        coordinator,
    } = scene(app).await;
    let (id, follow) = a_candidate_applies_and_is_told(&app, &offer).await;
    let rh = app.signed_in(&recruiter).await;
    let detail = the_recruiter_reads_it_audited(&app, &rh, &offer, id).await;
    the_recruiter_preselects_from_a_template(&app, &rh, id, &detail).await;
    let people = Panel {
        recruiter: &recruiter,
        colleague: &colleague,
        coordinator: &coordinator,
    };
    the_interview_invites_each_their_own_way(&app, &rh, &people, id, &follow).await;
    each_evaluates_before_seeing_the_others(&app, &rh, &colleague, id).await;
    the_candidate_is_retained_then_hired(&app, &rh, id, &follow).await;
}

/// Who sits on the interview: the recruiter, a colleague, the CCOMS.
struct Panel<'a> {
    recruiter: &'a TestUser,
    colleague: &'a TestUser,
    coordinator: &'a TestUser,
}

/// The offer's page leads to the form, which asks nothing about care but one question; the
/// application is stored sealed and confirmed by one mail. Returns its id and follow link.
async fn a_candidate_applies_and_is_told(app: &TestApp, offer: &Offer) -> (i64, String) {
    // The offer's page leads to the form; the form asks nothing about care but one question.
    let (_, page) = app.page(&format!("/offres/{}", offer.slug)).await;
    assert!(page.contains(&format!("/offres/{}/candidater", offer.slug)));
    let candidate = app.browser();
    let (_, form) = candidate.page(&format!("/offres/{}/candidater", offer.slug)).await;
    for never in ["diagnostic\"", "traitement\"", "securite", "photo\"", "handicap"] {
        assert!(!form.contains(&format!("name=\"{never}")), "{never}");
    }
    assert!(form.contains("/donnees-personnelles"));
    assert!(!form.contains("name=\"consentement\" value=\"oui\" checked"));

    let (status, confirmation) = apply(&candidate, &offer).await;
    assert_eq!(status, 200, "{confirmation}");
    assert!(confirmation.contains("Candidature envoyée"));
    let id = application_id(app).await;

    // Stored sealed: the PDF's bytes are nowhere in the database.
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT sealed FROM application_documents WHERE kind = 'cv'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(!sealed.windows(8).any(|w| w == b"%PDF-1.4"));

    // One confirmation, with the follow link.
    let mails = app.mail_to(CANDIDATE).await;
    assert_eq!(mails.len(), 1);
    let follow = app.last_link_to(CANDIDATE).await;
    assert!(follow.starts_with("/suivi/"));
    let (status, followed) = app.page(&follow).await;
    assert_eq!(status, 200);
    assert!(followed.contains("Reçue"));

    (id, follow)
}

/// The recruiter's pipeline, and the application's page: each read audited. Returns the page.
async fn the_recruiter_reads_it_audited(app: &TestApp, rh: &Browser, offer: &Offer, id: i64) -> String {
    let (status, pipeline) = rh.page(&format!("/fiches/{}/candidatures", offer.id)).await;
    assert_eq!(status, 200);
    assert!(pipeline.contains("Camille Martin"));
    let (status, detail) = rh.page(&format!("/candidatures/{id}")).await;
    assert_eq!(status, 200);
    assert!(detail.contains("Aix-les-Bains") && detail.contains("06 12 34 56 78"));
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'lecture_candidature'"
        )
        .await,
        1
    );
    let cv = rh.get(&format!("/candidatures/{id}/documents/cv")).await;
    assert_eq!(cv.status(), 200);
    assert_eq!(cv.headers()["content-type"], "application/pdf");
    assert_eq!(cv.bytes().await.unwrap().to_vec(), pdf("CV"));
    assert_eq!(
        count(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'lecture_document'").await,
        1
    );

    detail
}

async fn the_recruiter_preselects_from_a_template(app: &TestApp, rh: &Browser, id: i64, detail: &str) {
    // Pre-selection: one message, from the template.
    let version = hidden_value(detail, "version");
    let response = rh
        .post(
            &format!("/candidatures/{id}/etat"),
            &[
                ("version", &version),
                ("etat", "preselectionnee"),
                ("motif", ""),
                ("objet", "Votre candidature au poste « {offre} »"),
                ("corps", "Bonjour {nom},\n\nNous souhaitons vous rencontrer."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let mails = app.mail_to(CANDIDATE).await;
    assert_eq!(mails.len(), 2);
    assert!(mails[1].text.starts_with("Bonjour Camille Martin,"));
    assert!(mails[1].subject.contains("Médiateur de santé-pair en réhabilitation"));
}

async fn the_interview_invites_each_their_own_way(
    app: &TestApp, rh: &Browser, people: &Panel<'_>, id: i64, follow: &str,
) {
    let Panel {
        recruiter,
        colleague,
        coordinator,
    } = people;
    // The interview: the candidate gets one message carrying the invitation; the panel and the
    // CCOMS get theirs, without the candidate's name.
    let response = rh
        .post(
            &format!("/candidatures/{id}/entretiens"),
            &[
                ("date", "15/01/2099"),
                ("heure", "14:30"),
                ("duree", "60"),
                ("lieu", "Bâtiment B, salle 2"),
                ("visio", ""),
                ("panel", &recruiter.id.to_string()),
                ("panel", &colleague.id.to_string()),
                ("ccoms", &coordinator.id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let mails = app.mail_to(CANDIDATE).await;
    assert_eq!(mails.len(), 3);
    let (name, ics) = mails[2].attachment.clone().expect("an invitation");
    assert_eq!(name, "entretien.ics");
    assert!(
        ics.contains("METHOD:REQUEST") && ics.contains("DTSTART:20990115T133000Z"),
        "{ics}"
    );
    for staff in [&colleague.email, &coordinator.email] {
        let mails = app.mail_to(staff).await;
        assert_eq!(mails.len(), 1, "{staff}");
        let (_, ics) = mails[0].attachment.clone().unwrap();
        assert!(!ics.contains("Martin") && !mails[0].text.contains("Martin"), "{ics}");
        assert!(ics.contains(&format!("/candidatures/{id}")));
    }
    let (_, followed) = app.page(follow).await;
    assert!(followed.contains("Entretien") && followed.contains("Bâtiment B, salle 2"));
}

async fn each_evaluates_before_seeing_the_others(app: &TestApp, rh: &Browser, colleague: &TestUser, id: i64) {
    // Evaluations: a member sees the others' grid only after submitting their own.
    let interview: i64 = count(app, "SELECT MAX(id) FROM interviews").await;
    let grid = [
        ("techniques", "oui"),
        ("experientielles", "point_fort"),
        ("organisationnelles", "en_partie"),
        ("adaptation", "oui"),
        ("commentaire", "Parcours de rétablissement clairement présenté."),
        ("recommandation", "favorable"),
    ];
    let response = rh.post(&format!("/entretiens/{interview}/evaluation"), &grid).await;
    assert_eq!(response.status(), 303);
    let cadre = app.signed_in(colleague).await;
    let (_, before) = cadre.page(&format!("/candidatures/{id}")).await;
    assert!(!before.contains("Parcours de rétablissement clairement présenté."));
    cadre.post(&format!("/entretiens/{interview}/evaluation"), &grid).await;
    let (_, after) = cadre.page(&format!("/candidatures/{id}")).await;
    assert!(after.contains("Parcours de rétablissement clairement présenté."));
}

async fn the_candidate_is_retained_then_hired(app: &TestApp, rh: &Browser, id: i64, follow: &str) {
    // Retained, then hired: one message each, and the MSP's record is made.
    for to in ["retenue", "embauchee"] {
        let (_, detail) = rh.page(&format!("/candidatures/{id}")).await;
        let version = hidden_value(&detail, "version");
        let response = rh
            .post(
                &format!("/candidatures/{id}/etat"),
                &[
                    ("version", &version),
                    ("etat", to),
                    ("motif", ""),
                    ("objet", "Décision"),
                    ("corps", "Bonjour {nom}, bonne nouvelle."),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "{to}");
    }
    assert_eq!(app.mail_to(CANDIDATE).await.len(), 5);
    assert_eq!(count(app, "SELECT COUNT(*) FROM msp_records").await, 1);
    let (_, followed) = app.page(follow).await;
    assert!(followed.contains("Embauché·e"));
    assert!(followed.contains("bonne nouvelle"), "the messages are in the history");
}

on_both_backends!(bad_input_gets_a_french_message_keeps_what_was_typed_and_the_files_received);
async fn bad_input_gets_a_french_message_keeps_what_was_typed_and_the_files_received(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let browser = app.browser();
    let path = format!("/offres/{}/candidater", offer.slug);

    // An empty form: a message per field, nothing saved.
    let response = browser.post_multipart(&path, &[], &[]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for message in [
        "Indiquez vos prénom et nom",
        "Cochez la case de consentement",
        "joignez un fichier",
    ] {
        assert!(page.contains(message), "{message}");
    }

    // A renamed executable as the CV, a good letter: the letter is kept and named, the CV refused.
    let (_, form) = browser.page(&path).await;
    let key = hidden_value(&form, "cle");
    let mut typed = fields(&key);
    typed.retain(|(name, _)| *name != "consentement");
    let mut program = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    program.extend(vec![0u8; 512]);
    let response = browser
        .post_multipart(
            &path,
            &typed,
            &[("cv", "cv.pdf", program), ("lettre", "ma-lettre.docx", docx("Lettre"))],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("n&#39;est pas un PDF") || page.contains("n'est pas un PDF"),
        "{page}"
    );
    assert!(page.contains("Fichier reçu et gardé : ma-lettre.docx"));
    assert!(page.contains("value=\"Aix-les-Bains\""), "typed values are kept");
    assert!(page.contains("Je serais heureuse d&#39;en parler.") || page.contains("Je serais heureuse d'en parler."));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 0);

    // The retry sends only the CV: the letter kept is used.
    let pieces = hidden_value(&page, "pieces");
    let mut retry = fields(&key);
    retry.push(("pieces", &pieces));
    let response = browser
        .post_multipart(&path, &retry, &[("cv", "cv.pdf", pdf("CV"))])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM application_documents").await, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM upload_drafts").await, 0);

    // Too large a file.
    let (_, form) = browser.page(&path).await;
    let key = hidden_value(&form, "cle");
    let mut big = pdf("grand");
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let response = browser
        .post_multipart(
            &path,
            &fields(&key),
            &[("cv", "cv.pdf", big), ("lettre", "l.docx", docx("L"))],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("10 Mo"));
}

on_both_backends!(a_double_submit_makes_one_application_and_a_closed_offer_takes_none);
async fn a_double_submit_makes_one_application_and_a_closed_offer_takes_none(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let browser = app.browser();
    let path = format!("/offres/{}/candidater", offer.slug);
    let (_, form) = browser.page(&path).await;
    let key = hidden_value(&form, "cle");
    for _ in 0..2 {
        let response = browser
            .post_multipart(
                &path,
                &fields(&key),
                &[("cv", "cv.pdf", pdf("CV")), ("lettre", "l.docx", docx("L"))],
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 1);
    assert_eq!(app.mail_to(CANDIDATE).await.len(), 1);

    sqlx::query("UPDATE fiches SET deadline = '2020-01-01'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (status, page) = browser.page(&path).await;
    assert_eq!(status, 410);
    assert!(page.contains("Les candidatures sont closes"));
    let (_, form) = app.browser().page(&format!("/offres/{}", offer.slug)).await;
    assert!(!form.contains("/candidater\""));
}

on_both_backends!(a_recruiter_cannot_read_another_establishments_applications);
async fn a_recruiter_cannot_read_another_establishments_applications(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    apply(&app.browser(), &offer).await;
    let id = application_id(&app).await;
    let other = app.establishment("CH Ailleurs", "Lyon", "69").await;
    let stranger = app
        .user(
            Role::Recruiter,
            "rh@ailleurs.test",
            &[(ScopeKind::Establishment, &other.id.to_string())],
        )
        .await;
    let browser = app.signed_in(&stranger).await;
    for path in [
        format!("/candidatures/{id}"),
        format!("/candidatures/{id}/documents/cv"),
        format!("/fiches/{}/candidatures", offer.id),
    ] {
        assert_eq!(browser.get(&path).await.status(), 404, "{path}");
    }
    let ars = app
        .user(Role::ArsOfficer, "ars@ars.test", &[(ScopeKind::Region, "84")])
        .await;
    let browser = app.signed_in(&ars).await;
    assert_eq!(browser.get(&format!("/candidatures/{id}")).await.status(), 403);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'lecture_%'").await,
        0,
        "nothing was read"
    );
}

on_both_backends!(bulk_refusals_send_one_message_each);
async fn bulk_refusals_send_one_message_each(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let browser = app.browser();
        let path = format!("/offres/{}/candidater", offer.slug);
        let (_, form) = browser.page(&path).await;
        let key = hidden_value(&form, "cle");
        let email = format!("personne{n}@exemple.fr");
        let mut typed = fields(&key);
        typed.retain(|(name, _)| *name != "email");
        typed.push(("email", &email));
        let response = browser
            .post_multipart(
                &path,
                &typed,
                &[("cv", "cv.pdf", pdf("CV")), ("lettre", "l.docx", docx("L"))],
            )
            .await;
        assert_eq!(response.status(), 200);
        ids.push(application_id(&app).await.to_string());
    }
    let rh = app.signed_in(&recruiter).await;
    let response = rh
        .post(
            &format!("/fiches/{}/candidatures/decision", offer.id),
            &[("ids", &ids[0]), ("ids", &ids[1]), ("etat", "non_retenue")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("2 candidatures passées à « Non retenue »")
    );
    for n in 0..3 {
        let mails = app.mail_to(&format!("personne{n}@exemple.fr")).await;
        assert_eq!(mails.len(), if n < 2 { 2 } else { 1 }, "personne{n}");
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM applications WHERE status = 'non_retenue' AND ended_at IS NOT NULL"
        )
        .await,
        2
    );
}

on_both_backends!(a_candidate_withdraws_downloads_their_data_and_withdraws_consent);
async fn a_candidate_withdraws_downloads_their_data_and_withdraws_consent(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let browser = app.browser();
    apply(&browser, &offer).await;
    let follow = app.last_link_to(CANDIDATE).await;

    let archive = app.get(&format!("{follow}/donnees.zip")).await;
    assert_eq!(archive.status(), 200);
    let bytes = archive.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("candidature.json").unwrap(), &mut json).unwrap();
    assert!(json.contains("Camille Martin") && json.contains("Aix-les-Bains"));
    let mut cv = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("cv.pdf").unwrap(), &mut cv).unwrap();
    assert_eq!(cv, pdf("CV"));

    let (_, page) = browser.page(&follow).await;
    let version = hidden_value(&page, "version");
    let response = browser
        .post(&format!("{follow}/retrait"), &[("version", &version)])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.mail_to(CANDIDATE).await.len(), 2, "one message for the withdrawal");
    let (_, page) = browser.page(&follow).await;
    assert!(page.contains("Retirée"));

    let response = browser
        .post(&format!("{follow}/consentement"), &[("confirmer", "oui")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM application_documents").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM applications WHERE email = '' AND consent_withdrawn_at IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(
        browser.get(&follow).await.status(),
        404,
        "the link opens nothing any more"
    );
}

on_both_backends!(retention_forgets_refused_applications_after_90_days_but_keeps_the_talent_pool);
async fn retention_forgets_refused_applications_after_90_days_but_keeps_the_talent_pool(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    for (n, pool) in [(0, false), (1, true)] {
        let browser = app.browser();
        let path = format!("/offres/{}/candidater", offer.slug);
        let (_, form) = browser.page(&path).await;
        let key = hidden_value(&form, "cle");
        let email = format!("vivier{n}@exemple.fr");
        let mut typed = fields(&key);
        typed.retain(|(name, _)| *name != "email");
        typed.push(("email", &email));
        if pool {
            typed.push(("vivier", "oui"));
        }
        browser
            .post_multipart(
                &path,
                &typed,
                &[("cv", "cv.pdf", pdf("CV")), ("lettre", "l.docx", docx("L"))],
            )
            .await;
    }
    let ended = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(91));
    sqlx::query("UPDATE applications SET status = 'non_retenue', ended_at = $1, last_contact_at = $1")
        .bind(&ended)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let policy = msp::domain::application::RetentionPolicy::default();
    let now = time::OffsetDateTime::now_utc();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let plan = msp::retention::plan(&mut conn, &policy, now).await.unwrap();
    drop(conn);
    assert_eq!(
        plan.applications.len(),
        1,
        "the dry run lists only the one out of the pool"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM application_documents").await,
        4,
        "a plan erases nothing"
    );

    let report = msp::retention::run(&app.db, &policy, now, "http://test").await.unwrap();
    assert_eq!(report.applications_erased, 1);
    let again = msp::retention::run(&app.db, &policy, now, "http://test").await.unwrap();
    assert_eq!(again.applications_erased, 0, "safe to run twice");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM applications WHERE email = 'vivier0@exemple.fr'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM applications WHERE email = 'vivier1@exemple.fr'"
        )
        .await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM application_documents").await, 2);
    assert_eq!(
        count(
            &app,
            "SELECT count FROM retention_counters WHERE kind = 'candidature_effacee'"
        )
        .await,
        1
    );
}

on_both_backends!(inactive_candidate_accounts_are_warned_once_then_deleted);
async fn inactive_candidate_accounts_are_warned_once_then_deleted(app: TestApp) {
    let candidate = app.user(Role::Candidate, "ancienne@exemple.fr", &[]).await;
    let policy = msp::domain::application::RetentionPolicy::default();
    let idle = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(710));
    sqlx::query("UPDATE users SET last_active_at = $1 WHERE id = $2")
        .bind(&idle)
        .bind(candidate.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let now = time::OffsetDateTime::now_utc();
    let other = app.another_instance().await;
    let first = msp::retention::run(&app.db, &policy, now, "http://test").await.unwrap();
    let second = msp::retention::run(&other.db, &policy, now, "http://test")
        .await
        .unwrap();
    assert_eq!(first.accounts_warned + second.accounts_warned, 1);
    // The job stores the warning in the outbox, which the mail worker then sends: one message.
    let warnings = TestApp::delivered(&[&app, &other]).await;
    assert_eq!(warnings.iter().filter(|m| m.to == "ancienne@exemple.fr").count(), 1);

    let later = now + time::Duration::days(25);
    let report = msp::retention::run(&app.db, &policy, later, "http://test")
        .await
        .unwrap();
    assert_eq!(report.accounts_deleted, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
}

on_both_backends!(a_signed_in_candidate_follows_every_application_and_can_erase_their_account);
async fn a_signed_in_candidate_follows_every_application_and_can_erase_their_account(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let candidate = app.user(Role::Candidate, CANDIDATE, &[]).await;
    let browser = app.signed_in(&candidate).await;
    let (status, body) = apply(&browser, &offer).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("/mes-candidatures"));
    let (status, list) = browser.page("/mes-candidatures").await;
    assert_eq!(status, 200);
    assert!(list.contains("Médiateur de santé-pair en réhabilitation"));
    let id = application_id(&app).await;
    let (status, _) = browser.page(&format!("/mes-candidatures/{id}")).await;
    assert_eq!(status, 200);

    let archive = browser.get("/mes-donnees.zip").await;
    assert_eq!(archive.status(), 200);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive.bytes().await.unwrap().to_vec())).unwrap();
    assert!(zip.by_name("compte.json").is_ok());
    assert!(zip.by_name(&format!("candidature-{id}/cv.pdf")).is_ok());

    let response = browser.post("/compte/effacement", &[("confirmer", "oui")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users WHERE role = 'candidate'").await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM application_documents").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM applications WHERE status = 'retiree' AND email = ''"
        )
        .await,
        1
    );
    let again = browser.get("/mes-candidatures").await;
    assert_eq!(location(&again).split('?').next().unwrap(), "/connexion");
}

on_both_backends!(a_rescheduled_interview_updates_every_calendar_and_a_cancelled_one_is_withdrawn);
async fn a_rescheduled_interview_updates_every_calendar_and_a_cancelled_one_is_withdrawn(app: TestApp) {
    let Scene {
        app,
        offer,
        recruiter,
        colleague,
        ..
    } = scene(app).await;
    apply(&app.browser(), &offer).await;
    let id = application_id(&app).await;
    sqlx::query("UPDATE applications SET status = 'preselectionnee'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let rh = app.signed_in(&recruiter).await;
    let both = [recruiter.id.to_string(), colleague.id.to_string()];
    let schedule = |date: &'static str, panel: Vec<String>| {
        let mut form = vec![
            ("date".to_string(), date.to_string()),
            ("heure".to_string(), "10h".to_string()),
            ("duree".to_string(), "45".to_string()),
            ("lieu".to_string(), String::new()),
            ("visio".to_string(), "https://visio.example/salle".to_string()),
            ("ccoms".to_string(), String::new()),
        ];
        form.extend(panel.into_iter().map(|p| ("panel".to_string(), p)));
        form
    };
    let post = |path: String, form: Vec<(String, String)>| {
        let rh = &rh;
        async move {
            let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            rh.post(&path, &fields).await
        }
    };
    let response = post(
        format!("/candidatures/{id}/entretiens"),
        schedule("2099-03-02", both.to_vec()),
    )
    .await;
    assert_eq!(response.status(), 303);
    let interview = count(&app, "SELECT MAX(id) FROM interviews").await;

    // Another day, and the colleague leaves the panel: updates for those who stay, a
    // cancellation for the one who leaves.
    let response = post(
        format!("/entretiens/{interview}/modifier"),
        schedule("03/03/2099", vec![recruiter.id.to_string()]),
    )
    .await;
    assert_eq!(response.status(), 303);
    let mails = app.mail_to(CANDIDATE).await;
    let (_, update) = mails.last().unwrap().attachment.clone().unwrap();
    assert!(
        update.contains("SEQUENCE:1") && update.contains("DTSTART:20990303T090000Z"),
        "{update}"
    );
    let colleague_mails = app.mail_to(&colleague.email).await;
    let (_, left) = colleague_mails.last().unwrap().attachment.clone().unwrap();
    assert!(left.contains("METHOD:CANCEL"), "{left}");

    // Cancelled: everyone's calendar withdraws it, and it cannot be moved any more.
    let response = rh.post(&format!("/entretiens/{interview}/annuler"), &[]).await;
    assert_eq!(response.status(), 303);
    let mails = app.mail_to(CANDIDATE).await;
    let (_, cancelled) = mails.last().unwrap().attachment.clone().unwrap();
    assert!(
        cancelled.contains("METHOD:CANCEL") && cancelled.contains("SEQUENCE:2"),
        "{cancelled}"
    );
    let response = post(
        format!("/entretiens/{interview}/modifier"),
        schedule("04/03/2099", vec![recruiter.id.to_string()]),
    )
    .await;
    assert_eq!(response.status(), 422);
    let (_, page) = rh.page(&format!("/candidatures/{id}")).await;
    assert!(page.contains("(annulé)"));
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

on_both_backends!(erasing_an_account_leaves_no_message_about_the_candidate_and_a_pseudonym_in_the_audit_log);
async fn erasing_an_account_leaves_no_message_about_the_candidate_and_a_pseudonym_in_the_audit_log(app: TestApp) {
    use msp::db::outbox::Concerns;
    let Scene { app, offer, .. } = scene(app).await;
    let candidate = app.user(Role::Candidate, CANDIDATE, &[]).await;
    // Signing in through the pages writes the candidate's address and IP in the audit log.
    let browser = app.signed_in(&candidate).await;
    let (status, body) = apply(&browser, &offer).await;
    assert_eq!(status, 200, "{body}");
    let id = application_id(&app).await;
    let response = app
        .browser()
        .post("/mot-de-passe-oublie", &[("email", CANDIDATE)])
        .await;
    assert_eq!(response.status(), 200);
    assert!(app.last_link_to(CANDIDATE).await.contains("jeton="));
    held_message(&app, Concerns::user(candidate.id), "Votre lien : /suivi/en-attente").await;
    held_message(&app, Concerns::application(id), "Camille, votre entretien").await;
    assert!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await >= 4);

    let response = browser.post("/compte/effacement", &[("confirmer", "oui")]).await;
    assert_eq!(response.status(), 200);

    // No message to or about them is left, sent or waiting.
    let left = outbox_contents(&app, "mail_outbox").await;
    for never in [CANDIDATE, "/suivi/", "jeton=", "Camille"] {
        assert!(!left.contains(never), "{never} still in the outbox:\n{left}");
    }
    let about: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE concerns_user_id = $1 OR concerns_application_id = $2",
    )
    .bind(candidate.id)
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(about, 0);

    // The audit log still reads, under a keyed pseudonym: no address, no IP of theirs.
    let rows: Vec<(String, Option<i64>, String, String, String)> =
        sqlx::query_as("SELECT action, actor_id, actor_email, ip, target_id FROM audit_log ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert!(!format!("{rows:?}").contains(CANDIDATE), "{rows:?}");
    let pseudonym = msp::documents::DocumentCipher::from_hex(common::TEST_DOCUMENT_KEY, "")
        .unwrap()
        .pseudonym(CANDIDATE);
    assert!(pseudonym.starts_with("personne-"), "{pseudonym}");
    let plain_hash = msp::secrets::token_hash(CANDIDATE);
    assert!(
        !plain_hash.contains(&pseudonym["personne-".len()..]),
        "not a plain hash of the address"
    );
    let theirs: Vec<_> = rows
        .iter()
        .filter(|(action, ..)| action == "connexion" || action == "compte_efface")
        .collect();
    assert!(theirs.len() >= 2, "{rows:?}");
    for (action, actor_id, actor, ip, _) in &theirs {
        assert_eq!(actor, &pseudonym, "{action}");
        assert_eq!((actor_id, ip.as_str()), (&None, ""), "{action}");
    }
    let erased = theirs.iter().find(|(action, ..)| action == "compte_efface").unwrap();
    assert_eq!(erased.4, pseudonym, "the erased account is named by the same pseudonym");

    // That one rewrite is the only one the database allows.
    let edit = sqlx::query("UPDATE audit_log SET action = 'autre', actor_email = $1")
        .bind(&pseudonym)
        .execute(&app.db.pool)
        .await;
    assert!(edit.is_err(), "the log stays append-only");
}

on_both_backends!(purging_an_application_removes_every_message_about_it_sent_or_waiting);
async fn purging_an_application_removes_every_message_about_it_sent_or_waiting(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let (status, body) = apply(&app.browser(), &offer).await;
    assert_eq!(status, 200, "{body}");
    let id = application_id(&app).await;
    assert!(app.last_link_to(CANDIDATE).await.starts_with("/suivi/"));
    held_message(
        &app,
        msp::db::outbox::Concerns::application(id),
        "Votre lien : /suivi/en-attente",
    )
    .await;
    let ended = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(91));
    sqlx::query("UPDATE applications SET status = 'non_retenue', ended_at = $1, last_contact_at = $1")
        .bind(&ended)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let policy = msp::domain::application::RetentionPolicy::default();
    let report = msp::retention::run(&app.db, &policy, time::OffsetDateTime::now_utc(), "http://test")
        .await
        .unwrap();
    assert_eq!(report.applications_erased, 1);

    let left = outbox_contents(&app, "mail_outbox").await;
    for never in [CANDIDATE, "/suivi/", "Camille"] {
        assert!(!left.contains(never), "{never} still in the outbox:\n{left}");
    }
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM mail_outbox WHERE concerns_application_id = {id}")
        )
        .await,
        0
    );
}

on_both_backends!(a_reset_link_waits_sealed_and_nothing_of_it_stays_once_sent);
async fn a_reset_link_waits_sealed_and_nothing_of_it_stays_once_sent(app: TestApp) {
    app.user(Role::Candidate, CANDIDATE, &[]).await;
    // Every row as it was written, before the worker could send it.
    let copy = match app.backend() {
        msp::db::Backend::Sqlite => vec![
            "CREATE TABLE outbox_written AS SELECT * FROM mail_outbox WHERE 0",
            "CREATE TRIGGER outbox_written AFTER INSERT ON mail_outbox BEGIN \
             INSERT INTO outbox_written SELECT * FROM mail_outbox WHERE id = NEW.id; END",
        ],
        msp::db::Backend::Postgres => vec![
            "CREATE TABLE outbox_written AS SELECT * FROM mail_outbox WITH NO DATA",
            "CREATE FUNCTION outbox_written() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN INSERT INTO outbox_written SELECT NEW.*; RETURN NEW; END $$",
            "CREATE TRIGGER outbox_written AFTER INSERT ON mail_outbox \
             FOR EACH ROW EXECUTE FUNCTION outbox_written()",
        ],
    };
    for statement in copy {
        sqlx::query(statement).execute(&app.db.pool).await.unwrap();
    }

    let response = app
        .browser()
        .post("/mot-de-passe-oublie", &[("email", CANDIDATE)])
        .await;
    assert_eq!(response.status(), 200);
    let link = app.last_link_to(CANDIDATE).await;
    let token = link.split("jeton=").nth(1).expect("a reset link").to_string();
    assert!(token.len() >= 32, "{link}");

    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox_written").await, 1);
    let waiting = outbox_contents(&app, "outbox_written").await;
    for never in [token.as_str(), CANDIDATE, "mot-de-passe/nouveau", "Choisir un nouveau"] {
        assert!(!waiting.contains(never), "{never} readable while waiting:\n{waiting}");
    }

    // Sent: the row keeps when and what kind, and nothing of the message.
    let (sent_at, kind, concerns, sealed): (Option<String>, String, Option<i64>, Option<Vec<u8>>) =
        sqlx::query_as("SELECT sent_at, kind, concerns_user_id, sealed FROM mail_outbox")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(sent_at.is_some());
    assert_eq!(kind, "reinitialisation");
    assert!(concerns.is_some());
    assert_eq!(sealed, None);
    let sent = outbox_contents(&app, "mail_outbox").await;
    assert_eq!(sent, " |  |  |  |  | None | None | ");
}

on_both_backends!(an_export_carries_no_follow_or_reset_link);
async fn an_export_carries_no_follow_or_reset_link(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    app.user(Role::Candidate, "autre@exemple.fr", &[]).await;
    let (status, body) = apply(&app.browser(), &offer).await;
    assert_eq!(status, 200, "{body}");
    let id = application_id(&app).await;
    assert!(app.last_link_to(CANDIDATE).await.starts_with("/suivi/"));
    let response = app
        .browser()
        .post("/mot-de-passe-oublie", &[("email", "autre@exemple.fr")])
        .await;
    assert_eq!(response.status(), 200);
    assert!(app.last_link_to("autre@exemple.fr").await.contains("jeton="));
    held_message(
        &app,
        msp::db::outbox::Concerns::application(id),
        "Votre lien : /suivi/en-attente",
    )
    .await;
    // And one queued in clear by a version before the outbox was sealed, still waiting.
    sqlx::query(
        "INSERT INTO mail_outbox (recipient, subject, body_text, body_html, created_at, next_attempt_at) \
         VALUES ('ancien@exemple.fr', 'Ancien', 'Lien : /mot-de-passe/nouveau?jeton=ancien', '', $1, $2)",
    )
    .bind(msp::db::instant_text(time::OffsetDateTime::now_utc()))
    .bind("9999-12-31T00:00:00Z")
    .execute(&app.db.pool)
    .await
    .unwrap();

    let mut out = Vec::new();
    msp::db::transfer::export(&app.db, &mut out).await.unwrap();
    let export = String::from_utf8(out).unwrap();
    assert!(export.contains("\"table\":\"mail_outbox\""));
    for never in ["/suivi/", "jeton=", "ancien@exemple.fr"] {
        assert!(!export.contains(never), "{never} in the export");
    }
}

on_both_backends!(a_message_that_can_never_leave_is_abandoned_and_emptied);
async fn a_message_that_can_never_leave_is_abandoned_and_emptied(app: TestApp) {
    held_message(&app, msp::db::outbox::Concerns::NOBODY, "Votre lien : /suivi/jamais").await;
    // Sealed with a key this instance does not have (removed too early after a rotation).
    sqlx::query("UPDATE mail_outbox SET key_id = 'ffffffff', next_attempt_at = '2000-01-01T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let _ = TestApp::delivered(&[&app]).await;
    let (abandoned, sealed, recipient, error): (Option<String>, Option<Vec<u8>>, String, Option<String>) =
        sqlx::query_as("SELECT abandoned_at, sealed, recipient, last_error FROM mail_outbox")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(abandoned.is_some(), "given up at once: no later attempt can open it");
    assert_eq!((sealed, recipient.as_str()), (None, ""));
    assert!(error.is_some_and(|e| e.contains("ffffffff")));
    assert!(app.sent.lock().unwrap().is_empty());
}
