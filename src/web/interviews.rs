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
use super::pipeline::{COMPETENCE_GROUPS, application_in_scope, application_page};
use super::views::{FormErrors, french_instant, render};
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

/// Who gets which invitation, and the invitation itself.
struct Invitations {
    candidate: (String, String),
    staff: Vec<(String, String)>,
    /// The application's page, for the panel.
    link: String,
}

fn build_invitations(
    state: &AppState,
    organizer: &User,
    application: &Application,
    interview: &Interview,
    panel: &[Member],
    ccoms: Option<&Member>,
    method: Method,
) -> Invitations {
    let base = Event {
        uid: interview.uid.clone(),
        sequence: u32::try_from(interview.sequence).unwrap_or(0),
        start: interview.starts_at,
        duration_minutes: u32::try_from(interview.duration_minutes).unwrap_or(60),
        all_day: None,
        summary: String::new(),
        description: String::new(),
        location: interview.place.clone(),
        url: None,
        organizer: Some(Person {
            name: organizer.display_name.clone(),
            email: organizer.email.clone(),
        }),
        attendees: Vec::new(),
        cancelled: matches!(method, Method::Cancel),
    };
    let staff_people: Vec<Person> = panel
        .iter()
        .chain(ccoms)
        .map(|m| Person {
            name: m.display_name.clone(),
            email: m.email.clone(),
        })
        .collect();
    let video = if interview.video_url.is_empty() {
        String::new()
    } else {
        format!("Visioconférence : {}\n", interview.video_url)
    };
    let mut for_candidate = base.clone();
    for_candidate.summary = format!(
        "Entretien : {} – {}",
        application.fiche_title, application.establishment_name
    );
    for_candidate.description = format!("{video}Pour toute question, répondez à l'établissement.");
    for_candidate.url = (!interview.video_url.is_empty()).then(|| interview.video_url.clone());
    for_candidate.attendees = vec![Person {
        name: application.full_name.clone(),
        email: application.email.clone(),
    }];
    let link = format!("{}/candidatures/{}", state.base_url, application.id);
    let mut for_staff = base.clone();
    for_staff.summary = format!("Entretien MSP – candidature n° {}", application.id);
    for_staff.description = format!("{video}Dossier : {link}");
    for_staff.url = Some(link.clone());
    for_staff.attendees = staff_people;
    let now = OffsetDateTime::now_utc();
    Invitations {
        candidate: (
            application.email.clone(),
            ical::calendar(method, None, &[for_candidate], now),
        ),
        staff: panel
            .iter()
            .chain(ccoms)
            .map(|m| (m.email.clone(), ical::calendar(method, None, &[for_staff.clone()], now)))
            .collect(),
        link,
    }
}

/// Queues the invitations (or their update or cancellation) in the caller's transaction. The
/// candidate's goes with `candidate_mail` when a decision e-mail accompanies it.
async fn send_invitations(
    conn: &mut sqlx::AnyConnection,
    cipher: &crate::documents::DocumentCipher,
    invitations: &Invitations,
    method: Method,
    candidate_mail: Option<(String, String)>,
    application: &Application,
    interview: &Interview,
) -> Result<(), Error> {
    let media_type = match method {
        Method::Cancel => "text/calendar; charset=utf-8; method=CANCEL",
        _ => "text/calendar; charset=utf-8; method=REQUEST",
    };
    let when = french_instant(interview.starts_at);
    let (subject, body) = candidate_mail.unwrap_or_else(|| match method {
        Method::Cancel => (
            format!("Entretien annulé : {}", application.fiche_title),
            format!(
                "Bonjour {},\n\nL'entretien du {when} pour le poste « {} » est annulé. L'établissement reviendra vers vous.",
                application.full_name, application.fiche_title
            ),
        ),
        _ => (
            format!("Entretien : {}", application.fiche_title),
            format!(
                "Bonjour {},\n\nVotre entretien pour le poste « {} » à {} aura lieu le {when}. \
                 L'invitation jointe s'ajoute à votre agenda.",
                application.full_name, application.fiche_title, application.establishment_name
            ),
        ),
    });
    // Every message, the panel's too, is about the candidate: erasing the application's data
    // deletes them all.
    let concerns = Concerns::application(application.id);
    queue_written(
        conn,
        cipher,
        Written {
            kind: "entretien",
            concerns,
            to: &invitations.candidate.0,
            subject: &subject,
            body: &body,
            attachment: Some(Attachment {
                name: "entretien.ics",
                media_type,
                body: &invitations.candidate.1,
            }),
        },
    )
    .await?;
    let staff_subject = match method {
        Method::Cancel => format!("Entretien annulé – candidature n° {}", application.id),
        _ => format!("Entretien le {when} – candidature n° {}", application.id),
    };
    for (email, calendar) in &invitations.staff {
        let body = format!(
            "Bonjour,\n\n{staff_subject}. Le dossier (accès réservé) : {}",
            invitations.link
        );
        queue_written(
            conn,
            cipher,
            Written {
                kind: "entretien_jury",
                concerns,
                to: email,
                subject: &staff_subject,
                body: &body,
                attachment: Some(Attachment {
                    name: "entretien.ics",
                    media_type,
                    body: calendar,
                }),
            },
        )
        .await?;
    }
    Ok(())
}

