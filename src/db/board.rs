//! What the in-memory board index (`crate::board`) reads: the board's version and the open
//! offers with their stored stems.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use time::Date;

use super::establishments::{EMPLOYER_COLUMNS, EmployerRow};
use super::fiches::stored;
use super::{Backend, Db, corrupt, date_text, parse_date, parse_instant};
use crate::board::OfferSummary;
use crate::domain::fiche::Employer;
use crate::domain::geo::Point;

/// Open offers read per query while loading: a few megabytes of text at a time.
const BATCH: i64 = 2_000;

/// A counter the database raises (by triggers, migration 0009) whenever a change may alter
/// what the board shows: a published fiche written, a fiche published or withdrawn, an
/// establishment edited. Every instance compares it with the version of its index.
pub async fn version(db: &Db) -> sqlx::Result<i64> {
    let (version,): (i64,) = sqlx::query_as("SELECT version FROM board_version")
        .fetch_one(&db.pool)
        .await?;
    Ok(version)
}

/// The ids of the offers open on `today`, ascending: what a loader splits into parts of equal
/// size before reading them.
pub async fn open_offer_ids(db: &Db, today: Date) -> sqlx::Result<Vec<i64>> {
    // No order asked: the board's index (status, publication, deadline) answers alone, where an
    // order by id would make SQLite walk the table, kilobytes a row.
    let mut ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM fiches WHERE status = 'publiee' AND deadline >= $1")
        .bind(date_text(today))
        .fetch_all(&db.pool)
        .await?;
    ids.sort_unstable();
    Ok(ids)
}

/// One copy of each establishment among the offers read, shared by the parts of a load.
pub type Employers = Mutex<HashMap<i64, Arc<Employer>>>;

/// An open offer as the index takes it: its summary, its title's stems and its body's.
pub type OpenOffer = (OfferSummary, String, String);

/// Up to [`BATCH`] offers open on `today` with an id above `after` and up to `last`, in id
/// order: the board is read a batch at a time so that its whole text is never in memory at
/// once. `employers` keeps one copy of each establishment across batches.
pub async fn open_offers_after(
    db: &Db, today: Date, after: i64, last: i64, employers: &Employers,
) -> sqlx::Result<Vec<OpenOffer>> {
    // The primary key drives (SQLite: rowid ranges): an index on status or deadline would make
    // SQLite sort the matching rows, kilobytes each, to give them in id order.
    let table = match db.backend {
        Backend::Sqlite => "fiches f NOT INDEXED",
        Backend::Postgres => "fiches f",
    };
    let sql = format!(
        "SELECT f.id, f.slug, f.title, f.quotite, f.quotite_percent, f.quotite_percent_max, f.quotite_adaptable, f.track, \
         f.deadline, f.published_at, f.updated_at, f.lat, f.lon, f.search_title, f.search_body, {EMPLOYER_COLUMNS} \
         FROM {table} JOIN establishments e ON e.id = f.establishment_id \
         WHERE f.status = 'publiee' AND f.deadline >= $1 AND f.id > $2 AND f.id <= $3 ORDER BY f.id LIMIT {BATCH}"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(date_text(today))
        .bind(after)
        .bind(last)
        .fetch_all(&db.pool)
        .await?;
    let mut employers = employers.lock().unwrap_or_else(|e| e.into_inner());
    rows.into_iter().map(|row| row.open_offer(&mut employers)).collect()
}

#[derive(sqlx::FromRow)]
pub(super) struct Row {
    id: i64,
    slug: Option<String>,
    title: String,
    quotite: String,
    quotite_percent: i64,
    quotite_percent_max: Option<i64>,
    quotite_adaptable: i64,
    track: String,
    deadline: String,
    published_at: Option<String>,
    updated_at: String,
    lat: Option<i64>,
    lon: Option<i64>,
    search_title: String,
    search_body: String,
    #[sqlx(flatten)]
    employer: EmployerRow,
}

impl Row {
    pub(super) fn open_offer(self, employers: &mut HashMap<i64, Arc<Employer>>) -> sqlx::Result<OpenOffer> {
        let employer = employers
            .entry(self.employer.id())
            .or_insert_with(|| Arc::new(Employer::from(self.employer)))
            .clone();
        let point = match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => Some(Point {
                lat_e6: i32::try_from(lat).map_err(|_| corrupt("latitude"))?,
                lon_e6: i32::try_from(lon).map_err(|_| corrupt("longitude"))?,
            }),
            _ => None,
        };
        let summary = OfferSummary {
            id: self.id,
            slug: self.slug.unwrap_or_default().into(),
            title: self.title.into(),
            employer,
            working_time: stored::working_time(
                &self.quotite,
                self.quotite_percent,
                self.quotite_percent_max,
                self.quotite_adaptable,
                String::new(),
            )?,
            track: stored::track(&self.track)?,
            deadline: Some(parse_date(&self.deadline)?),
            published_at: self.published_at.as_deref().map(parse_instant).transpose()?,
            updated_at: Some(parse_instant(&self.updated_at)?),
            point,
        };
        Ok((summary, self.search_title, self.search_body))
    }
}
