//! The versions of a fiche as submitted for review, and the coordinators' remarks on them.

use time::OffsetDateTime;

use crate::db::{instant_text, parse_instant};
use crate::domain::fiche::FicheContent;

/// One submitted version of a fiche.
#[derive(Debug, Clone)]
pub struct Version {
    pub number: i64,
    pub at: OffsetDateTime,
    pub content: FicheContent,
}

/// Keeps the text as submitted; returns its number (1, 2, …).
pub async fn record_version(
    conn: &mut sqlx::AnyConnection, fiche_id: i64, content: &FicheContent, author_id: i64,
) -> sqlx::Result<i64> {
    let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM fiche_versions WHERE fiche_id = $1")
        .bind(fiche_id)
        .fetch_one(&mut *conn)
        .await?;
    let json = serde_json::to_string(content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query("INSERT INTO fiche_versions (fiche_id, number, content, author_id, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(fiche_id)
        .bind(number)
        .bind(json)
        .bind(author_id)
        .bind(instant_text(OffsetDateTime::now_utc()))
        .execute(conn)
        .await?;
    Ok(number)
}

pub async fn versions(conn: &mut sqlx::AnyConnection, fiche_id: i64) -> sqlx::Result<Vec<Version>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT number, at, content FROM fiche_versions WHERE fiche_id = $1 ORDER BY number")
            .bind(fiche_id)
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(number, at, content)| {
            Ok(Version {
                number,
                at: parse_instant(&at)?,
                content: serde_json::from_str(&content).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            })
        })
        .collect()
}

/// A coordinator's remark on one section of one version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Comment {
    pub version: i64,
    pub section: String,
    pub body: String,
    pub author_name: String,
    pub at: String,
}

pub async fn add_comment(
    conn: &mut sqlx::AnyConnection, fiche_id: i64, version: i64, section: &str, body: &str, author: (i64, &str),
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO fiche_comments (fiche_id, version, section, body, author_id, author_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(fiche_id)
    .bind(version)
    .bind(section)
    .bind(body)
    .bind(author.0)
    .bind(author.1)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn comments(conn: &mut sqlx::AnyConnection, fiche_id: i64) -> sqlx::Result<Vec<Comment>> {
    sqlx::query_as("SELECT version, section, body, author_name, at FROM fiche_comments WHERE fiche_id = $1 ORDER BY id")
        .bind(fiche_id)
        .fetch_all(conn)
        .await
}
