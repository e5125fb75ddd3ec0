//! Writing and reviewing a fiche de poste: the editor in six steps (each saved), the preview
//! as it will be published, the checks before submission, the CCOMS's comments and decision,
//! importing a document into a draft, the requirement warnings the CCOMS accepts, the versions and their comparison, and closing or withdrawing an offer.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::extract::{InScope, Scoped};
use super::offers::{OfferPage, pdf_response};
use super::views::{FormErrors, Layout, render, render_as};
use super::{AppState, Error, Route};
use crate::db::fiches::{self, Comment, Version, WorkFiche};
use crate::domain::FieldError;
use crate::domain::account::User;
use crate::domain::calendar::french_date;
use crate::domain::fiche::{FicheContent, FicheStatus, PublicPost, Quotite, Track};
use crate::domain::fiche_workflow::{FicheAction, submission_errors};
use crate::domain::policy::{Action, establishment_scope, permits};
use crate::domain::project::check_text;
use sqlx::AnyConnection;

mod editor;
mod importing;
mod page;
mod public_service;
mod reuse;
mod review;
mod versions;
mod warnings;

use editor::*;
use importing::*;
use page::*;
use public_service::*;
use reuse::*;
use review::*;
use versions::*;
use warnings::*;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/fiches/{id}", Access::Can(Action::FollowPosts), show_fiche),
        Route::get("/fiches/{id}/modifier", Access::Can(Action::WriteFiches), show_editor),
        Route::post("/fiches/{id}/modifier", Access::Can(Action::WriteFiches), save_step),
        Route::get("/fiches/{id}/reprendre", Access::Can(Action::WriteFiches), show_library),
        Route::post("/fiches/{id}/reprendre", Access::Can(Action::WriteFiches), reuse),
        Route::get("/fiches/{id}/importer", Access::Can(Action::WriteFiches), show_import),
        Route::post("/fiches/{id}/importer", Access::Can(Action::WriteFiches), import)
            // A document may weigh 10 Mo; the pasted text and the token a little more.
            .with_body_limit(crate::import::extract::MAX_DOCUMENT_BYTES + 512 * 1024),
        Route::post(
            "/fiches/{id}/importer/ecarter",
            Access::Can(Action::WriteFiches),
            dismiss_unplaced,
        ),
        Route::get("/fiches/{id}/apercu", Access::Can(Action::FollowPosts), show_preview),
        Route::get("/fiches/{id}/pdf", Access::Can(Action::FollowPosts), show_fiche_pdf),
        Route::post("/fiches/{id}/soumettre", Access::Can(Action::WriteFiches), submit),
        Route::post(
            "/fiches/{id}/commentaires",
            Access::Can(Action::ReviewFiches),
            add_comment,
        ),
        Route::post("/fiches/{id}/decision", Access::Can(Action::ReviewFiches), decide),
        Route::post(
            "/fiches/{id}/avertissements",
            Access::Can(Action::ReviewFiches),
            accept_warning,
        ),
        Route::post("/fiches/{id}/fin", Access::Can(Action::FollowPosts), end),
        Route::get(
            "/fiches/{id}/versions",
            Access::Can(Action::FollowPosts),
            compare_versions,
        ),
        Route::get(
            "/fiches/{id}/place-emploi-public",
            Access::Can(Action::FollowPosts),
            show_public_service_export,
        ),
    ]
}

/// A fiche of the user's establishments; another establishment's does not exist for them.
impl Scoped for WorkFiche {
    async fn find(
        conn: &mut AnyConnection, user: &User, id: i64, _today: time::Date,
    ) -> Result<Option<WorkFiche>, Error> {
        Ok(fiches::find_for_work(conn, id, &establishment_scope(user)).await?)
    }
}

/// What keeps a fiche from going to the CCOMS: its checks, and its fields nobody confirmed.
fn submission_problems(state: &AppState, fiche: &WorkFiche) -> Vec<FieldError> {
    let mut problems = submission_errors(&fiche.offer.content, state.clock.today());
    problems.extend(fiche.to_verify.submission_errors());
    problems
}

/// Where the fiche contradicts the cohort of the licence it names: its deadline misses the
/// soonest cohort, or its start date falls after the first training week or before the hiring
/// decision can be made. The warnings the recruiter and the CCOMS read, each naming the cohort
/// and what would fit it.
async fn calendar_warnings(state: &AppState, fiche: &WorkFiche) -> Result<Vec<String>, Error> {
    let content = &fiche.offer.content;
    let Some(track) = content.track else {
        return Ok(Vec::new());
    };
    if content.deadline.is_none() && content.start_date.is_none() {
        return Ok(Vec::new());
    }
    let today = state.clock.today();
    let mut conn = state.db.pool.acquire().await?;
    let cohorts = super::calendar::known_cohorts(&mut conn, today).await?;
    let deadline = content
        .deadline
        .and_then(|deadline| crate::domain::cohort::deadline_warning(&cohorts, track, today, deadline));
    let start = content
        .start_date
        .and_then(|start| crate::domain::cohort::start_date_warning(&cohorts, track, today, content.deadline, start));
    Ok(deadline.into_iter().chain(start).collect())
}
