//! The open data (issue 26): `/donnees-ouvertes` says what each dataset holds, its schema, the
//! licence and the small-cell rule; each dataset is served as CSV, JSON and Table Schema.
//! The files hold exactly what the pages show: the same protected figures.

mod datasets;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

pub use datasets::all_datasets;

use super::auth::{Access, Visitor};
use super::download::attachment;
use super::page_cache::{Generation, public_page};
use super::views::Layout;
use super::{AppState, Error, Route};
use crate::export::open_data::{Dataset, LICENCE_NAME, LICENCE_URL, SMALL_CELL_RULE};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/donnees-ouvertes", Access::Public, show_open_data),
        // One segment for the three files: the router captures whole segments only.
        Route::get("/donnees-ouvertes/{fichier}", Access::Public, get_file),
    ]
}

#[derive(askama::Template)]
#[template(path = "open_data/index.html")]
struct OpenDataPage {
    layout: Layout,
    datasets: Vec<Dataset>,
    licence_name: &'static str,
    licence_url: &'static str,
    rule: &'static str,
}

/// The page moves with the figures it describes: kept per board version, like `/statistiques`.
async fn show_open_data(
    State(state): State<AppState>, visitor: Visitor, headers: HeaderMap,
) -> Result<Response, Error> {
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let generation = Generation::of(&index);
    public_page(&state, &visitor, &headers, generation, "/donnees-ouvertes", |layout| {
        let state = state.clone();
        async move {
            let page = OpenDataPage {
                layout,
                datasets: all_datasets(&state).await?,
                licence_name: LICENCE_NAME,
                licence_url: LICENCE_URL,
                rule: SMALL_CELL_RULE,
            };
            Ok(askama::Template::render(&page)?)
        }
    })
    .await
}

/// The formats a dataset is served in, told by the end of the file's name.
enum Format {
    Csv,
    Json,
    Schema,
}

fn parse_file(file: &str) -> Option<(&str, Format)> {
    if let Some(slug) = file.strip_suffix(".schema.json") {
        Some((slug, Format::Schema))
    } else if let Some(slug) = file.strip_suffix(".json") {
        Some((slug, Format::Json))
    } else {
        file.strip_suffix(".csv").map(|slug| (slug, Format::Csv))
    }
}

async fn get_file(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, Error> {
    let (slug, format) = parse_file(&file).ok_or(Error::NotFound)?;
    let datasets = all_datasets(&state).await?;
    let dataset = datasets.iter().find(|d| d.slug == slug).ok_or(Error::NotFound)?;
    Ok(match format {
        Format::Csv => attachment(
            "text/csv; charset=utf-8; header=present",
            &file,
            false,
            dataset.to_csv(),
        ),
        Format::Json => json(&dataset.to_json()),
        Format::Schema => json(&dataset.schema()),
    })
}

fn json(value: &serde_json::Value) -> Response {
    let body = serde_json::to_string_pretty(value).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
