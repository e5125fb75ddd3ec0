//! The board's change log (migration 0031): what changed at each version, so that each
//! instance updates its index in memory (`crate::board`) instead of reading every offer again.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::AnyConnection;
use time::Date;

use super::board::{OpenOffer, Row};
use super::establishments::EMPLOYER_COLUMNS;
use super::{Db, date_text};
use crate::domain::fiche::Employer;

/// One version's change: its kind (`fiche`, `etablissement`, `glossaire`, `cohortes`,
/// `statistiques`) and the id of what changed, when it has one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Change {
    pub version: i64,
    pub kind: String,
    pub subject: Option<i64>,
}

/// The changes above `after` up to `upto`, in version order. Each version has exactly one:
/// fewer means the log was trimmed meanwhile, and the caller reads the board whole.
pub async fn between(db: &Db, after: i64, upto: i64) -> sqlx::Result<Vec<Change>> {
    sqlx::query_as(
        "SELECT version, kind, subject FROM board_changes WHERE version > $1 AND version <= $2 ORDER BY version",
    )
    .bind(after)
    .bind(upto)
    .fetch_all(&db.pool)
    .await
}

/// Ids bound per query: well under both databases' limits on parameters.
const CHUNK: usize = 500;

/// The offers open on `today` among these fiches and the establishments' fiches, as the full
/// load reads them (`board::open_offers_after`).
pub async fn open_offers_of(
    db: &Db, today: Date, fiches: &[i64], establishments: &[i64],
) -> sqlx::Result<Vec<OpenOffer>> {
    let mut employers: HashMap<i64, Arc<Employer>> = HashMap::new();
    let mut offers = Vec::new();
    for (column, ids) in [("f.id", fiches), ("f.establishment_id", establishments)] {
        for chunk in ids.chunks(CHUNK) {
            let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT f.id, f.slug, f.title, f.quotite, f.quotite_percent, f.quotite_percent_max, f.quotite_adaptable, \
                 f.track, f.deadline, f.published_at, f.updated_at, f.lat, f.lon, f.search_title, f.search_body, {EMPLOYER_COLUMNS} \
                 FROM fiches f JOIN establishments e ON e.id = f.establishment_id \
                 WHERE f.status = 'publiee' AND f.deadline >= $1 AND {column} IN ({}) ORDER BY f.id",
                list.join(", ")
            );
            let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(date_text(today));
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&db.pool).await? {
                offers.push(row.open_offer(&mut employers)?);
            }
        }
    }
    Ok(offers)
}

/// How many versions the log keeps: an instance further behind reads the board whole, which
/// costs less than applying so many changes.
pub const KEPT: i64 = 10_000;

/// Forgets the changes older than the last [`KEPT`] versions; returns how many.
pub async fn forget_old(conn: &mut AnyConnection) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM board_changes WHERE version <= (SELECT version FROM board_version) - $1")
        .bind(KEPT)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
