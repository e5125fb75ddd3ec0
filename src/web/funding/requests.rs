//! Funding requests: the establishment files its request; the ARS instructs it with the
//! Démarches Simplifiées states, an acceptance creating the subsidy.

use super::*;

#[derive(Deserialize, Default, Clone)]
pub(super) struct InstructForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    motif: String,
    #[serde(default)]
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
    let call = db::find_call(&mut conn, request.call_id, &Regions::All)
        .await?
        .ok_or(Error::NotFound)?;
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
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<NoticeQuery>,
) -> Result<Html<String>, Error> {
    let request = request_in_scope(&state, user, &id).await?;
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

pub(super) async fn refuse_request(
    state: &AppState, visitor: &Visitor, request: Request, status: StatusCode, errors: FormErrors, form: InstructForm,
) -> Result<Response, Error> {
    let page = request_page(state, visitor, request, errors, form, None).await?;
    Ok((status, render(&page)?).into_response())
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
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<FileForm>,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    let (call, documents) = {
        let mut conn = state.db.pool.acquire().await?;
        let call = db::find_call(&mut conn, request.call_id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?;
        let documents = db::documents(&mut conn, request.id).await?;
        (call, documents)
    };
    let decision = Decision {
        action: RequestAction::Deposer,
        reason: "",
        missing_documents: missing_documents(&call, &documents),
        commitment: form.engagement.is_some(),
        call_open: call.is_open(state.clock.today()),
        posts_left: call.posts - call.accepted,
    };
    let to = match rules::decide(request.state, &decision) {
        Ok(to) => to,
        Err(list) => {
            let errors = FormErrors { list };
            return refuse_request(
                &state,
                &visitor,
                request,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                InstructForm::default(),
            )
            .await;
        }
    };
    let mut tx = state.db.begin().await?;
    if !db::set_request_state(&mut tx, request.id, form.version, to, Some(user.id)).await? {
        drop(tx);
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            changed_meanwhile(),
            InstructForm::default(),
        )
        .await;
    }
    db::record_event(&mut tx, request.id, Some(request.state), to, "", &author(user)).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "demande_financement_deposee",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail: format!(
                "{} -> {} ; engagement à pérenniser le poste",
                request.state.as_str(),
                to.as_str()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=deposee", request.id)).into_response())
}

/// The ARS moves a request: asks for more, instructs, decides, or reopens a refusal. An
/// acceptance creates the subsidy in the same transaction.
pub(super) async fn instruct_request(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<InstructForm>,
) -> Result<Response, Error> {
    let request = request_in_scope(&state, user, &id).await?;
    let Some(action) = RequestAction::parse(&form.action).filter(|a| a.by_ars()) else {
        let errors = one_error("etat", "Choisissez une action dans la liste.");
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            form,
        )
        .await;
    };
    let call = {
        let mut conn = state.db.pool.acquire().await?;
        db::find_call(&mut conn, request.call_id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?
    };
    let decision = Decision {
        action,
        reason: &form.motif,
        missing_documents: Vec::new(),
        commitment: true,
        call_open: true,
        posts_left: call.posts - call.accepted,
    };
    let to = match rules::decide(request.state, &decision) {
        Ok(to) => to,
        Err(list) => {
            let status = if list.iter().any(|e| e.field == "etat") {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return refuse_request(&state, &visitor, request, status, FormErrors { list }, form).await;
        }
    };
    let reason = form.motif.trim().to_string();
    let mut tx = state.db.begin().await?;
    // Decisions on one call wait for each other here, so that the count of posts given,
    // read below, includes any acceptance that committed meanwhile.
    db::lock_call(&mut tx, call.id).await?;
    if !db::set_request_state(&mut tx, request.id, form.version, to, None).await? {
        drop(tx);
        return refuse_request(
            &state,
            &visitor,
            request,
            StatusCode::CONFLICT,
            changed_meanwhile(),
            form,
        )
        .await;
    }
    db::record_event(&mut tx, request.id, Some(request.state), to, &reason, &author(user)).await?;
    let mut detail = format!("{} -> {}", request.state.as_str(), to.as_str());
    if to == RequestState::Acceptee {
        // Re-read the call inside the transaction: two acceptances at once must not give more
        // posts than the call has.
        let call = db::find_call(&mut tx, call.id, &Regions::All)
            .await?
            .ok_or(Error::NotFound)?;
        if call.accepted > call.posts {
            drop(tx);
            let errors = one_error("etat", "Tous les postes de cet appel à projets sont déjà attribués.");
            return refuse_request(&state, &visitor, request, StatusCode::CONFLICT, errors, form).await;
        }
        let years = rules::schedule(&call);
        let ends_on = rules::subsidy_ends_on(call.first_year, call.years);
        let subsidy_id = db::insert_subsidy(
            &mut tx,
            &request,
            &call,
            &years,
            ends_on,
            rules::reminder_due_on(ends_on),
        )
        .await?;
        detail.push_str(&format!(
            " ; subvention {subsidy_id} de {}",
            euros(years.iter().map(|y| y.amount_cents).sum::<i64>())
        ));
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "demande_financement_instruite",
            target_kind: "demande_financement",
            target_id: request.id.to_string(),
            detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/demandes/{}?fait=decision", request.id)).into_response())
}
