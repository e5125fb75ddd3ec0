//! Submission and review.

use super::*;
use crate::domain::event::{Event, EventKind};
use crate::notify;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct VersionForm {
    version: i64,
}

/// Submits the fiche to the CCOMS once it passes the checks; the submitted content is kept as
/// a version.
pub(super) async fn submit(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(fiche): InScope<WorkFiche>, CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let change = Change {
        problems: submission_problems(&state, &fiche),
        versioned_by: Some(user.id),
        ..Change::new(FicheAction::Submit, "fiche_soumise")
    };
    change_state(&state, &visitor, fiche, form.version, change).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CommentForm {
    section: String,
    commentaire: String,
}

pub(super) async fn add_comment(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(fiche): InScope<WorkFiche>, CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, Error> {
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
    let mut tx = state.db.begin().await?;
    let version = fiches::versions(&mut tx, fiche.offer.id)
        .await?
        .last()
        .map_or(0, |v| v.number);
    fiches::add_comment(
        &mut tx,
        fiche.offer.id,
        version,
        section,
        &body,
        (user.id, &user.display_name),
    )
    .await?;
    let link = format!("/fiches/{}#commentaires", fiche.offer.id);
    let commented = Event::of_offer(EventKind::FicheCommented, fiche.offer.id, &fiche.offer, link);
    notify::record(&mut tx, &state.notifier()?, commented, Some(user.id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{}#commentaires", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DecisionForm {
    version: i64,
    /// "a_corriger" or "publier".
    decision: String,
}

pub(super) async fn decide(
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, Error> {
    let change = match form.decision.as_str() {
        "a_corriger" => Change::new(FicheAction::AskCorrection, "fiche_a_corriger"),
        "publier" => Change {
            problems: open_warnings(&state, &fiche).await?,
            ..Change::new(FicheAction::Publish, "fiche_publiee")
        },
        _ => {
            let errors = FormErrors::one("decision", "Choisissez : demander une correction ou publier.");
            return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
    change_state(&state, &visitor, fiche, form.version, change).await
}

/// A change of a fiche's state, and what follows from it.
pub(super) struct Change {
    action: FicheAction,
    audit: &'static str,
    /// What the content must fix first (a submission's checks, a publication's open warnings).
    problems: Vec<crate::domain::FieldError>,
    /// A submission keeps the content as a version, by this author.
    versioned_by: Option<i64>,
}

impl Change {
    fn new(action: FicheAction, audit: &'static str) -> Change {
        Change {
            action,
            audit,
            problems: Vec::new(),
            versioned_by: None,
        }
    }
}

/// The event a change of state records: a fiche withdrawn by its own establishment tells nobody.
fn told(action: FicheAction) -> Option<EventKind> {
    match action {
        FicheAction::Submit => Some(EventKind::FicheSubmitted),
        FicheAction::AskCorrection => Some(EventKind::FicheCorrectionAsked),
        FicheAction::Publish => Some(EventKind::FichePublished),
        FicheAction::Close => Some(EventKind::FicheClosed),
        _ => None,
    }
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
    if !change.problems.is_empty() {
        let errors = FormErrors { list: change.problems };
        return refuse(state, visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    }
    let mut tx = state.db.begin().await?;
    if !fiches::set_status(&mut tx, fiche.offer.id, version, to).await? {
        drop(tx);
        return refuse(state, visitor, fiche, StatusCode::CONFLICT, conflict()).await;
    }
    let detail = match change.versioned_by {
        Some(author) => {
            let number = fiches::record_version(&mut tx, fiche.offer.id, &fiche.offer.content, author).await?;
            format!("version {number}")
        }
        None => String::new(),
    };
    visitor
        .audit(&mut tx, change.audit, "fiche", fiche.offer.id, detail)
        .await?;
    if let Some(kind) = told(change.action) {
        let (id, link) = (fiche.offer.id, format!("/fiches/{}", fiche.offer.id));
        let mut event = Event::of_offer(kind, id, &fiche.offer, link);
        if change.action == FicheAction::Close {
            event = event.detail("le poste est pourvu");
        }
        notify::record(&mut tx, &state.notifier()?, event, visitor.user().map(|u| u.id)).await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct EndForm {
    version: i64,
    /// "pourvu" (the post is filled) or "retiree".
    fin: String,
}

/// Closes an offer because the post is filled, or withdraws a fiche.
pub(super) async fn end(
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> Result<Response, Error> {
    let change = match form.fin.as_str() {
        "pourvu" => Change::new(FicheAction::Close, "offre_pourvue"),
        "retiree" => Change::new(FicheAction::Withdraw, "fiche_retiree"),
        _ => {
            let errors = FormErrors::one("fin", "Choisissez : poste pourvu ou fiche retirée.");
            return refuse(&state, &visitor, fiche, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
    change_state(&state, &visitor, fiche, form.version, change).await
}
