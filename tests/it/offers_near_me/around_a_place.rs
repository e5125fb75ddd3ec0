//! Searching around a postal code or a town, and the place field.

use super::*;

on_both_backends!(offers_within_50_km_of_a_postal_code_or_a_town_come_nearest_first);
async fn offers_within_50_km_of_a_postal_code_or_a_town_come_nearest_first(app: TestApp) {
    around_chambery(&app).await;
    let nearest_first = [
        "Poste à Chambéry",
        "Poste à Aix-les-Bains",
        "Poste à Annecy",
        "Poste à Grenoble",
    ];
    for lieu in ["73000", "chambery", "Chambéry (73000)"] {
        let (status, html) = page(&app, &format!("/offres?lieu={}&rayon=50", urlencode(lieu))).await;
        assert_eq!(status, 200, "{lieu}");
        assert_eq!(titles(&html), nearest_first, "{lieu}");
        assert!(html.contains("4 offres"), "{lieu}");
        assert!(html.contains("à moins d'1 km"), "{lieu}");
        assert!(html.contains("à 14 km"), "Aix-les-Bains");
    }
    // The radius counts: 10 km keeps Chambéry alone, 100 km reaches Lyon.
    let (_, html) = page(&app, "/offres?lieu=73000&rayon=10").await;
    assert_eq!(titles(&html), ["Poste à Chambéry"]);
    let (_, html) = page(&app, "/offres?lieu=73000&rayon=100").await;
    assert_eq!(titles(&html).last(), Some(&"Poste à Lyon"));

    let (status, body) = app.json("/api/v1/offres?lieu=Chamb%C3%A9ry&rayon=50").await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 4);
    let distances: Vec<f64> = body["offres"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["distance_km"].as_f64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert!(distances[3] <= 50.0 && distances[3] > 30.0, "Grenoble: {distances:?}");
    // Without a place, no distance is claimed.
    let (_, body) = app.json("/api/v1/offres").await;
    assert!(body["offres"][0].get("distance_km").is_none());
}

on_both_backends!(bad_places_and_radii_are_a_400_in_french_on_the_page_and_in_the_api);
async fn bad_places_and_radii_are_a_400_in_french_on_the_page_and_in_the_api(app: TestApp) {
    for (query, field, words) in [
        (
            "lieu=73000&rayon=abc",
            "rayon",
            "Le rayon doit être de 10, 25, 50, 100 ou 200 km",
        ),
        (
            "lieu=73000&rayon=-5",
            "rayon",
            "Le rayon doit être de 10, 25, 50, 100 ou 200 km",
        ),
        ("lieu=99999", "lieu", "Le code postal 99999 n'existe pas"),
        ("lieu=Xyzzyville", "lieu", "Aucune commune de ce nom n'est connue"),
    ] {
        let (status, html) = page(&app, &format!("/offres?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(html.contains(words), "{query}");
        assert!(
            html.contains(&format!("id=\"erreur-{field}\"")),
            "message next to the field: {query}"
        );
        assert!(html.contains(&format!("href=\"#champ-{field}\"")), "{query}");

        let (status, body) = app.json(&format!("/api/v1/offres?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["erreur"]["code"], "parametre_invalide", "{query}");
        assert_eq!(body["erreur"]["parametre"], field, "{query}");
        assert!(body["erreur"]["message"].as_str().unwrap().contains(words), "{query}");
    }
}

on_both_backends!(an_ambiguous_town_lists_its_communes_as_links);
async fn an_ambiguous_town_lists_its_communes_as_links(app: TestApp) {
    let (status, html) = page(&app, "/offres?lieu=Saint-Denis&rayon=25").await;
    assert_eq!(status, 200);
    assert!(html.contains("Précisez le lieu"));
    // Each choice is a link to the same search at that commune.
    assert!(
        html.contains("href=\"/offres?lieu=Saint-Denis+%2897400%29&rayon=25\""),
        "{html}"
    );
    assert!(html.contains(">Saint-Denis (93200)</a>"));

    let (status, body) = app.json("/api/v1/offres?lieu=saint%20denis").await;
    assert_eq!(status, 400);
    assert_eq!(body["erreur"]["code"], "lieu_ambigu");
    let choices = body["erreur"]["choix"].as_array().unwrap();
    assert!(choices.iter().any(|c| c["lieu"] == "Saint-Denis (97400)"));
    // A choice sent back is understood.
    let (status, _) = app.json("/api/v1/offres?lieu=Saint-Denis%20(93200)").await;
    assert_eq!(status, 200);
}

on_both_backends!(the_place_field_suggests_communes_as_one_types);
async fn the_place_field_suggests_communes_as_one_types(app: TestApp) {
    let (status, body) = app.json("/api/v1/communes?q=chamb").await;
    assert_eq!(status, 200);
    assert_eq!(body["communes"][0]["lieu"], "Chambéry (73000)");
    let (_, body) = app.json("/api/v1/communes?q=9740").await;
    assert!(
        body["communes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["nom"] == "Saint-Denis")
    );
    // Nothing to suggest is an empty list, never an error.
    let (status, body) = app.json("/api/v1/communes").await;
    assert_eq!((status, body["communes"].as_array().unwrap().len()), (200, 0));
    // The field works without script: a plain text field, with the script as an extra.
    let (_, html) = page(&app, "/offres").await;
    assert!(html.contains("<input type=\"text\" id=\"champ-lieu\" name=\"lieu\""));
    assert!(html.contains("<script src=\"/static/lieu.js\" defer></script>"));
}
