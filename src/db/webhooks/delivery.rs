//! The sending side: which deliveries are due, claiming one attempt, recording what it met,
//! the establishment's log, and forgetting old attempts.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{CONTEXT, DELIVERED, DUE, GIVEN_UP};
use crate::db::instant_text;
use crate::documents::DocumentCipher;
use crate::domain::webhook;

/// The deliveries due at `now` and not held by a worker, oldest first. An address turned off
/// gets nothing more, not even what was already due (it may be turned off because it leaks);
/// turned on again, it gets what waited.
pub async fn due(conn: &mut AnyConnection, now: OffsetDateTime, limit: i64) -> sqlx::Result<Vec<i64>> {
    let now = instant_text(now);
    sqlx::query_scalar(
        "SELECT id FROM webhook_deliveries WHERE state = $1 AND next_attempt_at <= $2 \
         AND (claimed_until IS NULL OR claimed_until < $2) \
         AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE disabled_at IS NULL) \
         ORDER BY next_attempt_at, id LIMIT $3",
    )
    .bind(DUE)
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Claims one attempt of a delivery: of two workers, here or on another instance, exactly one
/// gets `true`, and the attempt is counted before it is made.
pub async fn claim(conn: &mut AnyConnection, id: i64, now: OffsetDateTime) -> sqlx::Result<bool> {
    let at = instant_text(now);
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET claimed_until = $1, attempts = attempts + 1 \
         WHERE id = $2 AND state = $3 AND next_attempt_at <= $4 AND (claimed_until IS NULL OR claimed_until < $4)",
    )
    .bind(instant_text(now + webhook::CLAIM))
    .bind(id)
    .bind(DUE)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A claimed delivery, with what sending it needs.
pub struct Claimed {
    pub id: i64,
    pub event_id: String,
    pub payload: String,
    pub attempts: i64,
    pub url: String,
    /// The endpoint's secret, opened; `Err` when it cannot be (a key gone).
    pub secret: Result<Vec<u8>, String>,
}

pub async fn claimed(conn: &mut AnyConnection, cipher: &DocumentCipher, id: i64) -> sqlx::Result<Option<Claimed>> {
    type Row = (String, String, i64, String, String, Vec<u8>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT d.event_id, d.payload, d.attempts, e.url, e.key_id, e.sealed_secret \
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(event_id, payload, attempts, url, key_id, sealed)| Claimed {
        id,
        event_id,
        payload,
        attempts,
        url,
        secret: cipher.open(&key_id, &sealed, CONTEXT).map_err(|e| e.to_string()),
    }))
}

/// What an attempt met: the receiver's status, or why there was none.
pub struct Outcome<'a> {
    pub status: Option<u16>,
    pub error: &'a str,
    /// The next attempt, or `None` when delivered or given up.
    pub next: Option<OffsetDateTime>,
    pub delivered: bool,
}

/// Logs an attempt and moves its delivery on: delivered, due again later, or given up.
pub async fn finish(conn: &mut AnyConnection, id: i64, now: OffsetDateTime, outcome: Outcome<'_>) -> sqlx::Result<()> {
    let state = match (outcome.delivered, outcome.next) {
        (true, _) => DELIVERED,
        (false, Some(_)) => DUE,
        (false, None) => GIVEN_UP,
    };
    let next = outcome.next.map(instant_text);
    sqlx::query(
        "UPDATE webhook_deliveries SET state = $1, next_attempt_at = COALESCE($2, next_attempt_at), \
         claimed_until = NULL WHERE id = $3",
    )
    .bind(state)
    .bind(next.as_deref())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(instant_text(now))
    .bind(outcome.status.map(i64::from))
    .bind(outcome.error)
    .bind(next)
    .execute(conn)
    .await?;
    Ok(())
}

/// One line of an establishment's delivery log.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attempt {
    pub endpoint_id: i64,
    pub event_id: String,
    pub kind: String,
    pub attempted_at: String,
    pub status_code: Option<i64>,
    pub error: String,
    pub next_attempt_at: Option<String>,
    pub state: String,
}

/// The last 50 attempts to an establishment's endpoints, newest first.
pub async fn log(conn: &mut AnyConnection, establishment_id: i64) -> sqlx::Result<Vec<Attempt>> {
    sqlx::query_as(
        "SELECT d.endpoint_id, d.event_id, d.kind, a.attempted_at, a.status_code, a.error, a.next_attempt_at, d.state \
         FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id \
         JOIN webhook_endpoints e ON e.id = d.endpoint_id \
         WHERE e.establishment_id = $1 ORDER BY a.attempted_at DESC, a.id DESC LIMIT 50",
    )
    .bind(establishment_id)
    .fetch_all(conn)
    .await
}

/// Forgets attempts older than `cutoff`, and the deliveries done (delivered or given up) made
/// before it. Returns how many rows went.
pub async fn purge_before(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> sqlx::Result<u64> {
    let cutoff = instant_text(cutoff);
    let attempts = sqlx::query("DELETE FROM webhook_attempts WHERE attempted_at < $1")
        .bind(&cutoff)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    sqlx::query(
        "DELETE FROM webhook_attempts WHERE delivery_id IN \
         (SELECT id FROM webhook_deliveries WHERE state <> $1 AND created_at < $2)",
    )
    .bind(DUE)
    .bind(&cutoff)
    .execute(&mut *conn)
    .await?;
    let deliveries = sqlx::query("DELETE FROM webhook_deliveries WHERE state <> $1 AND created_at < $2")
        .bind(DUE)
        .bind(&cutoff)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(attempts + deliveries)
}
