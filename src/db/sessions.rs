//! Server-side sessions, so that several instances share them. The cookie holds a random
//! token; the table holds its hash.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{instant_text, parse_instant};
use crate::secrets::{random_token, token_hash};

pub struct Session {
    pub token_hash: String,
    pub user_id: i64,
    /// False between the password and the second factor (or its enrolment).
    pub second_factor_done: bool,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

/// Opens a session and returns the token for the cookie.
pub async fn create(conn: &mut AnyConnection, user_id: i64, second_factor_done: bool) -> sqlx::Result<String> {
    let token = random_token();
    let now = instant_text(OffsetDateTime::now_utc());
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, second_factor_done, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $4, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(i64::from(second_factor_done))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(token)
}

pub async fn find(conn: &mut AnyConnection, token: &str) -> sqlx::Result<Option<Session>> {
    let row: Option<(String, i64, i64, String, String)> = sqlx::query_as(
        "SELECT token_hash, user_id, second_factor_done, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(conn)
    .await?;
    row.map(|(token_hash, user_id, done, created, seen)| {
        Ok(Session {
            token_hash,
            user_id,
            second_factor_done: done != 0,
            created_at: parse_instant(&created)?,
            last_seen_at: parse_instant(&seen)?,
        })
    })
    .transpose()
}

pub async fn touch(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user but one (after a password change), or all with `None`.
pub async fn delete_others(conn: &mut AnyConnection, user_id: i64, keep: Option<&str>) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(conn)
        .await?;
    Ok(())
}