async fn people(state: &AppState, application: &Application) -> Result<(Vec<Member>, Vec<Member>), Error> {
    let mut conn = state.db.pool.acquire().await?;
    Ok((
        interviews::recruiters_of(&mut conn, application.establishment_id).await?,
        interviews::coordinators(&mut conn).await?,
    ))
}

async fn refuse(
    state: &AppState,
    visitor: &Visitor,
    application_id: i64,
    errors: Vec<FieldError>,
) -> Result<Response, Error> {
    let page = application_page(
        state,
        visitor,
        &application_id.to_string(),
        FormErrors { list: errors },
        None,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Schedules an interview. From `preselectionnee` the application moves to `entretien`, and
/// that decision's e-mail carries the invitation: one message to the candidate.
async fn schedule(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<Response, Error> {
    let application = {
        let mut conn = state.db.pool.acquire().await?;
        application_in_scope(&mut conn, &user, &id).await?
    };
    if !matches!(
        application.status,
        ApplicationStatus::Preselectionnee | ApplicationStatus::Entretien
    ) {
        return refuse(
            &state,
            &visitor,
            application.id,
            vec![FieldError::new(
                "date",
                "Un entretien se prévoit pour une candidature présélectionnée ou déjà en entretien.",
            )],
        )
        .await;
    }
    let (recruiters, coordinators) = people(&state, &application).await?;
    let (starts_at, duration, ccoms) =
        match parse_schedule(&form, &recruiters, &coordinators, OffsetDateTime::now_utc()) {
            Ok(parsed) => parsed,
            Err(errors) => return refuse(&state, &visitor, application.id, errors).await,
        };
    let uid = format!("{}@msp", &random_token()[..32]);
    let mut tx = state.db.begin().await?;
    let interview_id = interviews::insert(
        &mut tx,
        application.id,
        &uid,
        &Schedule {
            starts_at,
            duration_minutes: duration,
            place: form.lieu.trim(),
            video_url: form.visio.trim(),
            ccoms_attendee_id: ccoms,
            panel: &form.panel,
        },
    )
    .await?;
    let interview = interviews::find(&mut tx, interview_id).await?.ok_or(Error::NotFound)?;
    let panel = interviews::panel(&mut tx, interview_id).await?;
    let ccoms_member = coordinators.iter().find(|m| Some(m.id) == ccoms);
    let invitations = build_invitations(
        &state,
        &user,
        &application,
        &interview,
        &panel,
        ccoms_member,
        Method::Request,
    );
    let mut decision_mail = None;
    if application.status == ApplicationStatus::Preselectionnee {
        let template = applications::template(&mut tx, application.establishment_id, TemplateKind::Entretien).await?;
        // The decision's e-mail is the invitation's: apply_move would send a second one.
        let filled = template.fill(&TemplateValues {
            nom: &application.full_name,
            offre: &application.fiche_title,
            etablissement: &application.establishment_name,
        });
        if !applications::set_status(
            &mut tx,
            application.id,
            application.version,
            ApplicationStatus::Entretien,
        )
        .await?
        {
            drop(tx);
            return refuse(
                &state,
                &visitor,
                application.id,
                vec![FieldError::new(
                    "date",
                    "Quelqu'un a modifié cette candidature entre-temps : recommencez.",
                )],
            )
            .await;
        }
        let body = format!("{}\n\nDate : {}", filled.body, french_instant(starts_at));
        let mail = crate::domain::application::MailTemplate {
            subject: filled.subject,
            body,
        };
        applications::add_event(
            &mut tx,
            application.id,
            applications::NewEvent {
                actor_id: Some(user.id),
                actor_name: &user.display_name,
                from: Some(application.status),
                to: Some(ApplicationStatus::Entretien),
                reason: "",
                mail: Some(&mail),
            },
        )
        .await?;
        decision_mail = Some((mail.subject, mail.body));
    }
    send_invitations(
        &mut tx,
        state.db.documents()?,
        &invitations,
        Method::Request,
        decision_mail,
        &application,
        &interview,
    )
    .await?;
    super::pipeline::audit_read(
        &mut tx,
        &visitor,
        "entretien_prevu",
        application.id,
        french_instant(starts_at),
    )
    .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/candidatures/{}#entretiens", application.id)).into_response())
}

/// The interview and its application, in the reader's scope.
async fn interview_in_scope(state: &AppState, user: &User, id: &str) -> Result<(Interview, Application), Error> {
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let mut conn = state.db.pool.acquire().await?;
    let interview = interviews::find(&mut conn, id).await?.ok_or(Error::NotFound)?;
    let application = application_in_scope(&mut conn, user, &interview.application_id.to_string()).await?;
    Ok((interview, application))
}

async fn reschedule(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<Response, Error> {
    let (interview, application) = interview_in_scope(&state, &user, &id).await?;
    if interview.cancelled {
        return refuse(
            &state,
            &visitor,
            application.id,
            vec![FieldError::new("date", "Cet entretien est annulé.")],
        )
        .await;
    }
    let (recruiters, coordinators) = people(&state, &application).await?;
    let (starts_at, duration, ccoms) =
        match parse_schedule(&form, &recruiters, &coordinators, OffsetDateTime::now_utc()) {
            Ok(parsed) => parsed,
            Err(errors) => return refuse(&state, &visitor, application.id, errors).await,
        };
    let mut tx = state.db.begin().await?;
    // Whoever leaves the panel gets the cancellation of their copy.
    let before = interviews::panel(&mut tx, interview.id).await?;
    interviews::reschedule(
        &mut tx,
        interview.id,
        &Schedule {
            starts_at,
            duration_minutes: duration,
            place: form.lieu.trim(),
            video_url: form.visio.trim(),
            ccoms_attendee_id: ccoms,
            panel: &form.panel,
        },
    )
    .await?;
    let updated = interviews::find(&mut tx, interview.id).await?.ok_or(Error::NotFound)?;
    let panel = interviews::panel(&mut tx, interview.id).await?;
    let ccoms_member = coordinators.iter().find(|m| Some(m.id) == ccoms);
    let invitations = build_invitations(
        &state,
        &user,
        &application,
        &updated,
        &panel,
        ccoms_member,
        Method::Request,
    );
    send_invitations(
        &mut tx,
        state.db.documents()?,
        &invitations,
        Method::Request,
        None,
        &application,
        &updated,
    )
    .await?;
    let removed: Vec<Member> = before
        .into_iter()
        .filter(|m| !panel.iter().any(|p| p.id == m.id))
        .collect();
    if !removed.is_empty() {
        let cancelled = build_invitations(&state, &user, &application, &updated, &removed, None, Method::Cancel);
        for (email, calendar) in &cancelled.staff {
            queue_written(
                &mut tx,
                state.db.documents()?,
                Written {
                    kind: "entretien_jury",
                    concerns: Concerns::application(application.id),
                    to: email,
                    subject: &format!("Entretien annulé pour vous – candidature n° {}", application.id),
                    body: "Bonjour,\n\nVous ne faites plus partie du jury de cet entretien.",
                    attachment: Some(Attachment {
                        name: "entretien.ics",
                        media_type: "text/calendar; charset=utf-8; method=CANCEL",
                        body: calendar,
                    }),
                },
            )
            .await?;
        }
    }
    super::pipeline::audit_read(
        &mut tx,
        &visitor,
        "entretien_modifie",
        application.id,
        french_instant(starts_at),
    )
    .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/candidatures/{}#entretiens", application.id)).into_response())
}

#[derive(Deserialize, Default)]
struct CancelForm {}

async fn cancel(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(_form): CsrfForm<CancelForm>,
) -> Result<Response, Error> {
    let (interview, application) = interview_in_scope(&state, &user, &id).await?;
    let mut tx = state.db.begin().await?;
    if interviews::cancel(&mut tx, interview.id).await? {
        let cancelled = interviews::find(&mut tx, interview.id).await?.ok_or(Error::NotFound)?;
        let panel = interviews::panel(&mut tx, interview.id).await?;
        let coordinators = interviews::coordinators(&mut tx).await?;
        let ccoms_member = coordinators.iter().find(|m| Some(m.id) == cancelled.ccoms_attendee_id);
        let invitations = build_invitations(
            &state,
            &user,
            &application,
            &cancelled,
            &panel,
            ccoms_member,
            Method::Cancel,
        );
        send_invitations(
            &mut tx,
            state.db.documents()?,
            &invitations,
            Method::Cancel,
            None,
            &application,
            &cancelled,
        )
        .await?;
        super::pipeline::audit_read(&mut tx, &visitor, "entretien_annule", application.id, String::new()).await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/candidatures/{}#entretiens", application.id)).into_response())
}

#[derive(Deserialize, Default)]
struct EvaluationForm {
    #[serde(default)]
    techniques: String,
    #[serde(default)]
    experientielles: String,
    #[serde(default)]
    organisationnelles: String,
    #[serde(default)]
    adaptation: String,
    #[serde(default)]
    commentaire: String,
    #[serde(default)]
    recommandation: String,
}

impl EvaluationForm {
    fn rating(&self, group: &str) -> &str {
        match group {
            "techniques" => &self.techniques,
            "experientielles" => &self.experientielles,
            "organisationnelles" => &self.organisationnelles,
            _ => &self.adaptation,
        }
    }
}

/// A panel member's grid, once; they then see the others'.
async fn evaluate(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<EvaluationForm>,
) -> Result<Response, Error> {
    let (interview, application) = interview_in_scope(&state, &user, &id).await?;
    let mut conn = state.db.pool.acquire().await?;
    let panel = interviews::panel(&mut conn, interview.id).await?;
    if !panel.iter().any(|m| m.id == user.id) {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    let mut ratings = Vec::new();
    for (group, label) in COMPETENCE_GROUPS {
        let value = form.rating(group);
        if RATINGS.iter().any(|(code, _)| *code == value) {
            ratings.push((group.to_string(), value.to_string()));
        } else {
            errors.push(FieldError::new(
                group,
                format!("{label} : choisissez une appréciation."),
            ));
        }
    }
    let recommendation = Recommendation::parse(&form.recommandation);
    if recommendation.is_none() {
        errors.push(FieldError::new("recommandation", "Choisissez votre recommandation."));
    }
    if form.commentaire.chars().count() > 3000 {
        errors.push(FieldError::new("commentaire", "3 000 caractères au plus."));
    }
    let Some(recommendation) = recommendation.filter(|_| errors.is_empty()) else {
        drop(conn);
        return refuse(&state, &visitor, application.id, errors).await;
    };
    interviews::submit_evaluation(
        &mut conn,
        interview.id,
        (user.id, &user.display_name),
        &ratings,
        form.commentaire.trim(),
        recommendation.as_str(),
    )
    .await?;
    Ok(Redirect::to(&format!("/candidatures/{}#evaluations", application.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_as_people_write_them() {
        assert_eq!(parse_time("14:30"), Time::from_hms(14, 30, 0).ok());
        assert_eq!(parse_time("14h30"), Time::from_hms(14, 30, 0).ok());
        assert_eq!(parse_time("9 h"), Time::from_hms(9, 0, 0).ok());
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(
            parse_date("15/01/2027"),
            Date::from_calendar_date(2027, time::Month::January, 15).ok()
        );
        assert_eq!(
            parse_date("2027-01-15"),
            Date::from_calendar_date(2027, time::Month::January, 15).ok()
        );
        assert_eq!(parse_date("31/02/2027"), None);
    }
}
