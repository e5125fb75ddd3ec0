//! Saved searches, and the record of the offers already alerted to each.

use std::collections::HashSet;

use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use super::fiches::by_ids;
use super::tokens::{self, NewToken, Purpose};
use super::{Db, Sql, Value, instant_text, parse_instant};
use crate::domain::fiche::Offer;
use crate::domain::saved_search::{Frequency, SearchToSave};
use crate::secrets::random_token;

/// A saved search as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedSearch {
    pub id: i64,
    pub user_id: Option<i64>,
    /// Where alerts go: the account's current address for a candidate.
    pub email: String,
    /// The canonical query string of the search (`RawOfferQuery::canonical`).
    pub query: String,
    pub label: String,
    pub frequency: String,
    pub feed_key: String,
    pub confirmed_at: Option<String>,
    pub last_digest_at: Option<String>,
    pub created_at: String,
}

impl SavedSearch {
    pub fn frequency(&self) -> Frequency {
        Frequency::parse(&self.frequency).unwrap_or(Frequency::Immediate)
    }

    /// The offers published from this instant on are alerted: when the search was saved by a
    /// candidate, or confirmed by a visitor.
    pub fn alerts_since(&self) -> sqlx::Result<OffsetDateTime> {
        parse_instant(&self.created_at)
    }
}

const SELECT: &str = "SELECT s.id, s.user_id, COALESCE(u.email, s.email) AS email, s.query, s.label, \
    s.frequency, s.feed_key, s.confirmed_at, s.last_digest_at, s.created_at \
    FROM saved_searches s LEFT JOIN users u ON u.id = s.user_id";

pub struct NewSavedSearch<'a> {
    pub user_id: Option<i64>,
    pub email: &'a str,
    pub query: &'a str,
    pub label: &'a str,
    pub frequency: Frequency,
    /// A candidate's search is confirmed at once (their address is their account's); a
    /// visitor's waits for the link sent to the address.
    pub confirmed: bool,
}

impl<'a> NewSavedSearch<'a> {
    /// A candidate's search, confirmed at once: its alerts go to their account's address.
    pub fn of_candidate(search: &'a SearchToSave, user_id: i64, email: &'a str) -> NewSavedSearch<'a> {
        NewSavedSearch {
            user_id: Some(user_id),
            email,
            query: &search.query,
            label: &search.label,
            frequency: search.frequency,
            confirmed: true,
        }
    }
}

/// Stores a visitor's search, unconfirmed, and the single-use link that will confirm it;
/// returns the link's token.
pub async fn insert_unconfirmed(conn: &mut AnyConnection, search: &SearchToSave, email: &str) -> sqlx::Result<String> {
    let new = NewSavedSearch {
        user_id: None,
        email,
        query: &search.query,
        label: &search.label,
        frequency: search.frequency,
        confirmed: false,
    };
    let id = insert(conn, new).await?;
    let link = NewToken {
        purpose: Purpose::ConfirmSavedSearch,
        user_id: None,
        email,
        payload: id.to_string(),
        created_by: None,
    };
    tokens::create(conn, link).await
}

/// Stores a search; returns its id.
pub async fn insert(conn: &mut AnyConnection, new: NewSavedSearch<'_>) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    let confirmed_at = new.confirmed.then(|| now.clone());
    let id: i64 = sqlx::query(
        "INSERT INTO saved_searches (user_id, email, query, label, frequency, feed_key, confirmed_at, \
         last_digest_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(new.user_id)
    .bind(new.email)
    .bind(new.query)
    .bind(new.label)
    .bind(new.frequency.as_str())
    .bind(random_token())
    .bind(confirmed_at)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get(0)?;
    Ok(id)
}

pub async fn find(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<SavedSearch>> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE s.id = ").bind(Value::Int(id));
    sql.query_as().fetch_optional(conn).await
}

/// A confirmed search by the key of its feed.
pub async fn find_by_feed_key(conn: &mut AnyConnection, key: &str) -> sqlx::Result<Option<SavedSearch>> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE s.feed_key = ")
        .bind(Value::Text(key.into()))
        .push(" AND s.confirmed_at IS NOT NULL");
    sql.query_as().fetch_optional(conn).await
}

/// A candidate's searches, newest first.
pub async fn list_for_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Vec<SavedSearch>> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE s.user_id = ")
        .bind(Value::Int(user_id))
        .push(" ORDER BY s.id DESC");
    sql.query_as().fetch_all(conn).await
}

