//! Loading the board's index from the database, on every core: the open offers are split into
//! parts of consecutive ids, one per core; each part is read a batch at a time and each batch
//! indexed on a blocking thread while the next is read; the parts are then joined in id order,
//! which gives the index a single sequential load would (`TextIndexBuilder::append`).
//!
//! At 100,000 offers the load reads about 85,000 rows of a few kilobytes and hashes about 20
//! million words: reading and indexing each take a core's seconds, so overlapping them and
//! sharing them out is what brings the load near the time of the slower one on one core.

use std::sync::Arc;

use time::Date;

use super::{Index, IndexBuilder};
use crate::db::{self, Db};

/// More parts than this gain nothing: the reads of SQLite or PostgreSQL share the machine.
const MOST_PARTS: usize = 4;
/// Fewer open offers than this per part are not worth a part of their own.
const LEAST_PER_PART: usize = 5_000;

/// The index of the offers open on `today`, at the board's `version` (read before calling:
/// a change committed during the load is either in it or raises the version above it).
pub async fn load(db: &Db, today: Date, version: i64) -> sqlx::Result<Index> {
    let ids = db::board::open_offer_ids(db, today).await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = cores.min(MOST_PARTS).min(ids.len() / LEAST_PER_PART).max(1);
    let employers = Arc::new(db::board::Employers::default());
    let mut loading = Vec::with_capacity(parts);
    let mut after = 0;
    for part in 0..parts {
        // The last part takes every id above the others', so an offer published meanwhile
        // is not left out.
        let last = match ids.get((part + 1) * ids.len() / parts) {
            Some(&next) if part + 1 < parts => next - 1,
            _ => i64::MAX,
        };
        let (db, employers) = (db.clone(), employers.clone());
        loading.push(tokio::spawn(async move {
            load_part(&db, today, after, last, &employers).await
        }));
        after = last;
    }
    let mut builders = Vec::with_capacity(parts);
    for part in loading {
        builders.push(part.await.map_err(interrupted)??);
    }
    // Read after the version, like the offers: a correction committed meanwhile raises it.
    let glossary = db::glossary::current(db).await?;
    let mut index = tokio::task::spawn_blocking(move || {
        let mut builders = builders.into_iter();
        let mut whole = builders.next().unwrap_or_else(|| IndexBuilder::new(today));
        builders.for_each(|part| whole.append(part));
        whole.finish(version)
    })
    .await
    .map_err(interrupted)?;
    index.glossary = glossary;
    Ok(index)
}

/// The offers open on `today` with an id above `after` and up to `last`, indexed.
async fn load_part(
    db: &Db, today: Date, after: i64, last: i64, employers: &db::board::Employers,
) -> sqlx::Result<IndexBuilder> {
    let mut builder = IndexBuilder::new(today);
    let mut batch = db::board::open_offers_after(db, today, after, last, employers).await?;
    while let Some((offer, _, _)) = batch.last() {
        let after = offer.id;
        let indexing = tokio::task::spawn_blocking(move || {
            for (summary, title, body) in batch {
                builder.add(summary, &title, &body);
            }
            builder
        });
        let next = db::board::open_offers_after(db, today, after, last, employers);
        let (indexed, next) = tokio::join!(indexing, next);
        builder = indexed.map_err(interrupted)?;
        batch = next?;
    }
    Ok(builder)
}

fn interrupted(error: tokio::task::JoinError) -> sqlx::Error {
    sqlx::Error::Protocol(format!("indexation interrompue : {error}"))
}
