//! Merging two establishments that are one (issue 22): every row that names the merged one is
//! moved to the one kept, then the merged one is deleted, in one transaction.
//!
//! What names an establishment is listed here once: the columns that reference
//! `establishments (id)`, and the references the schema cannot declare (a recruiter's scope, an
//! establishment's calendar feed, a pending invitation's scopes). A test walks the schema's
//! foreign keys and every `establishment_id` column and fails when one is missing here.

use serde_json::Value as Json;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::domain::establishment::Merge;

/// Every (table, column) holding an establishment's id, moved as it is. `events` is not a
/// foreign key (the log outlives what it tells), but names the establishment all the same.
pub const MOVED_COLUMNS: [(&str, &str); 12] = [
    ("fiches", "establishment_id"),
    ("post_projects", "establishment_id"),
    ("applications", "establishment_id"),
    ("mail_templates", "establishment_id"),
    ("msp_records", "establishment_id"),
    ("funding_requests", "establishment_id"),
    ("subsidies", "establishment_id"),
    ("team_requests", "establishment_id"),
    ("talent_pool_invitations", "establishment_id"),
    ("events", "establishment_id"),
    ("api_keys", "establishment_id"),
    ("webhook_endpoints", "establishment_id"),
];

/// The references the schema does not declare, as (table, column, which rows): each has its
/// own statement in [`merge`].
pub const OTHER_REFERENCES: [(&str, &str, &str); 3] = [
    ("user_scopes", "value", "kind = 'establishment' (the id as text)"),
    ("calendar_feeds", "target_id", "kind = 'etablissement'"),
    ("one_time_tokens", "payload", "a pending invitation's scopes (JSON)"),
];

