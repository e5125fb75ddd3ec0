//! The board's list: open offers only, newest first, filtered, paginated; bad filters named.

use super::*;

on_both_backends!(the_board_lists_only_open_offers_newest_first_with_their_count);
async fn the_board_lists_only_open_offers_newest_first_with_their_count(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    app.publish(&ch, "Offre ancienne", 10).await;
    app.publish(&ch, "Offre récente", 1).await;
    app.publish(&ch, "Offre du milieu", 5).await;
    let mut past = content("Offre dont la date est passée");
    past.deadline = Some(msp::domain::calendar::paris_today() - Duration::days(1));
    app.fiche(&ch, past, FicheStatus::Publiee, 20).await;
    let mut today = content("Offre qui ferme ce soir");
    today.deadline = Some(msp::domain::calendar::paris_today());
    app.fiche(&ch, today, FicheStatus::Publiee, 30).await;
    app.fiche(&ch, content("Brouillon"), FicheStatus::Brouillon, 0).await;
    app.fiche(&ch, content("Offre close"), FicheStatus::Close, 0).await;

    let (status, html) = app.page("/offres").await;
    assert_eq!(status, 200);
    assert_eq!(
        listed_titles(&html),
        [
            "Offre récente",
            "Offre du milieu",
            "Offre ancienne",
            "Offre qui ferme ce soir"
        ]
    );
    assert!(html.contains("role=\"status\">4 offres"));
}

on_both_backends!(filters_narrow_by_region_departement_working_time_and_track);
async fn filters_narrow_by_region_departement_working_time_and_track(app: TestApp) {
    let lille = app.establishment("CH de Lille", "Lille", "59").await;
    let arras = app.establishment("CH d'Arras", "Arras", "62").await;
    let lyon = app.establishment("CH de Lyon", "Lyon", "69").await;
    app.publish(&lille, "Lille plein temps Bobigny", 1).await;
    let mut half = content("Arras mi-temps Bordeaux");
    half.working_time.quotite = Quotite::MiTemps;
    half.working_time.percent = Some(50);
    half.track = Some(Track::Bordeaux);
    app.fiche(&arras, half, FicheStatus::Publiee, 2).await;
    app.publish(&lyon, "Lyon plein temps Bobigny", 3).await;

    for (filters, expected) in [
        (
            "region=32",
            vec!["Lille plein temps Bobigny", "Arras mi-temps Bordeaux"],
        ),
        ("departement=62", vec!["Arras mi-temps Bordeaux"]),
        (
            "quotite=temps_plein",
            vec!["Lille plein temps Bobigny", "Lyon plein temps Bobigny"],
        ),
        ("parcours=bordeaux", vec!["Arras mi-temps Bordeaux"]),
        ("region=84&quotite=mi_temps", vec![]),
        (
            "q=&region=&departement=&quotite=&parcours=",
            vec![
                "Lille plein temps Bobigny",
                "Arras mi-temps Bordeaux",
                "Lyon plein temps Bobigny",
            ],
        ),
    ] {
        let (status, html) = app.page(&format!("/offres?{filters}")).await;
        assert_eq!(status, 200, "{filters}");
        assert_eq!(listed_titles(&html), expected, "{filters}");
    }
    // The chosen filters are shown back in the form.
    let (_, html) = app.page("/offres?region=32&quotite=mi_temps").await;
    assert!(html.contains("<option value=\"32\" selected>Hauts-de-France ("));
    assert!(html.contains("<option value=\"mi_temps\" selected>"));
}

on_both_backends!(results_are_paginated_and_the_pages_keep_the_filters);
async fn results_are_paginated_and_the_pages_keep_the_filters(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    for n in 0..23 {
        app.publish(&ch, &format!("Poste numéro {n}"), n).await;
    }
    let (_, first) = app.page("/offres?region=32").await;
    let first = decoded(&first);
    assert_eq!(listed_titles(&first).len(), 20);
    assert!(first.contains("23 offres – page 1 sur 2"));
    assert!(first.contains("href=\"/offres?region=32&page=2\""));
    let (_, second) = app.page("/offres?region=32&page=2").await;
    let second = decoded(&second);
    assert_eq!(
        listed_titles(&second),
        ["Poste numéro 20", "Poste numéro 21", "Poste numéro 22"]
    );
    assert!(second.contains("href=\"/offres?region=32&page=1\" rel=\"prev\""));
    // Past the last page: the last one, with the same filters (issue 19).
    let beyond = app.get("/offres?region=32&page=9").await;
    assert_eq!(beyond.status(), 303);
    assert_eq!(common::location(&beyond), "/offres?region=32&page=2");
}

on_both_backends!(malformed_filters_are_400s_that_name_the_parameter);
async fn malformed_filters_are_400s_that_name_the_parameter(app: TestApp) {
    for (query, field, words) in [
        ("page=abc", "page", "numéro de page"),
        ("page=0", "page", "numéro de page"),
        ("region=99", "region", "La région « 99 » n'existe pas"),
        ("departement=20", "departement", "Le département « 20 » n'existe pas"),
        ("quotite=plein", "quotite", "temps de travail"),
        ("parcours=lyon", "parcours", "parcours de formation"),
        ("page=1&page=2", "requête", "qu'une fois"),
    ] {
        let (status, html) = app.page(&format!("/offres?{query}")).await;
        let html = decoded(&html);
        assert_eq!(status, 400, "{query}");
        assert!(html.contains(words), "{query}: the page should say « {words} »");
        assert!(html.contains("<title>Erreur – Offres d'emploi"), "{query}");
        let (status, body) = app.json(&format!("/api/v1/offres?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["erreur"]["parametre"], field, "{query}");
        assert!(body["erreur"]["message"].as_str().unwrap().contains(words), "{query}");
    }
    // What was typed is kept in the form.
    let (_, html) = app.page("/offres?q=psychose&region=99").await;
    assert!(html.contains("value=\"psychose\""));
    assert!(html.contains("aria-invalid=\"true\""));
}
