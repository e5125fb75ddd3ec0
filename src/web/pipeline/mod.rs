//! The recruiter's pipeline: an offer's applications grouped by state, one application's page
//! (every read audited), moves with a reason and the decision e-mail, bulk decisions, private
//! notes, the documents (opened only for an authorised reader, each read audited), and the
//! establishment's decision templates. The CCOMS reads every pipeline; recruiters decide.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::download::attachment;
use super::extract::PathId;
use super::views::{FormErrors, Layout, french_instant, render, render_as, stored_instant};
use super::{AppState, Error, Route};
use crate::db::applications::{self, Application, Event, NewEvent, Note};
use crate::db::fiches::{self, WorkFiche};
use crate::db::interviews::{self, Evaluation, Interview, Member};
use crate::db::outbox::Concerns;
use crate::domain::account::User;
use crate::domain::application::{
    ApplicationStatus, MailTemplate, RATINGS, TemplateKind, TemplateValues, rating_label,
};
use crate::domain::policy::{Action, establishment_scope, permits};
use crate::mail::{Written, queue};

mod application;
mod board;
mod bulk;
mod exception;
mod templates;

use application::*;
/// What the interviews' pages share with an application's page.
pub(super) use application::{COMPETENCE_GROUPS, application_page};
use board::*;
use bulk::*;
use exception::*;
use templates::*;

pub fn routes() -> Vec<Route> {
    let read = Access::Can(Action::ReadApplications);
    let decide = Access::Can(Action::DecideApplications);
    vec![
        Route::get("/fiches/{id}/candidatures", read, show_pipeline),
        Route::post("/fiches/{id}/candidatures/decision", decide, decide_in_bulk),
        Route::get("/candidatures/{id}", read, show_application),
        Route::post("/candidatures/{id}/etat", decide, move_application),
        Route::post(
            "/candidatures/{id}/derogation",
            Access::Can(Action::GrantHireExceptions),
            grant_hire_exception,
        ),
        Route::post("/candidatures/{id}/derogation/demande", decide, ask_hire_exception),
        Route::post("/candidatures/{id}/notes", read, add_note),
        Route::get("/candidatures/{id}/documents/{kind}", read, download_document),
        Route::get("/etablissements/{id}/modeles", decide, show_templates),
        Route::post("/etablissements/{id}/modeles", decide, save_template),
        Route::post("/etablissements/{id}/article", decide, save_article),
    ]
}

/// An application in the reader's scope; another establishment's does not exist for them.
pub(super) async fn application_in_scope(
    conn: &mut sqlx::AnyConnection, user: &User, id: i64,
) -> Result<Application, Error> {
    applications::find_in_scope(conn, id, &establishment_scope(user))
        .await?
        .ok_or(Error::NotFound)
}

/// Writes the read of a candidate's data to the audit log.
pub(super) async fn audit_read(
    conn: &mut sqlx::AnyConnection, visitor: &Visitor, action: &'static str, application_id: i64, detail: String,
) -> Result<(), Error> {
    visitor
        .audit(conn, action, "candidature", application_id, detail)
        .await?;
    Ok(())
}
