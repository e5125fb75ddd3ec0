//! What is left to check on a fiche (issue 21): its fields to verify, and the lines of an
//! imported document not placed in any field. Saved with the text by
//! [`update_content`](super::update_content); set or cleared on their own here.

use crate::domain::fiche::verify::ToVerify;

/// Flags these fields of a fiche just stored (a new fiche's template suggestions).
pub async fn mark_to_verify(conn: &mut sqlx::AnyConnection, id: i64, fields: &ToVerify) -> sqlx::Result<()> {
    sqlx::query("UPDATE fiches SET to_verify = $1 WHERE id = $2")
        .bind(fields.to_json())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets an import's unplaced lines, once the recruiter used them. The text is not changed,
/// so the version stays: a form open in another tab still saves.
pub async fn dismiss_unplaced(conn: &mut sqlx::AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE fiches SET import_unplaced = '' WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
