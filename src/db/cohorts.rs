//! The universities' cohorts, one per track and year, as the CCOMS set them.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};
use time::{Date, OffsetDateTime};

use super::{corrupt, date_text, instant_text, parse_date};
use crate::domain::cohort::CohortDates;
use crate::domain::fiche::Track;

/// A stored cohort, with how many MSPs are enrolled in it (abandons left out).
#[derive(Debug, Clone)]
pub struct Cohort {
    pub id: i64,
    pub version: i64,
    pub dates: CohortDates,
    pub enrolled: i64,
}

#[derive(sqlx::FromRow)]
struct CohortRow {
    id: i64,
    track: String,
    year: i64,
    recruitment_opens: String,
    recruitment_closes: String,
    registration_closes: String,
    job_starts: String,
    training_weeks: String,
    capacity: i64,
    rhythm: String,
    version: i64,
    enrolled: i64,
}

impl TryFrom<CohortRow> for Cohort {
    type Error = sqlx::Error;

    fn try_from(row: CohortRow) -> sqlx::Result<Cohort> {
        let training_weeks = row
            .training_weeks
            .split(',')
            .filter(|w| !w.is_empty())
            .map(parse_date)
            .collect::<sqlx::Result<Vec<Date>>>()?;
        Ok(Cohort {
            id: row.id,
            version: row.version,
            enrolled: row.enrolled,
            dates: CohortDates {
                track: Track::parse(&row.track).ok_or_else(|| corrupt("parcours"))?,
                year: i32::try_from(row.year).map_err(|_| corrupt("année"))?,
                recruitment_opens: parse_date(&row.recruitment_opens)?,
                recruitment_closes: parse_date(&row.recruitment_closes)?,
                registration_closes: parse_date(&row.registration_closes)?,
                job_starts: parse_date(&row.job_starts)?,
                training_weeks,
                capacity: u32::try_from(row.capacity).map_err(|_| corrupt("capacité"))?,
                rhythm: row.rhythm,
            },
        })
    }
}

const SELECT_COHORT: &str = "SELECT c.id, c.track, c.year, c.recruitment_opens, c.recruitment_closes, \
    c.registration_closes, c.job_starts, c.training_weeks, c.capacity, c.rhythm, c.version, \
    (SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = c.id AND e.state <> 'abandon') AS enrolled \
    FROM cohorts c WHERE 1 = 1";

fn weeks_text(weeks: &[Date]) -> String {
    weeks.iter().map(|d| date_text(*d)).collect::<Vec<_>>().join(",")
}

/// Binds the next placeholders to the dates a cohort's editor may change, then the capacity
/// and rhythm, and the time of the change: `recruitment_opens, recruitment_closes,
/// registration_closes, job_starts, training_weeks, capacity, rhythm, updated_at`.
fn bind_dates<'q>(query: Query<'q, Any, AnyArguments>, dates: &CohortDates) -> Query<'q, Any, AnyArguments> {
    query
        .bind(date_text(dates.recruitment_opens))
        .bind(date_text(dates.recruitment_closes))
        .bind(date_text(dates.registration_closes))
        .bind(date_text(dates.job_starts))
        .bind(weeks_text(&dates.training_weeks))
        .bind(i64::from(dates.capacity))
        .bind(dates.rhythm.clone())
        .bind(instant_text(OffsetDateTime::now_utc()))
}

pub async fn list_cohorts(conn: &mut AnyConnection) -> sqlx::Result<Vec<Cohort>> {
    let rows: Vec<CohortRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_COHORT} ORDER BY c.year, c.track")))
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Cohort::try_from).collect()
}

/// The stored cohorts of one track, for an offer's cohort line: a handful of rows.
pub async fn list_for_track(conn: &mut AnyConnection, track: Track) -> sqlx::Result<Vec<Cohort>> {
    let rows: Vec<CohortRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_COHORT} AND c.track = $1 ORDER BY c.year"
    )))
    .bind(track.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Cohort::try_from).collect()
}

pub async fn find_cohort(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Cohort>> {
    let row: Option<CohortRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_COHORT} AND c.id = $1")))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Cohort::try_from).transpose()
}

/// Stores a cohort unless that track and year already have one; its id either way.
pub async fn insert_cohort(conn: &mut AnyConnection, dates: &CohortDates) -> sqlx::Result<i64> {
    let query = sqlx::query(
        "INSERT INTO cohorts (track, year, recruitment_opens, recruitment_closes, registration_closes, job_starts, \
         training_weeks, capacity, rhythm, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (track, year) DO NOTHING",
    )
    .bind(dates.track.as_str())
    .bind(i64::from(dates.year));
    bind_dates(query, dates).execute(&mut *conn).await?;
    sqlx::query_scalar("SELECT id FROM cohorts WHERE track = $1 AND year = $2")
        .bind(dates.track.as_str())
        .bind(i64::from(dates.year))
        .fetch_one(conn)
        .await
}

/// Holds the cohort's row until the transaction ends, so that two enrolments at once cannot
/// both take its last place (SQLite's write transactions are already one at a time).
pub async fn lock_cohort(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE cohorts SET capacity = capacity WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Saves edited dates if nobody changed the cohort since `version` was read.
pub async fn update_cohort(conn: &mut AnyConnection, id: i64, version: i64, dates: &CohortDates) -> sqlx::Result<bool> {
    let query = sqlx::query(
        "UPDATE cohorts SET recruitment_opens = $1, recruitment_closes = $2, registration_closes = $3, \
         job_starts = $4, training_weeks = $5, capacity = $6, rhythm = $7, version = version + 1, \
         updated_at = $8 WHERE id = $9 AND version = $10",
    );
    super::update_if_version(conn, bind_dates(query, dates), id, version).await
}
