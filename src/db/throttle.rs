//! Counting failed logins per key (an account's e-mail, an address) for the growing delay.

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::{instant_text, parse_instant};

/// Failures older than this are forgotten: the delay never becomes a lasting lock-out.
const FORGET_AFTER: Duration = Duration::hours(24);

/// The current count of failures and when the last one happened.
pub async fn failures(conn: &mut AnyConnection, key: &str) -> sqlx::Result<(u32, Option<OffsetDateTime>)> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT failures, last_failure_at FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(conn)
            .await?;
    match row {
        Some((count, last)) => {
            let last = parse_instant(&last)?;
            if OffsetDateTime::now_utc() - last > FORGET_AFTER {
                Ok((0, None))
            } else {
                Ok((u32::try_from(count).unwrap_or(u32::MAX), Some(last)))
            }
        }
        None => Ok((0, None)),
    }
}

pub async fn record_failure(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    let (count, _) = failures(&mut *conn, key).await?;
    sqlx::query(
        "INSERT INTO login_failures (throttle_key, failures, last_failure_at) VALUES ($1, $2, $3) \
         ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at",
    )
    .bind(key)
    .bind(i64::from(count) + 1)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}
