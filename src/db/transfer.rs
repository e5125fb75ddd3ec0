//! Moving all the data between databases (SQLite to PostgreSQL, or back): one JSON object per
//! line, `{"table": …, "row": {column: value}}`, tables in an order that respects their
//! references, rows in key order, columns sorted, so that two exports of the same data are
//! byte for byte identical whatever the backend.
//!
//! An export carries no live secret: of the mail outbox only the metadata travel (see
//! [`withheld`]), so a message still waiting arrives empty and is abandoned, never sent.

use std::io::{BufRead, Write};

use serde_json::{Map, Value as Json};
use sqlx::{AssertSqlSafe, Row};

use crate::db::{Backend, Db};

/// Every table that holds data, parents before children. Search indexes, the board's version
/// counter (migration 0009) and its change log (0031), the readiness probe's row (0013) and the
/// migration ledger are not data: triggers and `msp migrate` make them. The change log names
/// versions of the source database, which mean nothing to the target: importing writes the
/// target's own log, and its instances load their index whole at start anyway.
pub const TABLES: [&str; 67] = [
    "establishments",
    "users",
    "user_scopes",
    "user_identities",
    "post_projects",
    "project_stage_corrections",
    "accompaniment_meetings",
    "fiches",
    "fiche_versions",
    "fiche_comments",
    "fiche_warning_acceptances",
    "applications",
    "application_documents",
    "upload_drafts",
    "candidate_documents",
    "application_events",
    "application_notes",
    "interviews",
    "interview_panel",
    "evaluations",
    "hire_exceptions",
    "mail_templates",
    "msp_records",
    "cohorts",
    "enrolments",
    "integration_milestones",
    "integration_journal",
    "calendar_feeds",
    "retention_counters",
    "funding_calls",
    "funding_requests",
    "funding_request_events",
    "funding_documents",
    "subsidies",
    "subsidy_years",
    "subsidy_payments",
    "sessions",
    "oidc_logins",
    "one_time_tokens",
    "recovery_codes",
    "login_failures",
    "mail_outbox",
    "audit_log",
    "saved_searches",
    "saved_search_alerts",
    "platform_settings",
    "events",
    "notification_choices",
    "notification_digest",
    "team_requests",
    "talent_pool_members",
    "talent_pool_invitations",
    "glossary_terms",
    "resources",
    "resource_versions",
    "api_keys",
    "webhook_endpoints",
    "webhook_deliveries",
    "webhook_attempts",
    "historical_posts",
    "gatherings",
    "gathering_registrations",
    "network_members",
    "network_conversations",
    "network_messages",
    "network_blocks",
    "network_reports",
];

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("base de données : {0}")]
    Database(#[from] sqlx::Error),
    #[error("fichier : {0}")]
    Io(#[from] std::io::Error),
    #[error("ligne {line} illisible : {why}")]
    Format { line: usize, why: String },
    #[error("la base de destination contient déjà des données (table {0}) : importez dans une base neuve")]
    NotEmpty(&'static str),
}

/// A column and whether it holds integers or bytes (everything else is text: dates are ISO
/// text). Bytes (sealed documents, still sealed) travel as hexadecimal text.
struct Column {
    name: String,
    integer: bool,
    bytes: bool,
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The data columns of a table, in their order (PostgreSQL's generated columns excluded).
async fn columns(db: &Db, table: &str) -> sqlx::Result<Vec<Column>> {
    let rows: Vec<(String, String)> = match db.backend {
        Backend::Sqlite => {
            sqlx::query_as("SELECT name, type FROM pragma_table_info($1) ORDER BY cid")
                .bind(table)
                .fetch_all(&db.pool)
                .await?
        }
        Backend::Postgres => {
            sqlx::query_as(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' \
                 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&db.pool)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(name, kind)| {
            let kind = kind.to_lowercase();
            Column {
                integer: kind.contains("int"),
                bytes: kind.contains("blob") || kind.contains("bytea"),
                name,
            }
        })
        .collect())
}

/// What an export leaves out of a column, with the value written instead: the outbox's address,
/// subject, bodies and sealed payload (follow, reset and invitation links, candidates' data).
fn withheld(table: &str, column: &str) -> Option<Json> {
    match (table, column) {
        (
            "mail_outbox",
            "recipient" | "subject" | "body_text" | "body_html" | "attachment_name" | "attachment_type"
            | "attachment_body" | "key_id",
        ) => Some(Json::from("")),
        ("mail_outbox", "list_unsubscribe" | "sealed") => Some(Json::Null),
        _ => None,
    }
}

/// Writes every row of every table.
pub async fn export(db: &Db, out: &mut impl Write) -> Result<u64, TransferError> {
    let mut count = 0;
    for table in TABLES {
        let columns = columns(db, table).await?;
        let list = columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT {list} FROM {table} ORDER BY 1, 2");
        let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&db.pool).await?;
        for row in rows {
            let mut object = Map::new();
            for (i, column) in columns.iter().enumerate() {
                let value = if let Some(value) = withheld(table, &column.name) {
                    value
                } else if column.integer {
                    row.try_get::<Option<i64>, _>(i)?.map_or(Json::Null, Json::from)
                } else if column.bytes {
                    row.try_get::<Option<Vec<u8>>, _>(i)?
                        .map_or(Json::Null, |b| Json::from(to_hex(&b)))
                } else {
                    row.try_get::<Option<String>, _>(i)?.map_or(Json::Null, Json::from)
                };
                object.insert(column.name.clone(), value);
            }
            let line = serde_json::json!({ "table": table, "row": object });
            writeln!(out, "{line}")?;
            count += 1;
        }
    }
    Ok(count)
}

/// Loads an export into an empty, migrated database, in one transaction.
pub async fn import(db: &Db, input: impl BufRead) -> Result<u64, TransferError> {
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let rows: i64 = sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(&db.pool).await?;
        if rows > 0 {
            return Err(TransferError::NotEmpty(table));
        }
    }
    let mut schemas = Vec::new();
    for table in TABLES {
        schemas.push((table, columns(db, table).await?));
    }
    let mut tx = db.begin().await?;
    let mut count = 0;
    for (number, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |why: String| TransferError::Format { line: number + 1, why };
        let value: Json = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let table = value["table"].as_str().ok_or_else(|| bad("table manquante".into()))?;
        let row = value["row"]
            .as_object()
            .ok_or_else(|| bad("ligne sans valeurs".into()))?;
        let (table, columns) = schemas
            .iter()
            .find(|(name, _)| *name == table)
            .ok_or_else(|| bad(format!("table inconnue {table}")))?;
        let present: Vec<&Column> = columns.iter().filter(|c| row.contains_key(&c.name)).collect();
        let names = present.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
        let marks = (1..=present.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO {table} ({names}) VALUES ({marks})");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for column in &present {
            let value = &row[&column.name];
            query = if column.integer {
                query.bind(value.as_i64())
            } else if column.bytes {
                let bytes = value.as_str().map(from_hex);
                if bytes.as_ref().is_some_and(Option::is_none) {
                    return Err(bad(format!("{}.{} : octets illisibles", table, column.name)));
                }
                query.bind(bytes.flatten())
            } else {
                query.bind(value.as_str().map(str::to_string))
            };
        }
        query.execute(&mut *tx).await?;
        count += 1;
    }
    if db.backend == Backend::Postgres {
        // Rows came with their ids: the identity sequences continue after the largest.
        for (table, columns) in &schemas {
            if columns.iter().any(|c| c.name == "id") {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                );
                sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(count)
}