/// Deletes a candidate's search; false when it is not theirs or no longer exists.
pub async fn delete_for_user(conn: &mut AnyConnection, id: i64, user_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a search (unsubscribing from its alerts); false when it no longer exists.
pub async fn delete(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Confirms a visitor's search. Offers published before the confirmation are not alerted:
/// the clock of "new offers" starts now.
pub async fn confirm(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let done = sqlx::query(
        "UPDATE saved_searches SET confirmed_at = $1, created_at = $1, last_digest_at = $1 \
         WHERE id = $2 AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Joins to a candidate's account the searches confirmed with its address by a visitor: the
/// address was proven twice (the search's link, the account's), so they are the same person's.
/// Unconfirmed searches stay apart (anyone can type an address) and are forgotten on time.
/// Returns how many joined.
pub async fn join_account(conn: &mut AnyConnection, user_id: i64, email: &str) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE saved_searches SET user_id = $1 \
         WHERE user_id IS NULL AND confirmed_at IS NOT NULL AND LOWER(email) = $2",
    )
    .bind(user_id)
    .bind(email.to_lowercase())
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Forgets the visitors' searches never confirmed, once their link has expired: an address
/// that did not confirm is not kept. Returns how many.
pub async fn purge_unconfirmed(db: &Db, now: OffsetDateTime) -> sqlx::Result<u64> {
    let cutoff = now - Purpose::ConfirmSavedSearch.lifetime();
    let done = sqlx::query("DELETE FROM saved_searches WHERE confirmed_at IS NULL AND created_at < $1")
        .bind(instant_text(cutoff))
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// The confirmed searches whose alerts are due: every immediate one, and the weekly ones whose
/// last digest is a week old.
pub async fn due(db: &Db, now: OffsetDateTime) -> sqlx::Result<Vec<SavedSearch>> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE s.confirmed_at IS NOT NULL AND (s.frequency = 'immediate' OR s.last_digest_at <= ")
        .bind(Value::Text(instant_text(now - Duration::days(7))))
        .push(") ORDER BY s.id");
    sql.query_as().fetch_all(&db.pool).await
}

/// Of the offers matching a search (each with its distance around the search's place, in the
/// order the alert tells them), the first `limit` not yet alerted to it, loaded whole.
pub async fn unalerted_matches(
    db: &Db, search_id: i64, matches: &[(i64, Option<f64>)], limit: usize,
) -> sqlx::Result<Vec<(Offer, Option<f64>)>> {
    if matches.is_empty() {
        return Ok(Vec::new());
    }
    // A search's alerted offers, read in one query by its key: the matches' ids as parameters
    // would be as many, and bounded by the backends' limit on parameters.
    let alerted: HashSet<i64> = sqlx::query_as("SELECT fiche_id FROM saved_search_alerts WHERE saved_search_id = $1")
        .bind(search_id)
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|(id,): (i64,)| id)
        .collect();
    let fresh: Vec<(i64, Option<f64>)> = matches
        .iter()
        .filter(|(id, _)| !alerted.contains(id))
        .take(limit)
        .copied()
        .collect();
    let offers = by_ids(db, &fresh.iter().map(|(id, _)| *id).collect::<Vec<_>>()).await?;
    Ok(offers
        .into_iter()
        .map(|offer| {
            let km = fresh.iter().find(|(id, _)| *id == offer.id).and_then(|(_, km)| *km);
            (offer, km)
        })
        .collect())
}

/// Records that an offer is alerted to a search; false when it already was (by this run, an
/// earlier one, or another instance): the caller then sends nothing. The key of
/// `saved_search_alerts` decides, inside the caller's transaction.
pub async fn record_alert(conn: &mut AnyConnection, search_id: i64, fiche_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO saved_search_alerts (saved_search_id, fiche_id, sent_at) VALUES ($1, $2, $3) \
         ON CONFLICT (saved_search_id, fiche_id) DO NOTHING",
    )
    .bind(search_id)
    .bind(fiche_id)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Notes that a weekly digest went out (or had nothing to say) now.
pub async fn mark_digest(conn: &mut AnyConnection, search_id: i64, now: OffsetDateTime) -> sqlx::Result<()> {
    sqlx::query("UPDATE saved_searches SET last_digest_at = $1 WHERE id = $2")
        .bind(instant_text(now))
        .bind(search_id)
        .execute(conn)
        .await?;
    Ok(())
}
