//! The public job board, as a visitor, a search engine and an API client see it.

use crate::common;

use common::{TestApp, collapse, content, pdf, pdf_text, unescape as decoded, urlencode};
use msp::domain::fiche::{FicheContent, FicheStatus, Quotite, Track};
use time::Duration;

mod api_and_feeds;
mod api_document;
mod head;
mod listing;
mod offer_first;
mod offer_page;
mod offer_pdf;
mod pages;
mod search;
mod understanding;

/// The titles of the offers listed on a page, in order (not the nearest offers shown when a
/// search finds none).
fn listed_titles(html: &str) -> Vec<String> {
    let html = html.split("id=\"proches-titre\"").next().unwrap_or_default();
    html.split("<article class=\"card\">")
        .skip(1)
        .map(|card| {
            let link = &card[card.find("<h2><a href=").unwrap()..];
            let start = link.find('>').unwrap() + 1;
            let start = start + link[start..].find('>').unwrap() + 1;
            link[start..start + link[start..].find("</a>").unwrap()].to_string()
        })
        .collect()
}

/// The schema.org markup of a page, if any.
pub(crate) fn json_ld(html: &str) -> Option<serde_json::Value> {
    let start = html.find("<script type=\"application/ld+json\">")? + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).expect("valid JSON-LD"))
}

fn first_slug(html: &str) -> String {
    let start = html.find("<h2><a href=\"/offres/").expect("an offer in the list") + "<h2><a href=\"/offres/".len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}
