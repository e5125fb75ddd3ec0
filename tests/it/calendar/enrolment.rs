use super::*;

on_both_backends!(a_hired_msp_is_enrolled_and_their_training_weeks_appear_in_a_subscribed_calendar);
async fn a_hired_msp_is_enrolled_and_their_training_weeks_appear_in_a_subscribed_calendar(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let (rh, ccoms, record, cohort) = hired(&scene).await;
    let (_, list) = ccoms.page("/inscriptions").await;
    assert!(list.contains("Inscrire Camille Martin"));
    let before = msp::db::board::version(&app.db).await.unwrap();
    let response = enrol(&ccoms, record, cohort, false).await;
    assert_eq!(response.status(), 303);
    let enrolment = last_id(&response);
    // The cohort is fuller: the offer pages kept in memory, which name the cohort an offer leads
    // to, must be rendered again.
    let after = msp::db::board::version(&app.db).await.unwrap();
    let logged = msp::db::board_changes::between(&app.db, before, after).await.unwrap();
    assert!(
        logged.iter().any(|c| c.kind == "cohortes"),
        "an enrolment moves the board's version"
    );
    let again = enrol(&ccoms, record, cohort, false).await;
    assert_eq!(again.status(), 400, "enrolled once");

    let university = only_the_tracks_university_follows_it(app, enrolment).await;
    let msp_user = app.user(Role::Msp, MSP_EMAIL, &[]).await;
    let msp = app.signed_in(&msp_user).await;
    let feed_path = the_msp_subscribes_to_their_weeks(app, &msp, enrolment).await;
    let team_feed = the_teams_and_the_cohorts_calendars(&scene, &rh, &ccoms, cohort).await;
    // Revoked, the MSP's address answers nothing.
    let (_, own) = msp.page(&format!("/inscriptions/{enrolment}")).await;
    let marker = "action=\"/agendas/";
    let at = own.find(marker).unwrap() + marker.len();
    let feed_id = own[at..].split('/').next().unwrap();
    let response = msp.post(&format!("/agendas/{feed_id}/revoquer"), &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&feed_path).await.status(), 404);
    assert_eq!(app.get(&team_feed).await.status(), 200);
    assert_eq!(app.get("/agenda/pas-un-jeton").await.status(), 404);

    // The journal, shared by the MSP, their manager and the CCOMS.
    let response = post_to_enrolment(
        &msp,
        enrolment,
        "journal",
        &[("texte", "Première semaine en binôme avec l'infirmière référente.")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, managed) = rh.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(managed.contains("Première semaine en binôme"));

    // Graduated: catégorie A from today.
    assert_eq!(move_to(&university, enrolment, "diplomee").await, 303);
    let (_, own) = msp.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(own.contains("Éducateur ou éducatrice (catégorie A"));
    let today = msp::domain::calendar::french_date(msp::domain::calendar::paris_today());
    assert!(own.contains(&format!("depuis le {today}")));
}

/// Bobigny's university follows the enrolment and moves it; Bordeaux's does not see it.
async fn only_the_tracks_university_follows_it(app: &TestApp, enrolment: i64) -> Browser {
    let bobigny = app
        .user(Role::University, "scol@bobigny.test", &[(ScopeKind::Track, "bobigny")])
        .await;
    let bordeaux = app
        .user(
            Role::University,
            "scol@bordeaux.test",
            &[(ScopeKind::Track, "bordeaux")],
        )
        .await;
    let bordeaux = app.signed_in(&bordeaux).await;
    let (_, theirs) = bordeaux.page("/inscriptions").await;
    assert!(!theirs.contains("Camille Martin"));
    let (status, _) = bordeaux.page(&format!("/inscriptions/{enrolment}")).await;
    assert_eq!(status, 404);
    let university = app.signed_in(&bobigny).await;
    let (status, page) = university.page(&format!("/inscriptions/{enrolment}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Camille Martin") && page.contains("Bobigny 2027"));
    assert!(
        !page.contains("Journal du parcours"),
        "the journal is not the university's"
    );
    // No Bac+2: registration goes through the VAP/VAE file first.
    assert_eq!(move_to(&university, enrolment, "inscrite").await, 400);
    for to in ["dossier_vap", "inscrite", "en_formation"] {
        assert_eq!(move_to(&university, enrolment, to).await, 303, "{to}");
    }
    let response = bordeaux
        .post(
            &format!("/inscriptions/{enrolment}/etat"),
            &[("version", "4"), ("etat", "diplomee")],
        )
        .await;
    assert_eq!(response.status(), 404);

    university
}

/// The MSP subscribes to their weeks; returns the feed's path.
async fn the_msp_subscribes_to_their_weeks(app: &TestApp, msp: &Browser, enrolment: i64) -> String {
    let response = msp.get("/mon-parcours").await;
    assert_eq!(location(&response), format!("/inscriptions/{enrolment}"));
    let (_, own) = msp.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(own.contains("En formation") && own.contains("Animateur"));
    assert!(own.contains("jamais d'information sur un patient"));
    let response = msp.post(&format!("/inscriptions/{enrolment}/agenda"), &[]).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let start = page.find(&app.url("/agenda/")).expect("the feed's address") + app.url("").len();
    let feed_path = page[start..].split('<').next().unwrap().to_string();
    let feed = app.get(&feed_path).await;
    assert_eq!(feed.status(), 200);
    assert!(common::content_type(&feed).starts_with("text/calendar"));
    let weeks = events(&feed.text().await.unwrap());
    assert_eq!(weeks.len(), 8);
    assert_eq!((weeks[0].0.as_str(), weeks[0].1.as_str()), ("20270201", "20270206"));
    assert!(weeks[0].2.contains("semaine 1 sur 8") && weeks[0].2.contains("Bobigny 2027"));
    assert_eq!(weeks[7].0, "20280605");

    feed_path
}

/// The team's calendar shows the weeks its MSP is away, without their name; the cohort's has
/// them all. Returns the team feed's path.
async fn the_teams_and_the_cohorts_calendars(scene: &Scene, rh: &Browser, ccoms: &Browser, cohort: i64) -> String {
    let app = &scene.app;
    let response = rh
        .post(&format!("/etablissements/{}/agenda", scene.establishment_id), &[])
        .await;
    let page = response.text().await.unwrap();
    let start = page.find(&app.url("/agenda/")).unwrap() + app.url("").len();
    let team_feed = page[start..].split('<').next().unwrap().to_string();
    let team = events(&app.get(&team_feed).await.text().await.unwrap());
    assert_eq!(team.len(), 8);
    assert!(team[0].2.contains("absent") && !team[0].2.contains("Camille"));
    let response = ccoms.post(&format!("/promotions/{cohort}/agenda"), &[]).await;
    let page = response.text().await.unwrap();
    let start = page.find(&app.url("/agenda/")).unwrap() + app.url("").len();
    let cohort_feed = page[start..].split('<').next().unwrap().to_string();
    let whole = events(&app.get(&cohort_feed).await.text().await.unwrap());
    assert_eq!(whole.len(), 8);
    assert_eq!(whole[7].1, "20280610");

    team_feed
}
