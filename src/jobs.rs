//! Background jobs. Each re-reads the state it acts on and is safe to run twice or on several
//! instances at once.

use time::{Duration, OffsetDateTime};

use crate::db::{Db, audit, fiches};
use crate::domain::calendar::paris_today;

/// Deletes audit entries older than the retention period, at start and then daily. Deleting by
/// age is idempotent, so two instances doing it is harmless.
pub async fn run_retention(db: Db, audit_retention_days: u32) {
    loop {
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

/// Places the offers stored before they had coordinates, then sends the saved searches' alerts
/// every minute ("at once" is within a minute of publication; weekly digests when due). Safe
/// on several instances: see `crate::alerts`.
pub async fn run_alerts(db: Db, base_url: String, mailer_wake: std::sync::Arc<tokio::sync::Notify>) {
    match crate::db::places::place_unplaced(&db).await {
        Ok(n) if n > 0 => tracing::info!(placed = n, "offers placed at their commune"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "placing offers failed"),
    }
    loop {
        match crate::alerts::send_due(&db, &base_url).await {
            Ok(n) if n > 0 => {
                tracing::info!(queued = n, "saved-search alerts queued");
                mailer_wake.notify_one();
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "saved-search alerts failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    }
}
