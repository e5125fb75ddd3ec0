//! Joining the network with an explicit opt-in, the member's own entry, and leaving at once.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{Done, Nothing, membership, notice};
use crate::db::network;
use crate::domain::account::User;
use crate::domain::form_errors::FormErrors;
use crate::domain::geo::territory::{REGIONS, Region};
use crate::domain::network::ProfileForm;
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::views::{Layout, render_as};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "network/membership.html")]
pub(super) struct MembershipPage {
    layout: Layout,
    member: bool,
    form: ProfileForm,
    errors: FormErrors,
    notice: Option<&'static str>,
    regions: &'static [Region],
}

impl MembershipPage {
    async fn of(state: &AppState, visitor: &Visitor, user: &User, errors: FormErrors) -> Result<MembershipPage, Error> {
        let mut conn = state.db.pool.acquire().await?;
        let member = membership(&mut conn, user.id).await?;
        Ok(MembershipPage {
            layout: Layout::of(visitor),
            member: member.is_some(),
            form: member.map_or_else(ProfileForm::blank, |m| ProfileForm::of(&m.profile)),
            errors,
            notice: None,
            regions: REGIONS,
        })
    }
}

pub(super) async fn show_membership(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Query(done): Query<Done>,
) -> Result<Response, Error> {
    let mut page = MembershipPage::of(&state, &visitor, &user, FormErrors::default()).await?;
    page.notice = notice(&done.fait);
    render_as(StatusCode::OK, &page)
}

/// Joins (the opt-in ticked) or updates the member's entry; bad input comes back with its
/// message next to its field and what was typed kept.
pub(super) async fn save_membership(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let member = membership(&mut conn, user.id).await?;
    drop(conn);
    let mut errors = FormErrors::default();
    if member.is_none() && form.consentement != "oui" {
        errors.add(
            "consentement",
            "Cochez la case pour entrer dans le réseau : vous seul·e pouvez le décider.",
        );
    }
    let parsed = form.parse(state.clock.today().year());
    let profile = match (parsed, errors.is_empty()) {
        (Ok(profile), true) => profile,
        (parsed, _) => {
            errors.list.extend(parsed.err().map(|e| e.list).unwrap_or_default());
            let mut page = MembershipPage::of(&state, &visitor, &user, errors).await?;
            page.form = form;
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    network::save(&mut tx, user.id, &profile, state.clock.now()).await?;
    tx.commit().await?;
    let done = if member.is_some() { "modifie" } else { "rejoint" };
    let to = if member.is_some() {
        "/reseau/adhesion"
    } else {
        "/reseau"
    };
    Ok(Redirect::to(&format!("{to}?fait={done}")).into_response())
}

/// Leaves at once: the member row is deleted, not flagged, and every open conversation closed.
pub(super) async fn leave_network(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    network::leave(&mut tx, user.id, state.clock.now()).await?;
    tx.commit().await?;
    Ok(Redirect::to("/reseau/adhesion?fait=quitte").into_response())
}
