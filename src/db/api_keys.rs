//! Establishments' API keys: only their hash is stored; a recruiter's queries only ever see the
//! keys of their establishments, and a presented key is found by its hash alone.

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::{Sql, Value, instant_text, parse_instant};
use crate::domain::api_key::{KeyRequest, Scopes};

/// A key as the key page lists it.
#[derive(Debug, Clone)]
pub struct KeyListing {
    pub id: i64,
    pub public_id: String,
    pub label: String,
    pub scopes: Scopes,
    pub establishment_name: String,
    /// The creator's name; empty once their account was erased.
    pub creator: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    id: i64,
    public_id: String,
    label: String,
    scopes: String,
    establishment_name: String,
    creator: Option<String>,
    created_at: String,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
}

impl TryFrom<ListingRow> for KeyListing {
    type Error = sqlx::Error;

    fn try_from(row: ListingRow) -> sqlx::Result<KeyListing> {
        Ok(KeyListing {
            id: row.id,
            public_id: row.public_id,
            label: row.label,
            scopes: Scopes::parse(&row.scopes),
            establishment_name: row.establishment_name,
            creator: row.creator.unwrap_or_default(),
            created_at: parse_instant(&row.created_at)?,
            last_used_at: row.last_used_at.as_deref().map(parse_instant).transpose()?,
            revoked_at: row.revoked_at.as_deref().map(parse_instant).transpose()?,
        })
    }
}

/// A key that authenticates: not revoked, with who made it (the audit log's actor for its reads).
#[derive(Debug, Clone)]
pub struct ActiveKey {
    pub id: i64,
    pub public_id: String,
    pub establishment_id: i64,
    pub scopes: Scopes,
    pub created_by: Option<i64>,
    /// The creator's e-mail as the audit log names actors; a placeholder once erased.
    pub creator_email: String,
    pub last_used_at: Option<OffsetDateTime>,
}

#[derive(sqlx::FromRow)]
struct ActiveRow {
    id: i64,
    public_id: String,
    establishment_id: i64,
    scopes: String,
    created_by: Option<i64>,
    creator_email: Option<String>,
    last_used_at: Option<String>,
}

/// Stores a new key's hash, never the key.
pub async fn insert(
    conn: &mut AnyConnection, request: &KeyRequest, public_id: &str, key_hash: &str, created_by: i64,
    now: OffsetDateTime,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO api_keys (establishment_id, public_id, key_hash, label, scopes, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(request.establishment_id)
    .bind(public_id)
    .bind(key_hash)
    .bind(&request.label)
    .bind(request.scopes.to_text())
    .bind(created_by)
    .bind(instant_text(now))
    .fetch_one(conn)
    .await
}

/// The keys of these establishments, newest first, revoked ones included (the list is their
/// history too).
pub async fn list(conn: &mut AnyConnection, establishments: &[i64]) -> sqlx::Result<Vec<KeyListing>> {
    let mut sql = Sql::new(
        "SELECT k.id, k.public_id, k.label, k.scopes, e.name AS establishment_name, \
         u.display_name AS creator, k.created_at, k.last_used_at, k.revoked_at \
         FROM api_keys k JOIN establishments e ON e.id = k.establishment_id \
         LEFT JOIN users u ON u.id = k.created_by WHERE 1 = 1",
    );
    sql.push_one_of(
        "k.establishment_id",
        establishments.iter().map(|id| Value::Int(*id)).collect(),
    );
    sql.push(" ORDER BY k.id DESC");
    sql.fetch_all_as::<ListingRow, _>(conn).await
}

/// Revokes a key of these establishments; false when it is unknown, another's, or already
/// revoked (revoking twice changes nothing).
pub async fn revoke(
    conn: &mut AnyConnection, id: i64, establishments: &[i64], by: i64, now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let mut sql = Sql::new("UPDATE api_keys SET revoked_at = ");
    sql.bind(Value::Text(instant_text(now)))
        .push(", revoked_by = ")
        .bind(Value::Int(by))
        .push(" WHERE revoked_at IS NULL AND id = ")
        .bind(Value::Int(id));
    sql.push_one_of(
        "establishment_id",
        establishments.iter().map(|id| Value::Int(*id)).collect(),
    );
    Ok(sql.query().execute(conn).await?.rows_affected() == 1)
}

/// The key with this hash, unless revoked.
pub async fn find_active(conn: &mut AnyConnection, key_hash: &str) -> sqlx::Result<Option<ActiveKey>> {
    let row: Option<ActiveRow> = sqlx::query_as(
        "SELECT k.id, k.public_id, k.establishment_id, k.scopes, k.created_by, \
         u.email AS creator_email, k.last_used_at \
         FROM api_keys k LEFT JOIN users u ON u.id = k.created_by \
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
    )
    .bind(key_hash)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(ActiveKey {
            id: row.id,
            public_id: row.public_id,
            establishment_id: row.establishment_id,
            scopes: Scopes::parse(&row.scopes),
            created_by: row.created_by,
            creator_email: row.creator_email.unwrap_or_else(|| "(compte effacé)".into()),
            last_used_at: row.last_used_at.as_deref().map(parse_instant).transpose()?,
        })
    })
    .transpose()
}

/// How often "last used" is written: a key used in a loop would otherwise write on every call.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Records that the key was used, at most once per [`TOUCH_EVERY`].
pub async fn touch(conn: &mut AnyConnection, key: &ActiveKey, now: OffsetDateTime) -> sqlx::Result<()> {
    if key.last_used_at.is_some_and(|at| now - at < TOUCH_EVERY) {
        return Ok(());
    }
    sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
        .bind(instant_text(now))
        .bind(key.id)
        .execute(conn)
        .await?;
    Ok(())
}
