//! Funding requests: the establishment files its request; the ARS instructs it with the
//! Démarches Simplifiées states, an acceptance creating the subsidy.

use super::*;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct InstructForm {
    action: String,
    motif: String,
    /// The box stating the amount granted, ticked.
    confirmation: Option<String>,
    version: i64,
}

#[derive(askama::Template)]
#[template(path = "funding/request.html")]
pub(super) struct RequestPage {
    layout: Layout,
    request: Request,
    call: Call,
    documents: Vec<Document>,
    missing: Vec<String>,
    events: Vec<Event>,
    may_edit: bool,
    /// The ARS follows requests, not projects: only the establishment and the CCOMS open them.
    may_see_project: bool,
    ars_actions: Vec<RequestAction>,
    errors: FormErrors,
    form: InstructForm,
    notice: Option<&'static str>,
}

impl RequestPage {
    /// Whether accepting is among the ARS's actions here: the form then asks to confirm the amount.
    fn may_accept(&self) -> bool {
        self.ars_actions.contains(&RequestAction::Accepter)
    }

    /// "au Centre hospitalier…", "à l'EPSM…".
    fn to_establishment(&self) -> String {
        crate::domain::french::a_name(&self.request.establishment_name, None)
    }

    /// The reason the establishment must read: the one given with the current state.
    fn current_reason(&self) -> Option<&str> {
        self.events
            .last()
            .filter(|e| e.to_state == self.request.state && !e.reason.is_empty())
            .map(|e| e.reason.as_str())
    }

    fn when(&self, event: &Event) -> String {
        let at = in_paris(event.at);
        format!("{} à {} h {:02}", french_date(at.date()), at.hour(), at.minute())
    }

    fn size(&self, document: &Document) -> String {
        rules::size_text(document.size_bytes)
    }

    fn committed(&self) -> Option<String> {
        self.request.committed_at.map(|at| french_date(in_paris(at).date()))
    }

    /// Where an error of this page leads, when it has a field on the page.
    fn error_href(&self, field: &str) -> String {
        match field {
            "etat" | "version" => "#etat".into(),
            "document" => "#champ-fichier".into(),
            _ => format!("#champ-{field}"),
        }
    }
}

pub(super) async fn request_page(
    state: &AppState, visitor: &Visitor, request: Request, errors: FormErrors, form: InstructForm,
    notice: Option<&'static str>,
) -> Result<RequestPage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let call = call_of(&mut conn, &request).await?;
    let documents = db::documents(&mut conn, request.id).await?;
    let events = db::events(&mut conn, request.id).await?;
    let missing = missing_documents(&call, &documents);
    Ok(RequestPage {
        layout: Layout::of(visitor),
        may_edit: permits(user.role, Action::RequestFunding) && request.state.is_editable(),
        may_see_project: permits(user.role, Action::FollowPosts),
        ars_actions: if permits(user.role, Action::RunCalls) {
            request.state.ars_actions()
        } else {
            Vec::new()
        },
        form: InstructForm {
            version: request.version,
            ..form
        },
        request,
        call,
        documents,
        missing,
        events,
        errors,
        notice,
    })
}

pub(super) fn missing_documents(call: &Call, documents: &[Document]) -> Vec<String> {
    call.documents
        .iter()
        .filter(|name| !documents.iter().any(|d| &&d.requirement == name))
        .cloned()
        .collect()
}

pub(super) async fn show_request(
    State(state): State<AppState>, visitor: Visitor, InScope(request): InScope<Request>,
    axum::extract::Query(query): axum::extract::Query<NoticeQuery>,
) -> Result<Html<String>, Error> {
    let notice = match query.fait.as_deref() {
        Some("document") => Some("Document ajouté."),
        Some("retire") => Some("Document retiré."),
        Some("deposee") => Some("Demande déposée : l'ARS en est informée."),
        Some("decision") => Some("Décision enregistrée."),
        _ => None,
    };
    let page = request_page(
        &state,
        &visitor,
        request,
        FormErrors::default(),
        InstructForm::default(),
        notice,
    )
    .await?;
    render(&page)
}

/// The request's page again, with what the ARS had typed and why it was refused.
pub(super) async fn refuse_instruction(
    state: &AppState, visitor: &Visitor, request: Request, refusal: Refusal, form: InstructForm,
) -> Result<Response, Error> {
    let page = request_page(state, visitor, request, refusal.errors, form, None).await?;
    render_as(refusal.status, &page)
}

/// The request's page again, saying why an action of the establishment was refused.
pub(super) async fn refuse_request(
    state: &AppState, visitor: &Visitor, request: Request, refusal: Refusal,
) -> Result<Response, Error> {
    refuse_instruction(state, visitor, request, refusal, InstructForm::default()).await
}

#[derive(Deserialize)]
pub(super) struct FileForm {
    #[serde(default)]
    engagement: Option<String>,
    #[serde(default)]
    version: i64,
}

