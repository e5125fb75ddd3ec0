//! The pipeline of an offer.

use super::*;
use crate::domain::interview::hiring::hire_blocker;
use crate::domain::project::ProjectState;

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
    })
}

pub(super) async fn show_pipeline(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Html<String>, Error> {
    render(&pipeline_page(&state, &visitor, id, FormErrors::default(), None).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct BulkForm {
    ids: Vec<i64>,
    etat: String,
}

/// Several applications moved at once, each with its own decision e-mail from the template;
/// those that cannot move are named, the others move.
pub(super) async fn decide_in_bulk(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<BulkForm>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    let to = ApplicationStatus::parse(&form.etat);
    if to.is_none() {
        errors.add("etat", "Choisissez la décision à appliquer.");
    }
    if form.ids.is_empty() {
        errors.add("ids", "Cochez au moins une candidature.");
    }
    let Some(to) = to.filter(|_| errors.is_empty()) else {
        let page = pipeline_page(&state, &visitor, id, errors, None).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut moved = 0;
    let mut tx = state.db.begin().await?;
    for application_id in &form.ids {
        let Some(application) =
            applications::find_in_scope(&mut tx, *application_id, &establishment_scope(&user)).await?
        else {
            continue;
        };
        if application.fiche_id != id {
            continue;
        }
        let Some(kind) = to.template() else { continue };
        let template = applications::template(&mut tx, application.establishment_id, kind).await?;
        match apply_move(
            &mut tx,
            &state.notifier()?,
            &visitor,
            &application,
            application.version,
            to,
            "",
            &template,
        )
        .await?
        {
            Ok(()) => moved += 1,
            Err(message) => errors.list.push(crate::domain::FieldError::new(
                "ids",
                format!("{} : {message}", application.full_name),
            )),
        }
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    let notice = Some(match moved {
        0 => "Aucune candidature n'a changé.".to_string(),
        1 => format!("1 candidature passée à « {} », message envoyé.", to.label()),
        n => format!(
            "{n} candidatures passées à « {} », un message envoyé à chacune.",
            to.label()
        ),
    });
    let page = pipeline_page(&state, &visitor, id, errors, notice).await?;
    Ok(render(&page)?.into_response())
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
        let held = applications::held_interviews(conn, application.id, time::OffsetDateTime::now_utc()).await?;
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
        applications::record_hire(conn, application).await?;
        let hired = crate::domain::event::Event::of_application(
            crate::domain::event::EventKind::Hired,
            application.id,
            &application.fiche_title,
            application.fiche_id,
            (application.establishment_id, &application.establishment_name),
        );
        // The CCOMS enrols the new MSP in a cohort: its page is where that is done.
        let hired = crate::domain::event::Event {
            link: "/inscriptions".into(),
            ..hired
        };
        crate::notify::record(conn, notifier, hired, visitor.user().map(|u| u.id)).await?;
        // Its posts filled, the offer takes no more applications, and the project moves on.
        if fiches::close_if_filled(conn, application.fiche_id).await? {
            crate::db::projects::follow_fiche(conn, application.fiche_id, ProjectState::Pourvu).await?;
            visitor
                .audit(conn, "offre_pourvue", "fiche", application.fiche_id, String::new())
                .await?;
        }
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
