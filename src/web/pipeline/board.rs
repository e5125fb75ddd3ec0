//! The pipeline of an offer.

use super::*;
use crate::domain::interview::hiring::hire_blocker;

pub(super) struct Column {
    status: ApplicationStatus,
    applications: Vec<Application>,
}

#[derive(askama::Template)]
#[template(path = "applications/pipeline.html")]
pub(super) struct PipelinePage {
    layout: Layout,
    fiche: WorkFiche,
    columns: Vec<Column>,
    total: usize,
    may_decide: bool,
    bulk_targets: Vec<ApplicationStatus>,
    errors: FormErrors,
    notice: Option<String>,
    /// A refused bulk decision's form, as typed: the boxes ticked, the decision, the reason.
    pub(super) typed: (Vec<i64>, String, String),
}

impl PipelinePage {
    fn sent_on(&self, application: &Application) -> String {
        french_instant(application.created_at)
    }
}

pub(super) async fn pipeline_page(
    state: &AppState, visitor: &Visitor, id: i64, errors: FormErrors, notice: Option<String>,
) -> Result<PipelinePage, Error> {
    let user = visitor.signed_in_user()?;
    let fiche_id = id;
    let scope = establishment_scope(user);
    let mut tx = state.db.begin().await?;
    let fiche = fiches::find_for_work(&mut tx, fiche_id, &scope)
        .await?
        .ok_or(Error::NotFound)?;
    let list = applications::list_for_fiche(&mut tx, fiche_id, &scope).await?;
    // Names and towns of the candidates are on this page: the read is audited.
    visitor
        .audit(
            &mut tx,
            "lecture_candidatures",
            "fiche",
            fiche_id,
            crate::domain::french::count_f(list.len(), "candidature", "candidatures"),
        )
        .await?;
    tx.commit().await?;
    let total = list.len();
    let columns = ApplicationStatus::ALL
        .into_iter()
        .map(|status| Column {
            status,
            applications: list.iter().filter(|a| a.status == status).cloned().collect(),
        })
        .collect();
    Ok(PipelinePage {
        layout: Layout::of(visitor),
        fiche,
        columns,
        total,
        may_decide: permits(user.role, Action::DecideApplications),
        bulk_targets: vec![
            ApplicationStatus::Preselectionnee,
            ApplicationStatus::Entretien,
            ApplicationStatus::NonRetenue,
        ],
        errors,
        notice,
        typed: Default::default(),
    })
}

pub(super) async fn show_pipeline(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Html<String>, Error> {
    render(&pipeline_page(&state, &visitor, id, FormErrors::default(), None).await?)
}

/// Moves one application and sends its decision e-mail, in the caller's transaction. Returns
/// why not, in French, when the rules or a concurrent change forbid it.
#[expect(
    clippy::too_many_arguments,
    reason = "one decision's facts, read in one place; a struct would only rename them"
)]
pub(super) async fn apply_move(
    conn: &mut sqlx::AnyConnection, notifier: &crate::notify::Notifier<'_>, visitor: &Visitor,
    application: &Application, version: i64, to: ApplicationStatus, reason: &str, template: &MailTemplate,
) -> Result<Result<(), String>, Error> {
    if let Err(message) = application.status.move_to(to) {
        return Ok(Err(message));
    }
    if application.purged {
        return Ok(Err("Les données de cette candidature ont été effacées.".into()));
    }
    if to == ApplicationStatus::Embauchee {
        let held = applications::held_interviews(conn, application.id, notifier.now).await?;
        let exception = applications::hire_exception(conn, application.id).await?.is_some();
        if let Some(message) = hire_blocker(&held, exception) {
            return Ok(Err(message));
        }
    }
    if !applications::set_status(conn, application.id, version, to).await? {
        return Ok(Err(
            "Quelqu'un a modifié cette candidature entre-temps : relisez-la, puis recommencez.".into(),
        ));
    }
    let mail = template.fill(&TemplateValues {
        nom: &application.full_name,
        offre: &application.fiche_title,
        etablissement: &application.establishment_name,
        article: application.establishment_article,
    });
    let actor = visitor.user().map(|u| (u.id, u.display_name.clone()));
    applications::add_event(
        conn,
        application.id,
        NewEvent {
            actor_id: actor.as_ref().map(|a| a.0),
            actor_name: actor.as_ref().map_or("", |a| a.1.as_str()),
            from: Some(application.status),
            to: Some(to),
            reason,
            mail: Some(&mail),
        },
    )
    .await?;
    let decision = Written {
        kind: "decision",
        subject: &mail.subject,
        body: &mail.body,
        attachment: None,
        reply_to: Some(application.apply_email.as_str()),
    };
    queue(
        conn,
        notifier.cipher,
        &application.email,
        Concerns::application(application.id),
        &decision,
    )
    .await?;
    if to == ApplicationStatus::Embauchee {
        record_the_hire(conn, notifier, visitor, application).await?;
    }
    visitor
        .audit(
            conn,
            "candidature_etat",
            "candidature",
            application.id,
            format!("{} → {}", application.status.label(), to.label()),
        )
        .await?;
    Ok(Ok(()))
}

/// What a hire makes: the MSP's record, their enrolment in the cohort of the fiche's licence,
/// the CCOMS told, and, the offer's posts filled, the offer closed and its project moved on.
async fn record_the_hire(
    conn: &mut sqlx::AnyConnection, notifier: &crate::notify::Notifier<'_>, visitor: &Visitor,
    application: &Application,
) -> Result<(), Error> {
    let record = applications::record_hire(conn, application).await?;
    let today = crate::domain::calendar::in_paris(notifier.now).date();
    let enrolment = crate::web::enrolments::enrol_on_hire(conn, visitor, record, application.fiche_id, today).await?;
    let hired = crate::domain::event::Event::of_application(
        crate::domain::event::EventKind::Hired,
        application.id,
        &application.fiche_title,
        application.fiche_id,
        (application.establishment_id, &application.establishment_name),
    );
    // The enrolment made with the hire, or the CCOMS's page where it enrols by hand.
    let link = enrolment.map_or_else(|| "/inscriptions".to_string(), |id| format!("/inscriptions/{id}"));
    let hired = crate::domain::event::Event { link, ..hired };
    crate::notify::record(conn, notifier, hired, visitor.user().map(|u| u.id)).await?;
    // Its posts filled, the offer takes no more applications (the project's stage follows the
    // hire itself).
    if fiches::close_if_filled(conn, application.fiche_id).await? {
        visitor
            .audit(conn, "offre_pourvue", "fiche", application.fiche_id, String::new())
            .await?;
    }
    Ok(())
}
