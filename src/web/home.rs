//! The home page: what an MSP is, and the latest offers.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::auth::Visitor;
use super::page_cache::{Generation, public_page};
use super::views::{Layout, OfferCard};
use super::{Access, AppState, Error, Route};
use crate::db::fiches;
use crate::domain::fiche::pay::{RECOMMENDED_GRADES, euros};

pub fn routes() -> Vec<Route> {
    vec![Route::get("/", Access::Public, show_home)]
}

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    latest: Vec<OfferCard>,
    /// The CCOMS's recommended grades and its figure for each (see [`RECOMMENDED_GRADES`]).
    recommended: Vec<(&'static str, String)>,
}

/// Kept in memory for visitors not signed in, for the board's version and day: its latest offers
/// change with either (see `web::page_cache`).
async fn show_home(State(state): State<AppState>, visitor: Visitor, headers: HeaderMap) -> Result<Response, Error> {
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let today = index.today;
    public_page(&state, &visitor, &headers, Generation::of(&index), "/", |layout| {
        render_home(&state, today, layout)
    })
    .await
}

async fn render_home(state: &AppState, today: time::Date, layout: Layout) -> Result<String, Error> {
    let latest = fiches::latest_open(&state.db, today, 3).await?;
    let page = HomePage {
        layout,
        latest: latest.iter().map(OfferCard::from).collect(),
        recommended: RECOMMENDED_GRADES
            .iter()
            .map(|(grade, amount)| (*grade, euros(*amount)))
            .collect(),
    };
    Ok(askama::Template::render(&page)?)
}
