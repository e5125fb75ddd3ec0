//! Offers near me (issue 8): searching around a place, saved searches and their alerts, and the
//! map of open offers by département.

use crate::common;

use common::{TestApp, location};
use msp::domain::fiche::FicheStatus;
use msp::domain::role::Role;

on_both_backends!(
    offers_within_50_km_of_a_postal_code_or_a_town_come_nearest_first,
    bad_places_and_radii_are_a_400_in_french_on_the_page_and_in_the_api,
    an_ambiguous_town_lists_its_communes_as_links,
    the_place_field_suggests_communes_as_one_types,
    a_confirmed_saved_search_alerts_once_per_offer_even_run_twice_on_two_instances,
    a_weekly_digest_lists_the_new_offers_once_a_week,
    a_candidate_saves_lists_and_deletes_their_searches_and_reads_their_feed,
    the_map_shows_the_open_offers_of_each_departement,
    offers_stored_before_the_geography_are_placed_by_the_job,
    every_demo_offer_is_placed_at_its_commune,
);

/// Runs the alerts job once, as the server does every minute, and wakes the mail worker.
async fn alerts(app: &TestApp) -> usize {
    let queued = msp::alerts::send_due(&app.db, &app.board, &app.clock, &app.url(""))
        .await
        .unwrap();
    app.mailer.wake.notify_one();
    queued
}

/// A page's status and text, with the entities askama writes (`&#39;`, `&#38;`…) read back.
async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let (status, html) = app.page(path).await;
    (status, unescape(&html))
}

fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// Offers around Chambéry (Savoie), and one in Lyon, 88 km away.
async fn around_chambery(app: &TestApp) {
    for (title, commune, departement) in [
        ("Poste à Lyon", "Lyon", "69"),
        ("Poste à Grenoble", "Grenoble", "38"),
        ("Poste à Chambéry", "Chambéry", "73"),
        ("Poste à Aix-les-Bains", "Aix-les-Bains", "73"),
        ("Poste à Annecy", "Annecy", "74"),
    ] {
        let employer = app.establishment(&format!("CH {commune}"), commune, departement).await;
        app.publish(&employer, title, 3).await;
    }
}

/// The titles of the offers on a page of results, in order.
fn titles(html: &str) -> Vec<&str> {
    html.split("<h2><a href=\"/offres/")
        .skip(1)
        .filter_map(|part| part.split_once("\">").and_then(|(_, rest)| rest.split_once("</a>")))
        .map(|(title, _)| title)
        .collect()
}

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

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap()[2..].to_string()
}

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

/// The links of a message's text that lead to this site, in order.
fn links(app: &TestApp, text: &str) -> Vec<String> {
    let base = app.url("");
    text.split_whitespace()
        .filter_map(|word| word.strip_prefix(&base))
        .map(str::to_string)
        .collect()
}

