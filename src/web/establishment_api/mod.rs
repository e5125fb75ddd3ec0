//! The establishments' API (issue 25): an establishment's own systems, with one of its keys,
//! create and update draft fiches, read their fiches' states and, with the `candidatures`
//! scope, their applications. The key is the credential: the routes are public to the gate and
//! answer 401 without a valid key, whatever session the request carries.

mod applications;
mod fiches;
mod json;
mod key;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{Access, ApiError, AppState, Route};
pub use json::*;

/// The reason written in the route table for the routes that take a PUT or POST without a
/// page's token.
const NO_CSRF: &str = "appel d'un logiciel authentifié par l'en-tête Authorization (clé d'API), jamais par un cookie : \
     une page d'un autre site ne peut pas l'envoyer";

/// Every answer is the establishment's own (drafts, applications): never stored by a cache.
pub fn routes() -> Vec<Route> {
    let routes = vec![
        Route::get("/api/v1/etablissement/fiches", Access::Public, fiches::list_fiches),
        Route::post("/api/v1/etablissement/fiches", Access::Public, fiches::create_fiche).csrf_exempt(NO_CSRF),
        Route::get("/api/v1/etablissement/fiches/{id}", Access::Public, fiches::show_fiche),
        Route::put(
            "/api/v1/etablissement/fiches/{id}",
            Access::Public,
            fiches::update_fiche,
        )
        .csrf_exempt(NO_CSRF),
        Route::get(
            "/api/v1/etablissement/fiches/{id}/candidatures",
            Access::Public,
            applications::list_applications,
        ),
        Route::get(
            "/api/v1/etablissement/candidatures/{id}",
            Access::Public,
            applications::show_application,
        ),
    ];
    routes.into_iter().map(Route::personal).collect()
}

/// The establishments' API, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        fiches::list_fiches,
        fiches::show_fiche,
        fiches::create_fiche,
        fiches::update_fiche,
        applications::list_applications,
        applications::show_application
    ),
    components(schemas(
        FicheBody,
        MissionGroupBody,
        ContactBody,
        FicheState,
        FicheList,
        ApplicationState,
        ApplicationList,
        HistoryLine,
        DocumentRef,
        ApplicationDetail
    ))
)]
pub struct EstablishmentApiDoc;

/// The `{id}` of an API path: anything but a number names nothing (404 in the API's shape).
pub struct ApiId(pub i64);

impl FromRequestParts<AppState> for ApiId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let super::extract::PathId(id) = super::extract::PathId::from_request_parts(parts, state).await?;
        Ok(ApiId(id))
    }
}

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    #[test]
    fn the_document_names_every_route_and_closes_every_body() {
        let doc = serde_json::to_value(super::EstablishmentApiDoc::openapi()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for route in super::routes() {
            let method = route.method.as_str().to_lowercase();
            assert!(paths[route.path].get(&method).is_some(), "{method} {}", route.path);
        }
        for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
            assert_eq!(schema["additionalProperties"], false, "{name}");
        }
    }

    #[test]
    fn a_refused_field_is_named_as_the_body_names_it() {
        let body = serde_json::to_value(super::FicheBody::default()).unwrap();
        let names = body.as_object().unwrap();
        for editor in [
            "title",
            "contract",
            "posts",
            "deadline",
            "contact_email",
            "groupe_titre",
            "quotite",
        ] {
            let api = super::json::api_field(editor);
            assert!(names.contains_key(api), "{editor} → {api}");
        }
        assert!(!names.contains_key("title"), "French names only");
    }
}
