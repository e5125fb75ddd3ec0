//! The recruiter's pipeline: an offer's applications grouped by state, one application's page
//! (every read audited), moves with a reason and the decision e-mail, bulk decisions, private
//! notes, the documents (opened only for an authorised reader, each read audited), and the
//! establishment's decision templates. The CCOMS reads every pipeline; recruiters decide.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::mails::{Written, queue_written};
use super::views::{FormErrors, Layout, french_instant, render, stored_instant};
use super::{AppState, Error, Route};
use crate::db::applications::{self, Application, Event, NewEvent, Note};
use crate::db::audit::{self, Entry};
use crate::db::fiches::{self, WorkFiche};
use crate::db::interviews::{self, Evaluation, Interview, Member};
use crate::db::outbox::Concerns;
use crate::domain::account::User;
use crate::domain::application::{
    ApplicationStatus, MailTemplate, RATINGS, TemplateKind, TemplateValues, rating_label,
};
use crate::domain::policy::{Action, establishment_scope, permits};

pub fn routes() -> Vec<Route> {
    let read = Access::Can(Action::ReadApplications);
    let decide = Access::Can(Action::DecideApplications);
    vec![
        Route::get("/fiches/{id}/candidatures", read, show_pipeline),
        Route::post("/fiches/{id}/candidatures/decision", decide, decide_in_bulk),
        Route::get("/candidatures/{id}", read, show_application),
        Route::post("/candidatures/{id}/etat", decide, move_application),
        Route::post("/candidatures/{id}/notes", read, add_note),
        Route::get("/candidatures/{id}/documents/{kind}", read, download_document),
        Route::get("/etablissements/{id}/modeles", decide, show_templates),
        Route::post("/etablissements/{id}/modeles", decide, save_template),
    ]
}

/// An application in the reader's scope; another establishment's does not exist for them.
pub(super) async fn application_in_scope(
    conn: &mut sqlx::AnyConnection,
    user: &User,
    id: &str,
) -> Result<Application, Error> {
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    applications::find_in_scope(conn, id, &establishment_scope(user))
        .await?
        .ok_or(Error::NotFound)
}

/// Writes the read of a candidate's data to the audit log.
pub(super) async fn audit_read(
    conn: &mut sqlx::AnyConnection,
    visitor: &Visitor,
    action: &'static str,
    application_id: i64,
    detail: String,
) -> Result<(), Error> {
    audit::record(
        conn,
        &visitor.actor(),
        Entry {
            action,
            target_kind: "candidature",
            target_id: application_id.to_string(),
            detail,
        },
    )
    .await?;
    Ok(())
}

// --- The pipeline of an offer --------------------------------------------------------------

struct Column {
    status: ApplicationStatus,
    applications: Vec<Application>,
}

