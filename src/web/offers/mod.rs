//! The public job board: the list and search of open offers, each offer's page, the Atom
//! feed, and the same data as JSON under `/api/v1`.

mod api;
mod feed;
mod json;
mod jsonld;
mod list;
mod show;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;

use super::{Access, Route};
use crate::domain::FieldError;
use crate::domain::offer_query::RawOfferQuery;
use api::{api_list_offers, api_show_offer};
use feed::feed_offers;
pub(super) use feed::{FeedEntry, feed_updated};
pub(super) use list::Filters;
use list::list_offers;
pub(super) use show::{OfferPage, cohort_led_to, pdf_response};
use show::{show_offer, show_offer_pdf};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/offres", Access::Public, list_offers),
        Route::get("/offres.atom", Access::Public, feed_offers),
        Route::get("/offres/{slug}", Access::Public, show_offer),
        Route::get("/offres/{slug}/pdf", Access::Public, show_offer_pdf),
        Route::get("/api/v1/offres", Access::Public, api_list_offers),
        Route::get("/api/v1/offres/{slug}", Access::Public, api_show_offer),
    ]
}

/// This resource's part of the OpenAPI document (`web::api_doc`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::api_list_offers, api::api_show_offer))]
pub(super) struct ApiDoc;

/// A query string serde could not even read (say, a parameter given twice) is a bad request
/// like any other, with the same French message shape.
fn raw_query(query: Result<Query<RawOfferQuery>, QueryRejection>) -> Result<RawOfferQuery, FieldError> {
    query.map(|Query(raw)| raw).map_err(|_| {
        FieldError::new(
            "requête",
            "Les paramètres de la recherche sont illisibles : chaque paramètre ne doit apparaître qu'une fois.",
        )
    })
}
