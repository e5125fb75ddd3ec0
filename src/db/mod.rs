//! Storage: one data-access layer over SQLite (the default) and PostgreSQL (production).
//!
//! Queries are portable SQL run through sqlx's `Any` driver with `$N` placeholders, which both
//! backends accept. Where the SQL must differ (a query planner's hint, reading the schema), the
//! function branches on [`Backend`]; each backend has its own migration folder with the same
//! version list. Text search is not the database's: see `crate::search`.

pub mod applications;
pub mod audit;
pub mod board;
pub mod calendar_stats;
pub mod cohorts;
pub mod enrolments;
pub mod establishments;
pub mod feeds;
pub mod fiches;
pub mod funding;
pub mod interviews;
pub mod outbox;
pub mod places;
pub mod projects;
pub mod saved_searches;
pub mod sessions;
pub mod throttle;
pub mod tokens;
/// Moving all the data between databases: an export of every table as JSON lines, and its import.
pub mod transfer;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyArguments, AnyConnectOptions, AnyPoolOptions};
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, AnyPool, AssertSqlSafe, ConnectOptions, Executor};
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

/// A value bound to a placeholder of a [`Sql`] being built.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Int(i64),
}

/// SQL text assembled piece by piece with numbered `$N` placeholders, for queries whose shape
/// depends on the filters given. Values are always bound, never spliced into the text.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            values: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: Value) -> &mut Sql {
        self.values.push(value);
        self.text.push('$');
        self.text.push_str(&self.values.len().to_string());
        self
    }

    /// Appends another piece whose placeholders were numbered from 1, renumbering them.
    pub fn append(&mut self, other: &Sql) -> &mut Sql {
        let shift = self.values.len();
        let mut rest = other.text.as_str();
        while let Some(at) = rest.find('$') {
            self.text.push_str(&rest[..at]);
            let digits = rest[at + 1..].chars().take_while(char::is_ascii_digit).count();
            let n: usize = rest[at + 1..at + 1 + digits].parse().expect("a placeholder number");
            self.text.push('$');
            self.text.push_str(&(n + shift).to_string());
            rest = &rest[at + 1 + digits..];
        }
        self.text.push_str(rest);
        self.values.extend(other.values.iter().cloned());
        self
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments> {
        // Values are bound; the text only ever holds code-written SQL and placeholders.
        let mut query = sqlx::query(AssertSqlSafe(self.text.clone()));
        for value in &self.values {
            query = match value {
                Value::Text(s) => query.bind(s.clone()),
                Value::Int(i) => query.bind(*i),
            };
        }
        query
    }

    pub fn query_as<T>(&self) -> QueryAs<'_, Any, T, AnyArguments>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut query = sqlx::query_as::<_, T>(AssertSqlSafe(self.text.clone()));
        for value in &self.values {
            query = match value {
                Value::Text(s) => query.bind(s.clone()),
                Value::Int(i) => query.bind(*i),
            };
        }
        query
    }
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
    fn appended_placeholders_are_renumbered() {
        let mut filter = Sql::new("WHERE a = ");
        filter
            .bind(Value::Int(1))
            .push(" AND b = ")
            .bind(Value::Text("x".into()));
        let mut query = Sql::new("SELECT ");
        query
            .bind(Value::Int(7))
            .push(" FROM t ")
            .append(&filter)
            .push(" LIMIT 3");
        assert_eq!(query.text, "SELECT $1 FROM t WHERE a = $2 AND b = $3 LIMIT 3");
        assert_eq!(query.values.len(), 3);
    }

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
