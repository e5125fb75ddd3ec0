//! A candidate's saved searches, in their account: the list, and deleting one.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::saved_searches;
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::views::{Layout, render};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "saved_searches/list.html")]
struct ListPage {
    layout: Layout,
    searches: Vec<SearchLine>,
}

struct SearchLine {
    id: i64,
    label: String,
    frequency: &'static str,
    search_url: String,
    feed_url: String,
}

pub(super) async fn list_saved_searches(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let searches = saved_searches::list_for_user(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|s| SearchLine {
            id: s.id,
            frequency: s.frequency().label(),
            search_url: format!("/offres?{}", s.query),
            feed_url: format!("/alertes/flux/{}", s.feed_key),
            label: s.label,
        })
        .collect();
    render(&ListPage {
        layout: Layout::of(&visitor),
        searches,
    })
    .map(IntoResponse::into_response)
}

#[derive(Deserialize)]
pub(super) struct Nothing {}

/// Deletes one of the signed-in person's searches. Someone else's, or one already deleted (a
/// second click), is left alone, and the answer is the same: the list.
pub(super) async fn delete_saved_search(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<i64>, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    saved_searches::delete_for_user(&mut conn, id, user.id).await?;
    Ok(Redirect::to("/compte/alertes").into_response())
}
