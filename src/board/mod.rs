//! The public board's search, answered from an index of the open offers held in memory and
//! kept as fresh as the database: the pages, the API and the saved searches' alerts
//! (`crate::alerts`) all search it. Its words are a `crate::search::TextIndex`, the full-text
//! index every collection shares; places, filters and the board's order are the offers' own.
//!
//! Each search first reads the database's board version, one row that triggers raise on every
//! change the board could show (migration 0009), and reloads the index when it moved or the
//! day changed (offers close at their deadline). So a search never shows less than what was
//! committed before it began, on every instance sharing the database, and costs one tiny
//! query instead of a full-text ranking of every match. A reload reads every open offer again
//! ([`load`], on every core; its duration is logged), paid by the first search after a
//! publication; the searches that arrive meanwhile wait for the same reload, not another.

mod filter;
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

use std::sync::{Arc, RwLock};

use time::Date;

pub use index::{Index, IndexBuilder};
pub use load::load;
pub use nearby::{NEARBY, Near, nearby};
pub use summary::{Found, OfferSummary};

use crate::db::{self, Db};

/// The index shared by the server's requests.
pub struct Board {
    current: RwLock<Arc<Index>>,
    /// Held while loading, so that concurrent searches wait for one load.
    loading: tokio::sync::Mutex<()>,
}

impl Default for Board {
    fn default() -> Self {
        Board {
            current: RwLock::new(Arc::new(Index::empty())),
            loading: tokio::sync::Mutex::new(()),
        }
    }
}

impl Board {
    /// The index of the offers open on `today`, as fresh as the database.
    pub async fn index(&self, db: &Db, today: Date) -> sqlx::Result<Arc<Index>> {
        let version = db::board::version(db).await?;
        let fresh = |index: &Index| index.today == today && index.version >= version;
        let index = self.current();
        if fresh(&index) {
            return Ok(index);
        }
        let _loading = self.loading.lock().await;
        let index = self.current();
        if fresh(&index) {
            return Ok(index);
        }
        // The version is read before the offers: a change committed during the load is either
        // in it or raises the version above the one recorded, and the next search reloads.
        let version = db::board::version(db).await?;
        let started = std::time::Instant::now();
        let index = Arc::new(load(db, today, version).await?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = index.clone();
        tracing::info!(
            offers = index.len(),
            postings_bytes = index.postings_bytes(),
            version,
            duration_ms = started.elapsed().as_millis() as u64,
            "board index loaded"
        );
        Ok(index)
    }

    fn current(&self) -> Arc<Index> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
