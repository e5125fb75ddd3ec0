//! Invitations: who gets which, and sending them.

use super::*;

/// Who gets which invitation, and the invitation itself.
pub(super) struct Invitations {
    pub(super) candidate: (String, String),
    pub(super) staff: Vec<(String, String)>,
    /// The application's page, for the panel.
    pub(super) link: String,
}

pub(super) fn build_invitations(
    state: &AppState, organizer: &User, application: &Application, interview: &Interview, panel: &[Member],
    ccoms: Option<&Member>, method: Method,
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
    let now = state.clock.now();
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
pub(super) async fn send_invitations(
    conn: &mut sqlx::AnyConnection, cipher: &crate::documents::DocumentCipher, invitations: &Invitations,
    method: Method, candidate_mail: Option<(String, String)>, application: &Application, interview: &Interview,
) -> Result<(), Error> {
    let media_type = match method {
        Method::Cancel => "text/calendar; charset=utf-8; method=CANCEL",
        _ => "text/calendar; charset=utf-8; method=REQUEST",
    };
    let when = french_instant(interview.starts_at);
    let calendar = |body| Attachment {
        name: "entretien.ics",
        media_type,
        body,
    };
    // Every message, the panel's too, is about the candidate: erasing the application's data
    // deletes them all.
    let concerns = Concerns::application(application.id);
    let (name, title, calendar_for_candidate) = (
        &application.full_name,
        &application.fiche_title,
        calendar(&invitations.candidate.1),
    );
    let candidate: &dyn Compose = match (&candidate_mail, method) {
        (Some((subject, body)), _) => &Written {
            kind: "entretien",
            subject,
            body,
            attachment: Some(calendar_for_candidate),
            reply_to: Some(&application.apply_email),
        },
        (None, Method::Cancel) => &InterviewCancellation {
            name,
            title,
            when: &when,
            calendar: calendar_for_candidate,
            reply_to: Some(&application.apply_email),
        },
        (None, _) => &InterviewInvitation {
            name,
            title,
            at_establishment: &application.at_establishment(),
            when: &when,
            calendar: calendar_for_candidate,
            reply_to: Some(&application.apply_email),
        },
    };
    queue(conn, cipher, &invitations.candidate.0, concerns, candidate).await?;
    let when = (!matches!(method, Method::Cancel)).then_some(when.as_str());
    for (email, body) in &invitations.staff {
        let panel = PanelInterview {
            application_id: application.id,
            when,
            link: &invitations.link,
            calendar: calendar(body),
        };
        queue(conn, cipher, email, concerns, &panel).await?;
    }
    Ok(())
}

/// The form read and checked (see [`InterviewForm::check`]) against the establishment's
/// recruiters and the coordination, at the state's clock.
pub(super) async fn read_plan(
    state: &AppState, application: &Application, form: &InterviewForm,
) -> Result<Result<InterviewPlan, Vec<FieldError>>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let ids = |members: Vec<Member>| members.into_iter().map(|m| m.id).collect::<Vec<_>>();
    let recruiters = ids(interviews::recruiters_of(&mut conn, application.establishment_id).await?);
    let coordinators = ids(interviews::coordinators(&mut conn).await?);
    let people = Attendable {
        recruiters: &recruiters,
        coordinators: &coordinators,
    };
    Ok(form.check(&people, state.clock.now()))
}

/// The plan as the interviews' table stores it.
pub(super) fn stored(plan: &InterviewPlan) -> Schedule<'_> {
    Schedule {
        starts_at: plan.starts_at,
        duration_minutes: plan.duration_minutes,
        place: &plan.place,
        video_url: &plan.video_url,
        ccoms_attendee_id: plan.ccoms_attendee_id,
        panel: &plan.panel,
    }
}

/// Builds and queues, in the caller's transaction, the invitations (`Request`) or their
/// cancellation (`Cancel`) for the interview as now stored, to the candidate (with
/// `candidate_mail` when a decision e-mail goes with it), the panel and the CCOMS attendee.
/// Returns the interview and its panel as stored.
pub(super) async fn queue_invitations(
    tx: &mut sqlx::AnyConnection, state: &AppState, organizer: &User, application: &Application, interview_id: i64,
    method: Method, candidate_mail: Option<(String, String)>,
) -> Result<(Interview, Vec<Member>), Error> {
    let interview = interviews::find(tx, interview_id).await?.ok_or(Error::NotFound)?;
    let panel = interviews::panel(tx, interview_id).await?;
    let coordinators = interviews::coordinators(tx).await?;
    let ccoms = coordinators.iter().find(|m| Some(m.id) == interview.ccoms_attendee_id);
    let invitations = build_invitations(state, organizer, application, &interview, &panel, ccoms, method);
    let cipher = state.db.documents()?;
    send_invitations(
        tx,
        cipher,
        &invitations,
        method,
        candidate_mail,
        application,
        &interview,
    )
    .await?;
    Ok((interview, panel))
}

/// Sends the cancellation of their copy to those who left the panel.
pub(super) async fn uninvite(
    tx: &mut sqlx::AnyConnection, state: &AppState, organizer: &User, application: &Application, interview: &Interview,
    removed: &[Member],
) -> Result<(), Error> {
    if removed.is_empty() {
        return Ok(());
    }
    let cancelled = build_invitations(state, organizer, application, interview, removed, None, Method::Cancel);
    for (email, calendar) in &cancelled.staff {
        let calendar = Attachment {
            name: "entretien.ics",
            media_type: "text/calendar; charset=utf-8; method=CANCEL",
            body: calendar,
        };
        let released = PanelRelease {
            application_id: application.id,
            calendar,
        };
        queue(
            tx,
            state.db.documents()?,
            email,
            Concerns::application(application.id),
            &released,
        )
        .await?;
    }
    Ok(())
}

/// The application's page again, with the problems next to their fields and, for the form to
/// schedule an interview, what was typed.
pub(super) async fn refuse(
    state: &AppState, visitor: &Visitor, application_id: i64, errors: Vec<FieldError>, typed: Option<&InterviewForm>,
) -> Result<Response, Error> {
    let mut page = application_page(state, visitor, application_id, FormErrors { list: errors }, None).await?;
    if let Some(typed) = typed {
        page.interview_form = typed.clone();
    }
    render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
