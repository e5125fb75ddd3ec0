//! One application.

use super::*;

/// A move the recruiter may make, with the message it will send, ready to edit.
pub struct MoveOption {
    pub status: ApplicationStatus,
    pub subject: String,
    pub body: String,
}

#[derive(askama::Template)]
#[template(path = "applications/show.html")]
pub(in crate::web) struct ApplicationPage {
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
    /// The form to schedule an interview, as typed when it was refused.
    pub interview_form: crate::domain::interview::InterviewForm,
    pub hiring: Hiring,
}

/// Whether a hire may be decided, and the CCOMS's exception.
#[derive(Default)]
pub(in crate::web) struct Hiring {
    /// Why not yet, in French.
    pub blocker: Option<String>,
    /// (reason, who) of the CCOMS's exception.
    pub exception: Option<(String, String)>,
    /// The reader may grant an exception: the CCOMS.
    pub may_grant: bool,
    /// The reason as typed, when refused.
    pub reason: String,
    /// Once hired: the other applications to the offer still waiting for a decision.
    pub undecided: i64,
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

    /// On the panel of the interview to schedule: as typed, or the reader to begin with.
    fn proposed_on_panel(&self, member: &Member) -> bool {
        match self.interview_form.panel.as_slice() {
            [] => self.is_reader(member),
            typed => typed.contains(&member.id),
        }
    }

    fn proposed_to_attend(&self, member: &Member) -> bool {
        self.interview_form.ccoms.trim() == member.id.to_string()
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
pub(in crate::web) async fn application_page(
    state: &AppState, visitor: &Visitor, id: i64, errors: FormErrors, notice: Option<&'static str>,
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
                    article: application.establishment_article,
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
    let held = applications::held_interviews(&mut tx, application.id, state.clock.now()).await?;
    let exception = applications::hire_exception(&mut tx, application.id).await?;
    let hiring = Hiring {
        blocker: crate::domain::interview::hiring::hire_blocker(&held, exception.is_some()),
        exception,
        may_grant: permits(user.role, Action::GrantHireExceptions),
        reason: String::new(),
        undecided: match application.status {
            ApplicationStatus::Embauchee => applications::undecided_on(&mut tx, application.fiche_id).await?,
            _ => 0,
        },
    };
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
        interview_form: Default::default(),
        hiring,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ExceptionForm {
    raison: String,
}

/// The CCOMS lets a hire through without an interview held and evaluated, for a reason it
/// writes; recorded once, and audited.
pub(super) async fn grant_hire_exception(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<ExceptionForm>,
) -> Result<Response, Error> {
    let reason = form.raison.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        let errors = FormErrors::one(
            "raison",
            "Écrivez la raison de la dérogation, en 2 000 caractères au plus.",
        );
        let mut page = application_page(&state, &visitor, id, errors, None).await?;
        page.hiring.reason = form.raison.clone();
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, id).await?;
    if applications::record_hire_exception(&mut tx, application.id, reason, (user.id, &user.display_name)).await? {
        visitor
            .audit(
                &mut tx,
                "derogation_embauche",
                "candidature",
                application.id,
                reason.to_string(),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/candidatures/{}#embauche-titre", application.id)).into_response())
}

pub(super) async fn show_application(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Response, Error> {
    let page = application_page(&state, &visitor, id, FormErrors::default(), None).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MoveForm {
    version: i64,
    etat: String,
    motif: String,
    objet: String,
    corps: String,
}

pub(super) async fn move_application(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
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
        let page = application_page(&state, &visitor, id, errors, None).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, id).await?;
    // The message is sent as the recruiter finally wrote it: placeholders left are filled too.
    match apply_move(
        &mut tx,
        &state.notifier()?,
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
            let errors = FormErrors::one("etat", message);
            let page = application_page(&state, &visitor, id, errors, None).await?;
            render_as(StatusCode::CONFLICT, &page)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NoteForm {
    note: String,
}

pub(super) async fn add_note(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, Error> {
    let body = form.note.trim();
    if body.is_empty() || body.chars().count() > 5000 {
        let errors = FormErrors::one("note", "Écrivez une note de 5 000 caractères au plus.");
        let page = application_page(&state, &visitor, id, errors, None).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, id).await?;
    applications::add_note(&mut tx, application.id, (user.id, &user.display_name), body).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/candidatures/{}#notes", application.id)).into_response())
}

/// A document, opened for an authorised reader only, the read audited before a byte leaves.
pub(super) async fn download_document(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Response, Error> {
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, id).await?;
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
    Ok(attachment(document_type.mime(), &filename, true, bytes))
}
