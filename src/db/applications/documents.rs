//! The application's sealed documents, and the files kept from a refused form (drafts).

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AssertSqlSafe, Transaction};
use time::OffsetDateTime;

use crate::db::instant_text;
use crate::documents::DocumentType;

/// A document as stored: sealed, with what is needed to open and name it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredDocument {
    pub kind: String,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub key_id: String,
    pub sealed: Vec<u8>,
}

/// The columns of a [`StoredDocument`], in both tables that keep them, in the order
/// [`StoredDocument::bind`] binds them.
const STORED_COLUMNS: &str = "kind, filename, media_type, size, key_id, sealed";

impl StoredDocument {
    pub fn document_type(&self) -> Option<DocumentType> {
        DocumentType::parse(&self.media_type)
    }

    /// Binds the next placeholders to [`STORED_COLUMNS`].
    fn bind<'q>(&'q self, query: Query<'q, Any, AnyArguments>) -> Query<'q, Any, AnyArguments> {
        query
            .bind(&self.kind)
            .bind(&self.filename)
            .bind(&self.media_type)
            .bind(self.size)
            .bind(&self.key_id)
            .bind(self.sealed.clone())
    }
}

/// The document of a kind kept in `table` for `owner` (its `owner_column`).
async fn find_stored<'q, K>(
    conn: &mut AnyConnection, (table, owner_column): (&str, &str), owner: K, kind: &'q str,
) -> sqlx::Result<Option<StoredDocument>>
where
    K: 'q + sqlx::Encode<'q, Any> + sqlx::Type<Any> + Send,
{
    // The table and column are this module's constants, never input.
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {STORED_COLUMNS} FROM {table} WHERE {owner_column} = $1 AND kind = $2"
    )))
    .bind(owner)
    .bind(kind)
    .fetch_optional(conn)
    .await
}

pub async fn insert_document(
    tx: &mut Transaction<'_, Any>, application_id: i64, document: &StoredDocument,
) -> sqlx::Result<()> {
    let query = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO application_documents (application_id, {STORED_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )));
    document.bind(query.bind(application_id)).execute(&mut **tx).await?;
    Ok(())
}

/// The documents' names and sizes, without their content.
pub async fn documents(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as("SELECT kind, filename, size FROM application_documents WHERE application_id = $1 ORDER BY kind")
        .bind(application_id)
        .fetch_all(conn)
        .await
}

pub async fn document(
    conn: &mut AnyConnection, application_id: i64, kind: &str,
) -> sqlx::Result<Option<StoredDocument>> {
    find_stored(conn, ("application_documents", "application_id"), application_id, kind).await
}

/// Keeps a file received with a refused form, under the token the form will send back: one file
/// per token and kind, a newer file of the same kind replacing the one kept (the form may be
/// refused several times, each time with new files).
pub async fn save_draft(conn: &mut AnyConnection, token_hash: &str, document: &StoredDocument) -> sqlx::Result<()> {
    let query = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO upload_drafts (token_hash, {STORED_COLUMNS}, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (token_hash, kind) DO UPDATE SET filename = excluded.filename, \
         media_type = excluded.media_type, size = excluded.size, key_id = excluded.key_id, \
         sealed = excluded.sealed, created_at = excluded.created_at"
    )));
    document
        .bind(query.bind(token_hash))
        .bind(instant_text(OffsetDateTime::now_utc()))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_draft(
    conn: &mut AnyConnection, token_hash: &str, kind: &str,
) -> sqlx::Result<Option<StoredDocument>> {
    find_stored(conn, ("upload_drafts", "token_hash"), token_hash, kind).await
}

pub async fn delete_draft(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM upload_drafts WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn purge_drafts_before(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM upload_drafts WHERE created_at < $1")
        .bind(instant_text(cutoff))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

// --- Key rotation --------------------------------------------------------------------------

/// A document sealed with another key than the current one (`msp documents reseal`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaleDocument {
    pub id: i64,
    pub kind: String,
    pub key_id: String,
    pub sealed: Vec<u8>,
}

/// The tables that keep sealed documents (an application's, a candidate's « Mes documents »),
/// with the same columns and the same sealing contexts: what a key rotation re-seals.
pub const SEALED_TABLES: [&str; 2] = ["application_documents", "candidate_documents"];

/// The documents of one of [`SEALED_TABLES`] sealed with another key than the current one.
pub async fn sealed_with_other_key(
    conn: &mut AnyConnection, table: &'static str, current_key_id: &str,
) -> sqlx::Result<Vec<StaleDocument>> {
    // The table is one of this module's constants, never input.
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT id, kind, key_id, sealed FROM {table} WHERE key_id <> $1"
    )))
    .bind(current_key_id)
    .fetch_all(conn)
    .await
}

/// Replaces a document's seal, unless it was re-sealed since it was read with `old_key_id`.
pub async fn replace_seal(
    conn: &mut AnyConnection, table: &'static str, id: i64, old_key_id: &str, resealed: crate::documents::Sealed,
) -> sqlx::Result<()> {
    sqlx::query(AssertSqlSafe(format!(
        "UPDATE {table} SET key_id = $1, sealed = $2 WHERE id = $3 AND key_id = $4"
    )))
    .bind(resealed.key_id)
    .bind(resealed.bytes)
    .bind(id)
    .bind(old_key_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Drops the files kept from refused forms that are sealed with another key than the current
/// one (retention keeps them a day at most; they are dropped rather than re-sealed).
pub async fn delete_drafts_sealed_with_other_key(conn: &mut AnyConnection, current_key_id: &str) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM upload_drafts WHERE key_id <> $1")
        .bind(current_key_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
