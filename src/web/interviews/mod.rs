//! Interviews: scheduling (the candidate, the panel and the CCOMS attendee get an iCalendar
//! invitation; the panel's shows a link to the application, never the candidate's name, since
//! calendars are widely shared), rescheduling and cancelling (updates with a higher sequence),
//! and each panel member's evaluation grid.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::extract::PathId;
use super::{AppState, Error, Route};
use crate::db::applications::{self, Application};
use crate::db::interviews::{self, Interview, Member, Schedule};
use crate::db::outbox::{Attachment, Concerns};
use crate::domain::FieldError;
use crate::domain::account::User;
use crate::domain::application::{ApplicationStatus, RATINGS, Recommendation, TemplateKind, TemplateValues};
use crate::domain::ical::{self, Event, Method, Person};
use crate::domain::interview::{Attendable, InterviewForm, InterviewPlan};
use crate::domain::policy::Action;
use crate::mail::{Compose, InterviewCancellation, InterviewInvitation, PanelInterview, PanelRelease, Written, queue};
use crate::secrets::random_token;
use crate::web::pipeline::{COMPETENCE_GROUPS, application_in_scope, application_page};
use crate::web::views::{FormErrors, french_instant, render_as};

mod evaluation;
mod invitations;
mod scheduling;

use evaluation::*;
use invitations::*;
use scheduling::*;

pub fn routes() -> Vec<Route> {
    let decide = Access::Can(Action::DecideApplications);
    vec![
        Route::post("/candidatures/{id}/entretiens", decide, schedule),
        Route::post("/entretiens/{id}/modifier", decide, reschedule),
        Route::post("/entretiens/{id}/annuler", decide, cancel),
        Route::post(
            "/entretiens/{id}/evaluation",
            Access::Can(Action::ReadApplications),
            evaluate,
        ),
    ]
}
