//! The enrolment a hire makes: on a fiche naming a licence, in the cohort whose registration is
//! open and which has a place, stored from DESIGN's defaults when the CCOMS stored none, with
//! the Bac+2 to confirm; on a fiche naming none, the CCOMS enrols by hand as before.

use super::*;
use msp::domain::fiche::Track;
use time::macros::datetime;

/// A fiche of the scene's project naming Bobigny's licence: its id.
async fn bobigny_fiche(scene: &Scene) -> i64 {
    let mut fiche = content("Médiateur de santé-pair, licence de Bobigny");
    fiche.track = Some(Track::Bobigny);
    fiche.deadline = Some(date!(2026 - 11 - 01));
    let mut tx = scene.app.db.begin().await.unwrap();
    let employer = msp::db::establishments::find_by_name(&mut tx, "CH Calendrier")
        .await
        .unwrap()
        .unwrap();
    let (_, fiche_id) = common::store_draft(&mut tx, &employer, scene.recruiter.id, &fiche).await;
    tx.commit().await.unwrap();
    fiche_id
}

async fn enrolment_of(app: &TestApp, record: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT id FROM enrolments WHERE msp_record_id = $1")
        .bind(record)
        .fetch_optional(&app.db.pool)
        .await
        .unwrap()
}

on_both_backends!(a_hire_on_a_licence_enrols_in_its_open_cohort_with_the_bac2_to_confirm);
async fn a_hire_on_a_licence_enrols_in_its_open_cohort_with_the_bac2_to_confirm(app: TestApp) {
    // 1 December 2026: Bobigny 2027's registration closes on the 15th, and nobody stored it.
    app.set_now(datetime!(2026-12-01 9:00 UTC));
    let scene = scene(app).await;
    let app = &scene.app;
    let fiche = bobigny_fiche(&scene).await;
    let rh = app.signed_in(&scene.recruiter).await;
    let record = app.hire(&rh, fiche, scene.establishment_id, MSP_EMAIL).await;
    let enrolment = enrolment_of(app, record).await.expect("enrolled with the hire");
    let ccoms = app.signed_in(&scene.coordinator).await;
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(page.contains("Camille Martin, promotion Bobigny 2027"), "{page}");
    assert!(
        page.contains("À inscrire") && page.contains("à confirmer : inscription faite à l'embauche"),
        "{page}"
    );
    assert!(page.contains("(la personne a un Bac+2)") && page.contains("(la personne n&#39;a pas de Bac+2)"));
    assert!(!page.contains(" checked>"), "no step chosen for the CCOMS: {page}");
    let (_, list) = ccoms.page("/inscriptions").await;
    assert!(!list.contains("Inscrire Camille Martin"), "already enrolled: {list}");
    let (_, cohorts) = ccoms.page("/promotions").await;
    assert!(cohorts.contains("Bobigny 2027"), "stored from the defaults: {cohorts}");
    for (action, count) in [("promotion_creee", 1), ("msp_inscrit", 1)] {
        let audited = format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'");
        assert_eq!(app.scalar(&audited).await, count, "{action}");
    }

    // The university or the CCOMS registers them: the Bac+2 is known from then on.
    assert_eq!(move_to(&ccoms, enrolment, "inscrite").await, 303);
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(page.contains("<dt>Diplôme Bac+2</dt><dd>oui</dd>"), "{page}");

    // Bobigny 2027 full, the next hire joins Bobigny 2028, stored in its turn.
    app.exec(sqlx::query(
        "UPDATE cohorts SET capacity = 1 WHERE track = 'bobigny' AND year = 2027",
    ))
    .await;
    let second = app
        .hire(&rh, fiche, scene.establishment_id, "dominique@exemple.fr")
        .await;
    let enrolment = enrolment_of(app, second).await.expect("enrolled with the hire");
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(page.contains("promotion Bobigny 2028"), "{page}");

    // A fiche naming no licence: no enrolment, the CCOMS enrols by hand.
    let third = scene
        .app
        .hire(&rh, scene.fiche_id, scene.establishment_id, "sacha@exemple.fr")
        .await;
    assert_eq!(enrolment_of(app, third).await, None);
    let (_, list) = ccoms.page("/inscriptions").await;
    assert!(list.contains("Inscrire Camille Martin") && list.contains("aucune des deux licences"));
}

on_both_backends!(a_hire_after_registration_closed_joins_the_next_cohort_the_ccoms_set);
async fn a_hire_after_registration_closed_joins_the_next_cohort_the_ccoms_set(app: TestApp) {
    app.set_now(datetime!(2026-12-01 9:00 UTC));
    let scene = scene(app).await;
    let app = &scene.app;
    let ccoms = app.signed_in(&scene.coordinator).await;
    // The CCOMS closed Bobigny 2027's registration early, and set Bobigny 2028 already.
    let early = bobigny_2027(&ccoms).await;
    app.exec(sqlx::query("UPDATE cohorts SET registration_closes = '2026-11-30' WHERE id = $1").bind(early))
        .await;
    let response = ccoms
        .post("/promotions", &[("parcours", "bobigny"), ("annee", "2028")])
        .await;
    let next = last_id(&response);
    let fiche = bobigny_fiche(&scene).await;
    let rh = app.signed_in(&scene.recruiter).await;
    let record = app.hire(&rh, fiche, scene.establishment_id, MSP_EMAIL).await;
    let cohort: i64 = app
        .scalar(&format!(
            "SELECT cohort_id FROM enrolments WHERE msp_record_id = {record}"
        ))
        .await;
    assert_eq!(cohort, next);
    let created = "SELECT COUNT(*) FROM audit_log WHERE action = 'promotion_creee' AND detail LIKE '%embauche%'";
    assert_eq!(app.scalar(created).await, 0, "both were stored already");
}

on_both_backends!(a_hired_persons_application_goes_90_days_after_the_hire_and_their_record_stays);
async fn a_hired_persons_application_goes_90_days_after_the_hire_and_their_record_stays(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let rh = app.signed_in(&scene.recruiter).await;
    let record = hire(&scene, &rh).await;
    let policy = msp::domain::application::RetentionPolicy::default();
    let hired_at = time::OffsetDateTime::now_utc();
    let run = |days: i64| msp::retention::run(&app.db, &policy, hired_at + time::Duration::days(days), "");
    assert_eq!(
        run(89).await.unwrap().applications_erased,
        0,
        "kept while the team files it"
    );
    assert_eq!(run(91).await.unwrap().applications_erased, 1);
    let erased = "SELECT COUNT(*) FROM applications WHERE status = 'embauchee' AND purged_at IS NOT NULL \
                  AND full_name = ''";
    assert_eq!(app.scalar(erased).await, 1);
    // The MSP's record keeps what the enrolment and the first year need.
    let name: String = sqlx::query_scalar("SELECT full_name FROM msp_records WHERE id = $1")
        .bind(record)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Camille Martin");
    let (_, notice) = app.page("/donnees-personnelles").await;
    assert!(
        notice.contains("la plateforme l'efface 90 jours après l'embauche"),
        "{notice}"
    );
}
