//! The OpenAPI 3.1 description of `/api/v1`, made from the handlers' `#[utoipa::path]` and their
//! types' `ToSchema` so that it cannot drift from the code: served as JSON at
//! `/api/v1/openapi.json` and as a French reference page at `/developpeurs`.
//!
//! A resource with API routes derives its own `ApiDoc` (its `#[openapi(paths(...))]`) and joins
//! [`PARTS`] in one line; the tests check that every `/api/v1` route is described and every
//! described path is a route, and that no schema is open.

mod page;
pub mod shape;
#[cfg(test)]
mod tests;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use utoipa::OpenApi;

use super::error::ApiErrorBody;
use super::{Access, AppState, Route};
use crate::domain::offer_query::PER_PAGE;

/// Where the document is served: the one `/api/v1` route it does not describe (its own shape is
/// OpenAPI's, not ours).
pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";

pub fn routes() -> Vec<Route> {
    vec![
        Route::get(DOCUMENT_PATH, Access::Public, get_openapi),
        Route::get("/developpeurs", Access::Public, page::show_api_reference),
    ]
}

/// The parts of the document, one per resource with `/api/v1` routes.
const PARTS: &[fn() -> utoipa::openapi::OpenApi] = &[
    super::offers::ApiDoc::openapi,
    super::places::ApiDoc::openapi,
    super::establishment_api::EstablishmentApiDoc::openapi,
];

/// Where the establishments' routes start: each needs an API key (`Authorization: Bearer`).
const KEYED_PREFIX: &str = "/api/v1/etablissement/";

/// A limit on how many requests a client may make, said in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Who is counted, in French: « par clé d'API », « par adresse IP ».
    pub counted: &'static str,
    pub requests: u32,
    pub per_seconds: u32,
}

/// The limits the API enforces (`web::rate_limit`), listed in the document's « Limites de
/// débit » section.
pub const RATE_LIMITS: &[RateLimit] = &[
    RateLimit {
        counted: "Par clé d'API, sur les routes `/api/v1/etablissement`",
        requests: super::rate_limit::KEY_PER_MINUTE,
        per_seconds: 60,
    },
    RateLimit {
        counted: "Par adresse IP, sur les offres et les communes (par défaut ; chaque instance peut la changer)",
        requests: super::rate_limit::PUBLIC_PER_MINUTE,
        per_seconds: 60,
    },
    RateLimit {
        counted: "Par adresse IP, les clés d'API absentes, mal formées ou refusées (au-delà, toute clé venant de cette adresse attend la fin de la minute)",
        requests: super::rate_limit::WRONG_KEYS_PER_MINUTE,
        per_seconds: 60,
    },
];

// The base document; its `info.description` is replaced at build time (see `description`).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "API des offres de médiateur de santé-pair",
        description = "Voir `description`.",
        license(name = "GNU AGPL 3.0 ou ultérieure", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "offres", description = "Les offres d'emploi de médiateur de santé-pair publiées sur la plateforme."),
        (name = "communes", description = "Les communes de France, pour écrire un lieu de recherche."),
        (name = "etablissement", description = "Pour le logiciel d'un établissement, avec une clé d'API créée par ses recruteurs : ses fiches (brouillons créés et modifiés), leurs états, et avec la portée `candidatures` les candidatures reçues."),
    ),
    components(schemas(ApiErrorBody)),
)]
struct ApiDoc;

/// The whole document, its server being this instance's public address (`--base-url`).
pub fn document(base_url: &str) -> Value {
    let mut doc = ApiDoc::openapi();
    for part in PARTS {
        doc.merge(part());
    }
    doc.info.description = Some(description());
    doc.servers = Some(vec![utoipa::openapi::Server::new(base_url)]);
    let mut value = serde_json::to_value(&doc).expect("an OpenAPI document is JSON");
    add_shared_responses(&mut value);
    add_key_security(&mut value);
    shape::merge_all_of(&mut value);
    value
}

