//! Funding requests and their history: each transition dated and attributed.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{Author, push_request_scope};
use crate::db::{Sql, Value, corrupt, instant_text, parse_instant};
use crate::domain::funding::RequestState;
use crate::domain::policy::FundingScope;

/// A funding request as its pages show it.
#[derive(Debug, Clone)]
pub struct Request {
    pub id: i64,
    pub call_id: i64,
    pub call_title: String,
    pub project_id: i64,
    pub project_unit: String,
    pub establishment_id: i64,
    pub establishment_name: String,
    pub region_code: String,
    pub state: RequestState,
    pub summary: String,
    pub committed_at: Option<OffsetDateTime>,
    pub version: i64,
    pub updated_at: OffsetDateTime,
    /// The subsidy it became, once accepted.
    pub subsidy_id: Option<i64>,
}

const SELECT_REQUEST: &str = "SELECT r.id, r.call_id, c.title AS call_title, r.project_id, \
    p.unit AS project_unit, r.establishment_id, e.name AS establishment_name, r.region_code, r.state, \
    r.summary, r.committed_at, r.version, r.updated_at, \
    (SELECT s.id FROM subsidies s WHERE s.request_id = r.id) AS subsidy_id \
    FROM funding_requests r JOIN funding_calls c ON c.id = r.call_id \
    JOIN post_projects p ON p.id = r.project_id JOIN establishments e ON e.id = r.establishment_id \
    WHERE 1 = 1";

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    call_id: i64,
    call_title: String,
    project_id: i64,
    project_unit: String,
    establishment_id: i64,
    establishment_name: String,
    region_code: String,
    state: String,
    summary: String,
    committed_at: Option<String>,
    version: i64,
    updated_at: String,
    subsidy_id: Option<i64>,
}

impl TryFrom<RequestRow> for Request {
    type Error = sqlx::Error;

    fn try_from(row: RequestRow) -> sqlx::Result<Request> {
        Ok(Request {
            id: row.id,
            call_id: row.call_id,
            call_title: row.call_title,
            project_id: row.project_id,
            project_unit: row.project_unit,
            establishment_id: row.establishment_id,
            establishment_name: row.establishment_name,
            region_code: row.region_code,
            state: RequestState::parse(&row.state).ok_or_else(|| corrupt("état de demande"))?,
            summary: row.summary,
            committed_at: row.committed_at.as_deref().map(parse_instant).transpose()?,
            version: row.version,
            updated_at: parse_instant(&row.updated_at)?,
            subsidy_id: row.subsidy_id,
        })
    }
}

pub async fn insert_request(
    conn: &mut AnyConnection, call_id: i64, project_id: i64, establishment_id: i64, region_code: &str, summary: &str,
    author: &Author<'_>,
) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO funding_requests (call_id, project_id, establishment_id, region_code, state, summary, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(call_id)
    .bind(project_id)
    .bind(establishment_id)
    .bind(region_code)
    .bind(RequestState::Brouillon.as_str())
    .bind(summary)
    .bind(author.id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    record_event(conn, id, None, RequestState::Brouillon, "", author).await?;
    Ok(id)
}

/// The request this project already has in this call, if any.
pub async fn request_for(conn: &mut AnyConnection, call_id: i64, project_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM funding_requests WHERE call_id = $1 AND project_id = $2")
        .bind(call_id)
        .bind(project_id)
        .fetch_optional(conn)
        .await
}

pub async fn find_request(conn: &mut AnyConnection, id: i64, scope: &FundingScope) -> sqlx::Result<Option<Request>> {
    let mut sql = Sql::new(SELECT_REQUEST);
    sql.push(" AND r.id = ").bind(Value::Int(id));
    push_request_scope(&mut sql, scope);
    sql.fetch_optional_as::<RequestRow, _>(conn).await
}

/// The requests in a scope, of one call or all; latest change first.
pub async fn list_requests(
    conn: &mut AnyConnection, scope: &FundingScope, call_id: Option<i64>,
) -> sqlx::Result<Vec<Request>> {
    let mut sql = Sql::new(SELECT_REQUEST);
    if let Some(call_id) = call_id {
        sql.push(" AND r.call_id = ").bind(Value::Int(call_id));
    }
    push_request_scope(&mut sql, scope);
    sql.push(" ORDER BY r.updated_at DESC, r.id DESC");
    sql.fetch_all_as::<RequestRow, _>(conn).await
}

/// Moves a request if nobody changed it since `version` was read; false otherwise. Filing
/// records the commitment to keep the post with its author and date.
pub async fn set_request_state(
    conn: &mut AnyConnection, id: i64, version: i64, to: RequestState, committed_by: Option<i64>,
) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let change = sqlx::query(
        "UPDATE funding_requests SET state = $1, version = version + 1, updated_at = $2, \
         committed_at = CASE WHEN $3 >= 0 THEN $2 ELSE committed_at END, \
         committed_by = CASE WHEN $3 >= 0 THEN $3 ELSE committed_by END \
         WHERE id = $4 AND version = $5",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(committed_by.unwrap_or(-1));
    crate::db::update_if_version(conn, change, id, version).await
}

/// Records the commitment to keep the post for a request filed without a person to name (the
/// demo's): the date alone.
pub async fn record_commitment(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE funding_requests SET committed_at = $1 WHERE id = $2 AND committed_at IS NULL")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One transition of a request, dated and attributed.
#[derive(Debug, Clone)]
pub struct Event {
    pub from_state: Option<RequestState>,
    pub to_state: RequestState,
    pub reason: String,
    pub actor_name: String,
    pub at: OffsetDateTime,
}

pub async fn record_event(
    conn: &mut AnyConnection, request_id: i64, from: Option<RequestState>, to: RequestState, reason: &str,
    author: &Author<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO funding_request_events (request_id, from_state, to_state, reason, actor_id, actor_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(request_id)
    .bind(from.map_or("", RequestState::as_str))
    .bind(to.as_str())
    .bind(reason)
    .bind(author.id)
    .bind(author.name)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

/// A request's history, oldest first.
pub async fn events(conn: &mut AnyConnection, request_id: i64) -> sqlx::Result<Vec<Event>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT from_state, to_state, reason, actor_name, at FROM funding_request_events \
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(from, to, reason, actor_name, at)| {
            Ok(Event {
                from_state: RequestState::parse(&from),
                to_state: RequestState::parse(&to).ok_or_else(|| corrupt("état de demande"))?,
                reason,
                actor_name,
                at: parse_instant(&at)?,
            })
        })
        .collect()
}
