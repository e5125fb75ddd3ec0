//! The open offers as JSON, under `/api/v1`.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

use super::{json, raw_query};
use crate::db::fiches;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};
use crate::web::rate_limit::PublicQuota;
use crate::web::{ApiError, AppState, Error};

/// The list, or a 400 naming the communes an ambiguous `lieu` may mean.
#[utoipa::path(
    get,
    path = "/api/v1/offres",
    tag = "offres",
    summary = "Chercher parmi les offres ouvertes",
    description = "Les offres ouvertes qui répondent à la recherche, par pages de 20 (`par_page`), \
        la première page sans `page`. `total` compte toutes les offres qui répondent. Autour d'un lieu, \
        chaque offre porte sa distance et les plus proches viennent d'abord.",
    params(
        ("q" = Option<String>, Query, description = "Des mots à chercher ; un lieu écrit parmi eux est lu comme `lieu` (sauf avec `lieu_texte=non`)."),
        ("lieu" = Option<String>, Query, description = "Un code postal ou un nom de commune, par exemple « Lyon » ou « 69003 »."),
        ("rayon" = Option<String>, Query, description = "En kilomètres autour de `lieu`."),
        ("lieu_texte" = Option<String>, Query, description = "`non` : un lieu écrit dans `q` est cherché comme des mots."),
        ("region" = Option<String>, Query, description = "Le code officiel d'une région, par exemple `84`."),
        ("departement" = Option<String>, Query, description = "Le code officiel d'un département, par exemple `69` ou `2A`."),
        ("quotite" = Option<String>, Query, description = "Le temps de travail : `temps_plein`, `mi_temps` ou `temps_partiel`."),
        ("parcours" = Option<String>, Query, description = "La licence à laquelle mène l'offre : `bobigny` ou `bordeaux`."),
        ("page" = Option<String>, Query, description = "Le numéro de la page, à partir de 1."),
    ),
    responses(
        (status = 200, description = "Une page d'offres.", body = json::OfferList),
        (status = 400, description = "Un paramètre invalide (`parametre_invalide`, avec `parametre`), ou un lieu qui désigne plusieurs communes (`lieu_ambigu`, avec `choix`).", body = json::SearchError),
    ),
)]
pub(super) async fn api_list_offers(
    _: PublicQuota, State(state): State<AppState>, query: Result<Query<RawOfferQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query = OfferQuery::try_from(raw_query(query)?)?;
    if let Some(choices) = &query.place_choices {
        return Ok(json::place_choices(choices).into_response());
    }
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let (found, total) = index.search(&query);
    let mut list = json::OfferList::new(&found, total, query.page, &state.base_url);
    if query.place_in_text.is_some() {
        list.lieu_lu = query.near.as_ref().map(|near| near.place.label.clone());
    }
    Ok(Json(list).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/offres/{slug}",
    tag = "offres",
    summary = "Lire une offre",
    description = "Une offre publiée, ouverte ou close (`ouverte`, `statut`), avec tout ce que montre sa page.",
    params(("slug" = String, Path, description = "L'identifiant de l'offre dans son adresse, tel que `slug` dans la liste.")),
    responses(
        (status = 200, description = "L'offre.", body = json::OfferDetail),
        (status = 404, description = "Aucune offre publiée n'a cet identifiant (`introuvable`).", body = crate::web::error::ApiErrorBody),
    ),
)]
pub(super) async fn api_show_offer(
    _: PublicQuota, State(state): State<AppState>, Path(slug): Path<String>,
) -> Result<Json<json::OfferDetail>, ApiError> {
    let offer = fiches::find_public_by_slug(&state.db, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let today = state.clock.today();
    let led_to = if offer.is_open(today) {
        super::cohort_led_to(&state, &offer.content).await?
    } else {
        None
    };
    Ok(Json(json::OfferDetail::new(
        &offer,
        today,
        &state.base_url,
        led_to.as_ref(),
    )))
}
