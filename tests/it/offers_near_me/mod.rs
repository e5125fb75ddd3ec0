//! Offers near me (issue 8): searching around a place, saved searches and their alerts, and the
//! map of open offers by département.

use crate::common;

use common::{Browser, TestApp, location, unescape, urlencode};
use msp::domain::fiche::{Employer, FicheStatus};
use msp::domain::role::Role;
use msp::mail::SentMail;

mod around_a_place;
mod map;
mod saved_searches;

/// A page's status and text, with the entities askama writes (`&#39;`, `&#38;`…) read back.
async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let (status, html) = app.page(path).await;
    (status, unescape(&html))
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

/// The links of a message's text that lead to this site, in order.
fn links(app: &TestApp, text: &str) -> Vec<String> {
    let base = app.url("");
    text.split_whitespace()
        .filter_map(|word| word.strip_prefix(&base))
        .map(str::to_string)
        .collect()
}
