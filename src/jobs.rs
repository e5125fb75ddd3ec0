//! Background jobs. Each re-reads the state it acts on and is safe to run twice or on several
//! instances at once.

use time::{Duration, OffsetDateTime};

use crate::db::{Db, audit, fiches};
use crate::domain::application::RetentionPolicy;
use crate::domain::calendar::paris_today;

/// Deletes audit entries older than the retention period and forgets candidates' data on time
/// (`crate::retention`), at start and then daily. Both are idempotent, so two instances doing
/// it is harmless.
pub async fn run_retention(db: Db, audit_retention_days: u32, policy: RetentionPolicy, base_url: String) {
    loop {
        match crate::retention::run(&db, &policy, OffsetDateTime::now_utc(), &base_url).await {
            Ok(report) if report != Default::default() => tracing::info!(?report, "candidate data retention"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "candidate data retention failed"),
        }
        let cutoff = OffsetDateTime::now_utc() - Duration::days(i64::from(audit_retention_days));
        match db.pool.acquire().await {
            Ok(mut conn) => match audit::purge_before(&mut conn, cutoff).await {
                Ok(n) if n > 0 => tracing::info!(deleted = n, "audit log retention"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "audit log retention failed"),
            },
            Err(error) => tracing::error!(%error, "audit log retention: no connection"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(24 * 3600)).await;
    }
}

/// Closes published offers whose deadline has passed, at start and then hourly, so that the
/// board and the recruiters' pages agree. Idempotent.
pub async fn run_closing(db: Db) {
    loop {
        match db.pool.acquire().await {
            Ok(mut conn) => match fiches::close_expired(&mut conn, paris_today()).await {
                Ok(n) if n > 0 => tracing::info!(closed = n, "offers past their deadline closed"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "closing offers failed"),
            },
            Err(error) => tracing::error!(%error, "closing offers: no connection"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}