/// How many rows of each table name the merged establishment: what the preview shows.
pub async fn counts(conn: &mut AnyConnection, merged: i64) -> sqlx::Result<Vec<(&'static str, i64)>> {
    let mut counts = Vec::new();
    for (table, column) in MOVED_COLUMNS {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
        let (n,): (i64,) = sqlx::query_as(AssertSqlSafe(sql))
            .bind(merged)
            .fetch_one(&mut *conn)
            .await?;
        counts.push((table, n));
    }
    let (scopes,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM user_scopes WHERE kind = 'establishment' AND value = $1")
            .bind(merged.to_string())
            .fetch_one(&mut *conn)
            .await?;
    counts.push(("user_scopes", scopes));
    let (feeds,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM calendar_feeds WHERE kind = 'etablissement' AND target_id = $1")
            .bind(merged)
            .fetch_one(&mut *conn)
            .await?;
    counts.push(("calendar_feeds", feeds));
    let invitations = pending_invitations(conn).await?;
    let naming = invitations
        .iter()
        .filter(|(_, payload)| with_scope_moved(payload, merged, merged).is_some())
        .count();
    counts.push(("one_time_tokens", i64::try_from(naming).unwrap_or(i64::MAX)));
    Ok(counts)
}

/// Moves everything that names `merge.merged` to `merge.kept`, deletes the merged one, and
/// gives the kept one the merged one's SIRET or FINESS where it has none. `false` when either
/// no longer exists (nothing is changed then). Call it in a transaction.
pub async fn merge(conn: &mut AnyConnection, merge: Merge) -> sqlx::Result<bool> {
    let Merge { kept, merged } = merge;
    let both: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM establishments WHERE id IN ($1, $2)")
        .bind(kept)
        .bind(merged)
        .fetch_one(&mut *conn)
        .await?;
    if both.0 != 2 || kept == merged {
        return Ok(false);
    }
    // A decision e-mail of a kind the kept one has already written is the kept one's.
    sqlx::query(
        "DELETE FROM mail_templates WHERE establishment_id = $1 \
         AND kind IN (SELECT kind FROM mail_templates WHERE establishment_id = $2)",
    )
    .bind(merged)
    .bind(kept)
    .execute(&mut *conn)
    .await?;
    for (table, column) in MOVED_COLUMNS {
        let sql = format!("UPDATE {table} SET {column} = $1 WHERE {column} = $2");
        sqlx::query(AssertSqlSafe(sql))
            .bind(kept)
            .bind(merged)
            .execute(&mut *conn)
            .await?;
    }
    move_scopes(conn, kept, merged).await?;
    sqlx::query("UPDATE calendar_feeds SET target_id = $1 WHERE kind = 'etablissement' AND target_id = $2")
        .bind(kept)
        .bind(merged)
        .execute(&mut *conn)
        .await?;
    for (token_hash, payload) in pending_invitations(conn).await? {
        if let Some(moved) = with_scope_moved(&payload, merged, kept) {
            sqlx::query("UPDATE one_time_tokens SET payload = $1 WHERE token_hash = $2")
                .bind(moved)
                .bind(token_hash)
                .execute(&mut *conn)
                .await?;
        }
    }
    let identity: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT siret, finess FROM establishments WHERE id = $1")
            .bind(merged)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query("DELETE FROM establishments WHERE id = $1")
        .bind(merged)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE establishments SET siret = COALESCE(siret, $1), finess = COALESCE(finess, $2) WHERE id = $3")
        .bind(identity.0)
        .bind(identity.1)
        .bind(kept)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// A recruiter of both keeps one scope; the others' scope now names the kept one.
async fn move_scopes(conn: &mut AnyConnection, kept: i64, merged: i64) -> sqlx::Result<()> {
    let (kept, merged) = (kept.to_string(), merged.to_string());
    sqlx::query(
        "DELETE FROM user_scopes WHERE kind = 'establishment' AND value = $1 AND user_id IN \
         (SELECT user_id FROM user_scopes WHERE kind = 'establishment' AND value = $2)",
    )
    .bind(&merged)
    .bind(&kept)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE user_scopes SET value = $1 WHERE kind = 'establishment' AND value = $2")
        .bind(&kept)
        .bind(&merged)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// (token hash, payload) of the invitations not yet used, expired ones too: an old link must
/// not come back naming an establishment that no longer exists.
async fn pending_invitations(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT token_hash, payload FROM one_time_tokens WHERE purpose = 'invitation' AND used_at IS NULL")
        .fetch_all(conn)
        .await
}

/// The invitation's payload (`accounts::Grant` as JSON: `{"role", "scopes": [[kind, value]]}`)
/// with its establishment scope `from` named `to`, the scopes kept unique; `None` when it does
/// not name `from`.
fn with_scope_moved(payload: &str, from: i64, to: i64) -> Option<String> {
    let mut grant: Json = serde_json::from_str(payload).ok()?;
    let scopes = grant.get_mut("scopes")?.as_array_mut()?;
    let is = |scope: &Json, id: i64| {
        scope.get(0).and_then(Json::as_str) == Some("establishment")
            && scope.get(1).and_then(Json::as_str) == Some(id.to_string().as_str())
    };
    if !scopes.iter().any(|s| is(s, from)) {
        return None;
    }
    let already = scopes.iter().any(|s| is(s, to));
    scopes.retain(|s| !is(s, from));
    if !already {
        scopes.push(serde_json::json!(["establishment", to.to_string()]));
    }
    serde_json::to_string(&grant).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitations_scope_moves_once_and_others_are_untouched() {
        let payload = r#"{"role":"recruiter","scopes":[["establishment","5"],["establishment","7"]]}"#;
        let moved: Json = serde_json::from_str(&with_scope_moved(payload, 5, 3).unwrap()).unwrap();
        assert_eq!(
            moved["scopes"],
            serde_json::json!([["establishment", "7"], ["establishment", "3"]])
        );
        let both = with_scope_moved(payload, 5, 7).unwrap();
        assert_eq!(
            serde_json::from_str::<Json>(&both).unwrap()["scopes"],
            serde_json::json!([["establishment", "7"]])
        );
        assert_eq!(with_scope_moved(payload, 9, 3), None);
        assert_eq!(with_scope_moved(r#"{"role":"admin","scopes":[]}"#, 5, 3), None);
    }
}
