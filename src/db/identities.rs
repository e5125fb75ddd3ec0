//! OpenID Connect: which provider identity is which account (`user_identities`), the logins
//! sent to the provider and not yet back (`oidc_logins`), and the ID token a session keeps for
//! the provider's sign-out (migration 0033).

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::{instant_text, parse_instant};
use crate::documents::{DocumentCipher, Sealed};
use crate::secrets::token_hash;

/// How long a login may stay at the provider.
pub const LOGIN_LIFETIME: Duration = Duration::minutes(10);

/// A provider identity linked to an account.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user_id: i64,
    pub issuer: String,
    pub subject: String,
    pub siret: Option<String>,
    pub linked_at: OffsetDateTime,
}

type Row = (i64, String, String, Option<String>, String);

fn identity((user_id, issuer, subject, siret, linked_at): Row) -> sqlx::Result<Identity> {
    Ok(Identity {
        user_id,
        issuer,
        subject,
        siret,
        linked_at: parse_instant(&linked_at)?,
    })
}

pub async fn find(conn: &mut AnyConnection, issuer: &str, subject: &str) -> sqlx::Result<Option<Identity>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT user_id, issuer, subject, siret, linked_at FROM user_identities WHERE issuer = $1 AND subject = $2",
    )
    .bind(issuer)
    .bind(subject)
    .fetch_optional(conn)
    .await?;
    row.map(identity).transpose()
}

pub async fn of_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Vec<Identity>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT user_id, issuer, subject, siret, linked_at FROM user_identities WHERE user_id = $1 ORDER BY linked_at",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(identity).collect()
}

/// Links an identity to an account; false when the identity is already someone's.
pub async fn link(
    conn: &mut AnyConnection, user_id: i64, issuer: &str, subject: &str, siret: Option<&str>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO user_identities (user_id, issuer, subject, siret, linked_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (issuer, subject) DO NOTHING",
    )
    .bind(user_id)
    .bind(issuer)
    .bind(subject)
    .bind(siret)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Unlinks the account's identities of this issuer; how many there were.
pub async fn unlink(conn: &mut AnyConnection, user_id: i64, issuer: &str) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM user_identities WHERE user_id = $1 AND issuer = $2")
        .bind(user_id)
        .bind(issuer)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

const LOGIN_CONTEXT: &str = "oidc_login";

/// Keeps a login under way, found again by its `state` (stored hashed), the rest sealed.
pub async fn save_login(
    conn: &mut AnyConnection, cipher: &DocumentCipher, state: &str, payload: &[u8],
) -> sqlx::Result<()> {
    let now = OffsetDateTime::now_utc();
    // Logins never finished are forgotten here rather than by a job: each start sweeps them.
    sqlx::query("DELETE FROM oidc_logins WHERE created_at < $1")
        .bind(instant_text(now - LOGIN_LIFETIME))
        .execute(&mut *conn)
        .await?;
    let sealed = cipher.seal(payload, LOGIN_CONTEXT);
    sqlx::query("INSERT INTO oidc_logins (state_hash, key_id, sealed, created_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(state))
        .bind(sealed.key_id)
        .bind(sealed.bytes)
        .bind(instant_text(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the login of this `state` (it works once): its payload, unless unknown, already used,
/// expired or unreadable.
pub async fn take_login(
    conn: &mut AnyConnection, cipher: &DocumentCipher, state: &str,
) -> sqlx::Result<Option<Vec<u8>>> {
    let hash = token_hash(state);
    let row: Option<(String, Vec<u8>, String)> =
        sqlx::query_as("SELECT key_id, sealed, created_at FROM oidc_logins WHERE state_hash = $1")
            .bind(&hash)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((key_id, sealed, created_at)) = row else {
        return Ok(None);
    };
    let taken = sqlx::query("DELETE FROM oidc_logins WHERE state_hash = $1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    if taken.rows_affected() != 1 || parse_instant(&created_at)? + LOGIN_LIFETIME < OffsetDateTime::now_utc() {
        return Ok(None);
    }
    Ok(cipher.open(&key_id, &sealed, LOGIN_CONTEXT).ok())
}

const ID_TOKEN_CONTEXT: &str = "oidc_id_token";

/// Keeps the provider's ID token with the session, sealed, for the provider's sign-out.
pub async fn keep_id_token(
    conn: &mut AnyConnection, cipher: &DocumentCipher, session_hash: &str, id_token: &str,
) -> sqlx::Result<()> {
    let Sealed { key_id, bytes } = cipher.seal(id_token.as_bytes(), ID_TOKEN_CONTEXT);
    sqlx::query("UPDATE sessions SET id_token_key_id = $1, id_token_sealed = $2 WHERE token_hash = $3")
        .bind(key_id)
        .bind(bytes)
        .bind(session_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// The ID token a session was opened with, if it came from the provider.
pub async fn id_token(
    conn: &mut AnyConnection, cipher: &DocumentCipher, session_hash: &str,
) -> sqlx::Result<Option<String>> {
    let row: Option<(Option<String>, Option<Vec<u8>>)> =
        sqlx::query_as("SELECT id_token_key_id, id_token_sealed FROM sessions WHERE token_hash = $1")
            .bind(session_hash)
            .fetch_optional(conn)
            .await?;
    let Some((Some(key_id), Some(sealed))) = row else {
        return Ok(None);
    };
    Ok(cipher
        .open(&key_id, &sealed, ID_TOKEN_CONTEXT)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok()))
}

/// A new session of the same sign-in (after the second factor) keeps the old one's ID token.
pub async fn carry_id_token(conn: &mut AnyConnection, from_hash: &str, to_hash: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE sessions SET \
         id_token_key_id = (SELECT s.id_token_key_id FROM sessions s WHERE s.token_hash = $1), \
         id_token_sealed = (SELECT s.id_token_sealed FROM sessions s WHERE s.token_hash = $1) \
         WHERE token_hash = $2",
    )
    .bind(from_hash)
    .bind(to_hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every linked account of an issuer with its SIRET, for the admin's list of staff.
pub async fn linked(conn: &mut AnyConnection, issuer: &str) -> sqlx::Result<Vec<(i64, Option<String>)>> {
    sqlx::query_as("SELECT user_id, siret FROM user_identities WHERE issuer = $1 ORDER BY user_id")
        .bind(issuer)
        .fetch_all(conn)
        .await
}
