//! The audit log: append-only rows, written in the same transaction as the read or change they
//! record. Only the retention job deletes, by age, and one update is allowed (a trigger refuses
//! any other, migration 0010): erasure replaces the person by a pseudonym, [`pseudonymise`].

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{Sql, Value, instant_text};

/// Who acted, as the log records them (the e-mail is kept as it was at the time).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i64>,
    pub email: String,
    pub ip: String,
}

pub struct Entry<'a> {
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: String,
    pub detail: String,
}

pub async fn record(conn: &mut AnyConnection, actor: &Actor, entry: Entry<'_>) -> sqlx::Result<()> {
    debug_assert!(
        crate::domain::audit::action_label(entry.action).is_some(),
        "the audit log's page has no French words for {:?}: add them to domain::audit::ACTIONS",
        entry.action
    );
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_email, action, target_kind, target_id, ip, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(actor.id)
    .bind(&actor.email)
    .bind(entry.action)
    .bind(entry.target_kind)
    .bind(entry.target_id)
    .bind(&actor.ip)
    .bind(entry.detail)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub at: String,
    pub actor_email: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub ip: String,
    pub detail: String,
}

/// Filters of the log page; empty means any.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub actor: String,
    pub action: String,
    pub target: String,
}

impl Filter {
    /// What the log says of a reading of itself: "action = connexion" or "sans filtre".
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            ("personne", &self.actor),
            ("action", &self.action),
            ("cible", &self.target),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name} = {value}"))
        .collect();
        if parts.is_empty() {
            "sans filtre".into()
        } else {
            parts.join(" ; ")
        }
    }
}

pub const PAGE_SIZE: u32 = 100;

/// The newest entries first.
pub async fn list(conn: &mut AnyConnection, filter: &Filter, page: u32) -> sqlx::Result<Vec<Row>> {
    let mut sql =
        Sql::new("SELECT id, at, actor_email, action, target_kind, target_id, ip, detail FROM audit_log WHERE 1 = 1");
    if !filter.actor.is_empty() {
        sql.push(" AND actor_email = ")
            .bind(Value::Text(filter.actor.to_lowercase()));
    }
    if !filter.action.is_empty() {
        sql.push(" AND action = ").bind(Value::Text(filter.action.clone()));
    }
    if !filter.target.is_empty() {
        sql.push(" AND target_id = ").bind(Value::Text(filter.target.clone()));
    }
    sql.push(&format!(
        " ORDER BY id DESC LIMIT {PAGE_SIZE} OFFSET {}",
        page.saturating_sub(1) * PAGE_SIZE
    ));
    sql.query_as().fetch_all(conn).await
}

/// Replaces an erased person by `pseudonym` wherever the log names them: as the one who acted
/// (address replaced, account id and IP dropped) and as the target of an action on their account
/// or address. The trail still reads — the same pseudonym acted, then erased their account — but
/// names nobody. Returns how many entries changed.
pub async fn pseudonymise(conn: &mut AnyConnection, user_id: i64, email: &str, pseudonym: &str) -> sqlx::Result<u64> {
    let email = email.trim().to_lowercase();
    let acted = sqlx::query(
        "UPDATE audit_log SET actor_email = $1, actor_id = NULL, ip = '' WHERE actor_id = $2 OR lower(actor_email) = $3",
    )
    .bind(pseudonym)
    .bind(user_id)
    .bind(&email)
    .execute(&mut *conn)
    .await?;
    let targeted = sqlx::query(
        "UPDATE audit_log SET target_id = $1 WHERE lower(target_id) = $2 \
         OR (target_kind IN ('utilisateur', 'compte', 'session') AND target_id = $3)",
    )
    .bind(pseudonym)
    .bind(&email)
    .bind(user_id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(acted.rows_affected() + targeted.rows_affected())
}

/// Deletes entries older than the retention period; returns how many.
pub async fn purge_before(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM audit_log WHERE at < $1")
        .bind(instant_text(cutoff))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_of_the_log_says_which_filters_in_french() {
        assert_eq!(Filter::default().describe(), "sans filtre");
        let filter = Filter {
            actor: "a@b.fr".into(),
            action: "connexion".into(),
            target: String::new(),
        };
        assert_eq!(filter.describe(), "personne = a@b.fr ; action = connexion");
    }
}
