//! The home page: what an MSP is, and the latest offers.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::views::{OfferCard, render};
use super::{AppState, Error};
use crate::db::fiches;
use crate::domain::calendar::paris_today;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show_home))
}

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    latest: Vec<OfferCard>,
}

async fn show_home(State(state): State<AppState>) -> Result<Html<String>, Error> {
    let latest = fiches::latest_open(&state.db, paris_today(), 3).await?;
    render(&HomePage {
        latest: latest.iter().map(OfferCard::from).collect(),
    })
}
