//! The map of open offers, and every offer placed at its commune.

use super::*;

on_both_backends!(the_map_shows_the_open_offers_of_each_departement);
async fn the_map_shows_the_open_offers_of_each_departement(app: TestApp) {
    around_chambery(&app).await;
    let reunion = app.establishment("CH Réunion", "Saint-Denis", "974").await;
    app.publish(&reunion, "Poste à La Réunion", 2).await;
    let grenoble = app.establishment("CH Grenoble 2", "Grenoble", "38").await;
    app.fiche(&grenoble, common::content("Fermé"), FicheStatus::Close, 40)
        .await;

    let (status, html) = page(&app, "/carte").await;
    assert_eq!(status, 200);
    assert!(html.contains("<title id=\"carte-titre\">"));
    assert!(html.contains("<desc id=\"carte-desc\">"));
    assert!(html.contains("<a href=\"/offres?departement=73\" aria-label=\"Savoie (73) : 2 offres ouvertes\">"));
    assert!(html.contains("aria-label=\"La Réunion (974) : 1 offre ouverte\""));
    assert!(
        html.contains("aria-label=\"Isère (38) : 1 offre ouverte\""),
        "the closed one is not counted"
    );
    assert!(html.contains("aria-label=\"Nord (59) : aucune offre ouverte\""));
    assert_eq!(html.matches("<path class=").count(), 101);
    // The same figures in the table.
    assert!(html.contains("<th scope=\"row\">73 – Savoie</th><td>Auvergne-Rhône-Alpes</td><td><a href=\"/offres?departement=73\" aria-label=\"2 offres ouvertes : Savoie\">2</a></td>"));
    assert!(
        html.contains("6 offres ouvertes dans 5 départements"),
        "{}",
        &html[..2000]
    );

    // The board's filters show the same counts, and the board links to the map.
    let (_, html) = page(&app, "/offres").await;
    assert!(html.contains(">73 – Savoie (2 offres)</option>"));
    assert!(html.contains(">Auvergne-Rhône-Alpes (5 offres)</option>"));
    assert!(html.contains(">La Réunion (1 offre)</option>"));
    assert!(html.contains(">Bretagne (aucune offre)</option>"));
    assert!(html.contains("href=\"/carte\""));
}

on_both_backends!(offers_stored_before_the_geography_are_placed_by_the_job);
async fn offers_stored_before_the_geography_are_placed_by_the_job(app: TestApp) {
    around_chambery(&app).await;
    sqlx::query("UPDATE fiches SET commune_code = NULL, lat = NULL, lon = NULL")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.sync_board().await;
    assert_eq!(app.json("/api/v1/offres?lieu=73000").await.1["total"], 0);
    assert_eq!(msp::db::places::place_unplaced(&app.db).await.unwrap(), 5);
    assert_eq!(msp::db::places::place_unplaced(&app.db).await.unwrap(), 0);
    app.sync_board().await;
    assert_eq!(app.json("/api/v1/offres?lieu=73000").await.1["total"], 4);
}

on_both_backends!(every_demo_offer_is_placed_at_its_commune);
async fn every_demo_offer_is_placed_at_its_commune(app: TestApp) {
    app.load_demo().await;
    let unplaced: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fiches WHERE lat IS NULL OR commune_code = ''")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(unplaced, 0);
    // SMART 73, in Bassens, is 3 km from Chambéry's town hall; Mamoudzou is found overseas.
    let (_, body) = app.json("/api/v1/offres?lieu=Chamb%C3%A9ry&rayon=10").await;
    assert!(
        body["offres"][0]["titre"].as_str().unwrap().contains("SMART 73"),
        "{body}"
    );
    let (_, body) = app.json("/api/v1/offres?lieu=97600&rayon=10").await;
    assert_eq!(body["offres"][0]["commune"], "Mamoudzou");
}