#[derive(askama::Template)]
#[template(path = "applications/pipeline.html")]
struct PipelinePage {
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

async fn pipeline_page(
    state: &AppState,
    visitor: &Visitor,
    id: &str,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<PipelinePage, Error> {
    let user = visitor.signed_in_user()?;
    let fiche_id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let scope = establishment_scope(user);
    let mut tx = state.db.begin().await?;
    let fiche = fiches::find_for_work(&mut tx, fiche_id, &scope)
        .await?
        .ok_or(Error::NotFound)?;
    let list = applications::list_for_fiche(&mut tx, fiche_id, &scope).await?;
    // Names and towns of the candidates are on this page: the read is audited.
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "lecture_candidatures",
            target_kind: "fiche",
            target_id: fiche_id.to_string(),
            detail: format!("{} candidature(s)", list.len()),
        },
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

async fn show_pipeline(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    render(&pipeline_page(&state, &visitor, &id, FormErrors::default(), None).await?)
}

#[derive(Deserialize, Default)]
struct BulkForm {
    #[serde(default)]
    ids: Vec<i64>,
    #[serde(default)]
    etat: String,
}

/// Several applications moved at once, each with its own decision e-mail from the template;
/// those that cannot move are named, the others move.
async fn decide_in_bulk(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
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
        let page = pipeline_page(&state, &visitor, &id, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let mut moved = 0;
    let mut tx = state.db.begin().await?;
    for application_id in &form.ids {
        let Some(application) =
            applications::find_in_scope(&mut tx, *application_id, &establishment_scope(&user)).await?
        else {
            continue;
        };
        if application.fiche_id.to_string() != id {
            continue;
        }
        let Some(kind) = to.template() else { continue };
        let template = applications::template(&mut tx, application.establishment_id, kind).await?;
        match apply_move(
            &mut tx,
            state.db.documents()?,
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
    let page = pipeline_page(&state, &visitor, &id, errors, notice).await?;
    Ok(render(&page)?.into_response())
}

/// Moves one application and sends its decision e-mail, in the caller's transaction. Returns
/// why not, in French, when the rules or a concurrent change forbid it.
#[expect(
    clippy::too_many_arguments,
    reason = "one decision's facts, read in one place; a struct would only rename them"
)]
pub(super) async fn apply_move(
    conn: &mut sqlx::AnyConnection,
    cipher: &crate::documents::DocumentCipher,
    visitor: &Visitor,
    application: &Application,
    version: i64,
    to: ApplicationStatus,
    reason: &str,
    template: &MailTemplate,
) -> Result<Result<(), String>, Error> {
    if let Err(message) = application.status.move_to(to) {
        return Ok(Err(message));
    }
    if application.purged {
        return Ok(Err("Les données de cette candidature ont été effacées.".into()));
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
    queue_written(
        conn,
        cipher,
        Written {
            kind: "decision",
            concerns: Concerns::application(application.id),
            to: &application.email,
            subject: &mail.subject,
            body: &mail.body,
            attachment: None,
        },
    )
    .await?;
    if to == ApplicationStatus::Embauchee {
        applications::record_hire(conn, application).await?;
    }
    audit::record(
        conn,
        &visitor.actor(),
        Entry {
            action: "candidature_etat",
            target_kind: "candidature",
            target_id: application.id.to_string(),
            detail: format!("{} → {}", application.status.as_str(), to.as_str()),
        },
    )
    .await?;
    Ok(Ok(()))
}

// --- One application -----------------------------------------------------------------------

/// A move the recruiter may make, with the message it will send, ready to edit.
pub struct MoveOption {
    pub status: ApplicationStatus,
    pub subject: String,
    pub body: String,
}

#[derive(askama::Template)]
#[template(path = "applications/show.html")]
pub(super) struct ApplicationPage {
    pub layout: Layout,
    pub application: Application,
    pub documents: Vec<(String, String, i64)>,
    pub events: Vec<Event>,
    pub notes: Vec<Note>,
    pub others: Vec<Application>,
    pub interviews: Vec<(Interview, Vec<Member>)>,
    pub evaluations: Vec<Evaluation>,
    pub moves: Vec<MoveOption>,
    pub may_decide: bool,
    pub reader_id: i64,
    pub recruiters: Vec<Member>,
    pub coordinators: Vec<Member>,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
    pub competences: Vec<(&'static str, &'static str)>,
    pub ratings: [(&'static str, &'static str); 4],
}

impl ApplicationPage {
    fn when(&self, text: &str) -> String {
        stored_instant(text)
    }

    fn interview_when(&self, interview: &Interview) -> String {
        french_instant(interview.starts_at)
    }

    fn sent_on(&self, application: &Application) -> String {
        french_instant(application.created_at)
    }

    fn rating(&self, code: &str) -> &'static str {
        rating_label(code)
    }

    fn recommendation(&self, code: &str) -> &'static str {
        crate::domain::application::Recommendation::parse(code).map_or("—", |r| r.label())
    }

    /// Whether the reader sits on this interview's panel.
    fn on_panel(&self, panel: &[Member]) -> bool {
        panel.iter().any(|m| m.id == self.reader_id)
    }

    fn has_evaluated(&self, interview: &Interview) -> bool {
        self.evaluations
            .iter()
            .any(|e| e.interview_id == interview.id && e.evaluator_id == self.reader_id)
    }

    /// A panel member sees the others' grids only after submitting their own; readers who are
    /// not on the panel see them all.
    fn visible_evaluations(&self, interview: &Interview, panel: &[Member]) -> Vec<&Evaluation> {
        let interview_id = interview.id;
        let show_all = !self.on_panel(panel) || self.has_evaluated(interview);
        self.evaluations
            .iter()
            .filter(|e| e.interview_id == interview_id && (show_all || e.evaluator_id == self.reader_id))
            .collect()
    }

    fn kilobytes(&self, size: &i64) -> i64 {
        (*size + 1023) / 1024
    }

    fn competence_label(&self, group: &str) -> &'static str {
        COMPETENCE_GROUPS
            .iter()
            .find(|(code, _)| *code == group)
            .map_or("", |(_, label)| label)
    }

    /// The interview's day and time in Paris, as the form reads them back.
    fn interview_day(&self, interview: &Interview) -> String {
        let local = crate::domain::calendar::in_paris(interview.starts_at);
        format!("{:02}/{:02}/{}", local.day(), u8::from(local.month()), local.year())
    }

    fn interview_time(&self, interview: &Interview) -> String {
        let local = crate::domain::calendar::in_paris(interview.starts_at);
        format!("{:02}:{:02}", local.hour(), local.minute())
    }

    fn sits_on(&self, panel: &[Member], member: &Member) -> bool {
        panel.iter().any(|m| m.id == member.id)
    }

    fn attends(&self, interview: &Interview, member: &Member) -> bool {
        interview.ccoms_attendee_id == Some(member.id)
    }

    fn is_reader(&self, member: &Member) -> bool {
        member.id == self.reader_id
    }

    fn document_label(&self, kind: &str) -> &'static str {
        if kind == "cv" { "CV" } else { "Lettre de motivation" }
    }
}

