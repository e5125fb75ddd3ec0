//! Interviews: scheduling (the candidate, the panel and the CCOMS attendee get an iCalendar
//! invitation; the panel's shows a link to the application, never the candidate's name, since
//! calendars are widely shared), rescheduling and cancelling (updates with a higher sequence),
//! and each panel member's evaluation grid.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::mails::{Written, queue_written};
use super::{AppState, Error, Route};
use crate::db::applications::{self, Application};
use crate::db::interviews::{self, Interview, Member, Schedule};
use crate::db::outbox::{Attachment, Concerns};
use crate::domain::FieldError;
use crate::domain::account::User;
use crate::domain::application::{ApplicationStatus, RATINGS, Recommendation, TemplateKind, TemplateValues};
use crate::domain::calendar::paris_offset;
use crate::domain::ical::{self, Event, Method, Person};
use crate::domain::policy::Action;
use crate::secrets::random_token;
use crate::web::pipeline::{COMPETENCE_GROUPS, application_in_scope, application_page};
use crate::web::views::{FormErrors, french_instant, render};

mod evaluation;
mod invitations;
mod scheduling;
#[cfg(test)]
mod tests;

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

#[derive(Deserialize, Default)]
struct ScheduleForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    heure: String,
    #[serde(default)]
    duree: String,
    #[serde(default)]
    lieu: String,
    #[serde(default)]
    visio: String,
    #[serde(default)]
    panel: Vec<i64>,
    #[serde(default)]
    ccoms: String,
}

/// A day as people in France write it (15/01/2027), or ISO: the one reader of form dates.
fn parse_date(value: &str) -> Option<Date> {
    crate::domain::calendar::parse_form_date(value)
}

/// "14:30", "14h30", "14 h 30" or "14h".
fn parse_time(value: &str) -> Option<Time> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let (hour, minute) = compact.split_once([':', 'h', 'H']).map(|(h, m)| {
        (
            h.to_string(),
            if m.is_empty() { "0".to_string() } else { m.to_string() },
        )
    })?;
    Time::from_hms(hour.parse().ok()?, minute.parse().ok()?, 0).ok()
}

/// What the form asks, checked: a future date and time in Paris, a place or an https video
/// link, and a panel of the establishment's recruiters.
fn parse_schedule(
    form: &ScheduleForm,
    recruiters: &[Member],
    coordinators: &[Member],
    now: OffsetDateTime,
) -> Result<(OffsetDateTime, i64, Option<i64>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = parse_date(&form.date);
    if date.is_none() {
        errors.push(FieldError::new(
            "date",
            "Indiquez la date de l'entretien, par exemple 15/01/2027.",
        ));
    }
    let at = parse_time(&form.heure);
    if at.is_none() {
        errors.push(FieldError::new("heure", "Indiquez l'heure, par exemple 14:30."));
    }
    let duration = form.duree.trim().parse::<i64>().ok().filter(|d| (15..=240).contains(d));
    if duration.is_none() {
        errors.push(FieldError::new("duree", "Indiquez une durée entre 15 et 240 minutes."));
    }
    let place = form.lieu.trim();
    let video = form.visio.trim();
    if place.is_empty() && video.is_empty() {
        errors.push(FieldError::new(
            "lieu",
            "Indiquez un lieu, un lien de visioconférence, ou les deux.",
        ));
    }
    if !video.is_empty() && (!video.starts_with("https://") || video.contains(char::is_whitespace)) {
        errors.push(FieldError::new(
            "visio",
            "Le lien de visioconférence doit commencer par https://.",
        ));
    }
    if place.chars().count() > 300 {
        errors.push(FieldError::new("lieu", "300 caractères au plus."));
    }
    if form.panel.is_empty() || !form.panel.iter().all(|id| recruiters.iter().any(|m| m.id == *id)) {
        errors.push(FieldError::new(
            "panel",
            "Choisissez au moins un membre du jury parmi les recruteurs.",
        ));
    }
    let ccoms = match form.ccoms.trim() {
        "" => None,
        id => match id
            .parse::<i64>()
            .ok()
            .filter(|id| coordinators.iter().any(|m| m.id == *id))
        {
            Some(id) => Some(id),
            None => {
                errors.push(FieldError::new(
                    "ccoms",
                    "Choisissez une personne de la coordination dans la liste.",
                ));
                None
            }
        },
    };
    if let (Some(date), Some(at), Some(duration)) = (date, at, duration) {
        let local = PrimitiveDateTime::new(date, at);
        // The offset of Paris on that day (summer or winter time).
        let guess = local.assume_utc();
        let starts_at = local.assume_offset(paris_offset(guess));
        if starts_at <= now {
            errors.push(FieldError::new(
                "date",
                "Cette date est passée : choisissez une date à venir.",
            ));
        } else if errors.is_empty() {
            return Ok((starts_at, duration, ccoms));
        }
    }
    Err(errors)
}
