//! A member's profile, as recruiters and the CCOMS read it (each reading audited): what the
//! member shows, the invitations sent to them from the reader's scope (sent, declined or
//! applied, nothing more), and the form to invite them to an open offer of that scope.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::search::MemberCard;
use super::{Done, notice};
use crate::db::pool_invitations::{self, OpenOffer};
use crate::db::talent_pool;
use crate::domain::account::User;
use crate::domain::form_errors::FormErrors;
use crate::domain::policy::establishment_scope;
use crate::domain::talent_pool::invitation_status;
use crate::web::auth::{CurrentUser, Visitor};
use crate::web::extract::PathId;
use crate::web::views::{Layout, render_as, stored_instant};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "talent_pool/profile.html")]
pub(super) struct ProfilePage {
    layout: Layout,
    member: MemberCard,
    /// (offer title, establishment, sent on, status).
    invitations: Vec<(String, String, String, &'static str)>,
    offers: Vec<OpenOffer>,
    chosen: String,
    errors: FormErrors,
    notice: Option<&'static str>,
}

/// The profile page of member `id` for `user`, its reading recorded in the audit log; `None`
/// when nobody by that number is in the pool (never joined, left, or forgotten).
pub(super) async fn profile_page(
    state: &AppState, visitor: &Visitor, user: &User, id: i64, errors: FormErrors, chosen: String,
) -> Result<ProfilePage, Error> {
    let scope = establishment_scope(user);
    let mut tx = state.db.begin().await?;
    let member = talent_pool::find(&mut tx, id).await?.ok_or(Error::NotFound)?;
    let invitations = pool_invitations::for_member_in_scope(&mut tx, id, &scope)
        .await?
        .into_iter()
        .map(|i| {
            let status = invitation_status(i.answer(), i.applied > 0);
            (i.title, i.establishment_name, stored_instant(&i.created_at), status)
        })
        .collect();
    let offers = pool_invitations::open_offers(&mut tx, &scope, state.clock.today()).await?;
    visitor
        .audit(&mut tx, "profil_vivier_consulte", "membre_vivier", id, "")
        .await?;
    tx.commit().await?;
    Ok(ProfilePage {
        layout: Layout::of(visitor),
        member: MemberCard::of(&member, state.clock.today()),
        invitations,
        offers,
        chosen,
        errors,
        notice: None,
    })
}

pub(super) async fn show_member(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    Query(done): Query<Done>,
) -> Result<Response, Error> {
    let mut page = profile_page(&state, &visitor, &user, id, FormErrors::default(), String::new()).await?;
    page.notice = notice(&done.fait);
    render_as(StatusCode::OK, &page)
}
