use super::*;

on_both_backends!(the_ccoms_dashboard_shows_projects_deadlines_and_the_funnel);
async fn the_ccoms_dashboard_shows_projects_deadlines_and_the_funnel(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let mut tx = app.db.pool.begin().await.unwrap();
    let employer = msp::db::establishments::find_by_name(&mut tx, "CH Calendrier")
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    app.publish(&employer, "Médiatrice de santé-pair en équipe mobile", 3)
        .await;
    let ccoms = app.signed_in(&scene.coordinator).await;
    let (status, page) = ccoms.page("/tableau-de-bord").await;
    assert_eq!(status, 200);
    // The scene's project has its fiche in draft: counted at the stage that follows from it.
    assert!(page.contains("Île-de-France") && page.contains("Fiche de poste en rédaction"));
    assert!(page.contains("Clôture des candidatures : Médiatrice de santé-pair en équipe mobile"));
    assert!(page.contains("Recrutements"));
    let (status, _) = app.signed_in(&scene.recruiter).await.page("/tableau-de-bord").await;
    assert_eq!(status, 403);
}
