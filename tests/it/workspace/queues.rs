//! What waits, per role, within the role's scope.

use super::*;
use common::{project, store_call, store_request};
use msp::domain::calendar::{french_date, in_paris};

on_both_backends!(a_recruiters_home_shows_their_establishments_work_and_nothing_of_another);
async fn a_recruiters_home_shows_their_establishments_work_and_nothing_of_another(app: TestApp) {
    let (ours, theirs) = two_establishments(&app).await;
    app.fiche(&ours, content("Médiateur à corriger"), FicheStatus::ACorriger, 0)
        .await;
    let open = app.publish(&ours, "Médiateur en hôpital de jour", 1).await;
    app.fiche(&theirs, content("Fiche des Peupliers"), FicheStatus::ACorriger, 0)
        .await;
    let elsewhere = app.publish(&theirs, "Offre des Peupliers", 1).await;
    let first = store_application(&app, open.id, ours.id, "recue", "a").await;
    store_application(&app, open.id, ours.id, "recue", "b").await;
    store_application(&app, open.id, ours.id, "non_retenue", "c").await;
    let other = store_application(&app, elsewhere.id, theirs.id, "recue", "d").await;
    let tomorrow = OffsetDateTime::now_utc() + Duration::days(1);
    store_interview(&app, first, tomorrow).await;
    store_interview(&app, first, OffsetDateTime::now_utc() + Duration::days(20)).await;
    store_interview(&app, other, tomorrow).await;

    let recruiter = app.recruiter("rh@tilleuls.fr", &ours).await;
    let home = home_of(&app.signed_in(&recruiter).await).await;
    common::assert_holds(
        &home,
        &[
            "Médiateur à corriger",
            "À corriger : le CCOMS attend vos corrections",
            "2 candidatures reçues à lire",
            &format!("href=\"/fiches/{}/candidatures\"", open.id),
            "plus que 30 jours pour candidater",
            "href=\"/inscriptions\"",
            "href=\"/projets/nouveau\"",
            &french_date(in_paris(tomorrow).date()),
        ],
    );
    assert_eq!(
        home.matches(&format!("/fiches/{}/candidatures", open.id)).count(),
        2,
        "{home}"
    );
    assert!(!home.contains("Peupliers"), "another establishment's work: {home}");
    assert!(!home.contains(&format!("/fiches/{}", elsewhere.id)), "{home}");
    assert!(!home.contains("Dominique Secret"), "a home names no candidate: {home}");
}

on_both_backends!(the_coordinators_home_lists_the_fiches_to_review_oldest_first_with_their_wait);
async fn the_coordinators_home_lists_the_fiches_to_review_oldest_first_with_their_wait(app: TestApp) {
    let (ours, theirs) = two_establishments(&app).await;
    let recent = app.fiche(&ours, content("Soumise hier"), FicheStatus::Soumise, 0).await;
    let old = app
        .fiche(&theirs, content("Soumise il y a longtemps"), FicheStatus::Soumise, 0)
        .await;
    app.fiche(&ours, content("Encore en brouillon"), FicheStatus::Brouillon, 0)
        .await;
    let mut overdue = content("Offre sans suite");
    overdue.deadline = Some(msp::domain::calendar::paris_today() - Duration::days(5));
    app.fiche(&theirs, overdue, FicheStatus::Publiee, 40).await;
    for (fiche, days) in [(recent.id, 1), (old.id, 12)] {
        let at = msp::db::instant_text(OffsetDateTime::now_utc() - Duration::days(days));
        sqlx::query("INSERT INTO fiche_versions (fiche_id, number, content, at) VALUES ($1, 1, '{}', $2)")
            .bind(fiche)
            .bind(at)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let mut conn = app.db.pool.acquire().await.unwrap();
    let project = msp::db::projects::insert(&mut conn, &project(&ours), None)
        .await
        .unwrap();
    // The CCOMS met the team: the project is accompanied.
    let meeting = msp::domain::project::accompaniment::NewMeeting {
        kind: msp::domain::project::accompaniment::MeetingKind::Sensibilisation,
        held_on: msp::domain::calendar::paris_today(),
        note: String::new(),
    };
    let ccoms = msp::db::accompaniment::Author {
        user_id: None,
        name: "CCOMS",
    };
    msp::db::accompaniment::record_meeting(&mut conn, project, &meeting, &ccoms)
        .await
        .unwrap();
    drop(conn);

    let coordinator = app.user(Role::Coordinator, "coord@ccoms.fr", &[]).await;
    let home = home_of(&app.signed_in(&coordinator).await).await;
    let older = home.find("Soumise il y a longtemps").expect("the older fiche waits");
    let newer = home.find("Soumise hier").expect("the newer fiche waits");
    assert!(older < newer, "oldest first: {home}");
    common::assert_holds(
        &home,
        &[
            "en attente depuis 12 jours",
            "en attente depuis 1 jour",
            &format!("href=\"/fiches/{}\"", old.id),
            "Accompagnement par le CCOMS",
            "1 projet",
            "href=\"/tableau-de-bord\"",
            "<strong>1</strong> <span><a href=\"#en-retard\">échéance en retard</a>",
            "Clôture des candidatures : Offre sans suite",
        ],
    );
    assert!(
        !home.contains("Encore en brouillon"),
        "a draft is not to review: {home}"
    );
}

on_both_backends!(an_ars_officers_home_lists_the_requests_of_their_region_to_instruct);
async fn an_ars_officers_home_lists_the_requests_of_their_region_to_instruct(app: TestApp) {
    let (ours, _) = two_establishments(&app).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    let today = msp::domain::calendar::paris_today();
    let call = store_call(&mut conn, today.year() + 1, today, None).await;
    let project = msp::db::projects::insert(&mut conn, &project(&ours), None)
        .await
        .unwrap();
    let filed = store_request(&mut conn, call, project, ours.id, None).await;
    sqlx::query("UPDATE funding_requests SET state = 'deposee' WHERE id = $1")
        .bind(filed)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);

    let officer = app
        .user(Role::ArsOfficer, "ars@ara.fr", &[(ScopeKind::Region, "84")])
        .await;
    let home = home_of(&app.signed_in(&officer).await).await;
    common::assert_holds(
        &home,
        &[
            "Demandes à instruire",
            &format!("href=\"/demandes/{filed}\""),
            "CH Les Tilleuls",
        ],
    );
    let elsewhere = app
        .user(Role::ArsOfficer, "ars@bretagne.fr", &[(ScopeKind::Region, "53")])
        .await;
    let home = home_of(&app.signed_in(&elsewhere).await).await;
    assert!(
        !home.contains(&format!("/demandes/{filed}")),
        "another region's request: {home}"
    );
    assert!(
        common::unescape(&home).contains("Aucune demande n'attend votre instruction."),
        "{home}"
    );
}

