//! Suggestions for the place field: the communes whose name or postal code starts with what is
//! typed, and the few lines of script that show them.

use axum::Json;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::header;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Access, Route};
use crate::geo::communes;

const LIEU_JS: &str = include_str!("../../static/lieu.js");
const MAX_SUGGESTIONS: usize = 10;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/api/v1/communes", Access::Public, api_suggest_communes),
        Route::get("/static/lieu.js", Access::Public, get_place_script),
    ]
}

/// This resource's part of the OpenAPI document (`web::api_doc`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(api_suggest_communes))]
pub(super) struct ApiDoc;

#[derive(Deserialize)]
struct Typed {
    #[serde(default)]
    q: String,
}

// Doc comments of the API's types are French: they are the OpenAPI document's descriptions.
/// Les communes dont le nom ou le code postal commence par le texte saisi (10 au plus).
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Suggestions {
    communes: Vec<Suggestion>,
}

/// Une commune proposée.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Suggestion {
    /// « Chambéry (73000) » : la valeur à envoyer comme `lieu`.
    lieu: String,
    nom: &'static str,
    code_insee: &'static str,
    codes_postaux: Vec<&'static str>,
    departement: &'static str,
}

/// Never an error but the address's limit (429): a query too short or unreadable simply has no
/// suggestion.
#[utoipa::path(
    get,
    path = "/api/v1/communes",
    tag = "communes",
    summary = "Suggérer des communes",
    description = "Les communes dont le nom ou le code postal commence par le texte saisi, pour \
        compléter le champ « lieu » de la recherche. Pas d'erreur hors la limite par adresse (429) : un texte trop court ou illisible \
        n'a simplement pas de suggestion. Réponse en cache public un jour.",
    params(("q" = Option<String>, Query, description = "Le début d'un nom de commune ou d'un code postal (100 caractères lus au plus).")),
    responses((status = 200, description = "Les suggestions, peut-être aucune.", body = Suggestions)),
)]
async fn api_suggest_communes(
    _: super::rate_limit::PublicQuota, query: Result<Query<Typed>, QueryRejection>,
) -> impl IntoResponse {
    let typed = query.map(|Query(t)| t.q).unwrap_or_default();
    let communes = communes()
        .suggest(&typed.chars().take(100).collect::<String>(), MAX_SUGGESTIONS)
        .into_iter()
        .map(|c| Suggestion {
            lieu: c.label(),
            nom: c.name,
            code_insee: c.code,
            codes_postaux: c.postal_codes().collect(),
            departement: c.departement,
        })
        .collect();
    (
        [(header::CACHE_CONTROL, "public, max-age=86400")],
        Json(Suggestions { communes }),
    )
}

async fn get_place_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        LIEU_JS,
    )
}
