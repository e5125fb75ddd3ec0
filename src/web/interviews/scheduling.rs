//! Scheduling, rescheduling, cancelling.

use super::*;

/// Schedules an interview. From `preselectionnee` the application moves to `entretien`, and
/// that decision's e-mail carries the invitation: one message to the candidate.
pub(super) async fn schedule(
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
    crate::web::pipeline::audit_read(
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
pub(super) async fn interview_in_scope(
    state: &AppState,
    user: &User,
    id: &str,
) -> Result<(Interview, Application), Error> {
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let mut conn = state.db.pool.acquire().await?;
    let interview = interviews::find(&mut conn, id).await?.ok_or(Error::NotFound)?;
    let application = application_in_scope(&mut conn, user, &interview.application_id.to_string()).await?;
    Ok((interview, application))
}

pub(super) async fn reschedule(
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
    crate::web::pipeline::audit_read(
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
pub(super) struct CancelForm {}

pub(super) async fn cancel(
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
        crate::web::pipeline::audit_read(&mut tx, &visitor, "entretien_annule", application.id, String::new()).await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/candidatures/{}#entretiens", application.id)).into_response())
}
