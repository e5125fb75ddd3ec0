//! The establishment's fiches through its API: list them with their states, read one, create a
//! draft, replace a draft's text. The scope `fiches` is required.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::key::KeyCaller;
use super::{ApiId, FicheBody, FicheList, FicheState};
use crate::db::establishments;
use crate::db::fiches::{self, WorkFiche};
use crate::domain::FieldError;
use crate::domain::api_key::KeyScope;
use crate::domain::fiche::FicheStatus;
use crate::domain::fiche_workflow::FicheAction;
use crate::domain::offer_query::PER_PAGE;
use crate::web::{ApiError, AppState, Error};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default, deny_unknown_fields)]
pub struct PageQuery {
    /// From 1.
    pub page: Option<u32>,
}

/// A body serde could not read: a French message, the API's shape.
pub(super) fn body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, Error> {
    body.map(|Json(body)| body).map_err(|rejection| {
        let message = match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "Envoyez le corps en JSON, avec l'en-tête « Content-Type: application/json ».".to_string()
            }
            JsonRejection::JsonDataError(_) => {
                "Un champ du JSON est inconnu ou n'a pas le bon type (un texte, un booléen ou une liste).".to_string()
            }
            _ => "Le corps de la demande n'est pas un JSON lisible.".to_string(),
        };
        Error::BadRequest(FieldError::new("corps", message))
    })
}

async fn find(state: &AppState, caller: &KeyCaller, id: i64) -> Result<WorkFiche, Error> {
    let mut conn = state.db.pool.acquire().await?;
    fiches::find_for_work(&mut conn, id, &caller.scope())
        .await?
        .ok_or(Error::NotFound)
}

#[utoipa::path(
    get,
    path = "/api/v1/etablissement/fiches",
    params(PageQuery),
    responses(
        (status = 200, description = "Les fiches de l'établissement, les plus récemment modifiées d'abord", body = FicheList),
        (status = 401, description = "Clé absente, invalide ou révoquée"),
        (status = 403, description = "La clé n'a pas la portée « fiches »"),
        (status = 429, description = "Trop d'appels pour cette clé en une minute")
    )
)]
pub async fn list_fiches(
    State(state): State<AppState>, caller: KeyCaller, query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<FicheList>, ApiError> {
    caller.require(KeyScope::Fiches)?;
    let page = query
        .map_err(|_| FieldError::new("page", "La page est un nombre à partir de 1."))?
        .0
        .page
        .unwrap_or(1);
    if page == 0 {
        return Err(FieldError::new("page", "La page est un nombre à partir de 1.").into());
    }
    let mut conn = state.db.pool.acquire().await?;
    let offset = (page - 1).saturating_mul(PER_PAGE);
    let (found, total) =
        fiches::page_for_establishment(&mut conn, caller.key.establishment_id, offset, PER_PAGE).await?;
    Ok(Json(FicheList {
        total: u64::try_from(total).unwrap_or(0),
        page,
        par_page: PER_PAGE,
        fiches: found.iter().map(|f| FicheState::new(f, &state.base_url)).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/etablissement/fiches/{id}",
    params(("id" = i64, Path, description = "Numéro de la fiche")),
    responses(
        (status = 200, description = "La fiche et son état", body = FicheState),
        (status = 401, description = "Clé absente, invalide ou révoquée"),
        (status = 403, description = "La clé n'a pas la portée « fiches »"),
        (status = 404, description = "Aucune fiche de ce numéro dans l'établissement de la clé")
    )
)]
pub async fn show_fiche(
    State(state): State<AppState>, caller: KeyCaller, ApiId(id): ApiId,
) -> Result<Json<FicheState>, ApiError> {
    caller.require(KeyScope::Fiches)?;
    let fiche = find(&state, &caller, id).await?;
    Ok(Json(FicheState::new(&fiche, &state.base_url)))
}

#[utoipa::path(
    post,
    path = "/api/v1/etablissement/fiches",
    request_body = FicheBody,
    responses(
        (status = 201, description = "Brouillon créé ; `Location` donne son adresse dans l'API", body = FicheState),
        (status = 400, description = "Corps illisible"),
        (status = 401, description = "Clé absente, invalide ou révoquée"),
        (status = 403, description = "La clé n'a pas la portée « fiches »"),
        (status = 422, description = "Champs refusés, chacun avec son message (`champs`)")
    )
)]
pub async fn create_fiche(
    State(state): State<AppState>, caller: KeyCaller, json: Result<Json<FicheBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    caller.require(KeyScope::Fiches)?;
    let content = body(json)?.read().map_err(Error::Invalid)?;
    let mut tx = state.db.begin().await?;
    let employer = establishments::find(&mut tx, caller.key.establishment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let offer = fiches::insert(&mut tx, &employer, &content, FicheStatus::Brouillon, None).await?;
    caller.audit(&mut tx, "fiche_creee_api", "fiche", offer.id, "").await?;
    tx.commit().await?;
    let fiche = find(&state, &caller, offer.id).await?;
    let location = format!("/api/v1/etablissement/fiches/{}", offer.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(FicheState::new(&fiche, &state.base_url)),
    )
        .into_response())
}

#[utoipa::path(
    put,
    path = "/api/v1/etablissement/fiches/{id}",
    params(("id" = i64, Path, description = "Numéro de la fiche")),
    request_body = FicheBody,
    responses(
        (status = 200, description = "Texte remplacé", body = FicheState),
        (status = 400, description = "Corps illisible"),
        (status = 401, description = "Clé absente, invalide ou révoquée"),
        (status = 403, description = "La clé n'a pas la portée « fiches »"),
        (status = 404, description = "Aucune fiche de ce numéro dans l'établissement de la clé"),
        (status = 409, description = "La fiche n'est ni un brouillon ni à corriger, ou a changé entre-temps"),
        (status = 422, description = "Champs refusés, chacun avec son message (`champs`)")
    )
)]
pub async fn update_fiche(
    State(state): State<AppState>, caller: KeyCaller, ApiId(id): ApiId, json: Result<Json<FicheBody>, JsonRejection>,
) -> Result<Json<FicheState>, ApiError> {
    caller.require(KeyScope::Fiches)?;
    let fiche = find(&state, &caller, id).await?;
    if let Err(message) = fiche.offer.status.apply(FicheAction::Edit) {
        return Err(Error::Conflict(message).into());
    }
    let content = body(json)?.read().map_err(Error::Invalid)?;
    // A field the system changed is confirmed, as when a recruiter changes it in the editor.
    let to_verify = fiche.to_verify.after_save(&fiche.offer.content, &content, &[]);
    let mut conn = state.db.pool.acquire().await?;
    let saved = fiches::update_content(
        &mut conn,
        id,
        fiche.version,
        &fiche.offer.employer,
        &content,
        &to_verify,
        None,
    )
    .await?;
    if !saved {
        return Err(
            Error::Conflict("La fiche a été modifiée entre-temps : relisez-la puis recommencez.".into()).into(),
        );
    }
    drop(conn);
    let fiche = find(&state, &caller, id).await?;
    Ok(Json(FicheState::new(&fiche, &state.base_url)))
}