on_both_backends!(a_universitys_home_counts_its_tracks_enrolments_to_process_and_names_nobody);
async fn a_universitys_home_counts_its_tracks_enrolments_to_process_and_names_nobody(app: TestApp) {
    let scene = crate::calendar::scene(app).await;
    let (_, ccoms, record, cohort) = crate::calendar::hired(&scene).await;
    assert_eq!(
        crate::calendar::enrol(&ccoms, record, cohort, false).await.status(),
        303
    );
    let app = &scene.app;
    let ours = app
        .user(Role::University, "scol@bobigny.test", &[(ScopeKind::Track, "bobigny")])
        .await;
    let home = home_of(&app.signed_in(&ours).await).await;
    common::assert_holds(
        &home,
        &[
            "<strong>1</strong> <span><a href=\"#a-traiter\">inscription à traiter</a>",
            "1 personne à inscrire",
        ],
    );
    assert!(!home.contains("Camille Martin"), "a home names nobody: {home}");
    let theirs = app
        .user(
            Role::University,
            "scol@bordeaux.test",
            &[(ScopeKind::Track, "bordeaux")],
        )
        .await;
    let home = home_of(&app.signed_in(&theirs).await).await;
    assert!(
        home.contains("Aucune inscription à traiter."),
        "another track's enrolment: {home}"
    );
}

on_both_backends!(an_msps_home_lists_their_first_years_milestones_and_nobody_elses);
async fn an_msps_home_lists_their_first_years_milestones_and_nobody_elses(app: TestApp) {
    let scene = crate::calendar::scene(app).await;
    let (_, ccoms, record, cohort) = crate::calendar::hired(&scene).await;
    let enrolment = location(&crate::calendar::enrol(&ccoms, record, cohort, true).await);
    assert!(enrolment.starts_with("/inscriptions/"), "{enrolment}");
    let app = &scene.app;
    let msp = app.user(Role::Msp, "camille.msp@exemple.fr", &[]).await;
    let home = home_of(&app.signed_in(&msp).await).await;
    common::assert_holds(
        &home,
        &[
            "Votre première année",
            "Prévue le",
            &format!("href=\"{enrolment}#journal\""),
        ],
    );
    let other = app.user(Role::Msp, "autre.msp@exemple.fr", &[]).await;
    let home = home_of(&app.signed_in(&other).await).await;
    assert!(!home.contains(&enrolment), "another MSP's path: {home}");
    assert!(home.contains("href=\"/mon-parcours\""), "{home}");
}
