//! How each instance keeps its index as fresh as the database without a query per search: a
//! follower task reads the board's version every few tens of milliseconds and applies what the
//! change log says changed (migration 0031), and runs the whole load a new day asks for in the
//! background.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use time::Date;

use super::{Board, Changes, load};
use crate::db::board_changes::Change;
use crate::db::{self, Db};
use crate::domain::calendar::Clock;

/// How often the follower reads the version: a publication shows on every instance within
/// about this (issue 24: 100 ms), for one tiny query per instance each time.
const EVERY: Duration = Duration::from_millis(30);

/// After a failure (the database unreachable), the follower waits this long before trying again.
const AFTER_FAILURE: Duration = Duration::from_secs(1);

impl Board {
    /// Loads the index, then keeps it fresh for as long as the process runs: started once per
    /// instance, by `jobs::spawn_all` (and the tests' `TestApp`).
    pub async fn follow(self: Arc<Self>, db: Db, clock: Clock) {
        loop {
            let today = clock.today();
            if let Err(error) = self.sync(&db, today).await {
                tracing::warn!(%error, "board index: sync failed");
                tokio::time::sleep(AFTER_FAILURE).await;
                continue;
            }
            if self.reload_wanted.swap(false, Ordering::AcqRel) {
                tokio::spawn(self.clone().reload(db.clone(), today));
            }
            tokio::time::sleep(EVERY).await;
        }
    }

    /// Loads the day's index whole while the current one serves, then brings it up to date
    /// and puts it in place, unless the day moved meanwhile.
    async fn reload(self: Arc<Self>, db: Db, today: Date) {
        let loaded = async {
            let version = db::board::version(&db).await?;
            let fresh = Arc::new(load(&db, today, version).await?);
            let _syncing = self.syncing.lock().await;
            if self.current().today == today {
                let fresh = self.caught_up(&db, fresh).await?;
                self.store(fresh);
            }
            Ok::<_, sqlx::Error>(())
        };
        if let Err(error) = loaded.await {
            tracing::warn!(%error, "board index: reload failed");
            self.reload_wanted.store(true, Ordering::Release);
        }
    }
}

/// What the logged changes ask of the index, with the current state of the offers they name.
pub(super) async fn changes(db: &Db, today: Date, version: i64, log: &[Change]) -> sqlx::Result<Changes> {
    let subjects = |kind: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = log
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| c.subject)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (fiches, establishments) = (subjects("fiche"), subjects("etablissement"));
    let open = if fiches.is_empty() && establishments.is_empty() {
        Vec::new()
    } else {
        db::board_changes::open_offers_of(db, today, &fiches, &establishments).await?
    };
    // Read after the version, like the offers: a correction committed meanwhile raises it.
    let glossary = if log.iter().any(|c| c.kind == "glossaire") {
        Some(db::glossary::current(db).await?)
    } else {
        None
    };
    Ok(Changes {
        version,
        fiches,
        establishments,
        open,
        glossary,
    })
}
