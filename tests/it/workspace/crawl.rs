//! The bounded crawl (issue 20): on the demo, each role signs in, starts from its home and
//! follows only links, breadth-first, three clicks deep; every page the access matrix lets that
//! role open, for the demo's ids, must be among those reached. A page reachable only by typing
//! its address fails the test.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::*;
use msp::demo;
use msp::domain::policy;
use msp::web::Access;
use reqwest::Method;

on_both_backends!(every_demo_role_reaches_all_its_pages_within_three_clicks_of_its_home);

/// The home, then three clicks.
const DEPTH: usize = 3;

/// The GET routes that are not pages to reach by links, each with why.
const LEFT_OUT: &[(&str, &str)] = &[
    ("/offres.atom", "a feed, for feed readers"),
    (
        "/reseau/{id}/ecrire",
        "a member's own number answers 404, and an open conversation sends to itself",
    ),
    ("/alertes/flux/{key}", "a feed, its key sent by mail"),
    ("/offres/{slug}/pdf", "a download"),
    ("/fiches/{id}/pdf", "a download"),
    ("/mes-donnees.zip", "a download"),
    ("/compte/documents/{id}", "a download"),
    ("/suivi/{token}/donnees.zip", "a download, behind a token sent by mail"),
    ("/candidatures/{id}/documents/{kind}", "a download"),
    ("/documents-financement/{id}", "a download"),
    ("/financements.csv", "a download"),
    ("/ressources/{slug}/fichier", "a download"),
    ("/ressources/{slug}/fichier/{id}", "a download"),
    ("/donnees-ouvertes/{fichier}", "the open-data files (CSV, JSON, schema)"),
    ("/api/v1/offres", "the JSON API, for developers"),
    ("/api/v1/offres/{slug}", "the JSON API, for developers"),
    ("/api/v1/communes", "the JSON API of the place field"),
    (
        "/api/v1/openapi.json",
        "the JSON API's description, for developers and their tools",
    ),
    (
        "/api/v1/etablissement/fiches",
        "the establishments' API, for their systems with a key",
    ),
    (
        "/api/v1/etablissement/fiches/{id}",
        "the establishments' API, for their systems with a key",
    ),
    (
        "/api/v1/etablissement/fiches/{id}/candidatures",
        "the establishments' API, for their systems with a key",
    ),
    (
        "/api/v1/etablissement/candidatures/{id}",
        "the establishments' API, for their systems with a key",
    ),
    (
        "/connexion/oidc",
        "the OpenID provider's sign-in, off without a provider",
    ),
    ("/connexion/oidc/retour", "the OpenID provider's return"),
    ("/deconnexion/oidc", "the OpenID provider's return after its sign-out"),
    ("/sitemap.xml", "for search engines"),
    ("/sitemap-offres-{part}", "for search engines, past 50,000 addresses"),
    ("/robots.txt", "for search engines"),
    ("/static/lieu.js", "an asset"),
    ("/static/style.css", "an asset"),
    ("/static/session.js", "an asset"),
    ("/static/partage.js", "an asset"),
    ("/static/icons/favicon.svg", "an asset"),
    ("/static/icons/apple-touch-icon.png", "an asset"),
    ("/favicon.ico", "an asset"),
    ("/apple-touch-icon.png", "an asset"),
    ("/healthz", "for the operators' probes"),
    ("/readyz", "for the operators' probes"),
    ("/metrics", "for the operators' monitoring"),
    ("/styleguide", "a utility page for the people who make the platform"),
    ("/suivi/{token}", "behind a token sent by mail"),
    (
        "/agenda/{token}",
        "a calendar feed behind a secret address, an audience's feed, or a gathering (linked from /agenda)",
    ),
    ("/alertes/confirmation", "behind a token sent by mail"),
    ("/alertes/desabonnement", "behind a token sent by mail"),
    (
        "/notifications/desabonnement",
        "behind a token sent by mail (a daily digest)",
    ),
    ("/verification-email", "behind a token sent by mail"),
    ("/mot-de-passe/nouveau", "behind a token sent by mail"),
    ("/invitation", "behind a token sent by mail"),
    ("/creer-un-poste/confirmation", "behind a token sent by mail"),
    ("/connexion", "for visitors not signed in"),
    ("/connexion/code", "for visitors half signed in"),
    ("/inscription", "for visitors not signed in"),
    ("/mot-de-passe-oublie", "for visitors not signed in"),
];

/// The table a route's `{id}` is read from, by the route's first segment.
const RESOURCES: &[(&str, &str)] = &[
    ("/rendez-vous/", "SELECT id FROM gatherings WHERE cancelled_at IS NULL"),
    ("/fiches/", "SELECT id FROM fiches"),
    ("/vivier/", "SELECT id FROM talent_pool_members"),
    ("/reseau/messages/", "SELECT id FROM network_conversations"),
    ("/projets/", "SELECT id FROM post_projects"),
    ("/candidatures/", "SELECT id FROM applications"),
    ("/mes-candidatures/", "SELECT id FROM applications"),
    ("/promotions/", "SELECT id FROM cohorts"),
    ("/inscriptions/", "SELECT id FROM enrolments"),
    ("/appels/", "SELECT id FROM funding_calls"),
    ("/demandes/", "SELECT id FROM funding_requests"),
    ("/subventions/", "SELECT id FROM subsidies"),
    ("/etablissements/", "SELECT id FROM establishments"),
    (
        "/demandes-de-poste/",
        "SELECT id FROM team_requests WHERE status <> 'a_confirmer'",
    ),
];

