//! The historical record of posts (migration 0039): read whole for the observatory's figures
//! (a few hundred rows), written by the CCOMS's import, one row per reference.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::instant_text;
use crate::domain::observatory::HistoricalPost;

const COLUMNS: &str = "reference, region, departement, establishment, created_year, state, project_start, hired_on, \
     subsidy_end_year, kept, grade_at_hire, grade_now, educateur_year, track, cohort, graduated";

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Every post of the record, by reference.
pub async fn all(conn: &mut AnyConnection) -> sqlx::Result<Vec<HistoricalPost>> {
    let sql = format!("SELECT {COLUMNS} FROM historical_posts ORDER BY reference");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(conn).await?;
    rows.iter().map(post_of).collect()
}

fn post_of(row: &sqlx::any::AnyRow) -> sqlx::Result<HistoricalPost> {
    let year = |name: &str| -> sqlx::Result<Option<i32>> { Ok(row.try_get::<Option<i64>, _>(name)?.map(|y| y as i32)) };
    let flag = |name: &str| -> sqlx::Result<Option<bool>> { Ok(row.try_get::<Option<i64>, _>(name)?.map(|v| v != 0)) };
    Ok(HistoricalPost {
        reference: row.try_get("reference")?,
        region: row.try_get("region")?,
        departement: row.try_get("departement")?,
        establishment: row.try_get("establishment")?,
        created_year: row.try_get::<i64, _>("created_year")? as i32,
        state: row.try_get("state")?,
        project_start: row.try_get("project_start")?,
        hired_on: row.try_get("hired_on")?,
        subsidy_end_year: year("subsidy_end_year")?,
        kept: flag("kept")?,
        grade_at_hire: row.try_get("grade_at_hire")?,
        grade_now: row.try_get("grade_now")?,
        educateur_year: year("educateur_year")?,
        track: row.try_get("track")?,
        cohort: year("cohort")?,
        graduated: flag("graduated")?,
    })
}

/// Adds the posts whose reference is new and rewrites those that changed, in the caller's
/// transaction; a post the file no longer names stays (the record only grows).
pub async fn import(conn: &mut AnyConnection, posts: &[HistoricalPost]) -> sqlx::Result<Imported> {
    let known: HashMap<String, HistoricalPost> =
        all(conn).await?.into_iter().map(|p| (p.reference.clone(), p)).collect();
    let now = instant_text(OffsetDateTime::now_utc());
    let mut done = Imported::default();
    for post in posts {
        let sql = match known.get(&post.reference) {
            Some(old) if old == post => {
                done.unchanged += 1;
                continue;
            }
            Some(_) => {
                done.updated += 1;
                "UPDATE historical_posts SET region = $2, departement = $3, establishment = $4, created_year = $5, \
                 state = $6, project_start = $7, hired_on = $8, subsidy_end_year = $9, kept = $10, \
                 grade_at_hire = $11, grade_now = $12, educateur_year = $13, track = $14, cohort = $15, \
                 graduated = $16, imported_at = $17 WHERE reference = $1"
            }
            None => {
                done.added += 1;
                "INSERT INTO historical_posts (reference, region, departement, establishment, created_year, state, \
                 project_start, hired_on, subsidy_end_year, kept, grade_at_hire, grade_now, educateur_year, track, \
                 cohort, graduated, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
            }
        };
        sqlx::query(sql)
            .bind(&post.reference)
            .bind(&post.region)
            .bind(&post.departement)
            .bind(&post.establishment)
            .bind(i64::from(post.created_year))
            .bind(&post.state)
            .bind(&post.project_start)
            .bind(&post.hired_on)
            .bind(post.subsidy_end_year.map(i64::from))
            .bind(post.kept.map(i64::from))
            .bind(&post.grade_at_hire)
            .bind(&post.grade_now)
            .bind(post.educateur_year.map(i64::from))
            .bind(&post.track)
            .bind(post.cohort.map(i64::from))
            .bind(post.graduated.map(i64::from))
            .bind(&now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(done)
}