/// The competence groups of a fiche, as the evaluation grid rates them.
pub const COMPETENCE_GROUPS: [(&str, &str); 4] = [
    ("techniques", "Compétences techniques"),
    ("experientielles", "Savoirs expérientiels"),
    ("organisationnelles", "Organisation"),
    ("adaptation", "Adaptation et relation"),
];

/// The application's page; the read is written to the audit log in the same transaction.
pub(super) async fn application_page(
    state: &AppState,
    visitor: &Visitor,
    id: &str,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<ApplicationPage, Error> {
    let user = visitor.signed_in_user()?;
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, user, id).await?;
    audit_read(&mut tx, visitor, "lecture_candidature", application.id, String::new()).await?;
    let documents = applications::documents(&mut tx, application.id).await?;
    let events = applications::events(&mut tx, application.id).await?;
    let notes = applications::notes(&mut tx, application.id).await?;
    let others = applications::others_of_same_person(&mut tx, &application).await?;
    let mut interview_list = Vec::new();
    for interview in interviews::for_application(&mut tx, application.id).await? {
        let panel = interviews::panel(&mut tx, interview.id).await?;
        interview_list.push((interview, panel));
    }
    let evaluations = interviews::evaluations(&mut tx, application.id).await?;
    let may_decide = permits(user.role, Action::DecideApplications);
    let mut moves = Vec::new();
    if may_decide {
        for &to in application.status.recruiter_moves() {
            let kind = to.template().unwrap_or(TemplateKind::NonRetenue);
            let filled = applications::template(&mut tx, application.establishment_id, kind)
                .await?
                .fill(&TemplateValues {
                    nom: &application.full_name,
                    offre: &application.fiche_title,
                    etablissement: &application.establishment_name,
                });
            moves.push(MoveOption {
                status: to,
                subject: filled.subject,
                body: filled.body,
            });
        }
    }
    let recruiters = interviews::recruiters_of(&mut tx, application.establishment_id).await?;
    let coordinators = interviews::coordinators(&mut tx).await?;
    tx.commit().await?;
    Ok(ApplicationPage {
        layout: Layout::of(visitor),
        application,
        documents,
        events,
        notes,
        others,
        interviews: interview_list,
        evaluations,
        moves,
        may_decide,
        reader_id: user.id,
        recruiters,
        coordinators,
        errors,
        notice,
        competences: COMPETENCE_GROUPS.to_vec(),
        ratings: RATINGS,
    })
}

async fn show_application(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let page = application_page(&state, &visitor, &id, FormErrors::default(), None).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
struct MoveForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    etat: String,
    #[serde(default)]
    motif: String,
    #[serde(default)]
    objet: String,
    #[serde(default)]
    corps: String,
}

