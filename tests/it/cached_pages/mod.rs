//! Public pages served from memory to visitors not signed in (`web::page_cache`): they never
//! outlive a change they show, answer `304` to a browser that holds them, give each visitor
//! their own form token, and nothing signed in or personal is ever kept or marked cacheable.
//!
//! Most stories run on one instance; `instances` tells the same on two.

use crate::common;

use common::TestApp;
use msp::domain::fiche::{Employer, Offer};

mod freshness;
mod http;
mod instances;

/// The answer's header, as text ("" when absent).
fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// A visitor not signed in views a page twice, the second time from the cache: the same page,
/// with the same tag (their own form token in both).
async fn seen_twice(app: &TestApp, path: &str) -> String {
    let visitor = app.browser();
    let first = visitor.get(path).await;
    assert_eq!(first.status(), 200, "{path}");
    let tag = header(&first, "etag");
    assert!(!tag.is_empty(), "{path} is kept: it has an ETag");
    let first = first.text().await.unwrap();
    let second = visitor.get(path).await;
    assert_eq!(
        header(&second, "etag"),
        tag,
        "{path}: the same page until something changes"
    );
    assert_eq!(second.text().await.unwrap(), first);
    first
}

/// Two offers of one establishment in Lille, the second to be found beside the first.
async fn two_offers(app: &TestApp) -> (Employer, Offer) {
    let ch = app.establishment("CH du Cache", "Lille", "59").await;
    let offer = app.publish(&ch, "Médiateur de santé-pair en réhabilitation", 3).await;
    (ch, offer)
}
