//! Searching the board by words.

use std::collections::{HashMap, HashSet};

use msp::domain::query_words::{self, Vocabulary};

use super::*;

on_both_backends!(search_ignores_accents_case_and_inflections);
async fn search_ignores_accents_case_and_inflections(app: TestApp) {
    app.load_demo().await;
    for (query, expected) in [
        ("mediateurs borderline", "GREMO-PASS"),
        ("MÉDIATEUR personnalité", "GREMO-PASS"),
        ("bipolaire", "SMART 73"),
        ("réhabilitation psychosociale savoie", "SMART 73"),
    ] {
        let (status, html) = app.page(&format!("/offres?q={}", urlencode(query))).await;
        assert_eq!(status, 200, "{query}");
        let titles = listed_titles(&html);
        assert!(
            titles.iter().any(|t| t.contains(expected)),
            "« {query} » should find {expected}, found {titles:?}"
        );
    }
    let (_, html) = app.page("/offres?q=astrophysique").await;
    assert!(listed_titles(&html).is_empty());
    assert!(html.contains("Aucune offre ne correspond à votre recherche."));
}

on_both_backends!(search_ranks_a_title_match_first);
async fn search_ranks_a_title_match_first(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let mut body_only = content("Médiateur de santé-pair");
    body_only.context = "Une équipe mobile qui va vers les personnes.".into();
    app.fiche(&ch, body_only, FicheStatus::Publiee, 1).await;
    app.publish(&ch, "Médiateur de santé-pair – équipe mobile", 9).await;
    let (_, html) = app.page("/offres?q=mobile").await;
    assert_eq!(
        listed_titles(&html),
        ["Médiateur de santé-pair – équipe mobile", "Médiateur de santé-pair"]
    );
}

on_both_backends!(synthetic_offers_are_found_by_text_and_place);
async fn synthetic_offers_are_found_by_text_and_place(app: TestApp) {
    assert_eq!(msp::demo::synthetic::load(&app.db, 50, 1).await.unwrap(), 50);
    app.sync_board().await;
    let today = msp::db::date_text(msp::domain::calendar::paris_today());
    let open: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT slug, service, departement_code FROM fiches \
         WHERE status = 'publiee' AND deadline >= $1 ORDER BY id",
    )
    .bind(&today)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert!(open.len() >= 30, "most synthetic offers are open: {}", open.len());
    let (status, list) = app.json("/api/v1/offres").await;
    assert_eq!(status, 200);
    assert_eq!(list["total"], open.len());
    for (slug, service, departement) in open.iter().take(5) {
        let path = format!(
            "/api/v1/offres?q={}&departement={departement}",
            service.replace(' ', "+").replace('\'', "%27")
        );
        let (status, body) = app.json(&path).await;
        assert_eq!(status, 200, "{path}");
        let offers = body["offres"].as_array().unwrap();
        assert!(
            offers.iter().any(|o| o["slug"] == slug.as_str()),
            "{slug} is found by {path}"
        );
        assert!(offers.iter().all(|o| o["departement"]["code"] == departement.as_str()));
    }
}

/// The stems of the open offers as stored, read by SQL without any search index: (slug,
/// département, stems).
async fn stored_offers(app: &TestApp) -> Vec<(String, String, HashSet<String>)> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT slug, departement_code, search_title, search_body FROM fiches \
         WHERE status = 'publiee' AND deadline >= $1",
    )
    .bind(msp::db::date_text(msp::domain::calendar::paris_today()))
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(slug, departement, title, body)| {
            let stems = title
                .split_whitespace()
                .chain(body.split_whitespace())
                .map(str::to_string)
                .collect();
            (slug, departement, stems)
        })
        .collect()
}

/// The stored offers' vocabulary, for the expansion rules.
struct Stored {
    sorted: Vec<Box<str>>,
    counts: HashMap<String, usize>,
}

impl Vocabulary for Stored {
    fn stems(&self) -> &[Box<str>] {
        &self.sorted
    }

    fn frequency(&self, stem: &str) -> usize {
        self.counts.get(stem).copied().unwrap_or(0)
    }
}

/// The slugs of the stored offers that match every group of a search's expansion (one of the
/// group's alternatives holding all its stems), and of the département if given: what a search
/// must find.
fn stored_matches(
    offers: &[(String, String, HashSet<String>)], stems: &[String], departement: Option<&str>,
) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, _, held) in offers {
        for stem in held {
            *counts.entry(stem.clone()).or_default() += 1;
        }
    }
    let mut sorted: Vec<Box<str>> = counts.keys().map(|s| s.as_str().into()).collect();
    sorted.sort();
    let groups = query_words::expand(stems, &Stored { sorted, counts });
    let mut slugs: Vec<String> = offers
        .iter()
        .filter(|(_, d, _)| departement.is_none_or(|wanted| d == wanted))
        .filter(|(_, _, held)| {
            groups
                .iter()
                .all(|g| g.alternatives.iter().any(|a| a.stems.iter().all(|s| held.contains(s))))
        })
        .map(|(slug, _, _)| slug.clone())
        .collect();
    slugs.sort();
    slugs
}

on_both_backends!(the_search_finds_exactly_the_offers_whose_stems_hold_every_word);
/// The board's search (an index in memory) against the stored stems and the same expansion
/// rules, over every page.
async fn the_search_finds_exactly_the_offers_whose_stems_hold_every_word(app: TestApp) {
    msp::demo::synthetic::load(&app.db, 400, 7).await.unwrap();
    app.sync_board().await;
    let searches = [
        ("réhabilitation psychosociale", None),
        ("Réhabilitation", Some("59")),
        ("addictologie", None),
        ("pairs aidants", Some("75")),
        ("psychiatrie adulte", None),
        ("xylophone", None),
        ("psychose", None),
        ("ado", Some("75")),
        ("psychaitrie", None),
    ];
    let offers = stored_offers(&app).await;
    let mut some_found = false;
    for (text, departement) in searches {
        let stems = msp::domain::text::analyze(text);
        let expected = stored_matches(&offers, &stems, departement);
        some_found |= expected.len() > 20;
        let filter = departement.map(|d| format!("&departement={d}")).unwrap_or_default();
        let mut found = Vec::new();
        let mut page = 1;
        loop {
            let path = format!("/api/v1/offres?q={}{filter}&page={page}", text.replace(' ', "+"));
            let (status, body) = app.json(&path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(body["total"].as_u64().unwrap(), expected.len() as u64, "{path}");
            let offers = body["offres"].as_array().unwrap();
            found.extend(offers.iter().map(|o| o["slug"].as_str().unwrap().to_string()));
            if offers.len() < 20 {
                break;
            }
            page += 1;
        }
        found.sort();
        assert_eq!(found, expected, "« {text} » {filter}");
    }
    assert!(some_found, "at least one search spans several pages");
}