async fn move_application(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    let to = ApplicationStatus::parse(&form.etat);
    if to.is_none() {
        errors.add("etat", "Choisissez le nouvel état de la candidature.");
    }
    if to == Some(ApplicationStatus::NonRetenue) && form.motif.trim().is_empty() {
        errors.add(
            "motif",
            "Indiquez le motif de la décision : il reste dans l'historique, pour l'équipe seulement.",
        );
    }
    let template = match MailTemplate::parse(&form.objet, &form.corps) {
        Ok(template) => Some(template),
        Err(list) => {
            errors.list.extend(list);
            None
        }
    };
    let (Some(to), Some(template)) = (to, template.filter(|_| errors.is_empty())) else {
        let page = application_page(&state, &visitor, &id, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, &id).await?;
    // The message is sent as the recruiter finally wrote it: placeholders left are filled too.
    match apply_move(
        &mut tx,
        state.db.documents()?,
        &visitor,
        &application,
        form.version,
        to,
        form.motif.trim(),
        &template,
    )
    .await?
    {
        Ok(()) => {
            tx.commit().await?;
            state.mailer.wake.notify_one();
            Ok(Redirect::to(&format!("/candidatures/{}", application.id)).into_response())
        }
        Err(message) => {
            drop(tx);
            let mut errors = FormErrors::default();
            errors.add("etat", message);
            let page = application_page(&state, &visitor, &id, errors, None).await?;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
struct NoteForm {
    #[serde(default)]
    note: String,
}

async fn add_note(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, Error> {
    let body = form.note.trim();
    if body.is_empty() || body.chars().count() > 5000 {
        let mut errors = FormErrors::default();
        errors.add("note", "Écrivez une note de 5 000 caractères au plus.");
        let page = application_page(&state, &visitor, &id, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, &id).await?;
    applications::add_note(&mut tx, application.id, (user.id, &user.display_name), body).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/candidatures/{}#notes", application.id)).into_response())
}

/// A document, opened for an authorised reader only, the read audited before a byte leaves.
async fn download_document(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, &id).await?;
    let document = applications::document(&mut tx, application.id, &kind)
        .await?
        .ok_or(Error::NotFound)?;
    audit_read(
        &mut tx,
        &visitor,
        "lecture_document",
        application.id,
        // The kind only: a file's name often holds the candidate's name, and the audit log
        // outlives the application's retention.
        document.kind.clone(),
    )
    .await?;
    tx.commit().await?;
    let bytes = state
        .documents
        .open(&document.key_id, &document.sealed, &document.kind)
        .map_err(|_| Error::Internal("document illisible avec les clés configurées"))?;
    let document_type = document
        .document_type()
        .ok_or(Error::Internal("type de document inconnu"))?;
    let filename = format!(
        "candidature-{}-{}.{}",
        application.id,
        document.kind,
        document_type.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, document_type.mime().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

// --- Decision templates --------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "applications/templates.html")]
struct TemplatesPage {
    layout: Layout,
    establishment_id: i64,
    establishment_name: String,
    templates: Vec<(TemplateKind, MailTemplate)>,
    errors: FormErrors,
    /// The kind whose form was sent, to show its errors beside it.
    edited: Option<TemplateKind>,
    notice: Option<&'static str>,
}

impl TemplatesPage {
    fn is_edited(&self, kind: &TemplateKind) -> bool {
        self.edited == Some(*kind)
    }
}

async fn templates_page(
    state: &AppState,
    visitor: &Visitor,
    id: &str,
    errors: FormErrors,
    edited: Option<(TemplateKind, MailTemplate)>,
    notice: Option<&'static str>,
) -> Result<TemplatesPage, Error> {
    let user = visitor.signed_in_user()?;
    let establishment_id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    if !establishment_scope(user).includes(establishment_id) {
        return Err(Error::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    let employer = crate::db::establishments::find(&mut conn, establishment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let mut templates = Vec::new();
    for kind in TemplateKind::ALL {
        let template = match &edited {
            Some((edited_kind, typed)) if *edited_kind == kind => typed.clone(),
            _ => applications::template(&mut conn, establishment_id, kind).await?,
        };
        templates.push((kind, template));
    }
    Ok(TemplatesPage {
        layout: Layout::of(visitor),
        establishment_id,
        establishment_name: employer.name,
        templates,
        errors,
        edited: edited.map(|(kind, _)| kind),
        notice,
    })
}

async fn show_templates(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    render(&templates_page(&state, &visitor, &id, FormErrors::default(), None, None).await?)
}

#[derive(Deserialize, Default)]
struct TemplateForm {
    #[serde(default)]
    modele: String,
    #[serde(default)]
    objet: String,
    #[serde(default)]
    corps: String,
}

async fn save_template(
    State(state): State<AppState>,
    visitor: Visitor,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<TemplateForm>,
) -> Result<Response, Error> {
    // Checks the scope before anything else.
    let page = templates_page(&state, &visitor, &id, FormErrors::default(), None, None).await?;
    let kind = TemplateKind::parse(&form.modele).ok_or_else(|| {
        Error::BadRequest(crate::domain::FieldError::new(
            "modele",
            "Ce modèle de message n'existe pas.",
        ))
    })?;
    match MailTemplate::parse(&form.objet, &form.corps) {
        Ok(template) => {
            let mut conn = state.db.pool.acquire().await?;
            applications::save_template(&mut conn, page.establishment_id, kind, &template, user.id).await?;
            drop(conn);
            let page = templates_page(
                &state,
                &visitor,
                &id,
                FormErrors::default(),
                None,
                Some("Modèle enregistré."),
            )
            .await?;
            Ok(render(&page)?.into_response())
        }
        Err(list) => {
            let typed = MailTemplate {
                subject: form.objet,
                body: form.corps,
            };
            let errors = FormErrors { list };
            let page = templates_page(&state, &visitor, &id, errors, Some((kind, typed)), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}
