//! The Atom feed, the API and the demo data.

use super::*;

on_both_backends!(the_atom_feed_lists_the_open_offers);
async fn the_atom_feed_lists_the_open_offers(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let open = app.publish(&ch, "Médiateur & médiatrice", 1).await;
    app.fiche(&ch, content("Pas publiée"), FicheStatus::Brouillon, 0).await;
    let response = app.get("/offres.atom").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    assert!(xml.contains("Médiateur &#38; médiatrice"), "the ampersand is escaped");
    let xml = decoded(&xml);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_eq!(xml.matches("<entry>").count(), 1);
    assert!(xml.contains("<title>Médiateur & médiatrice</title>"));
    assert!(xml.contains(&format!("<id>{}</id>", app.url(&format!("/offres/{}", open.slug)))));
    assert!(!xml.contains("Pas publiée"));
}

on_both_backends!(the_api_lists_and_shows_offers_with_stable_field_names);
async fn the_api_lists_and_shows_offers_with_stable_field_names(app: TestApp) {
    app.load_demo().await;
    let (status, list) = app.json("/api/v1/offres?departement=67").await;
    assert_eq!(status, 200);
    assert_eq!(list["page"], 1);
    assert_eq!(list["par_page"], 20);
    let offers = list["offres"].as_array().unwrap();
    assert_eq!(list["total"], offers.len());
    let gremo = offers
        .iter()
        .find(|o| o["titre"].as_str().unwrap().contains("GREMO-PASS"))
        .expect("GREMO-PASS in the Bas-Rhin");
    for field in [
        "slug",
        "url",
        "titre",
        "etablissement",
        "commune",
        "code_postal",
        "departement",
        "region",
        "quotite",
        "quotite_pourcentage",
        "quotite_adaptable",
        "parcours",
        "date_limite",
        "publiee_le",
    ] {
        assert!(gremo.get(field).is_some(), "list field {field}");
    }
    assert_eq!(gremo["departement"]["code"], "67");
    assert_eq!(gremo["region"]["nom"], "Grand Est");
    assert_eq!(gremo["quotite"], "mi_temps");

    let (status, detail) = app
        .json(&format!("/api/v1/offres/{}", gremo["slug"].as_str().unwrap()))
        .await;
    assert_eq!(status, 200);
    assert_eq!(detail["ouverte"], true);
    for field in [
        "grade",
        "pole",
        "service",
        "unite",
        "lieu",
        "contexte",
        "public",
        "missions",
        "competences",
        "diplome",
        "formation",
        "candidature",
        "contacts",
        "prise_de_poste",
    ] {
        assert!(detail.get(field).is_some(), "detail field {field}");
    }
    assert!(!detail["missions"].as_array().unwrap().is_empty());
    // Seed 000 gives no address to apply to: candidates apply on the platform.
    assert_eq!(detail["candidature"]["sur_la_plateforme"], true);
    assert_eq!(detail["candidature"]["email"], "");
}

on_both_backends!(the_demo_loads_the_real_fiches_once);
async fn the_demo_loads_the_real_fiches_once(app: TestApp) {
    let loaded = app.load_demo().await;
    assert!(loaded >= 20);
    assert_eq!(app.load_demo().await, 0, "loading twice adds nothing");
    let (_, html) = app.page("/offres").await;
    assert!(html.contains("GREMO-PASS"));
    assert!(html.contains("SMART 73"));
}