async fn every_demo_role_reaches_all_its_pages_within_three_clicks_of_its_home(app: TestApp) {
    let prepared = demo::prepare(&app.db, true).await.unwrap();
    let routes: Vec<(&'static str, Access)> = msp::web::route_table()
        .into_iter()
        .filter(|(method, path, _)| *method == Method::GET && !LEFT_OUT.iter().any(|(p, _)| p == path))
        .map(|(_, path, access)| (path, access))
        .collect();
    let pages = concrete_pages(&app, &routes).await;
    let mut failures = Vec::new();
    for account in &prepared.accounts {
        let browser = crate::demo::sign_in(&app, account).await;
        let role = account.role;
        let mut expected = BTreeSet::new();
        for (pattern, access, path) in &pages {
            let allowed = match access {
                Access::Public | Access::SignedIn | Access::Enrolment => true,
                Access::SecondFactorStep => false,
                Access::Can(action) => policy::permits(role, *action),
            };
            if !allowed {
                continue;
            }
            // In the role's scope the page opens; out of it, it does not exist for them. A
            // page that sends elsewhere (`/mon-parcours` to the MSP's enrolment) is a link,
            // not a page to reach.
            let status = browser.get(path).await.status();
            if status == 200 {
                expected.insert(path.clone());
            } else if !pattern.contains("{id}") && !pattern.contains("{slug}") && !status.is_redirection() {
                failures.push(format!("{role:?} may open {path}, which answers {status}"));
            }
        }
        let reached = crawl(&browser, &routes).await;
        for path in expected.difference(&reached) {
            failures.push(format!(
                "{role:?}: {path} is not reached within {DEPTH} clicks of /espace"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every route with the demo's ids (and offers' addresses) in place of its parameters.
async fn concrete_pages(app: &TestApp, routes: &[(&'static str, Access)]) -> Vec<(&'static str, Access, String)> {
    let mut ids: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (prefix, sql) in RESOURCES {
        let found: Vec<i64> = sqlx::query_scalar(*sql).fetch_all(&app.db.pool).await.unwrap();
        ids.insert(prefix, found.iter().map(i64::to_string).collect());
    }
    // Open offers only: a closed offer keeps its address for the links given before, but no
    // list shows it any more (its fiche, for staff, stays linked from their lists).
    let slugs: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM fiches WHERE slug IS NOT NULL AND status = 'publiee'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let resources: Vec<String> = sqlx::query_scalar("SELECT slug FROM resources WHERE withdrawn_at IS NULL")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let mut pages = Vec::new();
    for &(pattern, access) in routes {
        let values: &[String] = if pattern.starts_with("/ressources/{slug}") {
            &resources
        } else if pattern.contains("{slug}") {
            &slugs
        } else if pattern.contains("{id}") {
            let prefix = RESOURCES
                .iter()
                .find(|(prefix, _)| pattern.starts_with(prefix))
                .unwrap_or_else(|| panic!("{pattern}: which demo ids? add it to RESOURCES or LEFT_OUT"))
                .0;
            &ids[prefix]
        } else {
            pages.push((pattern, access, pattern.to_string()));
            continue;
        };
        for value in values {
            let path = pattern.replace("{slug}", value).replace("{id}", value);
            pages.push((pattern, access, path));
        }
    }
    pages
}

/// The pages reached from the home by following links breadth-first, [`DEPTH`] clicks deep:
/// same-origin `<a href>` only, no download nor feed ([`LEFT_OUT`]), redirects followed.
async fn crawl(browser: &Browser, routes: &[(&'static str, Access)]) -> BTreeSet<String> {
    let mut reached = BTreeSet::from(["/espace".to_string()]);
    let mut seen = BTreeSet::from(["/espace".to_string()]);
    let mut queue = VecDeque::from([("/espace".to_string(), 0)]);
    while let Some((url, depth)) = queue.pop_front() {
        let mut url = url;
        let mut response = browser.get(&url).await;
        // A click follows redirects, to the same origin only.
        for _ in 0..3 {
            let location = location(&response);
            if !response.status().is_redirection() || !location.starts_with('/') {
                break;
            }
            url = location;
            reached.insert(path_of(&url));
            response = browser.get(&url).await;
        }
        let is_html = common::content_type(&response).starts_with("text/html");
        if response.status() != 200 || !is_html || depth == DEPTH {
            continue;
        }
        let page = response.text().await.unwrap();
        for link in links(&page) {
            let path = path_of(&link);
            if path.starts_with("/deconnexion") || !is_page(&path, routes) {
                continue;
            }
            reached.insert(path.clone());
            if seen.insert(link.clone()) {
                queue.push_back((link, depth + 1));
            }
        }
    }
    reached
}

/// The targets of the page's `<a href>` on this site, without their anchors.
fn links(page: &str) -> Vec<String> {
    page.split("<a ")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            let start = tag.find("href=\"")? + "href=\"".len();
            let href = common::unescape(&tag[start..start + tag[start..].find('"')?]);
            let href = href.split('#').next().unwrap_or_default().to_string();
            (href.starts_with('/') && !href.starts_with("//")).then_some(href)
        })
        .collect()
}

fn path_of(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or_default().to_string()
}

/// Whether a path is one of the pages crawled: a GET route not left out.
fn is_page(path: &str, routes: &[(&'static str, Access)]) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    routes.iter().any(|(pattern, _)| {
        let parts: Vec<&str> = pattern.split('/').collect();
        parts.len() == segments.len()
            && parts
                .iter()
                .zip(&segments)
                .all(|(part, segment)| part.starts_with('{') || part == segment)
    })
}