/// The establishment files its request, committing to keep the post.
pub(super) async fn file_request(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(request): InScope<Request>, CsrfForm(form): CsrfForm<FileForm>,
) -> Result<Response, Error> {
    let (call, documents) = {
        let mut conn = state.db.pool.acquire().await?;
        let call = call_of(&mut conn, &request).await?;
        let documents = db::documents(&mut conn, request.id).await?;
        (call, documents)
    };
    let decision = Decision {
        action: RequestAction::Deposer,
        reason: "",
        missing_documents: missing_documents(&call, &documents),
        commitment: form.engagement.is_some(),
        amount_confirmed: false,
        call_open: call.is_open(state.clock.today()),
        posts_left: call.posts - call.accepted,
    };
    let to = match rules::decide(request.state, &decision) {
        Ok(to) => to,
        Err(list) => return refuse_request(&state, &visitor, request, Refusal::invalid(FormErrors { list })).await,
    };
    let mut tx = state.db.begin().await?;
    if !db::set_request_state(&mut tx, request.id, form.version, to, Some(user.id)).await? {
        drop(tx);
        return refuse_request(&state, &visitor, request, Refusal::conflict(changed_meanwhile())).await;
    }
    db::record_event(&mut tx, request.id, Some(request.state), to, "", &author(user)).await?;
    visitor
        .audit(
            &mut tx,
            "demande_financement_deposee",
            "demande_financement",
            request.id,
            format!(
                "{} → {} ; engagement à pérenniser le poste",
                request.state.label(),
                to.label()
            ),
        )
        .await?;
    tell(&mut tx, &state, &request, to, "", user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=deposee", request.id)).into_response())
}

/// The ARS moves a request: asks for more, instructs, decides, or reopens a refusal. An
/// acceptance creates the subsidy in the same transaction.
pub(super) async fn instruct_request(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(request): InScope<Request>, CsrfForm(form): CsrfForm<InstructForm>,
) -> Result<Response, Error> {
    let Some(action) = RequestAction::parse(&form.action).filter(|a| a.by_ars()) else {
        let refusal = Refusal::invalid(FormErrors::one("etat", "Choisissez une action dans la liste."));
        return refuse_instruction(&state, &visitor, request, refusal, form).await;
    };
    let call = call_of(&mut *state.db.pool.acquire().await?, &request).await?;
    let decision = Decision {
        action,
        reason: &form.motif,
        missing_documents: Vec::new(),
        // What the establishment committed to when filing, not what the page says now.
        commitment: request.committed_at.is_some(),
        amount_confirmed: form.confirmation.is_some(),
        call_open: true,
        posts_left: call.posts - call.accepted,
    };
    let to = match rules::decide(request.state, &decision) {
        Ok(to) => to,
        Err(list) => {
            let refusal = if list.iter().any(|e| e.field == "etat") {
                Refusal::conflict(FormErrors { list })
            } else {
                Refusal::invalid(FormErrors { list })
            };
            return refuse_instruction(&state, &visitor, request, refusal, form).await;
        }
    };
    let mut tx = state.db.begin().await?;
    let reason = form.motif.trim();
    let subsidy = match db::record_decision(&mut tx, &request, form.version, to, reason, &author(user)).await? {
        Decided::Done(subsidy) => subsidy,
        refused => {
            drop(tx);
            let errors = match refused {
                Decided::NoPostLeft => {
                    FormErrors::one("etat", "Tous les postes de cet appel à projets sont déjà attribués.")
                }
                _ => changed_meanwhile(),
            };
            return refuse_instruction(&state, &visitor, request, Refusal::conflict(errors), form).await;
        }
    };
    let mut detail = format!("{} → {}", request.state.label(), to.label());
    if let Some((subsidy_id, cents)) = subsidy {
        detail.push_str(&format!(" ; subvention {subsidy_id} de {}", euros(cents)));
    }
    visitor
        .audit(
            &mut tx,
            "demande_financement_instruite",
            "demande_financement",
            request.id,
            detail,
        )
        .await?;
    tell(&mut tx, &state, &request, to, reason, user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=decision", request.id)).into_response())
}

/// Records what a move of a request tells: filed or completed to the region's ARS, to complete
/// or decided to the establishment. Instructing or reopening tells nobody.
async fn tell(
    tx: &mut sqlx::AnyConnection, state: &AppState, request: &Request, to: crate::domain::funding::RequestState,
    reason: &str, actor: i64,
) -> Result<(), Error> {
    use crate::domain::event::{Event, EventKind};
    use crate::domain::funding::RequestState;
    let kind = match (request.state, to) {
        (RequestState::ACompleter, RequestState::Deposee) => EventKind::FundingCompleted,
        (_, RequestState::Deposee) => EventKind::FundingFiled,
        (_, RequestState::ACompleter) => EventKind::FundingIncomplete,
        (_, to) if to.is_decided() => EventKind::FundingDecided,
        _ => return Ok(()),
    };
    let detail = match kind {
        EventKind::FundingDecided => to.label().to_lowercase(),
        _ => reason.to_string(),
    };
    let event = Event::new(
        kind,
        request.id,
        &request.project_unit,
        format!("/demandes/{}", request.id),
    )
    .at(request.establishment_id, &request.establishment_name)
    .in_region(&request.region_code)
    .detail(detail);
    crate::notify::record(tx, &state.notifier()?, event, Some(actor)).await?;
    Ok(())
}
