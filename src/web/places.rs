//! Suggestions for the place field: the communes whose name or postal code starts with what is
//! typed, and the few lines of script that show them.

use axum::Json;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::header;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};

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

#[derive(Deserialize)]
struct Typed {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
struct Suggestions {
    communes: Vec<Suggestion>,
}

#[derive(Serialize)]
struct Suggestion {
    /// "Chambéry (73000)": the value to send as `lieu`.
    lieu: String,
    nom: &'static str,
    code_insee: &'static str,
    codes_postaux: Vec<&'static str>,
    departement: &'static str,
}

/// Never an error but the address's limit (429): a query too short or unreadable simply has no
/// suggestion.
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
