//! The programme's calendar: the cohorts the CCOMS edits, each post project's rétroplanning,
//! and the CCOMS dashboard.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::extract::PathId;
use super::{AppState, Error, Route};
use crate::db::cohorts::{self, Cohort};
use crate::db::feeds;
use crate::db::{fiches, projects};
use crate::domain::calendar::{french_date, parse_form_year};
use crate::domain::cohort::form::CohortForm;
use crate::domain::cohort::{self, CohortDates, Plan, PlanFacts, Step, defaults, next_reachable};
use crate::domain::fiche::Track;
use crate::domain::policy::{Action, establishment_scope};
use crate::domain::project::ProjectState;
use crate::web::views::{FormErrors, Layout, render, render_as};

mod cohort_pages;
mod dashboard;
mod retroplanning;

use cohort_pages::*;
pub(crate) use dashboard::late_deadlines;
use dashboard::*;
use retroplanning::*;
pub(crate) use retroplanning::{known_cohorts, with_enrolled};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/promotions", Access::Can(Action::ManageCohorts), list_cohorts),
        Route::post("/promotions", Access::Can(Action::ManageCohorts), create_cohort),
        Route::get("/promotions/{id}", Access::Can(Action::ManageCohorts), show_cohort),
        Route::post("/promotions/{id}", Access::Can(Action::ManageCohorts), update_cohort),
        Route::post(
            "/projets/{id}/retroplanning",
            Access::Can(Action::FollowPosts),
            choose_cohort,
        ),
        Route::get(
            "/projets/{id}/retroplanning",
            Access::Can(Action::FollowPosts),
            show_retroplanning,
        ),
        Route::get("/tableau-de-bord", Access::Can(Action::FollowProgramme), show_dashboard),
    ]
}
