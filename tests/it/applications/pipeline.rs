//! The whole journey: a candidate applies, is interviewed and hired while the recruiter runs the
//! pipeline.

use super::*;

on_both_backends!(a_candidate_applies_is_interviewed_and_hired_while_the_recruiter_runs_the_pipeline);
async fn a_candidate_applies_is_interviewed_and_hired_while_the_recruiter_runs_the_pipeline(app: TestApp) {
    let scene = scene(app).await;
    let (app, offer) = (&scene.app, &scene.offer);
    let (id, follow) = a_candidate_applies_and_is_told(app, offer).await;
    let rh = app.signed_in(&scene.recruiter).await;
    the_recruiter_reads_it_audited(app, &rh, offer, id).await;
    the_recruiter_preselects_from_a_template(app, &rh, id).await;
    the_interview_invites_each_their_own_way(&scene, &rh, id, &follow).await;
    each_evaluates_before_seeing_the_others(app, &rh, &scene.colleague, id).await;
    the_candidate_is_retained_then_hired(app, &rh, id, &follow).await;
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

    let (status, confirmation) = apply(&candidate, offer).await;
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

/// The recruiter's pipeline, and the application's page: each read audited.
async fn the_recruiter_reads_it_audited(app: &TestApp, rh: &Browser, offer: &Offer, id: i64) {
    let (status, pipeline) = rh.page(&format!("/fiches/{}/candidatures", offer.id)).await;
    assert_eq!(status, 200);
    assert!(pipeline.contains("Camille Martin"));
    let (status, detail) = rh.page(&format!("/candidatures/{id}")).await;
    assert_eq!(status, 200);
    assert!(detail.contains("Aix-les-Bains") && detail.contains("06 12 34 56 78"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'lecture_candidature'")
            .await,
        1
    );
    let cv = rh.get(&format!("/candidatures/{id}/documents/cv")).await;
    assert_eq!(cv.status(), 200);
    assert_eq!(cv.headers()["content-type"], "application/pdf");
    assert_eq!(cv.bytes().await.unwrap().to_vec(), pdf_file("CV"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'lecture_document'")
            .await,
        1
    );
}

async fn the_recruiter_preselects_from_a_template(app: &TestApp, rh: &Browser, id: i64) {
    // Pre-selection: one message, from the template.
    let subject = "Votre candidature au poste « {offre} »";
    let body = "Bonjour {nom},\n\nNous souhaitons vous rencontrer.";
    let response = rh.move_application(id, "preselectionnee", subject, body).await;
    assert_eq!(response.status(), 303);
    let mails = app.mail_to(CANDIDATE).await;
    assert_eq!(mails.len(), 2);
    assert!(mails[1].text.starts_with("Bonjour Camille Martin,"));
    assert!(mails[1].subject.contains("Médiateur de santé-pair en réhabilitation"));
}

/// The panel (the recruiter, a colleague) and the CCOMS are invited with the candidate, each
/// their own way.
async fn the_interview_invites_each_their_own_way(scene: &Scene, rh: &Browser, id: i64, follow: &str) {
    let Scene {
        app,
        recruiter,
        colleague,
        coordinator,
        ..
    } = scene;
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
        // The colleague also heard of the new application (`applications::notifications`).
        let mails: Vec<_> = app
            .mail_to(staff)
            .await
            .into_iter()
            .filter(|m| m.attachment.is_some())
            .collect();
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
    let interview: i64 = app.scalar("SELECT MAX(id) FROM interviews").await;
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
    let retained = rh
        .move_application(id, "retenue", "Décision", "Bonjour {nom}, bonne nouvelle.")
        .await;
    assert_eq!(retained.status(), 303);
    // The interview is still to come: no hire before it took place.
    let early = rh
        .move_application(id, "embauchee", "Décision", "Bonjour {nom}, bonne nouvelle.")
        .await;
    assert_eq!(early.status(), 409);
    common::says(early, &["Aucun entretien n'a encore eu lieu avec cette personne"]).await;
    let past = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(1));
    sqlx::query("UPDATE interviews SET starts_at = $1 WHERE application_id = $2")
        .bind(past)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (_, page) = rh.page(&format!("/candidatures/{id}")).await;
    assert!(page.contains("l'embauche peut être décidée"), "{page}");
    // Held and evaluated by the whole panel: retained, then hired, one message each, and the
    // MSP's record is made.
    for to in ["embauchee"] {
        let response = rh
            .move_application(id, to, "Décision", "Bonjour {nom}, bonne nouvelle.")
            .await;
        assert_eq!(response.status(), 303, "{to}");
    }
    assert_eq!(app.mail_to(CANDIDATE).await.len(), 5);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM msp_records").await, 1);
    let (_, followed) = app.page(follow).await;
    assert!(followed.contains("Embauché·e"));
    assert!(followed.contains("bonne nouvelle"), "the messages are in the history");
}
