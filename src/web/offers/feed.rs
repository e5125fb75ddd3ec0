//! The Atom feed of the newest open offers.

use askama::Template as _;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use crate::db::{fiches, instant_text};
use crate::web::views::OfferCard;
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "offers/feed.xml")]
struct Feed {
    base_url: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

/// An offer as an entry of an Atom feed (this one, and each saved search's).
pub(in crate::web) struct FeedEntry {
    pub(in crate::web) url: String,
    pub(in crate::web) title: String,
    pub(in crate::web) published: String,
    pub(in crate::web) summary: String,
    pub(in crate::web) author: String,
}

/// A feed's last update: its newest publication, or 1970 for an empty feed.
pub(in crate::web) fn feed_updated(published: impl Iterator<Item = Option<OffsetDateTime>>) -> String {
    published
        .flatten()
        .max()
        .map(instant_text)
        .unwrap_or_else(|| instant_text(OffsetDateTime::UNIX_EPOCH))
}

/// Newest open offers first: what a feed reader or an aggregator polls.
pub(super) async fn feed_offers(State(state): State<AppState>) -> Result<Response, Error> {
    let offers = fiches::latest_open(&state.db, state.clock.today(), 50).await?;
    let entries: Vec<FeedEntry> = offers
        .iter()
        .map(|offer| {
            let card = OfferCard::from(offer);
            FeedEntry {
                url: format!("{}{}", state.base_url, card.url),
                published: offer.published_at.map(instant_text).unwrap_or_default(),
                summary: format!(
                    "{}, {}. {}. Date limite de candidature : {}.",
                    card.employer, card.place, card.quotite, card.deadline
                ),
                author: card.employer,
                title: card.title,
            }
        })
        .collect();
    let updated = feed_updated(offers.iter().map(|o| o.published_at));
    let feed = Feed {
        base_url: state.base_url.to_string(),
        updated,
        entries,
    };
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.render()?,
    )
        .into_response())
}
