//! Scheduling, rescheduling, cancelling.

use super::*;
use crate::domain::event::{Event, EventKind};

/// Schedules an interview. From `preselectionnee` the application moves to `entretien`, and
/// that decision's e-mail carries the invitation: one message to the candidate.
pub(super) async fn schedule(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<InterviewForm>,
) -> Result<Response, Error> {
    let application = {
        let mut conn = state.db.pool.acquire().await?;
        application_in_scope(&mut conn, &user, id).await?
    };
    let refuse_with = |message: &str| vec![FieldError::new("date", message)];
    if !matches!(
        application.status,
        ApplicationStatus::Preselectionnee | ApplicationStatus::Entretien
    ) {
        let errors = refuse_with("Un entretien se prévoit pour une candidature présélectionnée ou déjà en entretien.");
        return refuse(&state, &visitor, application.id, errors, Some(&form)).await;
    }
    let plan = match read_plan(&state, &application, &form).await? {
        Ok(plan) => plan,
        Err(errors) => return refuse(&state, &visitor, application.id, errors, Some(&form)).await,
    };
    let uid = format!("{}@msp", &random_token()[..32]);
    let mut tx = state.db.begin().await?;
    let interview_id = interviews::insert(&mut tx, application.id, &uid, &stored(&plan)).await?;
    let mut decision_mail = None;
    if application.status == ApplicationStatus::Preselectionnee {
        let Some(mail) = enter_interview_stage(&mut tx, &user, &application, plan.starts_at).await? else {
            drop(tx);
            let errors = refuse_with("Quelqu'un a modifié cette candidature entre-temps : recommencez.");
            return refuse(&state, &visitor, application.id, errors, Some(&form)).await;
        };
        decision_mail = Some(mail);
    }
    let request = Method::Request;
    queue_invitations(
        &mut tx,
        &state,
        &user,
        &application,
        interview_id,
        request,
        decision_mail,
    )
    .await?;
    let when = french_instant(plan.starts_at);
    record_and_return(tx, &state, &visitor, &application, EventKind::InterviewScheduled, when).await
}

/// Moves a preselected application to `entretien`, with its decision recorded and the
/// establishment's message for it filled in (the date added), which the invitation then
/// carries: `apply_move` would send a second one. `None` when someone changed the application
/// in the meantime.
async fn enter_interview_stage(
    tx: &mut sqlx::AnyConnection, user: &User, application: &Application, starts_at: time::OffsetDateTime,
) -> Result<Option<(String, String)>, Error> {
    let template = applications::template(tx, application.establishment_id, TemplateKind::Entretien).await?;
    let filled = template.fill(&TemplateValues {
        nom: &application.full_name,
        offre: &application.fiche_title,
        etablissement: &application.establishment_name,
        article: application.establishment_article,
    });
    let to = ApplicationStatus::Entretien;
    if !applications::set_status(tx, application.id, application.version, to).await? {
        return Ok(None);
    }
    let mail = crate::domain::application::MailTemplate {
        subject: filled.subject,
        body: format!("{}\n\nDate : {}", filled.body, french_instant(starts_at)),
    };
    let event = applications::NewEvent {
        actor_id: Some(user.id),
        actor_name: &user.display_name,
        from: Some(application.status),
        to: Some(to),
        reason: "",
        mail: Some(&mail),
    };
    applications::add_event(tx, application.id, event).await?;
    Ok(Some((mail.subject, mail.body)))
}

/// Records the event (the panel and the CCOMS attendee already have their invitations: it tells
/// nobody more), writes the read of the application to the audit log with what was done,
/// commits, wakes the mail worker and goes back to the application's interviews.
async fn record_and_return(
    mut tx: sqlx::Transaction<'static, sqlx::Any>, state: &AppState, visitor: &Visitor, application: &Application,
    kind: EventKind, detail: String,
) -> Result<Response, Error> {
    let (action, told) = match kind {
        EventKind::InterviewScheduled => ("entretien_prevu", format!("fixé au {detail}")),
        EventKind::InterviewMoved => ("entretien_modifie", format!("déplacé au {detail}")),
        _ => ("entretien_annule", "annulé".to_string()),
    };
    let happened = Event::of_application(
        kind,
        application.id,
        &application.fiche_title,
        application.fiche_id,
        (application.establishment_id, &application.establishment_name),
    )
    .detail(told);
    crate::notify::record(&mut tx, &state.notifier()?, happened, visitor.user().map(|u| u.id)).await?;
    crate::web::pipeline::audit_read(&mut tx, visitor, action, application.id, detail).await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(back_to_interviews(application))
}

fn back_to_interviews(application: &Application) -> Response {
    Redirect::to(&format!("/candidatures/{}#entretiens", application.id)).into_response()
}

/// The interview and its application, in the reader's scope.
pub(super) async fn interview_in_scope(
    state: &AppState, user: &User, id: i64,
) -> Result<(Interview, Application), Error> {
    let mut conn = state.db.pool.acquire().await?;
    let interview = interviews::find(&mut conn, id).await?.ok_or(Error::NotFound)?;
    let application = application_in_scope(&mut conn, user, interview.application_id).await?;
    Ok((interview, application))
}

/// Changes an interview's day, place or panel: everyone gets the update (a higher sequence),
/// and whoever left the panel the cancellation of their copy.
pub(super) async fn reschedule(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<InterviewForm>,
) -> Result<Response, Error> {
    let (interview, application) = interview_in_scope(&state, &user, id).await?;
    if interview.cancelled {
        let errors = vec![FieldError::new("date", "Cet entretien est annulé.")];
        return refuse(&state, &visitor, application.id, errors, None).await;
    }
    let plan = match read_plan(&state, &application, &form).await? {
        Ok(plan) => plan,
        Err(errors) => return refuse(&state, &visitor, application.id, errors, None).await,
    };
    let mut tx = state.db.begin().await?;
    let before = interviews::panel(&mut tx, interview.id).await?;
    interviews::reschedule(&mut tx, interview.id, &stored(&plan)).await?;
    let request = Method::Request;
    let (updated, panel) = queue_invitations(&mut tx, &state, &user, &application, interview.id, request, None).await?;
    let removed: Vec<Member> = before
        .into_iter()
        .filter(|m| !panel.iter().any(|p| p.id == m.id))
        .collect();
    uninvite(&mut tx, &state, &user, &application, &updated, &removed).await?;
    let when = french_instant(plan.starts_at);
    record_and_return(tx, &state, &visitor, &application, EventKind::InterviewMoved, when).await
}

#[derive(Deserialize, Default)]
pub(super) struct CancelForm {}

/// Cancels an interview: everyone invited gets the cancellation (once: cancelling it again
/// does nothing).
pub(super) async fn cancel(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(_form): CsrfForm<CancelForm>,
) -> Result<Response, Error> {
    let (interview, application) = interview_in_scope(&state, &user, id).await?;
    let mut tx = state.db.begin().await?;
    if !interviews::cancel(&mut tx, interview.id).await? {
        return Ok(back_to_interviews(&application));
    }
    let cancel = Method::Cancel;
    queue_invitations(&mut tx, &state, &user, &application, interview.id, cancel, None).await?;
    record_and_return(
        tx,
        &state,
        &visitor,
        &application,
        EventKind::InterviewCancelled,
        String::new(),
    )
    .await
}
