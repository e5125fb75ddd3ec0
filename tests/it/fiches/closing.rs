use super::*;

on_both_backends!(a_filled_post_closes_its_offer_and_expired_offers_close_by_themselves);

async fn a_filled_post_closes_its_offer_and_expired_offers_close_by_themselves(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = submitted(&app, &team).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    decide(&coordinator, &fiche, "publier").await;

    let (_, page) = recruiter.page(&fiche).await;
    let response = recruiter
        .post(
            &format!("{fiche}/fin"),
            &[("fin", "pourvu"), ("version", &hidden_value(&page, "version"))],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = recruiter.page(&fiche).await;
    assert!(page.contains("Close"));
    // Closing by hand records no hire: the project stays where its events put it (a hire on
    // the platform, or the CCOMS's correction, moves it on).
    let (_, projects) = recruiter.page("/projets").await;
    assert!(
        projects.contains("Offre publiée") && !projects.contains("Poste pourvu"),
        "{projects}"
    );
    let (_, board) = app.page("/offres").await;
    assert!(!board.contains("CH Les Tilleuls"));

    // An offer whose deadline passed is closed by the job.
    let other = app.publish(&team.employer, "Offre expirée", 10).await;
    sqlx::query("UPDATE fiches SET deadline = '2020-01-01' WHERE id = $1")
        .bind(other.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let closed = msp::jobs::close_expired_offers(&app.db, &app.clock, &app.url(""))
        .await
        .unwrap();
    assert_eq!(closed, 1);
    let status: String = sqlx::query_scalar("SELECT status FROM fiches WHERE id = $1")
        .bind(other.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "close");
}
