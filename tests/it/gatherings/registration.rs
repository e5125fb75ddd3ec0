use super::*;

async fn register(who: &Browser, id: i64) -> String {
    let response = who.post(&format!("/rendez-vous/{id}/inscription"), &[]).await;
    assert_eq!(response.status(), 303);
    location(&response)
}

on_both_backends!(registrations_fill_the_seats_then_wait_and_a_seat_left_goes_to_the_first_waiting);
async fn registrations_fill_the_seats_then_wait_and_a_seat_left_goes_to_the_first_waiting(app: TestApp) {
    app.set_now(NOW);
    let id = store_gathering(&app, "public", Some(2)).await;
    let ana = person(&app, Role::Candidate, "ana@exemple.fr").await;
    let bea = person(&app, Role::Recruiter, "bea@exemple.fr").await;
    let chloe = person(&app, Role::Msp, "chloe@exemple.fr").await;
    let dan = person(&app, Role::Candidate, "dan@exemple.fr").await;
    assert!(register(&ana, id).await.ends_with("fait=inscrit"));
    assert!(register(&bea, id).await.ends_with("fait=inscrit"));
    assert!(
        register(&chloe, id).await.ends_with("fait=attente"),
        "full: Chloé waits"
    );
    assert!(
        register(&dan, id).await.ends_with("fait=attente"),
        "Dan waits after her"
    );
    assert!(register(&ana, id).await.ends_with("fait=deja"), "twice is once");
    let (_, page) = chloe.page(&format!("/agenda/{id}")).await;
    assert!(
        page.contains("Vous êtes sur la liste d&#39;attente.") || page.contains("Vous êtes sur la liste d'attente.")
    );
    let (_, home) = ana.page("/espace").await;
    assert!(
        home.contains("Rendez-vous pour public") && home.contains("Inscrit ou inscrite"),
        "on her home"
    );

    let response = bea.post(&format!("/rendez-vous/{id}/desinscription"), &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.told("chloe@exemple.fr", "Une place s'est libérée").await, 1);
    assert_eq!(
        app.told("dan@exemple.fr", "Une place s'est libérée").await,
        0,
        "only the first waiting"
    );
    let (_, page) = chloe.page(&format!("/agenda/{id}")).await;
    assert!(page.contains("Vous êtes inscrit ou inscrite."));

    // A waiting person leaving frees no seat: nobody is promoted.
    dan.post(&format!("/rendez-vous/{id}/desinscription"), &[]).await;
    let seats = app
        .scalar("SELECT COUNT(*) FROM gathering_registrations WHERE state = 'inscrit'")
        .await;
    assert_eq!(seats, 2);

    let ccoms = ccoms(&app).await;
    let (status, list) = ccoms.page(&format!("/rendez-vous/{id}/inscrits")).await;
    assert_eq!(status, 200);
    assert!(list.contains("ana@exemple.fr") && list.contains("chloe@exemple.fr"));
    assert!(!list.contains("bea@exemple.fr"), "Béa left");
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'inscrits_consultes'")
        .await;
    assert_eq!(audited, 1, "the CCOMS's read of who registered is audited");
}

on_both_backends!(cancelling_a_gathering_tells_everyone_registered_and_closes_it);
async fn cancelling_a_gathering_tells_everyone_registered_and_closes_it(app: TestApp) {
    app.set_now(NOW);
    let id = store_gathering(&app, "equipes", Some(1)).await;
    let bea = person(&app, Role::Recruiter, "bea@exemple.fr").await;
    let eli = person(&app, Role::Recruiter, "eli@exemple.fr").await;
    register(&bea, id).await;
    register(&eli, id).await;
    let candidate = person(&app, Role::Candidate, "ana@exemple.fr").await;
    let refused = candidate.post(&format!("/rendez-vous/{id}/inscription"), &[]).await;
    assert_eq!(refused.status(), 409, "a meeting for teams does not admit candidates");
    let ccoms = ccoms(&app).await;
    let response = ccoms.post(&format!("/rendez-vous/{id}/annuler"), &[]).await;
    assert_eq!(response.status(), 303);
    ccoms.post(&format!("/rendez-vous/{id}/annuler"), &[]).await;
    assert_eq!(app.told("bea@exemple.fr", "Rendez-vous annulé").await, 1, "once");
    assert_eq!(
        app.told("eli@exemple.fr", "Rendez-vous annulé").await,
        1,
        "the waiting too"
    );
    let (_, page) = app.page(&format!("/agenda/{id}")).await;
    assert!(
        page.contains("Ce rendez-vous est annulé."),
        "kept as the programme's record"
    );
    let late = person(&app, Role::Recruiter, "gus@exemple.fr").await;
    let refused = late.post(&format!("/rendez-vous/{id}/inscription"), &[]).await;
    assert_eq!(refused.status(), 409);
    assert!(refused.text().await.unwrap().contains("Ce rendez-vous est annulé."));
}

on_both_backends!(the_reminder_leaves_once_the_day_before_to_each_seat);
async fn the_reminder_leaves_once_the_day_before_to_each_seat(app: TestApp) {
    app.set_now(NOW);
    let id = store_gathering(&app, "public", Some(1)).await;
    let ana = person(&app, Role::Candidate, "ana@exemple.fr").await;
    let dan = person(&app, Role::Candidate, "dan@exemple.fr").await;
    register(&ana, id).await;
    register(&dan, id).await;
    let base = app.url("");
    // Ten days before at 10:00 UTC; the gathering is on 11 December, 14:00 in Paris.
    app.set_now(datetime!(2026-12-09 22:00 UTC));
    assert_eq!(
        msp::agenda::send_reminders(&app.db, app.clock.now(), &base)
            .await
            .unwrap(),
        0
    );
    app.set_now(datetime!(2026-12-10 08:00 UTC));
    assert_eq!(
        msp::agenda::send_reminders(&app.db, app.clock.now(), &base)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        msp::agenda::send_reminders(&app.db, app.clock.now(), &base)
            .await
            .unwrap(),
        0,
        "not twice"
    );
    app.mailer.wake.notify_one();
    assert_eq!(app.told("ana@exemple.fr", "Rappel :").await, 1);
    assert_eq!(
        app.told("dan@exemple.fr", "Rappel :").await,
        0,
        "the waiting list is not reminded"
    );
}
