//! Users, their scopes, and what authentication stores about them.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{corrupt, instant_text};
use crate::domain::account::{Email, Scope, User};
use crate::domain::role::{Role, ScopeKind};

mod second_factor;
pub use second_factor::{StoredTotp, TotpResealed, reseal_totp, seal_totp_secrets, set_totp_secret};

/// What logging in needs beyond the user: secrets that never leave this layer's callers.
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
    /// The second factor's secret, still sealed: opened only where a code is checked.
    pub totp: Option<StoredTotp>,
}

pub struct NewUser<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: Option<String>,
    pub email_verified: bool,
    pub scopes: &'a [Scope],
}

pub async fn insert(conn: &mut AnyConnection, new: NewUser<'_>) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, display_name, role, password_hash, email_verified_at, created_at, last_active_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(new.email.as_str())
    .bind(new.display_name)
    .bind(new.role.as_str())
    .bind(new.password_hash)
    .bind(new.email_verified.then(|| now.clone()))
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    for scope in new.scopes {
        sqlx::query("INSERT INTO user_scopes (user_id, kind, value) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(scope.kind.as_str())
            .bind(&scope.value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    password_hash: Option<String>,
    email_verified_at: Option<String>,
    totp_secret: Option<String>,
    totp_key_id: Option<String>,
    totp_sealed: Option<Vec<u8>>,
}

const SELECT_USER: &str = "SELECT id, email, display_name, role, password_hash, email_verified_at, \
     totp_secret, totp_key_id, totp_sealed FROM users";

async fn load(conn: &mut AnyConnection, row: UserRow) -> sqlx::Result<Credentials> {
    let scopes: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, value FROM user_scopes WHERE user_id = $1 ORDER BY kind, value")
            .bind(row.id)
            .fetch_all(&mut *conn)
            .await?;
    let scopes = scopes
        .into_iter()
        .map(|(kind, value)| {
            Ok(Scope {
                kind: ScopeKind::parse(&kind).ok_or_else(|| corrupt("portée"))?,
                value,
            })
        })
        .collect::<sqlx::Result<_>>()?;
    let totp = StoredTotp::from_columns(row.totp_secret, row.totp_key_id, row.totp_sealed);
    Ok(Credentials {
        user: User {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: Role::parse(&row.role).ok_or_else(|| corrupt("rôle"))?,
            scopes,
            email_verified: row.email_verified_at.is_some(),
            totp_enabled: totp.is_some(),
        },
        password_hash: row.password_hash,
        totp,
    })
}

pub async fn find_by_email(conn: &mut AnyConnection, email: &Email) -> sqlx::Result<Option<Credentials>> {
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_USER} WHERE email = $1")))
        .bind(email.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Some(load(conn, row).await?)),
        None => Ok(None),
    }
}

pub async fn find(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Credentials>> {
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_USER} WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Some(load(conn, row).await?)),
        None => Ok(None),
    }
}

/// Every user, for the administration page (no secrets).
/// Staff accounts only: who is a candidate is itself health data, which account administration
/// does not need.
pub async fn list_staff(conn: &mut AnyConnection) -> sqlx::Result<Vec<User>> {
    let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_USER} WHERE role <> 'candidate' ORDER BY role, email"
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        users.push(load(conn, row).await?.user);
    }
    Ok(users)
}

pub async fn count_candidates(conn: &mut AnyConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'candidate'")
        .fetch_one(conn)
        .await
}

pub async fn set_password(conn: &mut AnyConnection, id: i64, password_hash: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn mark_email_verified(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    // Already verified: the first date stays.
    super::stamp_once(conn, "users", "email_verified_at", id).await?;
    Ok(())
}

/// Records that a code of this time step was used; false when that step (or a later one) was
/// already used, even by another instance: a code works once.
pub async fn use_totp_step(conn: &mut AnyConnection, id: i64, step: u64) -> sqlx::Result<bool> {
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let done = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn touch(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET last_active_at = $1 WHERE id = $2")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces a user's recovery codes by the hashes of new ones.
pub async fn replace_recovery_codes(conn: &mut AnyConnection, id: i64, hashes: &[String]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(id)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Spends a recovery code; false when it does not exist or was spent.
pub async fn use_recovery_code(conn: &mut AnyConnection, id: i64, code_hash: &str) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(instant_text(OffsetDateTime::now_utc()))
            .bind(id)
            .bind(code_hash)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Turns the second factor off (its secret and last step forgotten).
pub async fn clear_totp(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_key_id = NULL, totp_sealed = NULL, totp_last_step = NULL WHERE id = $1",
    )
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes an account; what referred to it is erased or detached by the caller beforehand.
pub async fn delete(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A candidate's account as the retention job reads it.
#[derive(sqlx::FromRow)]
pub struct CandidateActivity {
    pub id: i64,
    pub email: String,
    pub last_active_at: String,
    pub inactivity_warned_at: Option<String>,
}

/// Every candidate's account with its last activity and inactivity warning, by id.
pub async fn candidate_activity(conn: &mut AnyConnection) -> sqlx::Result<Vec<CandidateActivity>> {
    sqlx::query_as(
        "SELECT id, email, last_active_at, inactivity_warned_at FROM users WHERE role = 'candidate' ORDER BY id",
    )
    .fetch_all(conn)
    .await
}

/// Records that the inactivity warning is sent now; false when another instance already did it
/// for this period of inactivity (only the winner sends it).
pub async fn claim_inactivity_warning(conn: &mut AnyConnection, id: i64, now: OffsetDateTime) -> sqlx::Result<bool> {
    let won = sqlx::query(
        "UPDATE users SET inactivity_warned_at = $1 WHERE id = $2 \
         AND (inactivity_warned_at IS NULL OR inactivity_warned_at < last_active_at)",
    )
    .bind(instant_text(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(won.rows_affected() == 1)
}

/// A candidate account's last activity, read again inside the transaction that would delete it.
pub async fn candidate_last_active(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT last_active_at FROM users WHERE id = $1 AND role = 'candidate'")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Gives an account one more scope (a recruiter another establishment); nothing when it has it.
pub async fn add_scope(conn: &mut AnyConnection, user_id: i64, scope: &Scope) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO user_scopes (user_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT (user_id, kind, value) DO NOTHING",
    )
    .bind(user_id)
    .bind(scope.kind.as_str())
    .bind(&scope.value)
    .execute(conn)
    .await?;
    Ok(())
}
