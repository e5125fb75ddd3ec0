//! A hire follows an interview held and evaluated by its whole panel (issue 22); the CCOMS may
//! let one through without, for a reason it writes, kept in the audit log.

use super::*;

on_both_backends!(a_hire_without_an_interview_is_refused_until_the_ccoms_grants_an_exception);
async fn a_hire_without_an_interview_is_refused_until_the_ccoms_grants_an_exception(app: TestApp) {
    let scene = scene(app).await;
    let (app, offer) = (&scene.app, &scene.offer);
    let candidate = app.browser();
    assert_eq!(apply(&candidate, offer).await.0, 200);
    let id = application_id(app).await;
    let other = apply_with(&app.browser(), offer, &[("email", "dominique@exemple.fr")]).await;
    assert_eq!(other.status(), 200);
    let rh = app.signed_in(&scene.recruiter).await;
    for to in ["preselectionnee", "entretien", "retenue"] {
        let response = rh.move_application(id, to, "Décision", "Bonjour {nom}.").await;
        assert_eq!(response.status(), 303, "{to}");
    }
    let hire = || rh.move_application(id, "embauchee", "Bienvenue", "Bonjour {nom}, bienvenue.");
    let refused = hire().await;
    assert_eq!(refused.status(), 409);
    common::says(refused, &["Aucun entretien n'a encore eu lieu avec cette personne"]).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM msp_records").await, 0);

    let why = the_team_asks_the_ccoms(app, &rh, &scene.coordinator, id).await;

    // The CCOMS sees why, and may let it through with a reason; an empty one is refused.
    let ccoms = app.signed_in(&scene.coordinator).await;
    let (_, page) = ccoms.page(&format!("/candidatures/{id}")).await;
    assert!(page.contains("Autoriser l'embauche par dérogation"), "{page}");
    assert!(
        common::unescape(&page).contains(why),
        "the team's reason is in the history"
    );
    let path = format!("/candidatures/{id}/derogation");
    let empty = ccoms.post(&path, &[("raison", "  ")]).await;
    assert_eq!(empty.status(), 422);
    common::says(empty, &["Écrivez la raison de la dérogation"]).await;
    let reason = "Entretien mené avec le CCOMS avant l'ouverture de la plateforme.";
    assert_eq!(ccoms.post(&path, &[("raison", reason)]).await.status(), 303);
    let audited = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'derogation_embauche' AND target_id = '{id}'"
        ))
        .await;
    assert_eq!(audited, 1);
    let (_, page) = rh.page(&format!("/candidatures/{id}")).await;
    assert!(common::unescape(&page).contains(reason), "{page}");
    assert!(
        !page.contains("Autoriser l'embauche par dérogation"),
        "a recruiter cannot grant it"
    );

    assert_eq!(hire().await.status(), 303);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM msp_records").await, 1);

    // Its one post filled, the offer closes; the other candidate waits for a decision.
    let (status, _) = app.page(&format!("/offres/{}/candidater", offer.slug)).await;
    assert_eq!(status, 410, "the offer takes no more applications");
    let (_, page) = rh.page(&format!("/candidatures/{id}")).await;
    assert!(
        page.contains("Une autre candidature à cette offre attend une décision"),
        "{page}"
    );
}

/// The team asks the CCOMS for an exception, saying why: every coordinator is told at once,
/// without the person's name or the reason (which the application's history keeps). The reason.
async fn the_team_asks_the_ccoms(app: &TestApp, rh: &Browser, coordinator: &TestUser, id: i64) -> &'static str {
    let ask = format!("/candidatures/{id}/derogation/demande");
    let silent = rh.post(&ask, &[("raison", "")]).await;
    assert_eq!(silent.status(), 422);
    let why = "La personne a été reçue en entretien par téléphone, faute de salle.";
    assert_eq!(rh.post(&ask, &[("raison", why)]).await.status(), 303);
    let told = app.mail_to(&coordinator.email).await;
    let asked: Vec<_> = told
        .iter()
        .filter(|m| m.subject.starts_with("Dérogation demandée"))
        .collect();
    assert_eq!(asked.len(), 1, "{told:?}");
    assert!(
        asked[0].text.contains(&format!("/candidatures/{id}")),
        "{}",
        asked[0].text
    );
    assert!(
        !asked[0].text.contains("Camille Martin") && !asked[0].text.contains(why),
        "{}",
        asked[0].text
    );
    why
}

on_both_backends!(an_offer_of_two_posts_stays_open_after_the_first_hire);
async fn an_offer_of_two_posts_stays_open_after_the_first_hire(app: TestApp) {
    let scene = scene(app).await;
    let (app, offer) = (&scene.app, &scene.offer);
    // Two posts: as the recruiter would have written it in the editor.
    let mut two = offer.content.clone();
    two.posts = Some(2);
    let mut conn = app.db.pool.acquire().await.unwrap();
    let version: i64 = app
        .scalar(&format!("SELECT version FROM fiches WHERE id = {}", offer.id))
        .await;
    assert!(
        msp::db::fiches::update_content(
            &mut conn,
            offer.id,
            version,
            &offer.employer,
            &two,
            &Default::default(),
            None
        )
        .await
        .unwrap()
    );
    let rh = app.signed_in(&scene.recruiter).await;
    for email in ["premiere@exemple.fr", "seconde@exemple.fr"] {
        let response = apply_with(&app.browser(), offer, &[("email", email)]).await;
        assert_eq!(response.status(), 200, "{email}");
        let id = application_id(app).await;
        for to in ["preselectionnee", "entretien", "retenue"] {
            assert_eq!(rh.move_application(id, to, "Décision", "Bonjour.").await.status(), 303);
        }
        app.held_interview(id, offer.employer.id).await;
        assert_eq!(
            rh.move_application(id, "embauchee", "Bienvenue", "Bonjour.")
                .await
                .status(),
            303
        );
        let status: String = sqlx::query_scalar("SELECT status FROM fiches WHERE id = $1")
            .bind(offer.id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let expected = if email.starts_with("premiere") {
            "publiee"
        } else {
            "close"
        };
        assert_eq!(status, expected, "after hiring {email}");
    }
}

on_both_backends!(a_hire_waits_for_every_evaluation_of_the_panel);
async fn a_hire_waits_for_every_evaluation_of_the_panel(app: TestApp) {
    let scene = scene(app).await;
    let (app, offer) = (&scene.app, &scene.offer);
    assert_eq!(apply(&app.browser(), offer).await.0, 200);
    let id = application_id(app).await;
    let rh = app.signed_in(&scene.recruiter).await;
    for to in ["preselectionnee", "entretien", "retenue"] {
        assert_eq!(rh.move_application(id, to, "Décision", "Bonjour.").await.status(), 303);
    }
    app.held_interview(id, offer.employer.id).await;
    // A second member of the panel has not filled the grid yet.
    sqlx::query("INSERT INTO interview_panel (interview_id, user_id) SELECT MAX(id), $1 FROM interviews")
        .bind(scene.colleague.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let refused = rh.move_application(id, "embauchee", "Bienvenue", "Bonjour.").await;
    assert_eq!(refused.status(), 409);
    common::says(refused, &["L'évaluation de l'entretien n'est pas encore remplie par"]).await;
}