async fn a_confirmed_saved_search_alerts_once_per_offer_even_run_twice_on_two_instances(app: TestApp) {
    let chambery = app.establishment("CH Chambéry", "Chambéry", "73").await;
    let lille = app.establishment("CH Lille", "Lille", "59").await;
    let visitor = app.browser();
    let response = visitor
        .post(
            "/alertes",
            &[
                ("recherche", "lieu=Chamb%C3%A9ry&rayon=25"),
                ("frequence", "immediate"),
                ("email", "Alex@Exemple.fr"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Nous avons envoyé un lien à alex@exemple.fr")
    );

    // Unconfirmed: an offer published now sends nothing but the confirmation.
    app.publish(&chambery, "Avant la confirmation", 1).await;
    assert_eq!(alerts(&app).await, 0);
    let mails = app.mail_to("alex@exemple.fr").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Confirmez votre alerte d'offres d'emploi");

    let link = app.last_link_to("alex@exemple.fr").await;
    assert!(link.starts_with("/alertes/confirmation?jeton="), "{link}");
    let (status, html) = visitor.page(&link).await;
    let html = unescape(&html);
    assert_eq!(status, 200);
    assert!(html.contains("À 25 km de Chambéry (73000)"), "{html}");
    let token = link.split("jeton=").nth(1).unwrap();
    let response = visitor.post("/alertes/confirmation", &[("jeton", token)]).await;
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Alerte confirmée"), "{html}");
    let feed = html
        .split(&app.url("/alertes/flux/"))
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the feed's address is shown")
        .to_string();
    // The link works once.
    let response = visitor.post("/alertes/confirmation", &[("jeton", token)]).await;
    assert_eq!(response.status(), 410);

    // Published after the confirmation: one near, one far, one draft near.
    let near = app.publish(&chambery, "Médiateur à Chambéry", 0).await;
    app.publish(&lille, "Médiateur à Lille", 0).await;
    app.fiche(
        &chambery,
        common::content("Brouillon à Chambéry"),
        FicheStatus::Brouillon,
        0,
    )
    .await;

    // The job, twice here and once on another instance at the same time.
    let other = app.another_instance().await;
    let base = app.url("");
    let (a, b) = tokio::join!(
        msp::alerts::send_due(&app.db, &app.board, &app.clock, &base),
        msp::alerts::send_due(&other.db, &other.board, &other.clock, &base)
    );
    let again = alerts(&app).await;
    assert_eq!(a.unwrap() + b.unwrap() + again, 1);

    // Either instance's worker may deliver it: the outbox is shared.
    let mut mails = app.mail_to("alex@exemple.fr").await;
    mails.extend(other.mail_to("alex@exemple.fr").await);
    assert_eq!(mails.len(), 2, "{mails:?}");
    let alert = &mails[1];
    assert_eq!(alert.subject, "Nouvelle offre : Médiateur à Chambéry");
    assert!(alert.text.contains("à moins d'1 km"));
    assert!(alert.text.contains(&format!("/offres/{}", near.slug)));
    assert!(!alert.text.contains("Lille") && !alert.text.contains("Brouillon"));

    // The feed has the open offers of the search, not the others.
    let (status, atom) = app.page(&format!("/alertes/flux/{feed}")).await;
    assert_eq!(status, 200);
    assert!(atom.contains("<title>Médiateur à Chambéry</title>"));
    assert!(!atom.contains("Lille"));
    assert_eq!(app.page("/alertes/flux/cle-inventee").await.0, 404);

    // One click, no login: the page's button, then the same link is spent.
    let unsubscribe = links(&app, &alert.text)
        .into_iter()
        .find(|l| l.starts_with("/alertes/desabonnement?jeton="))
        .expect("an unsubscribe link");
    // The same address in the header, for the mail program's own button.
    assert_eq!(alert.list_unsubscribe, Some(app.url(&unsubscribe)));
    let stranger = app.browser();
    assert_eq!(stranger.page(&unsubscribe).await.0, 200);
    // As a mail program does it (RFC 8058): a POST to the link, without a form token.
    let response = app
        .client
        .post(app.url(&unsubscribe))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(unescape(&response.text().await.unwrap()).contains("Vous êtes désabonné"));
    let response = app.client.post(app.url(&unsubscribe)).send().await.unwrap();
    assert_eq!(response.status(), 410);
    assert_eq!(app.page(&format!("/alertes/flux/{feed}")).await.0, 404);

    // A visitor who never confirms is forgotten once the link has expired.
    visitor
        .post(
            "/alertes",
            &[("recherche", "lieu=73000"), ("email", "jamais@exemple.fr")],
        )
        .await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM saved_searches")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 1);
    alerts(&app).await;
    assert_eq!(count().await, 1, "still within the week of its link");
    sqlx::query("UPDATE saved_searches SET created_at = '2000-01-01T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    alerts(&app).await;
    assert_eq!(count().await, 0);

    app.publish(&chambery, "Après le désabonnement", 0).await;
    assert_eq!(alerts(&app).await, 0);
    let after = app.mail_to("alex@exemple.fr").await.len() + other.mail_to("alex@exemple.fr").await.len();
    assert_eq!(after, 2);
}

async fn a_weekly_digest_lists_the_new_offers_once_a_week(app: TestApp) {
    let annecy = app.establishment("CH Annecy", "Annecy", "74").await;
    let candidate = app.user(Role::Candidate, "camille@exemple.fr", &[]).await;
    let browser = app.signed_in(&candidate).await;
    let response = browser
        .post("/alertes", &[("recherche", "departement=74"), ("frequence", "weekly")])
        .await;
    assert_eq!(response.status(), 200);
    app.publish(&annecy, "Premier poste", 0).await;
    app.publish(&annecy, "Second poste", 0).await;
    // Not a week yet.
    assert_eq!(alerts(&app).await, 0);
    sqlx::query("UPDATE saved_searches SET last_digest_at = '2000-01-01T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(alerts(&app).await, 1);
    assert_eq!(alerts(&app).await, 0);
    let mails = app.mail_to("camille@exemple.fr").await;
    assert_eq!(mails.len(), 1, "a candidate's search needs no confirmation");
    assert_eq!(mails[0].subject, "2 nouvelles offres pour votre recherche");
    assert!(mails[0].text.contains("Premier poste") && mails[0].text.contains("Second poste"));
}

async fn a_candidate_saves_lists_and_deletes_their_searches_and_reads_their_feed(app: TestApp) {
    around_chambery(&app).await;
    let candidate = app.user(Role::Candidate, "sam@exemple.fr", &[]).await;
    let browser = app.signed_in(&candidate).await;
    // The board's form for a signed-in candidate asks no address.
    let html = unescape(&browser.page("/offres?lieu=73000&rayon=25").await.1);
    assert!(
        html.contains("name=\"recherche\" value=\"lieu=73000&rayon=25\""),
        "{html}"
    );
    assert!(!html.contains("id=\"champ-email\""));
    let response = browser
        .post(
            "/alertes",
            &[("recherche", "lieu=73000&rayon=25"), ("frequence", "immediate")],
        )
        .await;
    assert!(response.text().await.unwrap().contains("Alerte créée"));

    let (status, html) = browser.page("/compte/alertes").await;
    let html = unescape(&html);
    assert_eq!(status, 200);
    assert!(
        html.contains("À 25 km de 73000 (Chambéry et 5 autres communes)"),
        "{html}"
    );
    let feed = html
        .split("href=\"/alertes/flux/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let (_, atom) = app.page(&format!("/alertes/flux/{feed}")).await;
    assert!(atom.contains("Poste à Aix-les-Bains"));
    assert!(!atom.contains("Poste à Grenoble"), "Grenoble is 44 km away");
    let id: i64 = sqlx::query_scalar("SELECT id FROM saved_searches")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();

    // Another candidate can neither see nor delete it.
    let other = app.user(Role::Candidate, "autre@exemple.fr", &[]).await;
    let other = app.signed_in(&other).await;
    let html = unescape(&other.page("/compte/alertes").await.1);
    assert!(html.contains("Vous n'avez pas encore d'alerte"));
    other.post(&format!("/compte/alertes/{id}/supprimer"), &[]).await;
    assert!(browser.page("/compte/alertes").await.1.contains("Chambéry"));

    let response = browser.post(&format!("/compte/alertes/{id}/supprimer"), &[]).await;
    assert_eq!(location(&response), "/compte/alertes");
    assert!(unescape(&browser.page("/compte/alertes").await.1).contains("Vous n'avez pas encore d'alerte"));
    assert_eq!(app.page(&format!("/alertes/flux/{feed}")).await.0, 404);

    // A visitor without an address, or with an ambiguous place, is told why.
    let visitor = app.browser();
    let response = visitor.post("/alertes", &[("recherche", "lieu=73000")]).await;
    assert_eq!(response.status(), 400);
    assert!(unescape(&response.text().await.unwrap()).contains("Indiquez votre adresse e-mail."));
    let response = visitor
        .post("/alertes", &[("recherche", "lieu=Saint-Denis"), ("email", "a@b.fr")])
        .await;
    assert_eq!(response.status(), 400);
}

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

async fn offers_stored_before_the_geography_are_placed_by_the_job(app: TestApp) {
    around_chambery(&app).await;
    sqlx::query("UPDATE fiches SET commune_code = NULL, lat = NULL, lon = NULL")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(app.json("/api/v1/offres?lieu=73000").await.1["total"], 0);
    assert_eq!(msp::db::places::place_unplaced(&app.db).await.unwrap(), 5);
    assert_eq!(msp::db::places::place_unplaced(&app.db).await.unwrap(), 0);
    assert_eq!(app.json("/api/v1/offres?lieu=73000").await.1["total"], 4);
}

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
