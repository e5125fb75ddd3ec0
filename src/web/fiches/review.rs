//! Submission and review.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct VersionForm {
    #[serde(default)]
    version: i64,
}

pub(super) async fn submit(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let to = match fiche.offer.status.apply(FicheAction::Submit) {
        Ok(to) => to,
        Err(message) => return refuse(&state, &visitor, fiche, StatusCode::CONFLICT, illegal(message)).await,
    };
    let today = state.clock.today();
    let problems = submission_errors(&fiche.offer.content, today, registration_closes(&state, today));
    if !problems.is_empty() {
        return refuse(
            &state,
            &visitor,
            fiche,
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors { list: problems },
        )
        .await;
    }
    let mut tx = state.db.begin().await?;
    if !fiches::set_status(&mut tx, fiche.offer.id, form.version, to).await? {
        drop(tx);
        return refuse(&state, &visitor, fiche, StatusCode::CONFLICT, conflict()).await;
    }
    let number = fiches::record_version(&mut tx, fiche.offer.id, &fiche.offer.content, user.id).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "fiche_soumise",
            target_kind: "fiche",
            target_id: fiche.offer.id.to_string(),
            detail: format!("version {number}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct CommentForm {
    #[serde(default)]
    section: String,
    #[serde(default)]
    commentaire: String,
}

pub(super) async fn add_comment(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let mut errors = FormErrors::default();
    let body = errors.check(check_text(
        "commentaire",
        &form.commentaire,
        "votre remarque",
        true,
        4000,
    ));
    let section = SECTIONS
        .iter()
        .find(|(code, _, _)| *code == form.section)
        .map(|(c, _, _)| *c);
    if section.is_none() {
        errors.add("section", "Choisissez la partie de la fiche concernée.");
    }
    let (Some(body), Some(section), true) = (body, section, errors.is_empty()) else {
        return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    };
    let mut conn = state.db.pool.acquire().await?;
    let version = fiches::versions(&mut conn, fiche.offer.id)
        .await?
        .last()
        .map_or(0, |v| v.number);
    fiches::add_comment(
        &mut conn,
        fiche.offer.id,
        version,
        section,
        &body,
        (user.id, &user.display_name),
    )
    .await?;
    Ok(Redirect::to(&format!("/fiches/{}#commentaires", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct DecisionForm {
    #[serde(default)]
    version: i64,
    /// "a_corriger" or "publier".
    #[serde(default)]
    decision: String,
}

pub(super) async fn decide(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let change = match form.decision.as_str() {
        "a_corriger" => Change {
            action: FicheAction::AskCorrection,
            project: None,
            audit: "fiche_a_corriger",
        },
        "publier" => Change {
            action: FicheAction::Publish,
            project: Some(ProjectState::Publie),
            audit: "fiche_publiee",
        },
        _ => {
            let mut errors = FormErrors::default();
            errors.add("decision", "Choisissez : demander une correction ou publier.");
            return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
    change_state(&state, &visitor, fiche, form.version, change).await
}

/// A change of a fiche's state, and what follows from it.
pub(super) struct Change {
    action: FicheAction,
    /// Where the fiche's project goes along with it, if anywhere.
    project: Option<ProjectState>,
    audit: &'static str,
}

/// Applies a change if the rules allow it and nobody changed the fiche since `version` was
/// read; otherwise the fiche's page says why, and nothing changed.
pub(super) async fn change_state(
    state: &AppState, visitor: &Visitor, fiche: WorkFiche, version: i64, change: Change,
) -> Result<Response, Error> {
    let to = match fiche.offer.status.apply(change.action) {
        Ok(to) => to,
        Err(message) => return refuse(state, visitor, fiche, StatusCode::CONFLICT, illegal(message)).await,
    };
    let mut tx = state.db.begin().await?;
    if !fiches::set_status(&mut tx, fiche.offer.id, version, to).await? {
        drop(tx);
        return refuse(state, visitor, fiche, StatusCode::CONFLICT, conflict()).await;
    }
    if let Some(project_state) = change.project {
        projects::follow_fiche(&mut tx, fiche.offer.id, project_state).await?;
    }
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: change.audit,
            target_kind: "fiche",
            target_id: fiche.offer.id.to_string(),
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct EndForm {
    #[serde(default)]
    version: i64,
    /// "pourvu" (the post is filled) or "retiree".
    #[serde(default)]
    fin: String,
}

/// Closes an offer because the post is filled, or withdraws a fiche.
pub(super) async fn end(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser, Path(id): Path<String>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> Result<Response, Error> {
    let fiche = fiche_in_scope(&state, user, &id).await?;
    let change = match form.fin.as_str() {
        "pourvu" => Change {
            action: FicheAction::Close,
            project: Some(ProjectState::Pourvu),
            audit: "offre_pourvue",
        },
        "retiree" => Change {
            action: FicheAction::Withdraw,
            project: None,
            audit: "fiche_retiree",
        },
        _ => {
            let mut errors = FormErrors::default();
            errors.add("fin", "Choisissez : poste pourvu ou fiche retirée.");
            return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
    change_state(&state, &visitor, fiche, form.version, change).await
}
