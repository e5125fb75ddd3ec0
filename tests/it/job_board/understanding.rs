//! A search that understands what candidates type: a town among the words read as a place
//! (and the link that cancels it), a spelling suggested and the nearest offers shown when
//! nothing is found. The words' expansion itself is measured in `src/board/recall.rs`.

use super::*;

/// The titles of the offers in the "nearest" section of a page, in order.
fn nearest_titles(html: &str) -> Vec<String> {
    let Some(start) = html.find("id=\"proches-titre\"") else {
        return Vec::new();
    };
    html[start..]
        .split("<h3><a href=")
        .skip(1)
        .map(|card| {
            let start = card.find('>').unwrap() + 1;
            decoded(&card[start..start + card[start..].find("</a>").unwrap()])
        })
        .collect()
}

const VOIRON: &str = "Médiateur de santé-pair (H/F) – équipe mobile psychiatrie précarité";
const BASSENS: &str = "Médiateur de santé-pair – SMART 73, centre de réhabilitation psychosociale de la Savoie";

on_both_backends!(a_town_typed_among_the_words_is_searched_around_and_one_link_cancels_it);
async fn a_town_typed_among_the_words_is_searched_around_and_one_link_cancels_it(app: TestApp) {
    app.load_demo().await;
    let (status, html) = app.page("/offres?q=Grenoble&rayon=50").await;
    assert_eq!(status, 200);
    let titles: Vec<String> = listed_titles(&html).iter().map(|t| decoded(t)).collect();
    assert_eq!(titles, [VOIRON, BASSENS], "nearest first");
    assert!(html.contains("Dans un rayon de 50 km autour de Grenoble (38)"));
    assert!(html.contains("« Grenoble » a été lu comme un lieu."));
    let cancel = "/offres?q=Grenoble&#38;lieu_texte=non";
    let said = &html[html.find("id=\"lieu-lu\"").unwrap()..];
    assert!(said.contains(&format!("<a href=\"{cancel}\">")), "{}", &said[..300]);
    // The alert saves the search as typed: read again, it is the same search.
    assert!(html.contains("name=\"recherche\" value=\"q=Grenoble&#38;rayon=50\""));

    // Cancelled: the town is a word, which no demo offer holds.
    let (status, html) = app.page(&cancel.replace("&#38;", "&")).await;
    assert_eq!(status, 200);
    assert!(listed_titles(&html).is_empty());
    assert!(!html.contains("a été lu comme un lieu"));
    assert!(!html.contains("autour de Grenoble"));
    assert!(html.contains("name=\"recherche\" value=\"q=Grenoble&#38;lieu_texte=non\""));

    // A word with a place, and the place field winning over the words.
    let (_, html) = app.page("/offres?q=psychose+Toulouse").await;
    let titles = listed_titles(&html);
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert!(titles[0].contains("premiers épisodes psychotiques"));
    let (_, html) = app.page("/offres?q=Grenoble&lieu=73000").await;
    assert!(!html.contains("a été lu comme un lieu"));
    assert!(
        listed_titles(&html).is_empty(),
        "Grenoble searched as a word around Chambéry"
    );

    // The API says which place it read, and gives the distances.
    let (status, body) = app.json("/api/v1/offres?q=Grenoble").await;
    assert_eq!(status, 200);
    assert_eq!(body["lieu_lu"], "Grenoble (38)");
    assert_eq!(body["total"], 2);
    assert!(body["offres"][0]["distance_km"].as_f64().unwrap() < 30.0);
    let (_, body) = app.json("/api/v1/offres?q=Grenoble&lieu_texte=non").await;
    assert!(body.get("lieu_lu").is_none());
    assert_eq!(body["total"], 0);

    // The programme's names stay words: "Bordeaux" is the training track of half the offers.
    let (_, html) = app.page("/offres?q=Bordeaux").await;
    assert!(!html.contains("a été lu comme un lieu"));
    let mut words = listed_titles(&html);
    let (_, html) = app.page("/offres?parcours=bordeaux").await;
    let mut track = listed_titles(&html);
    words.sort();
    track.sort();
    assert!(words.len() >= 10);
    assert_eq!(words, track, "the offers of the Bordeaux track, not every offer");
}

on_both_backends!(a_search_that_finds_nothing_suggests_a_spelling_and_the_nearest_offers);
async fn a_search_that_finds_nothing_suggests_a_spelling_and_the_nearest_offers(app: TestApp) {
    app.load_demo().await;
    let (status, html) = app.page("/offres?q=psyhcaitrie").await;
    assert_eq!(status, 200);
    assert!(listed_titles(&html).is_empty());
    assert!(html.contains("Aucune offre ne correspond à votre recherche."));
    assert!(
        html.contains("Vouliez-vous dire <a href=\"/offres?q=psychiatrie\">« psychiatrie »</a> ?"),
        "{html}"
    );
    let (_, html) = app.page("/offres?q=psychiatrie").await;
    assert_eq!(listed_titles(&html).len(), 20, "a first page of 24");

    // Around a place: the nearest offers further away, nearest first, with their distance.
    let (_, html) = app.page("/offres?q=borderline+Lyon").await;
    assert!(listed_titles(&html).is_empty());
    assert!(html.contains("Les offres les plus proches, plus loin"));
    let nearest = nearest_titles(&html);
    assert_eq!(nearest.len(), 2, "{nearest:?}");
    assert!(nearest[0].contains("GREMO-PASS"), "Strasbourg first: {nearest:?}");
    assert!(nearest[1].contains("borderline"), "then Colombes: {nearest:?}");
    assert!(html.contains("km"));

    // A search that finds something shows neither.
    let (_, html) = app.page("/offres?q=borderline").await;
    assert!(!html.contains("Vouliez-vous dire"));
    assert!(!html.contains("Les offres les plus proches"));
}
