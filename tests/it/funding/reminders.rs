use super::*;

on_both_backends!(the_reminder_fires_once_before_a_subsidy_ends_even_from_two_instances);

async fn the_reminder_fires_once_before_a_subsidy_ends_even_from_two_instances(app: TestApp) {
    let region = region(&app).await;
    let (subsidy, project) = past_subsidy(&app, &region).await;
    let due = msp::domain::funding::reminder_due_on(msp::domain::funding::subsidy_ends_on(paris_today().year() - 1, 1));
    let base = "https://msp.example";
    // The day before it is due, nothing; on the day, once; again, nothing.
    let before = msp::jobs::send_funding_reminders(&app.db, base, due.previous_day().unwrap())
        .await
        .unwrap();
    assert_eq!(before, 0);
    let other = app.another_instance().await;
    let (a, b) = tokio::join!(
        msp::jobs::send_funding_reminders(&app.db, base, due),
        msp::jobs::send_funding_reminders(&other.db, base, due),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        msp::jobs::send_funding_reminders(&app.db, base, paris_today())
            .await
            .unwrap(),
        0
    );
    let mut mails: Vec<(String, String, String)> = TestApp::delivered(&[&app, &other])
        .await
        .into_iter()
        .map(|m| (m.to, m.subject, m.text))
        .collect();
    mails.sort();
    let recipients: Vec<&str> = mails.iter().map(|(r, _, _)| r.as_str()).collect();
    // The establishment and its region's ARS, once each; not the other region's ARS.
    assert_eq!(recipients, ["ars@ara.fr", "rh@vinatier.fr"]);
    let (_, subject, text) = &mails[0];
    assert!(subject.contains("se termine le 31 décembre"), "{subject}");
    assert!(text.contains("pérenniser le poste"), "{text}");
    assert!(text.contains(&format!("{base}/subventions/{subsidy}")), "{text}");

    // The establishment says the post was kept: the project records it.
    let recruiter = app.signed_in(&region.recruiter).await;
    let path = format!("/subventions/{subsidy}/perennisation");
    let response = recruiter.post(&path, &[]).await;
    assert_eq!(response.status(), 422);
    says(response, &["Indiquez si le poste est maintenu"]).await;
    assert_eq!(recruiter.post(&path, &[("perennise", "oui")]).await.status(), 303);
    says(
        recruiter.get(&format!("/projets/{project}")).await,
        &["Poste pérennisé"],
    )
    .await;
    says(
        app.signed_in(&region.ars).await.get("/financements").await,
        &["1 sur 1 (100"],
    )
    .await;
}
