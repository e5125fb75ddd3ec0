//! The home page: what an MSP is, and the latest offers.

use axum::extract::State;
use axum::response::Html;

use super::auth::Visitor;
use super::views::{Layout, OfferCard, render};
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

async fn show_home(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let latest = fiches::latest_open(&state.db, state.clock.today(), 3).await?;
    render(&HomePage {
        layout: Layout::of(&visitor),
        latest: latest.iter().map(OfferCard::from).collect(),
        recommended: RECOMMENDED_GRADES
            .iter()
            .map(|(grade, amount)| (*grade, euros(*amount)))
            .collect(),
    })
}
