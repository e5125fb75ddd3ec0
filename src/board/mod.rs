//! The public board's search, answered from an index of the open offers held in memory and
//! kept as fresh as the database: the pages, the API and the saved searches' alerts
//! (`crate::alerts`) all search it. Its words are a `crate::search::TextIndex`, the full-text
//! index every collection shares; places, filters and the board's order are the offers' own.
//!
//! A search reads no database: it takes the index as it is (`Board::index`), waiting only for
//! the first load. The index follows the database's board version, which triggers raise on
//! every change a public page could show, with a line in a change log saying what changed
//! (migrations 0009 and 0031): each instance's follower (`follow.rs`) reads the version every
//! few tens of milliseconds and applies the changes in place (`apply.rs`: only the changed
//! offers are read again), and every request that changes something syncs the index before
//! answering, so that its author sees the change at once. A new day takes the passed offers
//! out at once; a whole load then runs in the background while that index serves. A whole
//! load reads every open offer again ([`load`], on every core; bench/RESULTS.md): at
//! start-up, when the log no longer holds what an index lacks, or when the clock goes back.

mod apply;
#[cfg(test)]
mod apply_tests;
mod filter;
mod follow;
mod index;
mod load;
mod nearby;
mod pruned;
#[cfg(test)]
mod pruned_tests;
#[cfg(test)]
mod recall;
mod summary;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use time::Date;

pub use apply::Changes;
pub use index::{Index, IndexBuilder};
pub use load::load;
pub use nearby::{NEARBY, Near, nearby};
pub use summary::{Found, OfferSummary};

use crate::db::{self, Db};

/// The index shared by the server's requests.
pub struct Board {
    current: RwLock<Arc<Index>>,
    /// Set once the first load is in `current`: until then the instance is not ready.
    loaded: AtomicBool,
    /// Held while the index is replaced, so that one sync or load runs at a time and searches
    /// arriving before the first load wait for it, not for another.
    syncing: tokio::sync::Mutex<()>,
    /// A whole load to run in the background (after a new day), for the follower.
    reload_wanted: AtomicBool,
}

impl Default for Board {
    fn default() -> Self {
        Board {
            current: RwLock::new(Arc::new(Index::empty())),
            loaded: AtomicBool::new(false),
            syncing: tokio::sync::Mutex::new(()),
            reload_wanted: AtomicBool::new(false),
        }
    }
}

impl Board {
    /// The index of the offers open on `today`, as fresh as the follower and this instance's
    /// changes keep it. Reads the database only for the first load, or when `today` is before
    /// the index's day (a clock moved back); a new day is derived in memory.
    pub async fn index(&self, db: &Db, today: Date) -> sqlx::Result<Arc<Index>> {
        let index = self.current();
        if self.is_loaded() && index.today == today {
            return Ok(index);
        }
        let _syncing = self.syncing.lock().await;
        self.on_day(db, today).await
    }

    /// Whether the first load has finished: `/readyz` says not ready before.
    pub fn is_loaded(&self) -> bool {
        self.loaded.load(Ordering::Acquire)
    }

    /// Brings the index up to the database's version (one query when nothing changed): what a
    /// request that changed something calls before answering, and the follower at each turn.
    /// Before the first load, it waits for it (or makes it): a load that read the offers before
    /// a change committed must not be taken for fresh.
    pub async fn sync(&self, db: &Db, today: Date) -> sqlx::Result<()> {
        if !self.is_loaded() {
            self.index(db, today).await?;
        }
        let version = db::board::version(db).await?;
        let index = self.current();
        if index.version == version && index.today == today {
            return Ok(());
        }
        let _syncing = self.syncing.lock().await;
        let index = self.on_day(db, today).await?;
        let index = self.caught_up(db, index).await?;
        self.store(index);
        Ok(())
    }

    /// The current index moved to `today`, loaded first if need be. Holds `syncing`.
    async fn on_day(&self, db: &Db, today: Date) -> sqlx::Result<Arc<Index>> {
        let index = self.current();
        if self.is_loaded() && index.today == today {
            return Ok(index);
        }
        if self.is_loaded() && index.today < today {
            let next = tokio::task::spawn_blocking(move || index.on_day(today))
                .await
                .map_err(interrupted)?;
            let next = Arc::new(next);
            self.store(next.clone());
            // A whole load puts the day's index in its compact form again, in the background.
            self.reload_wanted.store(true, Ordering::Release);
            return Ok(next);
        }
        // The version is read before the offers: a change committed during the load is either
        // in it or above the version recorded, and the next sync applies it.
        let version = db::board::version(db).await?;
        let started = std::time::Instant::now();
        let index = Arc::new(load(db, today, version).await?);
        tracing::info!(
            offers = index.len(),
            postings_bytes = index.postings_bytes(),
            version,
            duration_ms = started.elapsed().as_millis() as u64,
            "board index loaded"
        );
        self.store(index.clone());
        Ok(index)
    }

    /// `index` with every change logged above its version applied, or loaded whole when the log
    /// no longer holds them all (or holds too many to be worth applying). Holds `syncing`.
    async fn caught_up(&self, db: &Db, index: Arc<Index>) -> sqlx::Result<Arc<Index>> {
        let version = db::board::version(db).await?;
        if version == index.version {
            return Ok(index);
        }
        let log = db::board_changes::between(db, index.version, version).await?;
        let complete = version > index.version && log.len() as i64 == version - index.version;
        if !complete || log.len() > MAX_APPLIED {
            let today = index.today;
            tracing::info!(from = index.version, to = version, "board index reloaded whole");
            return Ok(Arc::new(load(db, today, version).await?));
        }
        let changes = follow::changes(db, index.today, version, &log).await?;
        let next = tokio::task::spawn_blocking(move || index.applied(changes))
            .await
            .map_err(interrupted)?;
        Ok(Arc::new(next))
    }

    fn store(&self, index: Arc<Index>) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = index;
        self.loaded.store(true, Ordering::Release);
    }

    fn current(&self) -> Arc<Index> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Above this many changes to apply at once, a whole load costs less.
const MAX_APPLIED: usize = 5_000;

fn interrupted(e: tokio::task::JoinError) -> sqlx::Error {
    sqlx::Error::Protocol(format!("indexation interrompue : {e}"))
}
