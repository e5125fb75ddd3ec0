//! `/robots.txt` and the `X-Robots-Tag` header, both from one list of rules derived from the
//! route table: every route that is not public, or that is a private link's page
//! ([`Route::personal`](crate::web::Route)), is disallowed by its first segment (`/compte`,
//! `/fiches`), or by its own pattern when a public page shares that segment; the API is
//! disallowed but for its public reference. A new private route is thus disallowed the day it
//! is declared.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{api_reference, public_pages};
use crate::web::auth::Visitor;
use crate::web::page_cache::PUBLIC;
use crate::web::{Access, AppState};

/// What search engines may read, in the terms of RFC 9309 (`*` any text, `$` the end).
pub(super) struct Rules {
    pub(super) disallow: Vec<String>,
    pub(super) allow: Vec<String>,
}

impl Rules {
    /// The rules of this application's routes, computed once.
    pub(super) fn current() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            let routes: Vec<(&'static str, bool)> = crate::web::routes()
                .into_iter()
                .map(|r| (r.path, r.access != Access::Public || r.personal))
                .collect();
            Rules::derive(&routes, &indexable(), api_reference())
        })
    }

    /// The rules for `routes` (path, private), never covering an `indexable` page.
    pub(super) fn derive(routes: &[(&str, bool)], indexable: &[String], allow: Vec<&str>) -> Rules {
        let covers_a_page = |rule: &str| indexable.iter().any(|page| matches(rule, page));
        let mut rules = BTreeSet::from(["/api/".to_string()]);
        for (path, _) in routes.iter().filter(|(_, private)| *private) {
            let segment = format!("/{}", path[1..].split('/').next().unwrap_or_default());
            let rule = if !segment.contains('{') && segment != "/" && !covers_a_page(&segment) {
                segment
            } else {
                wildcard(path)
            };
            rules.insert(rule);
        }
        // A rule under a shorter one adds nothing.
        let shortest: Vec<String> = rules
            .iter()
            .filter(|rule| {
                !rules
                    .iter()
                    .any(|other| other != *rule && !other.contains('*') && rule.starts_with(other.as_str()))
            })
            .cloned()
            .collect();
        Rules {
            disallow: shortest,
            // Exactly these addresses: `/api/v1$` must not open the API below it.
            allow: allow.into_iter().map(|path| format!("{path}$")).collect(),
        }
    }

    /// Whether a search engine following these rules leaves `path` alone: the longest rule that
    /// matches decides, an `Allow` winning a tie (RFC 9309 §2.2.2).
    pub(super) fn blocks(&self, path: &str) -> bool {
        let longest =
            |rules: &mut dyn Iterator<Item = &str>| rules.filter(|rule| matches(rule, path)).map(str::len).max();
        let disallowed = longest(&mut self.disallow.iter().map(String::as_str));
        let allowed = longest(&mut self.allow.iter().map(String::as_str));
        match (disallowed, allowed) {
            (Some(d), Some(a)) => d > a,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// The text of `/robots.txt`.
    fn text(&self, base_url: &str) -> String {
        let mut text = String::from(
            "# Les espaces personnels et les liens privés ne sont pas à indexer.\nUser-agent: *\nAllow: /\n",
        );
        for rule in &self.allow {
            text.push_str(&format!("Allow: {rule}\n"));
        }
        for rule in &self.disallow {
            text.push_str(&format!("Disallow: {rule}\n"));
        }
        text.push_str(&format!("\nSitemap: {base_url}/sitemap.xml\n"));
        text
    }
}

/// The public pages as concrete addresses: what no rule may cover.
fn indexable() -> Vec<String> {
    let mut pages: Vec<String> = public_pages().into_iter().map(String::from).collect();
    pages.push("/offres/une-offre".into());
    pages.push("/ressources/un-document".into());
    pages
}

/// A route's pattern as a rule: each `{parameter}` becomes `*`.
fn wildcard(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') { "*" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `rule` matches the start of `path` (RFC 9309: `*` any text, a final `$` the end).
pub(super) fn matches(rule: &str, path: &str) -> bool {
    let (rule, anchored) = match rule.strip_suffix('$') {
        Some(rule) => (rule, true),
        None => (rule, false),
    };
    let mut pieces = rule.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (i, piece) in pieces.iter().enumerate() {
        let last = i + 1 == pieces.len();
        if last && anchored {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    !anchored || rest.is_empty()
}

/// `/robots.txt`: the same for everyone, kept by caches like a public page.
pub(super) async fn show_robots(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, PUBLIC),
        ],
        Rules::current().text(&state.base_url),
    )
        .into_response()
}

/// Middleware: `X-Robots-Tag: noindex, nofollow` on every answer that is not a public page:
/// to someone signed in (even half-way), and on every address `robots.txt` disallows (private
/// areas, private links, the API but its reference), for the engines that reach one by a link
/// without reading `robots.txt` first.
pub async fn tag_private_answers(request: Request, next: Next) -> Response {
    let signed_in = request
        .extensions()
        .get::<Visitor>()
        .is_some_and(|visitor| visitor.signed_in.is_some());
    let private = signed_in || Rules::current().blocks(request.uri().path());
    let mut response = next.run(request).await;
    if private {
        response
            .headers_mut()
            .insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
    }
    response
}

#[cfg(test)]
mod tests;
