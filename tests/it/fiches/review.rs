//! The review round trip: written, previewed, submitted, corrected, published; and two
//! coordinators who cannot both decide.

use super::*;

on_both_backends!(a_project_becomes_a_published_offer_after_a_review_round_trip);
async fn a_project_becomes_a_published_offer_after_a_review_round_trip(app: TestApp) {
    let team = team(&app).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    the_recruiter_writes_from_the_template(&recruiter, &fiche).await;
    the_draft_is_previewed_never_public(&app, &recruiter, &fiche).await;
    a_submitted_fiche_is_frozen(&recruiter, &fiche).await;
    the_ccoms_asks_for_a_correction_and_gets_it(&recruiter, &coordinator, &fiche).await;
    the_ccoms_publishes(&app, &recruiter, &coordinator, &fiche).await;
}

async fn the_recruiter_writes_from_the_template(recruiter: &Browser, fiche: &str) {
    // The template follows the structure of the real fiches, filled from the project.
    let (status, page) = recruiter.page(&format!("{fiche}/modifier?etape=1")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Médiateur ou médiatrice de santé-pair"));
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=4")).await;
    assert!(page.contains("Avoir eu recours aux soins en santé mentale"), "{page}");
    complete(recruiter, fiche).await;
    // What Place de l'emploi public asks, only the establishment knows: the template leaves it.
    let public_post = [
        ("title", "Médiateur ou médiatrice de santé-pair"),
        ("quotite", "mi_temps"),
        ("quotite_percent", "50"),
        ("versant", "hospitaliere"),
        ("nature", "creation"),
        ("category", "B"),
        ("corps", "Animateurs"),
    ];
    assert_eq!(save(recruiter, fiche, 1, &public_post).await.status(), 303);
}

async fn the_draft_is_previewed_never_public(app: &TestApp, recruiter: &Browser, fiche: &str) {
    // The preview is the public page, before publication.
    let (status, preview) = recruiter.page(&format!("{fiche}/apercu")).await;
    assert_eq!(status, 200);
    let sections = [
        "Auprès des personnes",
        "Accompagner vers le logement",
        "Participer aux réunions cliniques",
        "Mi-temps",
        "Lyon 8e",
    ];
    common::assert_holds(&preview, &sections);
    // Only the establishment knows the pay: the template chooses none.
    assert!(
        common::unescape(&preview).contains("<dt>Rémunération</dt><dd>non précisée</dd>"),
        "no pay nobody chose: {preview}"
    );
    let (_, board) = app.page("/offres").await;
    assert!(!board.contains("Lyon 8e"), "a draft is never public");

    // Ready to copy to Place de l'emploi public, in that site's order.
    let (status, export) = recruiter.page(&format!("{fiche}/place-emploi-public")).await;
    assert_eq!(status, 200);
    let export = export.replace("&#39;", "'");
    assert!(
        export.contains("Fonction publique hospitalière") && export.contains("CH Les Tilleuls (employeur)"),
        "{export}"
    );
    assert!(
        export.contains("Date de vacance de l'emploi") && export.contains("À compléter"),
        "{export}"
    );
}

/// Submitted, the fiche is under review: the editor sends back to it and refuses any change.
async fn a_submitted_fiche_is_frozen(recruiter: &Browser, fiche: &str) {
    let response = submit(recruiter, fiche).await;
    assert_eq!(response.status(), 303);
    let (_, page) = recruiter.page(fiche).await;
    assert!(
        page.contains("Soumise au CCOMS") && page.contains("Version 1"),
        "{page}"
    );
    let response = recruiter.get(&format!("{fiche}/modifier")).await;
    assert_eq!(
        location(&response),
        fiche,
        "under review, the editor sends back to the fiche"
    );
    let response = retitle(recruiter, fiche, "99", "Autre").await;
    assert_eq!(response.status(), 409);
    says(
        response,
        &["Impossible de modifier une fiche dont l'état est « Soumise au CCOMS »"],
    )
    .await;
}

async fn the_ccoms_asks_for_a_correction_and_gets_it(recruiter: &Browser, coordinator: &Browser, fiche: &str) {
    // The CCOMS finds it in its queue, comments a section and asks for a correction.
    let (_, queue) = coordinator.page("/projets").await;
    assert!(
        queue.contains("Fiches soumises au CCOMS") && queue.contains(&format!("href=\"{fiche}\"")),
        "{queue}"
    );
    let response = coordinator
        .post(
            &format!("{fiche}/commentaires"),
            &[
                ("section", "missions"),
                ("commentaire", "Précisez le travail avec les familles."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = decide(coordinator, fiche, "a_corriger").await;
    assert_eq!(response.status(), 303);

    // The recruiter sees the comment, corrects, submits again.
    let (_, page) = recruiter.page(fiche).await;
    assert!(
        page.contains("À corriger") && page.contains("Précisez le travail avec les familles."),
        "{page}"
    );
    let response = save(
        recruiter,
        fiche,
        3,
        &[
            ("groupe_titre", "Auprès des personnes"),
            (
                "groupe_missions",
                "Soutenir le rétablissement\nAccompagner vers le logement\nSoutenir les familles",
            ),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    submit(recruiter, fiche).await;

    // Both versions are kept and can be compared.
    let response = coordinator.get(&format!("{fiche}/versions?de=1&a=2")).await;
    let body = says(response, &["Soutenir les familles"]).await;
    assert!(
        body.contains("Missions") && !body.contains("Date limite"),
        "only what changed: {body}"
    );
}

async fn the_ccoms_publishes(app: &TestApp, recruiter: &Browser, coordinator: &Browser, fiche: &str) {
    // The CCOMS publishes: the offer is on the board, the project follows.
    let (_, page) = coordinator.page(fiche).await;
    assert!(
        page.contains("Place de l'emploi public"),
        "public employers are reminded"
    );
    let response = decide(coordinator, fiche, "publier").await;
    assert_eq!(response.status(), 303);
    let (_, board) = app.page("/offres").await;
    assert!(
        board.contains("Médiateur ou médiatrice de santé-pair") && board.contains("CH Les Tilleuls"),
        "{board}"
    );
    let (_, page) = recruiter.page("/projets").await;
    assert!(page.contains("Offre publiée"), "{page}");
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    for expected in [
        "projet_ouvert",
        "fiche_commencee",
        "fiche_soumise",
        "fiche_a_corriger",
        "fiche_publiee",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
}

on_both_backends!(two_coordinators_cannot_both_decide);
async fn two_coordinators_cannot_both_decide(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = submitted(&app, &team).await;

    let other = app.user(Role::Coordinator, "autre@ccoms.fr", &[]).await;
    let first = app.signed_in(&team.coordinator).await;
    let second = app.signed_in(&other).await;
    // The second coordinator opened the fiche, then the first sent it back and the recruiter
    // submitted it again: the second's decision rests on a state that no longer exists.
    let (_, page) = second.page(&fiche).await;
    let stale = hidden_value(&page, "version");
    let response = decide_on(&first, &fiche, "a_corriger", &stale).await;
    assert_eq!(response.status(), 303);
    submit(&recruiter, &fiche).await;
    let response = decide_on(&second, &fiche, "publier", &stale).await;
    assert_eq!(response.status(), 409);
    says(response, &["modifiée entre-temps"]).await;
    let (_, board) = app.page("/offres").await;
    assert!(!board.contains("CH Les Tilleuls"), "nothing was published");

    // Acting at once on the same state: one decision wins, the other is refused.
    let (_, page) = first.page(&fiche).await;
    let version = hidden_value(&page, "version");
    let publish = decide_on(&first, &fiche, "publier", &version).await;
    let reject = decide_on(&second, &fiche, "a_corriger", &version).await;
    assert_eq!(publish.status(), 303);
    assert_eq!(reject.status(), 409);
    let (_, page) = first.page(&fiche).await;
    assert!(page.contains("Publiée"));
}
