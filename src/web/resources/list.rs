//! `/ressources`: the resources this visitor may see, filtered by audience and theme and found
//! by their words with the offers' search engine.

use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use super::{dated_text, format_text, readers};
use crate::db::resources::{self, Resource};
use crate::domain::policy::{Action, permits};
use crate::domain::resource::{AUDIENCES, THEMES};
use crate::domain::text::{analyze, index_terms};
use crate::search::{TextIndex, TextIndexBuilder};
use crate::web::auth::Visitor;
use crate::web::views::{Layout, render};
use crate::web::{AppState, Error};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Filters {
    q: String,
    public: String,
    theme: String,
}

/// A resource as a line of the list.
pub(super) struct Card {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub format: String,
    pub dated: String,
    pub staff_only: bool,
    pub withdrawn: bool,
}

#[derive(askama::Template)]
#[template(path = "resources/list.html")]
struct ListPage {
    layout: Layout,
    filters: Filters,
    cards: Vec<Card>,
    audiences: &'static [(&'static str, &'static str)],
    themes: &'static [(&'static str, &'static str)],
    may_publish: bool,
}

impl ListPage {
    fn count_text(&self) -> String {
        crate::domain::french::capitalised(&crate::domain::french::count(self.cards.len(), "document", "documents"))
    }
}

pub(super) async fn show_resources(
    State(state): State<AppState>, visitor: Visitor, Query(filters): Query<Filters>,
) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let all = resources::list(&mut conn, readers(&visitor)).await?;
    drop(conn);
    let kept: Vec<Resource> = all
        .into_iter()
        .filter(|r| filters.public.is_empty() || r.audiences.split_whitespace().any(|a| a == filters.public))
        .filter(|r| filters.theme.is_empty() || r.themes.split_whitespace().any(|t| t == filters.theme))
        .collect();
    let found = matching(kept, &filters.q);
    let page = ListPage {
        layout: Layout::of(&visitor),
        cards: found.iter().map(card).collect(),
        filters,
        audiences: AUDIENCES,
        themes: THEMES,
        may_publish: visitor
            .user()
            .is_some_and(|u| permits(u.role, Action::PublishResources)),
    };
    render(&page)
}

/// The resources holding every word of the search, best first; all of them, in date order,
/// without one. The collection is a few hundred documents at most: an index of those the
/// visitor may see is built for the search, so it is never stale and never holds a hidden one.
fn matching(kept: Vec<Resource>, query: &str) -> Vec<Resource> {
    let terms = analyze(query);
    if terms.is_empty() {
        return kept;
    }
    let mut builder = TextIndexBuilder::default();
    for resource in kept {
        let title = index_terms([resource.title.as_str()]);
        let body = index_terms([resource.summary.as_str()]);
        builder.add(resource, &title, &body);
    }
    let index: TextIndex<Resource> = builder.finish();
    let (hits, _) = index.search(&terms, index.len().max(1));
    hits.into_iter().map(|(resource, _)| resource.clone()).collect()
}

fn card(resource: &Resource) -> Card {
    Card {
        slug: resource.slug.clone(),
        title: resource.title.clone(),
        summary: resource.summary.lines().next().unwrap_or_default().to_string(),
        format: format_text(resource),
        dated: dated_text(resource),
        staff_only: resource.visibility != "public",
        withdrawn: resource.withdrawn_at.is_some(),
    }
}
