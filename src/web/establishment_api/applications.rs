//! The establishment's applications through its API, with the scope `candidatures` only: a
//! fiche's applications (ids, states, dates, no names) and one application as the recruiter's
//! page shows it, without the documents' content. Every read is audited in the name of the
//! key's creator; erased data answer 410.

use axum::Json;
use axum::extract::State;

use super::key::KeyCaller;
use super::{ApiId, ApplicationDetail, ApplicationList, ApplicationState, DocumentRef, HistoryLine};
use crate::db::{applications, fiches};
use crate::domain::api_key::KeyScope;
use crate::web::{ApiError, AppState, Error};

#[utoipa::path(
    get,
    path = "/api/v1/etablissement/fiches/{id}/candidatures",
    params(("id" = i64, Path, description = "Numéro de la fiche")),
    responses(
        (status = 200, description = "Les candidatures à cette offre, sans nom", body = ApplicationList),
        (status = 401, description = "Clé absente, invalide ou révoquée"),
        (status = 403, description = "La clé n'a pas la portée « candidatures »"),
        (status = 404, description = "Aucune fiche de ce numéro dans l'établissement de la clé")
    )
)]
pub async fn list_applications(
    State(state): State<AppState>, caller: KeyCaller, ApiId(id): ApiId,
) -> Result<Json<ApplicationList>, ApiError> {
    caller.require(KeyScope::Candidatures)?;
    let scope = caller.scope();
    let mut tx = state.db.begin().await?;
    fiches::find_for_work(&mut tx, id, &scope)
        .await?
        .ok_or(Error::NotFound)?;
    let found = applications::list_for_fiche(&mut tx, id, &scope).await?;
    caller
        .audit(
            &mut tx,
            "lecture_candidatures_api",
            "fiche",
            id,
            &format!("{} candidature(s)", found.len()),
        )
        .await?;
    tx.commit().await?;
    Ok(Json(ApplicationList {
        fiche: id,
        candidatures: found.iter().map(ApplicationState::from).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/etablissement/candidatures/{id}",
    params(("id" = i64, Path, description = "Numéro de la candidature")),
    responses(
        (status = 200, description = "La candidature, sans le contenu des pièces", body = ApplicationDetail),
        (status = 401, description = "Clé absente, invalide ou révoquée"),
        (status = 403, description = "La clé n'a pas la portée « candidatures »"),
        (status = 404, description = "Aucune candidature de ce numéro dans l'établissement de la clé"),
        (status = 410, description = "Les données de la candidature ont été effacées (durée de conservation, consentement retiré)")
    )
)]
pub async fn show_application(
    State(state): State<AppState>, caller: KeyCaller, ApiId(id): ApiId,
) -> Result<Json<ApplicationDetail>, ApiError> {
    caller.require(KeyScope::Candidatures)?;
    let mut tx = state.db.begin().await?;
    let application = applications::find_in_scope(&mut tx, id, &caller.scope())
        .await?
        .ok_or(Error::NotFound)?;
    if application.purged {
        return Err(Error::Gone.into());
    }
    let documents = applications::documents(&mut tx, id).await?;
    let events = applications::events(&mut tx, id).await?;
    caller
        .audit(&mut tx, "lecture_candidature_api", "candidature", id, "")
        .await?;
    tx.commit().await?;
    let base = &state.base_url;
    Ok(Json(ApplicationDetail {
        id,
        fiche: application.fiche_id,
        fiche_titre: application.fiche_title.clone(),
        etat: application.status.as_str().into(),
        etat_libelle: application.status.label().into(),
        nom: application.full_name.clone(),
        email: application.email.clone(),
        telephone: application.phone.clone(),
        commune: application.town.clone(),
        message: application.message.clone(),
        recue_le: crate::db::instant_text(application.created_at),
        consentement_le: crate::db::instant_text(application.consent_at),
        historique: events.iter().map(HistoryLine::from).collect(),
        documents: documents
            .into_iter()
            .map(|(kind, name, size)| DocumentRef {
                lien: format!("{base}/candidatures/{id}/documents/{kind}"),
                piece: kind,
                nom: name,
                octets: size,
            })
            .collect(),
        lien: format!("{base}/candidatures/{id}"),
    }))
}
