//! The CCOMS's corrections and additions to the glossary (migration 0027); the code's list is
//! `domain::glossary`. A handful of rows, read whole by each page that explains terms.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{Db, instant_text};
use crate::domain::glossary::Glossary;

/// The (term, meaning) rows, in no order.
pub async fn overrides(db: &Db) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT term, meaning FROM glossary_terms")
        .fetch_all(&db.pool)
        .await
}

/// The glossary as the pages read it now.
pub async fn current(db: &Db) -> sqlx::Result<Glossary> {
    Ok(Glossary::with_overrides(overrides(db).await?))
}

/// Writes a term's meaning, replacing the CCOMS's earlier one for the same spelling.
pub async fn save(conn: &mut AnyConnection, term: &str, meaning: &str, user_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO glossary_terms (term, meaning, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (term) DO UPDATE SET meaning = excluded.meaning, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(term)
    .bind(meaning)
    .bind(user_id)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the CCOMS's row for a term: the code's meaning applies again, or an added term goes.
/// Whether there was one.
pub async fn remove(conn: &mut AnyConnection, term: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM glossary_terms WHERE term = $1")
        .bind(term)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
