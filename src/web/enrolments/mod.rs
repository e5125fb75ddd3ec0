//! Enrolment of hired MSPs in the universities' cohorts, their first year (milestones, shared
//! journal, grade), and the training calendars as iCalendar feeds behind revocable secret URLs.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::extract::PathId;
use super::{AppState, Error, Route};
use crate::db::cohorts;
use crate::db::enrolments::{self as enrolment_db, Enrolment, HiredMsp, JournalEntry, Milestone};
use crate::db::feeds::{self, FeedKind};
use crate::domain::account::User;
use crate::domain::calendar::french_date;
use crate::domain::cohort::{CohortDates, week_end};
use crate::domain::enrolment::EnrolmentState;
use crate::domain::ical::{self, Event, Method};
use crate::domain::policy::{Action, candidate_data_scope, establishment_scope, permits};
use crate::web::views::{Layout, MessagePage, render, stored_instant};

mod agendas;
mod enrolment;
mod list;
mod on_hire;

pub(crate) use agendas::show_feed;
use agendas::*;
use enrolment::*;
use list::*;
pub(crate) use on_hire::enrol_on_hire;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/inscriptions", Access::Can(Action::FollowEnrolments), list_enrolments),
        Route::post("/inscriptions", Access::Can(Action::EnrolMsps), create_enrolment),
        Route::get(
            "/inscriptions/{id}",
            Access::Can(Action::FollowEnrolments),
            show_enrolment,
        ),
        Route::post(
            "/inscriptions/{id}/etat",
            Access::Can(Action::ChangeEnrolments),
            move_enrolment,
        ),
        Route::post(
            "/inscriptions/{id}/journal",
            Access::Can(Action::WriteJournal),
            add_journal,
        ),
        Route::post(
            "/inscriptions/{id}/arrivee",
            Access::Can(Action::PlanIntegration),
            set_arrival,
        ),
        Route::post(
            "/inscriptions/{id}/etapes",
            Access::Can(Action::WriteJournal),
            mark_milestone,
        ),
        Route::post(
            "/inscriptions/{id}/agenda",
            Access::Can(Action::SubscribeCalendars),
            create_msp_feed,
        ),
        Route::post(
            "/promotions/{id}/agenda",
            Access::Can(Action::ManageCohorts),
            create_cohort_feed,
        ),
        Route::post(
            "/etablissements/{id}/agenda",
            Access::Can(Action::FollowPosts),
            create_establishment_feed,
        ),
        Route::post(
            "/agendas/{id}/revoquer",
            Access::Can(Action::SubscribeCalendars),
            revoke_feed,
        ),
        Route::get("/mon-parcours", Access::Can(Action::FollowOwnPath), show_own_path),
        Route::get("/agenda/{token}", Access::Public, super::gatherings::show_agenda_path).personal(),
    ]
}

/// An enrolment in the user's scope; outside it, it does not exist for them.
async fn enrolment_in_scope(conn: &mut sqlx::AnyConnection, user: &User, id: i64) -> Result<Enrolment, Error> {
    enrolment_db::find_enrolment(conn, id, &candidate_data_scope(user), user.id, &user.email)
        .await?
        .ok_or(Error::NotFound)
}
