//! A saved search's Atom feed, at a private address.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::db::instant_text;
use crate::db::saved_searches;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};
use crate::web::offers::{FeedEntry, feed_updated};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "saved_searches/feed.xml")]
struct Feed {
    self_url: String,
    search_url: String,
    title: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

/// The open offers of a saved search, newest first (nearest first around a place), as Atom.
/// The address is the credential: it is random and shown only to the search's owner.
pub(super) async fn feed_saved_search(
    State(state): State<AppState>, Path(key): Path<String>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let search = saved_searches::find_by_feed_key(&mut conn, &key)
        .await?
        .ok_or(Error::NotFound)?;
    drop(conn);
    let raw: RawOfferQuery = serde_urlencoded::from_str(&search.query).unwrap_or_default();
    let query = OfferQuery::try_from(raw).map_err(|_| Error::NotFound)?;
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let (found, _) = index.search(&query);
    let entries: Vec<FeedEntry> = found
        .iter()
        .map(|found| {
            let offer = found.offer;
            let mut place = offer.employer.locality();
            if let Some(km) = found.km {
                place.push_str(&format!(", {}", crate::domain::geo::distance_text(km)));
            }
            FeedEntry {
                url: format!("{}/offres/{}", state.base_url, offer.slug),
                title: offer.title.to_string(),
                published: offer.published_at.map(instant_text).unwrap_or_default(),
                summary: format!("{}, {place}.", offer.employer.name),
                author: offer.employer.name.clone(),
            }
        })
        .collect();
    let updated = feed_updated(found.iter().map(|f| f.offer.published_at));
    let feed = Feed {
        self_url: format!("{}/alertes/flux/{}", state.base_url, search.feed_key),
        search_url: format!("{}/offres?{}", state.base_url, search.query),
        title: search.label.clone(),
        updated,
        entries,
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            // The address is private: no shared cache keeps a copy.
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        askama::Template::render(&feed)?,
    )
        .into_response())
}
