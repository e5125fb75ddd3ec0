//! Requirement warnings a coordinator accepted, each with its reason, for one warned text.

use time::OffsetDateTime;

use crate::db::instant_text;

/// An accepted warning: the fingerprint of the text it was given for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Acceptance {
    pub fingerprint: String,
    pub reason: String,
    pub user_name: String,
    pub at: String,
}

/// Records the acceptance; accepting the same text twice keeps the first reason.
pub async fn accept_warning(
    conn: &mut sqlx::AnyConnection, fiche_id: i64, fingerprint: &str, reason: &str, user: (i64, &str),
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO fiche_warning_acceptances (fiche_id, fingerprint, reason, user_id, user_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (fiche_id, fingerprint) DO NOTHING",
    )
    .bind(fiche_id)
    .bind(fingerprint)
    .bind(reason)
    .bind(user.0)
    .bind(user.1)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn acceptances(conn: &mut sqlx::AnyConnection, fiche_id: i64) -> sqlx::Result<Vec<Acceptance>> {
    sqlx::query_as(
        "SELECT fingerprint, reason, user_name, at FROM fiche_warning_acceptances WHERE fiche_id = $1 ORDER BY id",
    )
    .bind(fiche_id)
    .fetch_all(conn)
    .await
}
