//! Calls for projects: what an ARS funds, per region, with how many requests each received.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{Regions, json_error, push_regions};
use crate::db::{Sql, Value, corrupt, date_text, instant_text, parse_date};
use crate::domain::funding::{Call, NewCall};

pub async fn insert_call(conn: &mut AnyConnection, new: &NewCall, created_by: Option<i64>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO funding_calls (region_code, title, description, posts, amount_per_post_year_cents, \
         years, first_year, opens_on, closes_on, documents, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(&new.region_code)
    .bind(&new.title)
    .bind(&new.description)
    .bind(new.posts)
    .bind(new.amount_per_post_year_cents)
    .bind(new.years)
    .bind(i64::from(new.first_year))
    .bind(date_text(new.opens_on))
    .bind(date_text(new.closes_on))
    .bind(serde_json::to_string(&new.documents).map_err(json_error)?)
    .bind(created_by)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .fetch_one(conn)
    .await
}

const SELECT_CALL: &str = "SELECT c.id, c.region_code, c.title, c.description, c.posts, \
    c.amount_per_post_year_cents, c.years, c.first_year, c.opens_on, c.closes_on, c.documents, \
    (SELECT COUNT(*) FROM funding_requests r WHERE r.call_id = c.id AND r.state = 'acceptee') AS accepted, \
    (SELECT COUNT(*) FROM funding_requests r WHERE r.call_id = c.id AND r.state <> 'brouillon') AS filed \
    FROM funding_calls c WHERE 1 = 1";

#[derive(sqlx::FromRow)]
struct CallRow {
    id: i64,
    region_code: String,
    title: String,
    description: String,
    posts: i64,
    amount_per_post_year_cents: i64,
    years: i64,
    first_year: i64,
    opens_on: String,
    closes_on: String,
    documents: String,
    accepted: i64,
    filed: i64,
}

impl TryFrom<CallRow> for Call {
    type Error = sqlx::Error;

    fn try_from(row: CallRow) -> sqlx::Result<Call> {
        Ok(Call {
            id: row.id,
            region_code: row.region_code,
            title: row.title,
            description: row.description,
            posts: row.posts,
            amount_per_post_year_cents: row.amount_per_post_year_cents,
            years: row.years,
            first_year: i32::try_from(row.first_year).map_err(|_| corrupt("année"))?,
            opens_on: parse_date(&row.opens_on)?,
            closes_on: parse_date(&row.closes_on)?,
            documents: serde_json::from_str(&row.documents).map_err(json_error)?,
            accepted: row.accepted,
            filed: row.filed,
        })
    }
}

/// The calls of some regions, latest closing first.
pub async fn list_calls(conn: &mut AnyConnection, regions: &Regions) -> sqlx::Result<Vec<Call>> {
    let mut sql = Sql::new(SELECT_CALL);
    push_regions(&mut sql, "c.region_code", regions);
    sql.push(" ORDER BY c.closes_on DESC, c.id DESC");
    sql.fetch_all_as::<CallRow, _>(conn).await
}

pub async fn find_call(conn: &mut AnyConnection, id: i64, regions: &Regions) -> sqlx::Result<Option<Call>> {
    let mut sql = Sql::new(SELECT_CALL);
    sql.push(" AND c.id = ").bind(Value::Int(id));
    push_regions(&mut sql, "c.region_code", regions);
    sql.fetch_optional_as::<CallRow, _>(conn).await
}

/// Takes the call's row lock until the transaction ends (SQLite's `BEGIN IMMEDIATE` already
/// serialises writers; PostgreSQL needs the row lock).
pub async fn lock_call(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE funding_calls SET posts = posts WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many calls exist, in every region (the demonstration adds its own only to none).
pub async fn count_calls(conn: &mut AnyConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM funding_calls")
        .fetch_one(conn)
        .await
}
