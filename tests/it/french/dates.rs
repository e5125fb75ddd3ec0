//! Dates and times as people read them: in words and Paris time, never as a machine writes
//! them (which stays in attributes: `<time datetime>`, links, form values).

use crate::common;

use common::TestApp;
use msp::domain::role::Role;

/// The page's text outside tags: what a person reads.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// `2026-11-23` or `2026-12-02T06:14:49Z` in a text.
fn machine_dates(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9))
        .filter(|&i| {
            let d = |j: usize| bytes[i + j].is_ascii_digit();
            d(0) && d(1) && d(2) && d(3) && bytes[i + 4] == b'-' && d(5) && d(6) && bytes[i + 7] == b'-' && d(8) && d(9)
        })
        .map(|i| text[i..(i + 20).min(text.len())].to_string())
        .collect()
}

on_both_backends!(pages_write_dates_in_words_and_paris_time);
async fn pages_write_dates_in_words_and_paris_time(app: TestApp) {
    app.load_demo().await;
    let admin = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    let browser = app.signed_in(&admin).await;
    let (_, log) = browser.page("/compte").await;
    assert_eq!(machine_dates(&text_of(&log)), Vec::<String>::new());
    let (status, log) = browser.page("/admin/journal").await;
    assert_eq!(status, 200);
    assert!(
        log.contains("<time datetime=\""),
        "the machine's date stays in the attribute: {log}"
    );
    for path in ["/admin/journal", "/donnees-personnelles", "/offres", "/carte"] {
        let (status, page) = browser.page(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(machine_dates(&text_of(&page)), Vec::<String>::new(), "{path}");
    }
    let (_, privacy) = app.page("/donnees-personnelles").await;
    assert!(privacy.contains("Version du 6 décembre 2026."), "{privacy}");
}

/// The first link of each kind of page a list leads to: "/projets/3", "/demandes/1"…
fn first_links(html: &str, seen: &mut Vec<String>) {
    for kind in [
        "/projets/",
        "/demandes/",
        "/subventions/",
        "/appels/",
        "/promotions/",
        "/fiches/",
    ] {
        if seen.iter().any(|s| s.starts_with(kind)) {
            continue;
        }
        let link = html.match_indices(&format!("href=\"{kind}")).find_map(|(at, _)| {
            let path = &html[at + 6..];
            let path = &path[..path.find('"')?];
            path[kind.len()..]
                .chars()
                .all(|c| c.is_ascii_digit())
                .then(|| path.to_string())
        });
        seen.extend(link);
    }
}

on_both_backends!(staff_pages_write_dates_in_words);
async fn staff_pages_write_dates_in_words(app: TestApp) {
    app.load_demo().await;
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    let browser = app.signed_in(&coordinator).await;
    let mut pages: Vec<String> = [
        "/projets",
        "/financements",
        "/promotions",
        "/tableau-de-bord",
        "/inscriptions",
    ]
    .map(String::from)
    .to_vec();
    let mut linked = Vec::new();
    for path in pages.clone() {
        let (status, page) = browser.page(&path).await;
        assert_eq!(status, 200, "{path}");
        first_links(&page, &mut linked);
    }
    assert!(
        linked.len() >= 4,
        "the demo's projects, requests, calls and cohorts: {linked:?}"
    );
    pages.extend(linked);
    for path in pages {
        let (status, page) = browser.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(machine_dates(&text_of(&page)), Vec::<String>::new(), "{path}");
    }
}

on_both_backends!(a_candidates_pages_write_dates_in_words);
async fn a_candidates_pages_write_dates_in_words(app: TestApp) {
    app.load_demo().await;
    let candidate = app.user(Role::Candidate, "camille@exemple.fr", &[]).await;
    let browser = app.signed_in(&candidate).await;
    let slug: (String,) = sqlx::query_as("SELECT MIN(slug) FROM fiches WHERE status = 'publiee'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (status, _) = super::apply(&browser, &slug.0, "camille@exemple.fr").await;
    assert_eq!(status, 200);
    let (_, mine) = browser.page("/mes-candidatures").await;
    let id = mine
        .split("href=\"/mes-candidatures/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the application is listed")
        .to_string();
    for path in [
        "/mes-candidatures".to_string(),
        format!("/mes-candidatures/{id}"),
        "/compte".into(),
    ] {
        let (status, page) = browser.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(machine_dates(&text_of(&page)), Vec::<String>::new(), "{path}: {page}");
    }
}
