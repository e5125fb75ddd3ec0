//! Dated notes that staff write on a record (an application's notes, an enrolment's journal):
//! each kind in its own table, with the same columns, read and written here once.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::instant_text;

/// One note, as its readers see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Note {
    pub author_name: String,
    pub body: String,
    pub at: String,
}

/// Where a kind of note is kept: its table, and the column naming the record it is about.
pub(super) struct Notes {
    table: &'static str,
    about: &'static str,
}

pub(super) const APPLICATION_NOTES: Notes = Notes {
    table: "application_notes",
    about: "application_id",
};

pub(super) const ENROLMENT_JOURNAL: Notes = Notes {
    table: "integration_journal",
    about: "enrolment_id",
};

impl Notes {
    pub(super) async fn add(
        &self, conn: &mut AnyConnection, about_id: i64, author: (i64, &str), body: &str,
    ) -> sqlx::Result<()> {
        let Notes { table, about } = self;
        // The table and column are this module's constants, never input.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} ({about}, author_id, author_name, body, at) VALUES ($1, $2, $3, $4, $5)"
        )))
        .bind(about_id)
        .bind(author.0)
        .bind(author.1)
        .bind(body)
        .bind(instant_text(OffsetDateTime::now_utc()))
        .execute(conn)
        .await?;
        Ok(())
    }

    /// The notes on a record, oldest first.
    pub(super) async fn list(&self, conn: &mut AnyConnection, about_id: i64) -> sqlx::Result<Vec<Note>> {
        let Notes { table, about } = self;
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT author_name, body, at FROM {table} WHERE {about} = $1 ORDER BY id"
        )))
        .bind(about_id)
        .fetch_all(conn)
        .await
    }
}
