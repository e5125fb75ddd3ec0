//! The documents a request carries, as its call asks for them.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::push_request_scope;
use crate::db::{Sql, Value, instant_text};
use crate::domain::policy::FundingScope;

/// A document's description, without its content.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Document {
    pub id: i64,
    pub request_id: i64,
    pub requirement: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

pub struct NewDocument<'a> {
    pub requirement: &'a str,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub content: &'a [u8],
}

pub async fn insert_document(
    conn: &mut AnyConnection, request_id: i64, new: &NewDocument<'_>, uploaded_by: Option<i64>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO funding_documents (request_id, requirement, file_name, media_type, size_bytes, content, \
         uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(request_id)
    .bind(new.requirement)
    .bind(new.file_name)
    .bind(new.media_type)
    .bind(new.content.len() as i64)
    .bind(new.content.to_vec())
    .bind(uploaded_by)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .fetch_one(conn)
    .await
}

pub async fn documents(conn: &mut AnyConnection, request_id: i64) -> sqlx::Result<Vec<Document>> {
    sqlx::query_as(
        "SELECT id, request_id, requirement, file_name, media_type, size_bytes FROM funding_documents \
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await
}

/// A document with its content, if its request is in the scope.
pub async fn document_content(
    conn: &mut AnyConnection, id: i64, scope: &FundingScope,
) -> sqlx::Result<Option<(Document, Vec<u8>)>> {
    let mut sql = Sql::new(
        "SELECT d.id, d.request_id, d.requirement, d.file_name, d.media_type, d.size_bytes \
         FROM funding_documents d JOIN funding_requests r ON r.id = d.request_id WHERE d.id = ",
    );
    sql.bind(Value::Int(id));
    push_request_scope(&mut sql, scope);
    let Some(document): Option<Document> = sql.query_as().fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM funding_documents WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(Some((document, content)))
}

/// Removes a document of a request; false when it is not that request's.
pub async fn delete_document(conn: &mut AnyConnection, request_id: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM funding_documents WHERE id = $1 AND request_id = $2")
        .bind(id)
        .bind(request_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
