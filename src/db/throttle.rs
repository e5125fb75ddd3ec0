//! Counting login and second-factor attempts per key (an account's e-mail, a client's address,
//! a user's second factor) for the growing delay.
//!
//! An attempt is counted *before* the password or code is checked, by one conditional UPSERT
//! that both decides and counts: a request learns whether it may try in the same statement
//! that counts it, so parallel requests cannot all read "4 failures" and all try. A right
//! password or code then clears the account's count, or gives the address its attempt back.

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::{Sql, Value, instant_text, parse_instant};

/// Failures older than this are forgotten: the delay never becomes a lasting lock-out.
const FORGET_AFTER: Duration = Duration::hours(24);

/// The counts past which `delay` is no longer looked at: it must have stopped growing by then
/// (the login delay stops at fifteen minutes after nine failures).
const COUNTS_LOOKED_AT: u32 = 64;

/// The current count of attempts and when the last one happened, to say how long to wait.
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

/// Counts one attempt under `key` if the wait `delay(count)` (in seconds, after `count` counted
/// attempts) has passed since the last one, and says whether it was counted. A request that
/// gets `false` must not try: it was not counted, and did not push the wait further.
pub async fn attempt(conn: &mut AnyConnection, key: &str, delay: impl Fn(u32) -> u64) -> sqlx::Result<bool> {
    let now = OffsetDateTime::now_utc();
    let now_text = instant_text(now);
    let mut sql = Sql::new("INSERT INTO login_failures (throttle_key, failures, last_failure_at) VALUES (");
    sql.bind(Value::Text(key.to_string()))
        .push(", 1, ")
        .bind(Value::Text(now_text.clone()))
        .push(") ON CONFLICT (throttle_key) DO UPDATE SET failures = CASE WHEN login_failures.last_failure_at < ")
        .bind(Value::Text(instant_text(now - FORGET_AFTER)))
        .push(" THEN 1 ELSE login_failures.failures + 1 END, last_failure_at = ")
        .bind(Value::Text(now_text))
        .push(" WHERE login_failures.last_failure_at < ")
        .bind(Value::Text(instant_text(now - FORGET_AFTER)));
    // One condition per run of counts with the same wait: the row may be counted again when
    // its count is in the run and its last attempt is at least that wait ago.
    let mut from = 0;
    while from <= COUNTS_LOOKED_AT {
        let seconds = delay(from);
        let mut to = from + 1;
        while to <= COUNTS_LOOKED_AT && delay(to) == seconds {
            to += 1;
        }
        sql.push(" OR (login_failures.failures >= ")
            .bind(Value::Int(i64::from(from)));
        if to <= COUNTS_LOOKED_AT {
            sql.push(" AND login_failures.failures < ")
                .bind(Value::Int(i64::from(to)));
        }
        if seconds > 0 {
            let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
            sql.push(" AND login_failures.last_failure_at <= ")
                .bind(Value::Text(instant_text(now - Duration::seconds(seconds))));
        }
        sql.push(")");
        from = to;
    }
    sql.push(" RETURNING failures");
    let counted: Option<(i64,)> = sql.query_as().fetch_optional(conn).await?;
    Ok(counted.is_some())
}

/// Gives back an attempt that turned out to be right (or was not made after all): a shared
/// address is slowed down by failures only.
pub async fn give_back(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_failures SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0")
        .bind(key)
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
