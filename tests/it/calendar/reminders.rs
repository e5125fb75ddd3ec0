use super::*;

on_both_backends!(first_year_milestones_send_their_reminders_once_even_on_two_instances);
async fn first_year_milestones_send_their_reminders_once_even_on_two_instances(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let (rh, ccoms, record, cohort) = hired(&scene).await;
    let enrolment = last_id(&enrol(&ccoms, record, cohort, true).await);
    a_full_cohort_enrols_no_one_more(&scene, &rh, &ccoms, cohort).await;
    the_first_year_is_dated_from_the_start_of_the_job(&ccoms, enrolment).await;
    the_reminders_leave_once_even_from_two_instances(app, &ccoms, enrolment).await;
    the_real_day_of_arrival_moves_the_year(app, &rh, &ccoms, enrolment).await;
    a_milestone_done_is_never_reminded(app, &ccoms, enrolment).await;
}

/// With one place, the cohort is now full: a second hire goes elsewhere, and the plan says so.
async fn a_full_cohort_enrols_no_one_more(scene: &Scene, rh: &Browser, ccoms: &Browser, cohort: i64) {
    let app = &scene.app;
    app.exec(sqlx::query("UPDATE cohorts SET capacity = 1 WHERE id = $1").bind(cohort))
        .await;
    let second = hire_as(scene, rh, "dominique@exemple.fr").await;
    let response = enrol(ccoms, second, cohort, false).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("complète"));
    let plan = format!(
        "/projets/{}/retroplanning?parcours=bobigny&annee=2027",
        scene.project_id
    );
    let (_, plan) = ccoms.page(&plan).await;
    assert!(plan.contains("La promotion Bobigny 2027 est complète : 1 inscription pour 1 place."));
}

/// The first year's milestones, from the start of the job on 18 January 2027.
async fn the_first_year_is_dated_from_the_start_of_the_job(ccoms: &Browser, enrolment: i64) {
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    for (label, date) in [
        ("Arrivée dans l&#39;équipe", "18 janvier 2027"),
        ("Rencontre de suivi avec le CCOMS (1 mois)", "18 février 2027"),
        ("Rencontre de suivi avec le CCOMS (6 mois)", "18 juillet 2027"),
        (
            "bilan de la première année et positionnement sur des références",
            "18 janvier 2028",
        ),
    ] {
        assert!(page.contains(label) && page.contains(date), "{label}");
    }
}

/// The reminders queued so far. The address is sealed: they are counted by their kind.
async fn reminders(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'rappel_parcours'")
        .await
}

/// Each reminder leaves once, on its day, whichever instance runs the job and however often.
async fn the_reminders_leave_once_even_from_two_instances(app: &TestApp, ccoms: &Browser, enrolment: i64) {
    // Three days before arrival: arrival and pairing are due, on two instances at once, twice.
    let other = app.another_instance().await;
    let day = date!(2027 - 01 - 15);
    let (a, b) = tokio::join!(remind_on(app, day), remind_on(&other, day));
    assert_eq!(a + b, 2);
    assert_eq!(remind_on(app, day).await, 0);
    assert_eq!(reminders(app).await, 2);
    // Too early for the others; a week before the first follow-up, that one only.
    let day = date!(2027 - 02 - 11);
    assert_eq!(remind_on(app, day).await, 1);
    assert_eq!(reminders(app).await, 3);
    // Either instance's worker may send them: the outbox holds what was queued.
    let mails: Vec<(String, String)> = TestApp::delivered(&[app, &other])
        .await
        .into_iter()
        .filter(|m| m.to == MSP_EMAIL && m.subject.starts_with("Rappel"))
        .map(|m| (m.subject, m.text))
        .collect();
    let subjects: Vec<&str> = mails.iter().map(|(s, _)| s.as_str()).collect();
    assert!(subjects.contains(&"Rappel : Arrivée dans l'équipe"), "{subjects:?}");
    let follow_up = mails.iter().find(|(s, _)| s.contains("(1 mois)"));
    assert!(follow_up.is_some_and(|(_, text)| text.contains("18 février 2027") && text.contains("/mon-parcours")));
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    assert_eq!(page.matches("envoyé").count(), 3);
}

/// The manager records the MSP's real day of arrival in the team, as typed.
async fn arrive(rh: &Browser, enrolment: i64, day: &str) -> reqwest::Response {
    post_to_enrolment(rh, enrolment, "arrivee", &[("arrivee", day)]).await
}

/// The manager records the real day of arrival, 1 February: the year not yet done follows it.
async fn the_real_day_of_arrival_moves_the_year(app: &TestApp, rh: &Browser, ccoms: &Browser, enrolment: i64) {
    let response = arrive(rh, enrolment, "01/02/2027").await;
    assert_eq!(response.status(), 303);
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(page.contains("1er mars 2027"), "the 1-month follow-up moved");
    assert!(!page.contains("18 février 2027"));
    let day = date!(2027 - 01 - 29);
    assert_eq!(remind_on(app, day).await, 2);
    let response = arrive(rh, enrolment, "le premier").await;
    assert_eq!(response.status(), 400);
}

async fn a_milestone_done_is_never_reminded(app: &TestApp, ccoms: &Browser, enrolment: i64) {
    let response = post_to_enrolment(ccoms, enrolment, "etapes", &[("etape", "suivi_3_mois")]).await;
    assert_eq!(response.status(), 303);
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    let today = msp::domain::calendar::french_date(msp::domain::calendar::paris_today());
    assert!(page.contains(&format!("le {today}")));
    let day = date!(2027 - 04 - 25); // a week before 1 May, the 3-month follow-up
    assert_eq!(remind_on(app, day).await, 0);
}
