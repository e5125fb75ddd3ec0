//! What search engines read (issue 25): `/sitemap.xml` (the open offers and the public pages),
//! `/robots.txt` (the private areas, derived from the route table), and the
//! `X-Robots-Tag: noindex, nofollow` every other answer carries.
//!
//! Closed offers stay readable at their address with a `noindex` (`templates/offers/show.html`):
//! a candidate's follow page and the talent pool's invitations link to them, and they are the
//! hired person's job description; they leave the sitemap the moment they close, since the
//! sitemap lists the board's index, which holds the open offers only.

mod robots;
mod sitemap;

use super::pages;
use super::{Access, Route};

pub use robots::tag_private_answers;
pub(in crate::web) use sitemap::Files;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/sitemap.xml", Access::Public, sitemap::show_sitemap),
        // The router takes no parameter with a suffix: `{part}` is `1.xml`, `2.xml`…
        Route::get("/sitemap-offres-{part}", Access::Public, sitemap::show_sitemap_part),
        Route::get("/robots.txt", Access::Public, robots::show_robots),
    ]
}

/// The public pages search engines should index besides the offers: the board, what the
/// programme is, its figures and glossary, the door for new teams.
const PAGES: &[&str] = &[
    "/",
    "/offres",
    "/carte",
    "/statistiques",
    "/donnees-ouvertes",
    "/glossaire",
    "/ressources",
    "/creer-un-poste",
    "/contact",
    "/developpeurs",
];

/// The API's own description is indexed (and allowed in `robots.txt`); the rest of `/api/` is
/// not. Its readable page, `/developpeurs`, is one of [`PAGES`].
const API_REFERENCE: &[&str] = &[super::api_doc::DOCUMENT_PATH];

/// The public pages to list in the sitemap, in that order: [`PAGES`], the fixed pages
/// (`web::pages`), and the API's reference when there is one.
pub fn public_pages() -> Vec<&'static str> {
    let table = super::route_table();
    let public_get = |path: &str| {
        table
            .iter()
            .any(|(method, p, access)| method == axum::http::Method::GET && *p == path && *access == Access::Public)
    };
    let mut listed: Vec<&'static str> = PAGES.to_vec();
    listed.extend(pages::routes().into_iter().map(|r| r.path));
    listed.extend(API_REFERENCE.iter().copied().filter(|path| public_get(path)));
    listed
}

/// The API's reference addresses the route table has.
fn api_reference() -> Vec<&'static str> {
    let pages = public_pages();
    API_REFERENCE.iter().copied().filter(|p| pages.contains(p)).collect()
}