/// The introduction: the error shape, pagination, rate limits. Paragraphs are separated by a
/// blank line; the reference page shows them as such.
fn description() -> String {
    let mut limits = String::from(
        "Limites de débit : au-delà d'une limite, la réponse est 429 avec le code `trop_de_demandes` \
         et l'en-tête `Retry-After`, le nombre de secondes à attendre avant de recommencer.",
    );
    for limit in RATE_LIMITS {
        limits.push_str(&format!(
            " {} : {} demandes par période de {} secondes.",
            limit.counted, limit.requests, limit.per_seconds
        ));
    }
    [
        "Les offres d'emploi de médiateur de santé-pair publiées sur la plateforme, en JSON, sans \
         compte ni clé ; et, pour le logiciel d'un établissement, ses fiches et ses candidatures avec \
         une clé d'API (`Authorization: Bearer <clé>`) que ses recruteurs créent sur la plateforme \
         (portées `fiches` et `candidatures`). Les noms des champs et des paramètres sont en français ; ils ne changent pas \
         sans une nouvelle version de l'API (`/api/v2`).",
        "Erreurs : toute erreur a la même forme, `{\"erreur\": {\"code\", \"message\", \"parametre\", \
         \"champs\"}}`. `code` est fait pour les programmes (`parametre_invalide`, `introuvable`, \
         `cle_invalide`, `portee_manquante`, `champs_invalides`, `conflit`, `efface`, \
         `trop_de_demandes`, `erreur_serveur`), `message` est une phrase en français à montrer telle \
         quelle, `parametre` nomme le paramètre en faute quand il y en a un, `champs` liste chaque \
         champ refusé d'un corps envoyé (`[{\"champ\", \"message\"}]`).",
        &format!(
            "Pagination : les listes viennent par pages de {PER_PAGE} éléments (`par_page`). Le \
             paramètre `page` choisit la page, à partir de 1 ; `total` compte tous les éléments qui \
             répondent, sur toutes les pages. Une page après la dernière est vide."
        ),
        &limits,
    ]
    .join("\n\n")
}

/// The answers every operation may give whatever it does: 429 (with `Retry-After`) and 500,
/// described once under `components.responses` and referred to by each operation.
fn add_shared_responses(doc: &mut Value) {
    let error = json!({ "application/json": { "schema": { "$ref": "#/components/schemas/Erreur" } } });
    doc["components"]["responses"] = json!({
        "TropDeDemandes": {
            "description": "Trop de demandes (`trop_de_demandes`) : attendre le nombre de secondes de `Retry-After`.",
            "headers": { "Retry-After": {
                "description": "Secondes à attendre avant de recommencer.",
                "required": true,
                "schema": { "type": "integer", "minimum": 0 },
            } },
            "content": error,
        },
        "ErreurServeur": {
            "description": "Une erreur de notre côté (`erreur_serveur`) : réessayer dans un instant.",
            "content": error,
        },
    });
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for operation in paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
    {
        let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        // Every error answer has the one shape of `ApiError`, whether or not the operation's
        // annotation names its body.
        for (status, response) in responses.iter_mut() {
            let error_status = status.starts_with('4') || status.starts_with('5');
            if error_status && response.get("$ref").is_none() && response.get("content").is_none() {
                response["content"] = error.clone();
            }
        }
        // The shared ones win over an operation's own: they carry `Retry-After`.
        for (status, name) in [("429", "TropDeDemandes"), ("500", "ErreurServeur")] {
            responses.insert(
                status.into(),
                json!({ "$ref": format!("#/components/responses/{name}") }),
            );
        }
    }
}

/// The establishments' routes take an API key: the scheme, and each of their operations names it.
fn add_key_security(doc: &mut Value) {
    doc["components"]["securitySchemes"] = json!({
        "cle_api": {
            "type": "http",
            "scheme": "bearer",
            "description": "Une clé d'API de l'établissement (`msp_…`), créée et révoquée par ses recruteurs sur la plateforme.",
        },
    });
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (_, item) in paths.iter_mut().filter(|(path, _)| path.starts_with(KEYED_PREFIX)) {
        for operation in item.as_object_mut().into_iter().flat_map(|item| item.values_mut()) {
            operation["security"] = json!([{ "cle_api": [] }]);
        }
    }
}

/// The document of an instance, and its JSON text as served.
pub struct Built {
    pub document: Value,
    json: String,
}

/// This instance's document, built once: merging the parts and serializing take milliseconds
/// that every request would otherwise pay again.
pub(super) fn built(state: &AppState) -> &Built {
    state.api_document.get_or_init(|| {
        let document = document(&state.base_url);
        let json = document.to_string();
        Built { document, json }
    })
}

/// Cacheable: the document changes only with a new version of the application.
async fn get_openapi(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::CONTENT_TYPE, "application/json"),
        ],
        built(&state).json.clone(),
    )
}
