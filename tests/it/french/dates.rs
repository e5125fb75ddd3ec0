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
    assert!(privacy.contains("Version du 23 novembre 2026."), "{privacy}");
}
