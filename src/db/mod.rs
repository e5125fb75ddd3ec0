//! Storage: one data-access layer over SQLite (the default) and PostgreSQL (production).
//!
//! Queries are portable SQL run through sqlx's `Any` driver with `$N` placeholders, which both
//! backends accept. Where the SQL must differ (a query planner's hint, reading the schema), the
//! function branches on [`Backend`]; each backend has its own migration folder with the same
//! version list. Text search is not the database's: see `crate::search`.

pub mod accompaniment;
pub mod api_keys;
pub mod applications;
pub mod audit;
pub mod board;
pub mod board_changes;
pub mod calendar_stats;
pub mod candidate_documents;
pub mod cohorts;
pub mod enrolments;
pub mod establishments;
pub mod events;
pub mod feeds;
pub mod fiches;
pub mod funding;
pub mod gathering_registrations;
pub mod gatherings;
pub mod glossary;
pub mod identities;
pub mod interviews;
/// Staff notes on a record, the same columns in each kind's table.
pub mod network;
pub mod notes;
pub mod observatory;
pub mod outbox;
pub mod places;
pub mod pool_invitations;
pub mod projects;
pub mod resources;
pub mod saved_searches;
pub mod sessions;
pub mod settings;
mod sql;
pub mod talent_pool;
pub mod team_requests;
pub mod throttle;
pub mod tokens;
/// Moving all the data between databases: an export of every table as JSON lines, and its import.
pub mod transfer;
pub mod users;
pub mod webhooks;
pub mod workspace;

use std::str::FromStr;
use std::time::Duration;

pub use sql::{Sql, Value};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, AssertSqlSafe, ConnectOptions, Executor};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Which database engine a URL points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// The connection pool, which engine is behind it, and the key that seals what the database
/// keeps encrypted besides documents (mail waiting in the outbox).
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Set by [`Db::with_documents`]; every background job and the mail worker get it with
    /// the pool, so none can store or read mail in clear.
    documents: Option<crate::documents::DocumentCipher>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("adresse de base de données non reconnue (attendu sqlite:… ou postgres://…)")]
    UnknownBackend,
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Opens a pool. An SQLite file is created when missing, and runs in WAL mode with full
    /// synchronous commits: once a write is acknowledged it survives a crash of the process or
    /// of the machine.
    pub async fn connect(url: &str) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or(ConnectError::UnknownBackend)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            // A connection handed back while its transaction could not be closed (SQLite rolls a
            // transaction back by itself on a full disk or an I/O error, so sqlx's own ROLLBACK
            // then fails and it still counts the transaction as open) is closed here, not
            // reused: every later `BEGIN` on it would fail until a restart.
            .before_acquire(|conn, _meta| Box::pin(async move { Ok(!sqlx::Connection::is_in_transaction(conn)) }))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            // The busy timeout first: switching to WAL needs a lock that another
                            // connection may hold for a moment.
                            "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                             PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Db {
            pool,
            backend,
            documents: None,
        })
    }

    /// The same pool, sealing the outbox with the documents' key. Every process that queues or
    /// sends mail needs it (`msp serve`, `msp purge`, `msp user add`), and the same key.
    pub fn with_documents(mut self, cipher: crate::documents::DocumentCipher) -> Db {
        self.documents = Some(cipher);
        self
    }

    /// The key that seals the outbox; an error (never mail in clear) when none was given.
    pub fn documents(&self) -> sqlx::Result<&crate::documents::DocumentCipher> {
        self.documents
            .as_ref()
            .ok_or_else(|| sqlx::Error::Configuration("no documents' key to seal the mail outbox".into()))
    }

    /// Starts a transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// that a transaction that reads then writes waits for another writer instead of failing
    /// with "database is locked" when a second connection or instance wrote in between.
    pub async fn begin(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Applies the migrations this binary carries; on PostgreSQL a lock makes concurrent
    /// instances apply each one once.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        self.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// True when every migration this binary knows has been applied.
    pub async fn migrations_current(&self) -> Result<bool, sqlx::Error> {
        let applied: Vec<(i64,)> = sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_all(&self.pool)
            .await?;
        Ok(self
            .migrator()
            .iter()
            .all(|m| applied.iter().any(|(v,)| *v == m.version)))
    }

    /// Writes and commits one row: true readiness, which a database that only answers reads
    /// (a read-only file, a full disk, a standby server) does not have.
    pub async fn check_writable(&self) -> sqlx::Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE readiness SET checked_at = $1 WHERE id = 1")
            .bind(instant_text(OffsetDateTime::now_utc()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// Writes a consistent copy of an SQLite database to a new file while it serves
    /// (`VACUUM INTO`); PostgreSQL has its own tools (`pg_dump`).
    pub async fn backup_to(&self, path: &str) -> sqlx::Result<()> {
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }

    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// Sets the instant `column` of row `id` in `table` to now unless it is already set; true only
/// for the one caller that set it, whatever runs at the same time (the condition is in the
/// `UPDATE`), so that a reminder is sent once and a revocation counted once.
pub(crate) async fn stamp_once(
    conn: &mut sqlx::AnyConnection, table: &'static str, column: &'static str, id: i64,
) -> sqlx::Result<bool> {
    // The table and column are the callers' constants, never input.
    let done = sqlx::query(AssertSqlSafe(format!(
        "UPDATE {table} SET {column} = $1 WHERE id = $2 AND {column} IS NULL"
    )))
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Runs a change written `… WHERE id = $n AND version = $n+1`, binding the id and the version
/// the caller read after the change's own values: true when it applied, false when another
/// change came first (two people acting at once cannot both move a record from the same state).
pub(crate) async fn update_if_version(
    conn: &mut sqlx::AnyConnection, change: sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments>, id: i64,
    version: i64,
) -> sqlx::Result<bool> {
    let done = change.bind(id).bind(version).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// How instants are stored: RFC 3339 in UTC, to the second, so that text order is time order.
pub fn instant_text(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("zero is a valid nanosecond")
        .format(&Rfc3339)
        .expect("an instant formats as RFC 3339")
}

pub fn parse_instant(text: &str) -> Result<OffsetDateTime, sqlx::Error> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// How dates are stored: `YYYY-MM-DD`.
pub fn date_text(date: Date) -> String {
    date.to_string()
}

pub fn parse_date(text: &str) -> Result<Date, sqlx::Error> {
    Date::parse(text, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// A stored value that the domain does not accept: the database holds something this version
/// did not write.
pub fn corrupt(what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("valeur inattendue en base : {what}").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_stored_as_sortable_utc_text() {
        let at = time::macros::datetime!(2026-11-23 10:15:30.5 +01:00);
        assert_eq!(instant_text(at), "2026-11-23T09:15:30Z");
        assert_eq!(
            parse_instant("2026-11-23T09:15:30Z").unwrap(),
            at.replace_nanosecond(0).unwrap()
        );
    }
}
