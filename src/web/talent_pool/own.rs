//! The candidate's side: joining with the pool's consent, the profile, leaving at once.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::Duration;

use super::{Done, notice};
use crate::db::{parse_instant, pool_invitations, talent_pool};
use crate::domain::account::User;
use crate::domain::calendar::french_date;
use crate::domain::form_errors::FormErrors;
use crate::domain::geo::territory::{REGIONS, Region};
use crate::domain::talent_pool::{InvitationAnswer, PoolWorkingTime, ProfileForm, Training};
use crate::web::auth::{CsrfForm, CurrentUser, Visitor};
use crate::web::views::{Layout, render_as, stored_instant};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "talent_pool/mine.html")]
pub(super) struct OwnPage {
    layout: Layout,
    member: bool,
    form: ProfileForm,
    errors: FormErrors,
    notice: Option<&'static str>,
    regions: &'static [Region],
    trainings: [Training; 4],
    working_times: [PoolWorkingTime; 3],
    invitations: Vec<InvitationLine>,
    /// When the profile is forgotten without an action of the member, in words.
    forgotten_on: String,
    consent_on: String,
    kept_years: i64,
}

pub(super) struct InvitationLine {
    id: i64,
    title: String,
    slug: String,
    establishment: String,
    sent_on: String,
    answer: Option<&'static str>,
}

impl OwnPage {
    async fn of(state: &AppState, visitor: &Visitor, user: &User, errors: FormErrors) -> Result<OwnPage, Error> {
        let mut conn = state.db.pool.acquire().await?;
        let member = talent_pool::find_by_user(&mut conn, user.id).await?;
        let (mut forgotten_on, mut consent_on, mut invitations) = (String::new(), String::new(), Vec::new());
        if let Some(member) = &member {
            let last = parse_instant(&member.last_action_at)?;
            forgotten_on = french_date((last + Duration::days(state.retention.talent_pool_days)).date());
            consent_on = stored_instant(&member.consent_at);
            invitations = pool_invitations::for_member(&mut conn, member.id)
                .await?
                .into_iter()
                .map(|i| InvitationLine {
                    answer: i.answer().map(InvitationAnswer::label),
                    id: i.id,
                    sent_on: stored_instant(&i.created_at),
                    title: i.title,
                    slug: i.slug,
                    establishment: i.establishment_name,
                })
                .collect();
        }
        Ok(OwnPage {
            layout: Layout::of(visitor),
            member: member.is_some(),
            form: member.map_or_else(ProfileForm::blank, |m| ProfileForm::of(&m.profile)),
            errors,
            notice: None,
            regions: REGIONS,
            trainings: Training::ALL,
            working_times: PoolWorkingTime::ALL,
            invitations,
            forgotten_on,
            consent_on,
            kept_years: state.retention.talent_pool_days / 365,
        })
    }
}

pub(super) async fn show_own(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, Query(done): Query<Done>,
) -> Result<Response, Error> {
    let mut page = OwnPage::of(&state, &visitor, &user, FormErrors::default()).await?;
    page.notice = notice(&done.fait);
    render_as(StatusCode::OK, &page)
}

/// Joins the pool (the consent ticked) or updates the profile; bad input comes back with
/// its message next to its field and what was typed kept.
pub(super) async fn save_own(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let member = talent_pool::find_by_user(&mut conn, user.id).await?;
    drop(conn);
    let mut errors = FormErrors::default();
    if member.is_none() && form.consentement != "oui" {
        errors.add(
            "consentement",
            "Cochez la case pour accepter d'être trouvé·e par les recruteurs du programme.",
        );
    }
    let profile = form.parse();
    let profile = match (profile, errors.is_empty()) {
        (Ok(profile), true) => profile,
        (parsed, _) => {
            errors.list.extend(parsed.err().map(|e| e.list).unwrap_or_default());
            let mut page = OwnPage::of(&state, &visitor, &user, errors).await?;
            page.form = form;
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    talent_pool::save(&mut tx, user.id, &profile, state.clock.now()).await?;
    tx.commit().await?;
    let done = if member.is_some() { "modifie" } else { "rejoint" };
    Ok(Redirect::to(&format!("/compte/vivier?fait={done}")).into_response())
}

#[derive(Deserialize)]
pub(super) struct Nothing {}

/// Leaves the pool at once: the profile and every invitation are deleted, so no search and
/// no profile page shows the candidate any more.
pub(super) async fn leave(
    State(state): State<AppState>, CurrentUser(user): CurrentUser, CsrfForm(_): CsrfForm<Nothing>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    talent_pool::leave(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/compte/vivier?fait=quitte").into_response())
}
