//! What an application tells the establishment, once to each: a new one and a withdrawal to the
//! fiche's recruiters and to its application address; an evaluation awaited to each panel
//! member once the interview is past. Never the candidate's name or address.

use super::*;

const ADDRESS: &str = "recrutement@test.example";

on_both_backends!(a_new_application_and_its_withdrawal_reach_the_recruiters_and_the_address_once);
async fn a_new_application_and_its_withdrawal_reach_the_recruiters_and_the_address_once(app: TestApp) {
    let scene = scene(app).await;
    let Scene { app, offer, .. } = &scene;
    let browser = app.browser();
    assert_eq!(apply(&browser, offer).await.0, 200);
    let id = app.scalar("SELECT MAX(id) FROM applications").await;
    let staff = [scene.recruiter.email.as_str(), scene.colleague.email.as_str(), ADDRESS];
    for to in staff {
        assert_eq!(
            app.told(to, &format!("Nouvelle candidature n° {id} – ")).await,
            1,
            "{to}"
        );
    }
    assert_eq!(app.mail_to(&scene.coordinator.email).await.len(), 0);
    let mail = app.mail_to(ADDRESS).await.remove(0);
    assert!(
        mail.text.contains(&app.url(&format!("/candidatures/{id}"))),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("adresse de candidature"), "{}", mail.text);
    assert!(
        !mail.text.contains("/compte/notifications"),
        "an address has no settings"
    );
    let mail = app.mail_to(&scene.recruiter.email).await.remove(0);
    assert!(
        mail.text.contains("vous recrutez pour l'établissement concerné"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains(&app.url("/compte/notifications")));

    let follow = app.last_link_to(CANDIDATE).await;
    let (_, page) = browser.page(&follow).await;
    let version = hidden_value(&page, "version");
    let response = browser
        .post(&format!("{follow}/retrait"), &[("version", &version)])
        .await;
    assert_eq!(response.status(), 303);
    for to in staff {
        assert_eq!(app.told(to, &format!("Candidature n° {id} retirée")).await, 1, "{to}");
        for mail in app.mail_to(to).await {
            assert!(
                !mail.text.contains("Camille") && !mail.text.contains(CANDIDATE),
                "{}",
                mail.text
            );
        }
    }
}

on_both_backends!(each_panel_member_is_asked_for_their_evaluation_once_the_interview_is_past);
async fn each_panel_member_is_asked_for_their_evaluation_once_the_interview_is_past(app: TestApp) {
    let scene = scene(app).await;
    let Scene {
        app,
        offer,
        recruiter,
        colleague,
        ..
    } = &scene;
    assert_eq!(apply(&app.browser(), offer).await.0, 200);
    let id = app.scalar("SELECT MAX(id) FROM applications").await;
    let rh = app.signed_in(recruiter).await;
    let moved = rh
        .move_application(id, "preselectionnee", "Votre candidature", "Bonjour {nom}.")
        .await;
    assert_eq!(moved.status(), 303);
    let (recruiter_id, colleague_id) = (recruiter.id.to_string(), colleague.id.to_string());
    let plan = [
        ("date", "15/01/2099"),
        ("heure", "14:30"),
        ("duree", "60"),
        ("lieu", "Salle 2"),
        ("visio", ""),
        ("panel", recruiter_id.as_str()),
        ("panel", colleague_id.as_str()),
    ];
    let response = rh.post(&format!("/candidatures/{id}/entretiens"), &plan).await;
    assert_eq!(response.status(), 303);
    let scheduled = app
        .scalar("SELECT COUNT(*) FROM events WHERE kind = 'entretien_fixe'")
        .await;
    assert_eq!(scheduled, 1, "recorded; the invitations already tell the panel");

    // Before the interview, nothing is asked; after it, each member once, however many runs.
    let ask = |at| msp::notify::ask_for_evaluations(&app.db, at, "https://msp.test");
    assert_eq!(ask(time::OffsetDateTime::now_utc()).await.unwrap(), 0);
    let after = time::macros::datetime!(2099-01-15 18:00 UTC);
    let (first, second) = tokio::join!(ask(after), ask(after));
    assert_eq!(first.unwrap() + second.unwrap(), 2);
    assert_eq!(ask(after).await.unwrap(), 0);
    app.mailer.wake.notify_one();
    for to in [&recruiter.email, &colleague.email] {
        assert_eq!(
            app.told(to, &format!("Évaluation attendue – candidature n° {id}"))
                .await,
            1,
            "{to}"
        );
    }
}
