//! Several instances of the application on one database, as production runs them: sessions are
//! shared, queued mail leaves once, migrations apply once, each board index follows every
//! change.

use crate::common;

use common::{PASSWORD, TestApp};
use msp::domain::fiche::FicheStatus;
use msp::domain::role::Role;

on_both_backends!(a_session_opened_on_one_instance_is_valid_on_the_other);
async fn a_session_opened_on_one_instance_is_valid_on_the_other(first: TestApp) {
    let second = first.another_instance().await;
    first.user(Role::Candidate, "partout@exemple.fr", &[]).await;
    let browser = first.browser();
    let response = browser.log_in("partout@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 303);
    let session = browser.cookie("msp_session").unwrap();
    let on_second = second
        .client
        .get(second.url("/compte"))
        .header("cookie", format!("msp_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(on_second.status(), 200);
    assert!(on_second.text().await.unwrap().contains("partout@exemple.fr"));

    // Logging out on the second ends the session everywhere.
    let csrf = common::form_token_of_session(&session);
    second
        .client
        .post(second.url("/deconnexion"))
        .header("cookie", format!("msp_session={session}; msp_csrf={csrf}"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(browser.get("/compte").await.status(), 303);
}

on_both_backends!(queued_mail_is_sent_exactly_once_by_several_instances);
async fn queued_mail_is_sent_exactly_once_by_several_instances(first: TestApp) {
    let second = first.another_instance().await;
    let third = first.another_instance().await;
    // Twenty sign-ups spread over the instances, each queuing a message that every worker sees.
    for i in 0..20 {
        let instance = [&first, &second, &third][i % 3];
        let email = format!("personne{i}@exemple.fr");
        let response = instance.browser().sign_up("Alex", &email, PASSWORD).await;
        assert_eq!(response.status(), 200);
    }
    // Wake every worker so that they compete for the same messages.
    for app in [&first, &second, &third] {
        app.mail_to("personne0@exemple.fr").await;
    }
    let mut sent: Vec<String> = [&first, &second, &third]
        .iter()
        .flat_map(|app| {
            app.sent
                .lock()
                .unwrap()
                .iter()
                .map(|m| m.to.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    sent.sort();
    let mut expected: Vec<String> = (0..20).map(|i| format!("personne{i}@exemple.fr")).collect();
    expected.sort();
    assert_eq!(sent, expected, "each message once, none lost");
}

on_both_backends!(each_instance_board_shows_a_change_made_anywhere_once_caught_up);
/// Each instance searches an index held in memory that follows the database by itself: a
/// change written through another instance (or any other writer of the database) shows once
/// its board has caught up with the database's version (within 100 ms in production; the test
/// waits up to 10 s, so that a slow machine does not fail it).
async fn each_instance_board_shows_a_change_made_anywhere_once_caught_up(first: TestApp) {
    let second = first.another_instance().await;
    let totals = |body: &serde_json::Value| body["total"].as_u64().unwrap();
    let ch = first.establishment("CH du Partage", "Lille", "59").await;
    first.publish(&ch, "Médiateur de santé-pair en réhabilitation", 2).await;
    second.board_caught_up().await;
    assert_eq!(totals(&first.json("/api/v1/offres?q=rehabilitation").await.1), 1);
    assert_eq!(totals(&second.json("/api/v1/offres?q=rehabilitation").await.1), 1);

    let newer = first.publish(&ch, "Pair-aidant, réhabilitation psychosociale", 1).await;
    second.board_caught_up().await;
    let (_, body) = second.json("/api/v1/offres?q=rehabilitation").await;
    assert_eq!(totals(&body), 2, "the other instance sees the publication: {body}");
    assert_eq!(
        body["offres"][0]["slug"],
        newer.slug.as_str(),
        "newest first among equals"
    );

    first
        .exec(sqlx::query("UPDATE fiches SET status = 'close' WHERE id = $1").bind(newer.id))
        .await;
    second.board_caught_up().await;
    assert_eq!(
        totals(&second.json("/api/v1/offres?q=rehabilitation").await.1),
        1,
        "a closed offer leaves"
    );
    let (status, _) = second.page(&format!("/offres/{}", newer.slug)).await;
    assert_eq!(status, 200, "a closed offer's page stays");

    let renamed = sqlx::query("UPDATE establishments SET name = 'CH du Partage renommé' WHERE id = $1");
    first.exec(renamed.bind(ch.id)).await;
    second.board_caught_up().await;
    let (_, html) = second.page("/offres?q=rehabilitation").await;
    assert!(html.contains("CH du Partage renommé"), "the listing shows the new name");
}

on_both_backends!(a_glossary_correction_shows_on_the_other_instance_once_caught_up);
async fn a_glossary_correction_shows_on_the_other_instance_once_caught_up(first: TestApp) {
    let second = first.another_instance().await;
    let ch = first.establishment("CH des Mots", "Lyon", "69").await;
    let mut fiche = common::content("Médiateur en unité TCD");
    fiche.context = "L'unité TCD accueille des adultes.".into();
    let offer = first.fiche(&ch, fiche, FicheStatus::Publiee, 1).await;
    second.board_caught_up().await;
    let path = format!("/offres/{}", offer.slug);
    assert!(
        second
            .page(&path)
            .await
            .1
            .contains("TCD (thérapie comportementale dialectique)")
    );

    let ccoms = first.user(Role::Coordinator, "ccoms@mots.test", &[]).await;
    let browser = first.signed_in(&ccoms).await;
    let meaning = [
        ("terme", "TCD"),
        ("definition", "troubles cognitifs et du développement"),
    ];
    assert_eq!(browser.post("/glossaire/modifier", &meaning).await.status(), 303);
    assert!(
        first
            .page(&path)
            .await
            .1
            .contains("TCD (troubles cognitifs et du développement)"),
        "its author sees the correction at once"
    );
    second.board_caught_up().await;
    assert!(
        second
            .page(&path)
            .await
            .1
            .contains("TCD (troubles cognitifs et du développement)")
    );
}

on_both_backends!(every_change_a_public_page_shows_moves_the_boards_version_and_says_what);
/// The pages kept in memory are keyed on the board's version: each change they show must move
/// it on every instance, and the log must say what changed.
async fn every_change_a_public_page_shows_moves_the_boards_version_and_says_what(first: TestApp) {
    let second = first.another_instance().await;
    let ch = first.establishment("CH du Journal", "Lille", "59").await;
    let draft = first
        .fiche(&ch, common::content("Brouillon"), FicheStatus::Brouillon, 0)
        .await;
    let cohort = "INSERT INTO cohorts (track, year, recruitment_opens, recruitment_closes, registration_closes, \
                  job_starts, training_weeks, capacity, updated_at) \
                  VALUES ('bordeaux', 2031, '2031-01-01', '2031-06-30', '2031-09-01', '2031-09-01', '', 20, '2031-01-01')";
    let writes: Vec<(&str, sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments>)> = vec![
        (
            "etablissement",
            sqlx::query("UPDATE establishments SET name = 'CH du Journal bis' WHERE id = $1").bind(ch.id),
        ),
        (
            "fiche",
            sqlx::query("UPDATE fiches SET status = 'publiee' WHERE id = $1").bind(draft.id),
        ),
        (
            "fiche",
            sqlx::query("UPDATE fiches SET status = 'close' WHERE id = $1").bind(draft.id),
        ),
        (
            "statistiques",
            sqlx::query("DELETE FROM fiches WHERE id = $1").bind(draft.id),
        ),
        ("cohortes", sqlx::query(cohort)),
        (
            "glossaire",
            sqlx::query(
                "INSERT INTO glossary_terms (term, meaning, updated_at) VALUES ('XYZ', 'un mot', '2031-01-01')",
            ),
        ),
    ];
    for (kind, write) in writes {
        let before = msp::db::board::version(&first.db).await.unwrap();
        first.exec(write).await;
        let after = msp::db::board::version(&first.db).await.unwrap();
        assert_eq!(after, before + 1, "{kind}: one version");
        let logged = msp::db::board_changes::between(&first.db, before, after).await.unwrap();
        assert_eq!(logged.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>(), [kind]);
        second.board_caught_up().await;
        let index = second.board.index(&second.db, second.clock.today()).await.unwrap();
        assert_eq!(index.version, after, "{kind}: the other instance moved");
    }
}

on_both_backends!(an_instance_is_not_ready_until_its_board_is_loaded);
async fn an_instance_is_not_ready_until_its_board_is_loaded(first: TestApp) {
    let ch = first.establishment("CH de l'Aube", "Caen", "14").await;
    first.publish(&ch, "Médiateur de santé-pair", 1).await;
    // An instance whose index nothing has loaded yet, as at start-up before the first load.
    let starting = first.instance_without_follower().await;
    let (status, body) = starting.page("/readyz").await;
    assert_eq!((status, body.as_str()), (503, "index des offres en chargement"));
    // A search waits for the whole load, never answers from a part of it.
    let (_, found) = starting.json("/api/v1/offres").await;
    assert_eq!(found["total"], 1);
    assert_eq!(starting.page("/readyz").await.0, 200);
    assert_eq!(first.page("/readyz").await.0, 200, "the follower loaded the other");
}
