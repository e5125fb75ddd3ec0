//! A candidate's stored documents (« Mes documents »): every finder takes the owner, so that a
//! document is never found for anyone else. The sealed bytes are read only to open one.

use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::applications::StoredDocument;
use super::instant_text;
use crate::domain::application::stored_document::MAX_STORED_PER_KIND;

/// A stored document as the lists show it, without its content.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CandidateDocument {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub filename: String,
    pub size: i64,
    pub created_at: String,
}

/// The account's documents, newest first within each kind.
pub async fn list(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Vec<CandidateDocument>> {
    sqlx::query_as(
        "SELECT id, kind, name, filename, size, created_at FROM candidate_documents \
         WHERE user_id = $1 ORDER BY kind, id DESC",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn count(conn: &mut AnyConnection, user_id: i64, kind: &str) -> sqlx::Result<usize> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidate_documents WHERE user_id = $1 AND kind = $2")
        .bind(user_id)
        .bind(kind)
        .fetch_one(conn)
        .await?;
    Ok(usize::try_from(count).unwrap_or(usize::MAX))
}

/// One of the account's documents, sealed, with its name; `None` for someone else's.
pub async fn find(conn: &mut AnyConnection, user_id: i64, id: i64) -> sqlx::Result<Option<(String, StoredDocument)>> {
    let row = sqlx::query(
        "SELECT name, kind, filename, media_type, size, key_id, sealed FROM candidate_documents \
         WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let document = StoredDocument {
            kind: row.try_get("kind")?,
            filename: row.try_get("filename")?,
            media_type: row.try_get("media_type")?,
            size: row.try_get("size")?,
            key_id: row.try_get("key_id")?,
            sealed: row.try_get("sealed")?,
        };
        Ok((row.try_get("name")?, document))
    })
    .transpose()
}

/// Keeps a document under `name`, unless the account already keeps the most of its kind:
/// `false` then, and nothing is stored (the count is in the statement, so that two uploads at
/// once cannot make a sixth).
pub async fn insert(
    conn: &mut AnyConnection, user_id: i64, name: &str, document: &StoredDocument,
) -> sqlx::Result<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO candidate_documents (user_id, kind, name, filename, media_type, size, key_id, sealed, created_at) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 \
         WHERE (SELECT COUNT(*) FROM candidate_documents WHERE user_id = $1 AND kind = $2) < $10 \
         RETURNING id",
    )
    .bind(user_id)
    .bind(&document.kind)
    .bind(name)
    .bind(&document.filename)
    .bind(&document.media_type)
    .bind(document.size)
    .bind(&document.key_id)
    .bind(document.sealed.clone())
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(MAX_STORED_PER_KIND as i64)
    .fetch_optional(conn)
    .await?;
    row.map(|row| row.try_get(0)).transpose()
}

pub async fn rename(conn: &mut AnyConnection, user_id: i64, id: i64, name: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE candidate_documents SET name = $1 WHERE id = $2 AND user_id = $3")
        .bind(name)
        .bind(id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Erases one of the account's documents; the copies sent with applications stay theirs.
pub async fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM candidate_documents WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets every document of an account (its erasure; the foreign key would too, this says it).
pub async fn delete_all(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM candidate_documents WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
