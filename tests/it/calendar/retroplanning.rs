use super::*;

on_both_backends!(a_project_aiming_at_bobigny_2027_shows_its_dated_plan_with_warnings);
async fn a_project_aiming_at_bobigny_2027_shows_its_dated_plan_with_warnings(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let rh = app.signed_in(&scene.recruiter).await;
    let (_, project) = rh.page(&format!("/projets/{}", scene.project_id)).await;
    assert!(project.contains(&format!("/projets/{}/retroplanning", scene.project_id)));

    let path = format!(
        "/projets/{}/retroplanning?parcours=bobigny&annee=2027",
        scene.project_id
    );
    let (status, plan) = rh.page(&path).await;
    assert_eq!(status, 200);
    assert!(plan.contains("Rétroplanning, promotion Bobigny 2027"));
    for line in [
        "22 septembre 2026", // fiche submitted to the CCOMS
        "6 octobre 2026",    // publication
        "17 novembre 2026",  // applications close
        "24 novembre 2026",  // interviews
        "8 décembre 2026",   // decision
        "15 décembre 2026",  // registration closes
        "18 janvier 2027",   // start of the job
        "du 1er février 2027 au 5 février 2027",
        "Semaine de formation 8 (du 5 juin 2028 au 9 juin 2028)",
        "L&#39;université",
        "Le CCOMS",
    ] {
        assert!(plan.contains(line), "{line}");
    }
    // The fiche's deadline (10 December) leaves no time before registration closes.
    assert!(plan.contains("10 décembre 2026") && plan.contains("inatteignable"));
    // And whatever today is, the autumn 2026 dates are behind us.
    assert!(plan.contains("Date dépassée") || plan.contains("plus atteignable"));
    assert!(plan.contains("Prochaine promotion encore atteignable"));

    let ccoms = the_team_aims_at_it(&scene, &rh).await;
    moving_registration_moves_the_plan(&ccoms, &rh, &path).await;
    // Another establishment's recruiter does not see the project.
    let other = app.establishment("CH Ailleurs", "Lille", "59").await;
    let stranger = app
        .user(
            Role::Recruiter,
            "rh@ailleurs.test",
            &[(ScopeKind::Establishment, &other.id.to_string())],
        )
        .await;
    let (status, _) = app.signed_in(&stranger).await.page(&path).await;
    assert_eq!(status, 404);
}

/// The team aims at it; the CCOMS's dashboard follows the plan.
async fn the_team_aims_at_it(scene: &Scene, rh: &Browser) -> Browser {
    let app = &scene.app;
    let response = rh
        .post(
            &format!("/projets/{}/retroplanning", scene.project_id),
            &[("parcours", "bobigny"), ("annee", "2027")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, project) = rh.page(&format!("/projets/{}", scene.project_id)).await;
    assert!(project.contains("promotion 2027"));
    let ccoms = app.signed_in(&scene.coordinator).await;
    let (_, dashboard) = ccoms.page("/tableau-de-bord").await;
    assert!(dashboard.contains("Décision d&#39;embauche – CH Calendrier, Centre médico-psychologique (Bobigny 2027)"));

    ccoms
}

/// The CCOMS moves registration to 8 January 2027: the decision moves to 1 January.
async fn moving_registration_moves_the_plan(ccoms: &Browser, rh: &Browser, path: &str) {
    let cohort = bobigny_2027(ccoms).await;
    let (_, form) = ccoms.page(&format!("/promotions/{cohort}")).await;
    let weeks = "2027-02-01\n2027-03-01\n2027-04-05";
    let fields = |registration: &'static str, weeks: &'static str| {
        vec![
            ("version", hidden_value(&form, "version")),
            ("recruitment_opens", "2026-09-01".to_string()),
            ("recruitment_closes", "2026-12-05".to_string()),
            ("registration_closes", registration.to_string()),
            ("job_starts", "2027-01-18".to_string()),
            ("training_weeks", weeks.to_string()),
            ("capacity", "30".to_string()),
            ("rhythm", "Une semaine entière par mois, en présentiel".to_string()),
        ]
    };
    let refused = fields("2027-01-08", "2027-02-02");
    let refused: Vec<(&str, &str)> = refused.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = ccoms.post(&format!("/promotions/{cohort}"), &refused).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("n&#39;est pas un lundi") && page.contains("href=\"#champ-training_weeks\""));
    let saved = fields("2027-01-08", weeks);
    let saved: Vec<(&str, &str)> = saved.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = ccoms.post(&format!("/promotions/{cohort}"), &saved).await;
    assert_eq!(response.status(), 303);
    let (_, plan) = rh.page(path).await;
    assert!(plan.contains("1er janvier 2027") && plan.contains("8 janvier 2027"));
    assert!(plan.contains("Semaine de formation 3 (du 5 avril 2027"));
    assert!(!plan.contains("Semaine de formation 4"));
}
