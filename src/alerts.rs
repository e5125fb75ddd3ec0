//! The alerts of saved searches: finding the offers published since a search was saved, and
//! sending each one once per search, through the stored outbox.
//!
//! The offers are found by the board's index, the same search as the /offres page's, words,
//! accents and inflections alike; the database only says which were already alerted.
//!
//! Once per search and offer, even if the job runs twice or on two instances at once: the
//! row of `saved_search_alerts` (whose key refuses a second one) and the outbox message are
//! written in one transaction, and a message only lists the offers whose row this transaction
//! inserted. On PostgreSQL a second instance inserting the same row waits for the first to
//! commit, then inserts nothing; on SQLite the transactions take the write lock in turn.

use time::OffsetDateTime;

use crate::board::Board;
use crate::db::Db;
use crate::db::outbox::Concerns;
use crate::db::saved_searches::{self, SavedSearch};
use crate::db::tokens::{self, NewToken, Purpose};
use crate::domain::calendar::{Clock, french_date};
use crate::domain::fiche::Offer;
use crate::domain::geo::distance_text;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};
use crate::domain::saved_search::Frequency;
use crate::mail::{self, Alert, AlertOffer};

/// Most offers in one message: a digest longer than this would not be read.
const MAX_PER_MESSAGE: usize = 20;

/// Sends the alerts that are due, after forgetting the searches never confirmed; returns how
/// many messages were queued.
pub async fn send_due(db: &Db, board: &Board, clock: &Clock, base_url: &str) -> sqlx::Result<usize> {
    let now = clock.now();
    saved_searches::purge_unconfirmed(db, now).await?;
    let index = board.index(db, clock.today()).await?;
    let mut queued = 0;
    for search in saved_searches::due(db, now).await? {
        // A search saved by an older version may no longer parse (a département renamed…):
        // it is skipped, not a failure of the whole job.
        let (Some(query), Ok(since)) = (parse(&search.query), search.alerts_since()) else {
            tracing::warn!(search = search.id, "saved search no longer readable");
            continue;
        };
        let found: Vec<(i64, Option<f64>)> = index
            .published_since(&query, since)
            .iter()
            .map(|found| (found.offer.id, found.km))
            .collect();
        let matches = saved_searches::unalerted_matches(db, search.id, &found, MAX_PER_MESSAGE).await?;
        match search.frequency() {
            Frequency::Immediate => {
                for found in matches {
                    queued += usize::from(send(db, &search, &[found], base_url, None).await?);
                }
            }
            Frequency::Weekly => {
                queued += usize::from(send(db, &search, &matches, base_url, Some(now)).await?);
            }
        }
    }
    Ok(queued)
}

fn parse(query: &str) -> Option<OfferQuery> {
    let raw: RawOfferQuery = serde_urlencoded::from_str(query).ok()?;
    OfferQuery::try_from(raw).ok().filter(|q| q.place_choices.is_none())
}

/// In one transaction: records each offer for this search, and queues one message listing
/// those it recorded (none when another run got there first). A weekly digest also notes the
/// time, even when there was nothing to send. True when a message was queued.
async fn send(
    db: &Db, search: &SavedSearch, offers: &[(Offer, Option<f64>)], base_url: &str, digest_at: Option<OffsetDateTime>,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let mut fresh = Vec::new();
    for (offer, km) in offers {
        if saved_searches::record_alert(&mut tx, search.id, offer.id).await? {
            fresh.push((offer, *km));
        }
    }
    if let Some(at) = digest_at {
        saved_searches::mark_digest(&mut tx, search.id, at).await?;
    }
    if !fresh.is_empty() {
        let token = tokens::create(
            &mut tx,
            NewToken {
                purpose: Purpose::UnsubscribeAlert,
                user_id: search.user_id,
                email: &search.email,
                payload: search.id.to_string(),
                created_by: None,
            },
        )
        .await?;
        let (offers, search_url, unsubscribe) = alert_links(search, &fresh, base_url, &token);
        let alert = Alert {
            search: &search.label,
            offers: &offers,
            search_url: &search_url,
            unsubscribe: &unsubscribe,
        };
        let concerns = Concerns {
            user_id: search.user_id,
            application_id: None,
        };
        mail::queue(&mut tx, db.documents()?, &search.email, concerns, &alert).await?;
    }
    tx.commit().await?;
    Ok(!fresh.is_empty())
}

/// What the alert lists: each offer with its link, place, distance and deadline; the search's
/// link on the board; the unsubscribe link (which needs no login).
fn alert_links(
    search: &SavedSearch, offers: &[(&Offer, Option<f64>)], base_url: &str, token: &str,
) -> (Vec<AlertOffer>, String, String) {
    let offers = offers
        .iter()
        .map(|(offer, km)| {
            let mut place = offer.employer.locality();
            if let Some(km) = km {
                place.push_str(&format!(", {}", distance_text(*km)));
            }
            AlertOffer {
                url: format!("{base_url}/offres/{}", offer.slug),
                title: offer.content.title.clone(),
                employer: offer.employer.name.clone(),
                place,
                deadline: offer.content.deadline.map(french_date),
            }
        })
        .collect();
    let search_url = format!("{base_url}/offres?{}", search.query);
    let unsubscribe = format!("{base_url}/alertes/desabonnement?jeton={token}");
    (offers, search_url, unsubscribe)
}
