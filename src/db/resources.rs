//! The resource centre's documents and their files' versions (migration 0036). Every finder
//! takes the [`Readers`] it answers for, so that a staff-only or withdrawn resource is never
//! loaded for someone who may not see it. The sealed bytes are read only to send one file.

use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::instant_text;
use crate::domain::resource::{Readers, ResourceFields};

/// A resource as the pages show it, with its current file's format and size (none for a link).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Resource {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Space-separated codes.
    pub audiences: String,
    pub themes: String,
    /// YYYY-MM-DD.
    pub dated: String,
    pub visibility: String,
    pub link: String,
    pub withdrawn_at: Option<String>,
    pub updated_at: String,
    pub version: Option<i64>,
    pub media_type: Option<String>,
    pub size: Option<i64>,
}

/// One upload of a resource's file, without its bytes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Version {
    pub number: i64,
    pub media_type: String,
    pub size: i64,
    pub created_at: String,
}

/// A version's sealed file, to open and send.
pub struct SealedFile {
    pub media_type: String,
    pub key_id: String,
    pub sealed: Vec<u8>,
}

/// How far a query may see, as one number the SQL compares: 0 the public resources in line,
/// 1 every resource in line, 2 the withdrawn ones too.
fn level(readers: Readers) -> i64 {
    match readers {
        Readers::Public => 0,
        Readers::Staff => 1,
        Readers::Publisher => 2,
    }
}

const SELECT: &str = "SELECT r.id, r.slug, r.title, r.summary, r.audiences, r.themes, r.dated, r.visibility, \
     r.link, r.withdrawn_at, r.updated_at, v.number AS version, v.media_type, v.size \
     FROM resources r LEFT JOIN resource_versions v ON v.resource_id = r.id \
     AND v.number = (SELECT MAX(number) FROM resource_versions WHERE resource_id = r.id) \
     WHERE ($1 >= 2 OR r.withdrawn_at IS NULL) AND ($1 >= 1 OR r.visibility = 'public')";

/// The resources the readers may see, the most recent document first.
pub async fn list(conn: &mut AnyConnection, readers: Readers) -> sqlx::Result<Vec<Resource>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} ORDER BY r.dated DESC, r.id DESC"
    )))
    .bind(level(readers))
    .fetch_all(conn)
    .await
}

/// The resource at `slug`, if the readers may see it.
pub async fn find(conn: &mut AnyConnection, readers: Readers, slug: &str) -> sqlx::Result<Option<Resource>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} AND r.slug = $2")))
        .bind(level(readers))
        .bind(slug)
        .fetch_optional(conn)
        .await
}

/// The public resources in line, for the sitemap: (slug, last change).
pub async fn public_pages(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT slug, updated_at FROM resources WHERE visibility = 'public' AND withdrawn_at IS NULL \
         ORDER BY dated DESC, id DESC",
    )
    .fetch_all(conn)
    .await
}

pub async fn slug_taken(conn: &mut AnyConnection, slug: &str) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM resources WHERE slug = $1")
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Publishes a resource at `slug`; its file, if any, is added with [`add_version`].
pub async fn insert(
    conn: &mut AnyConnection, slug: &str, fields: &ResourceFields, user_id: Option<i64>,
) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    sqlx::query_scalar(
        "INSERT INTO resources (slug, title, summary, audiences, themes, dated, visibility, link, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(slug)
    .bind(&fields.title)
    .bind(&fields.summary)
    .bind(fields.audiences.join(" "))
    .bind(fields.themes.join(" "))
    .bind(fields.dated.to_string())
    .bind(fields.visibility.as_str())
    .bind(&fields.link)
    .bind(user_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Corrects what is said about a resource; its address (slug) stays, so links keep working.
pub async fn update(conn: &mut AnyConnection, id: i64, fields: &ResourceFields) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE resources SET title = $1, summary = $2, audiences = $3, themes = $4, dated = $5, visibility = $6, \
         link = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&fields.title)
    .bind(&fields.summary)
    .bind(fields.audiences.join(" "))
    .bind(fields.themes.join(" "))
    .bind(fields.dated.to_string())
    .bind(fields.visibility.as_str())
    .bind(&fields.link)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a file as the resource's new current version, keeping the older ones; its number.
pub async fn add_version(
    conn: &mut AnyConnection, resource_id: i64, media_type: &str, size: i64, key_id: &str, sealed: Vec<u8>,
) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO resource_versions (resource_id, number, media_type, size, key_id, sealed, created_at) \
         SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $4, $5, $6 FROM resource_versions WHERE resource_id = $1 \
         RETURNING number",
    )
    .bind(resource_id)
    .bind(media_type)
    .bind(size)
    .bind(key_id)
    .bind(sealed)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE resources SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(resource_id)
        .execute(conn)
        .await?;
    Ok(number)
}

/// The resource's versions, newest first.
pub async fn versions(conn: &mut AnyConnection, resource_id: i64) -> sqlx::Result<Vec<Version>> {
    sqlx::query_as(
        "SELECT number, media_type, size, created_at FROM resource_versions WHERE resource_id = $1 \
         ORDER BY number DESC",
    )
    .bind(resource_id)
    .fetch_all(conn)
    .await
}

/// One version's sealed file.
pub async fn file(conn: &mut AnyConnection, resource_id: i64, number: i64) -> sqlx::Result<Option<SealedFile>> {
    let row =
        sqlx::query("SELECT media_type, key_id, sealed FROM resource_versions WHERE resource_id = $1 AND number = $2")
            .bind(resource_id)
            .bind(number)
            .fetch_optional(conn)
            .await?;
    row.map(|row| {
        Ok(SealedFile {
            media_type: row.try_get("media_type")?,
            key_id: row.try_get("key_id")?,
            sealed: row.try_get("sealed")?,
        })
    })
    .transpose()
}

/// Withdraws a resource (`true`) or puts it back in line; whether it changed.
pub async fn set_withdrawn(conn: &mut AnyConnection, id: i64, withdrawn: bool) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let done = sqlx::query(
        "UPDATE resources SET withdrawn_at = CASE WHEN $1 = 1 THEN $2 ELSE NULL END, updated_at = $2 \
         WHERE id = $3 AND (withdrawn_at IS NULL) = ($1 = 1)",
    )
    .bind(i64::from(withdrawn))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
