//! A signed-in person registers to a gathering their role is admitted to, or leaves it. When
//! it is full they wait, in order; a seat left is given to the first waiting, who is told by mail.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::gathering_page;
use crate::db::gathering_registrations as registrations;
use crate::db::gatherings;
use crate::domain::gathering::{Audience, Place};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::extract::PathId;
use crate::web::views::{FormErrors, render_as};
use crate::web::{AppState, Error};

/// Nothing but the page's token.
#[derive(serde::Deserialize, Default)]
pub(super) struct Empty {}

async fn refused(state: &AppState, visitor: &Visitor, id: i64, message: &str) -> Result<Response, Error> {
    let errors = FormErrors::one("inscription", message);
    let page = gathering_page(state, visitor, id, errors, String::new()).await?;
    render_as(StatusCode::CONFLICT, &page)
}

pub(super) async fn register(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    if !gatherings::lock(&mut tx, id).await? {
        return Err(Error::NotFound);
    }
    let gathering = gatherings::find(&mut tx, id, &Audience::seen_by(Some(user.role)))
        .await?
        .ok_or(Error::NotFound)?;
    let refusal = if gathering.cancelled {
        Some("Ce rendez-vous est annulé.")
    } else if !gathering.draft.registration_open {
        Some("Les inscriptions à ce rendez-vous sont fermées.")
    } else if !gathering.draft.audience.admits(user.role) {
        Some("Ce rendez-vous s'adresse à un autre public que le vôtre.")
    } else if gathering.draft.starts_at <= state.clock.now() {
        Some("Ce rendez-vous a déjà commencé.")
    } else {
        None
    };
    if let Some(message) = refusal {
        drop(tx);
        return refused(&state, &visitor, id, message).await;
    }
    let place = Place::for_newcomer(gathering.draft.capacity, gathering.registered);
    let done = if registrations::register(&mut tx, id, user.id, place, state.clock.now()).await? {
        place.as_str()
    } else {
        "deja"
    };
    tx.commit().await?;
    Ok(Redirect::to(&format!("/agenda/{id}?fait={done}")).into_response())
}

/// Leaves the gathering; a seat freed goes to the first waiting, told by mail in the same
/// transaction.
pub(super) async fn unregister(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, PathId(id): PathId, CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    if !gatherings::lock(&mut tx, id).await? {
        return Err(Error::NotFound);
    }
    let gathering = gatherings::find(&mut tx, id, &Audience::seen_by(Some(user.role)))
        .await?
        .ok_or(Error::NotFound)?;
    let left = registrations::unregister(&mut tx, id, user.id).await?;
    let mut told = false;
    if left == Some(Place::Registered)
        && !gathering.cancelled
        && let Some(promoted) = registrations::promote_first(&mut tx, id).await?
    {
        crate::agenda::tell_promoted(&mut tx, state.db.documents()?, &gathering, &promoted, &state.base_url).await?;
        told = true;
    }
    tx.commit().await?;
    if told {
        state.mailer.wake.notify_one();
    }
    Ok(Redirect::to(&format!("/agenda/{id}?fait=desinscrit")).into_response())
}
