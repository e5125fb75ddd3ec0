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
