//! ARS funding: calls, requests with their events and documents, subsidies and payments.
//! Every finder takes the reader's scope: an ARS officer's queries only ever return their
//! region's rows, a recruiter's their establishments'.

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use super::{Sql, Value, corrupt, date_text, instant_text, parse_date, parse_instant};
use crate::domain::funding::{Call, Instalment, NewCall, RequestState};
use crate::domain::policy::FundingScope;

/// Which regions' calls a reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    All,
    Only(Vec<String>),
}

fn push_regions(sql: &mut Sql, column: &str, regions: &Regions) {
    match regions {
        Regions::All => {}
        Regions::Only(codes) if codes.is_empty() => {
            sql.push(" AND 1 = 0");
        }
        Regions::Only(codes) => {
            sql.push(&format!(" AND {column} IN ("));
            for (i, code) in codes.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind(Value::Text(code.clone()));
            }
            sql.push(")");
        }
    }
}

/// ` AND …` restricting rows that carry `region_code` and `establishment_id` columns.
fn push_scope(sql: &mut Sql, table: &str, scope: &FundingScope) {
    match scope {
        FundingScope::All => {}
        FundingScope::Region(code) => {
            sql.push(&format!(" AND {table}.region_code = "))
                .bind(Value::Text(code.clone()));
        }
        FundingScope::Establishments(ids) => super::projects::push_scope(
            sql,
            &format!("{table}.establishment_id"),
            &crate::domain::policy::EstablishmentScope::Only(ids.clone()),
        ),
    }
}

/// [`push_scope`] for funding requests (`r`): an ARS officer sees a request only once filed; the
/// establishment's draft (`brouillon`) and its documents stay the establishment's (and the
/// CCOMS's, who accompanies it) until it is filed.
fn push_request_scope(sql: &mut Sql, scope: &FundingScope) {
    push_scope(sql, "r", scope);
    if let FundingScope::Region(_) = scope {
        sql.push(" AND r.state <> ")
            .bind(Value::Text(RequestState::Brouillon.as_str().into()));
    }
}

fn json_error(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

// --- Calls ---------------------------------------------------------------------------------

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
    let rows: Vec<CallRow> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(Call::try_from).collect()
}

pub async fn find_call(conn: &mut AnyConnection, id: i64, regions: &Regions) -> sqlx::Result<Option<Call>> {
    let mut sql = Sql::new(SELECT_CALL);
    sql.push(" AND c.id = ").bind(Value::Int(id));
    push_regions(&mut sql, "c.region_code", regions);
    let row: Option<CallRow> = sql.query_as().fetch_optional(conn).await?;
    row.map(Call::try_from).transpose()
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

// --- Requests ------------------------------------------------------------------------------

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

/// Who did something, as the events keep them.
#[derive(Debug, Clone)]
pub struct Author<'a> {
    /// None for the platform itself (demonstration data).
    pub id: Option<i64>,
    pub name: &'a str,
}

/// Starts a draft request, with its first event.
pub async fn insert_request(
    conn: &mut AnyConnection,
    call_id: i64,
    project_id: i64,
    establishment_id: i64,
    region_code: &str,
    summary: &str,
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
    let row: Option<RequestRow> = sql.query_as().fetch_optional(conn).await?;
    row.map(Request::try_from).transpose()
}

/// The requests in a scope, of one call or all; latest change first.
pub async fn list_requests(
    conn: &mut AnyConnection,
    scope: &FundingScope,
    call_id: Option<i64>,
) -> sqlx::Result<Vec<Request>> {
    let mut sql = Sql::new(SELECT_REQUEST);
    if let Some(call_id) = call_id {
        sql.push(" AND r.call_id = ").bind(Value::Int(call_id));
    }
    push_request_scope(&mut sql, scope);
    sql.push(" ORDER BY r.updated_at DESC, r.id DESC");
    let rows: Vec<RequestRow> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(Request::try_from).collect()
}

/// Moves a request if nobody changed it since `version` was read; false otherwise. Filing
/// records the commitment to keep the post with its author and date.
pub async fn set_request_state(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    to: RequestState,
    committed_by: Option<i64>,
) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let done = sqlx::query(
        "UPDATE funding_requests SET state = $1, version = version + 1, updated_at = $2, \
         committed_at = CASE WHEN $3 >= 0 THEN $2 ELSE committed_at END, \
         committed_by = CASE WHEN $3 >= 0 THEN $3 ELSE committed_by END \
         WHERE id = $4 AND version = $5",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(committed_by.unwrap_or(-1))
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
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
    conn: &mut AnyConnection,
    request_id: i64,
    from: Option<RequestState>,
    to: RequestState,
    reason: &str,
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

// --- Documents -----------------------------------------------------------------------------

/// A document's description, without its content.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Document {
    pub id: i64,
    pub request_id: i64,
    pub requirement: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
}

pub struct NewDocument<'a> {
    pub requirement: &'a str,
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub content: &'a [u8],
}

pub async fn insert_document(
    conn: &mut AnyConnection,
    request_id: i64,
    new: &NewDocument<'_>,
    uploaded_by: Option<i64>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO funding_documents (request_id, requirement, file_name, media_type, size_bytes, content, \
         uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(request_id)
    .bind(new.requirement)
    .bind(new.file_name)
    .bind(new.media_type)
    .bind(new.content.len() as i64)
    .bind(new.content.to_vec())
    .bind(uploaded_by)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .fetch_one(conn)
    .await
}

pub async fn documents(conn: &mut AnyConnection, request_id: i64) -> sqlx::Result<Vec<Document>> {
    sqlx::query_as(
        "SELECT id, request_id, requirement, file_name, media_type, size_bytes FROM funding_documents \
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await
}

/// A document with its content, if its request is in the scope.
pub async fn document_content(
    conn: &mut AnyConnection,
    id: i64,
    scope: &FundingScope,
) -> sqlx::Result<Option<(Document, Vec<u8>)>> {
    let mut sql = Sql::new(
        "SELECT d.id, d.request_id, d.requirement, d.file_name, d.media_type, d.size_bytes \
         FROM funding_documents d JOIN funding_requests r ON r.id = d.request_id WHERE d.id = ",
    );
    sql.bind(Value::Int(id));
    push_request_scope(&mut sql, scope);
    let Some(document): Option<Document> = sql.query_as().fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let content: Vec<u8> = sqlx::query_scalar("SELECT content FROM funding_documents WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(Some((document, content)))
}

/// Removes a document of a request; false when it is not that request's.
pub async fn delete_document(conn: &mut AnyConnection, request_id: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM funding_documents WHERE id = $1 AND request_id = $2")
        .bind(id)
        .bind(request_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

// --- Subsidies -----------------------------------------------------------------------------

/// A subsidy as its page shows it.
#[derive(Debug, Clone)]
pub struct Subsidy {
    pub id: i64,
    pub request_id: i64,
    pub call_id: i64,
    pub call_title: String,
    pub project_id: i64,
    pub project_unit: String,
    pub establishment_id: i64,
    pub establishment_name: String,
    pub region_code: String,
    pub first_year: i32,
    pub years: i64,
    pub total_cents: i64,
    pub paid_cents: i64,
    pub ends_on: Date,
    pub reminder_due_on: Date,
    pub reminder_sent_at: Option<OffsetDateTime>,
    pub post_kept: Option<bool>,
}

const SELECT_SUBSIDY: &str = "SELECT s.id, s.request_id, s.call_id, c.title AS call_title, s.project_id, \
    p.unit AS project_unit, s.establishment_id, e.name AS establishment_name, s.region_code, s.first_year, \
    s.years, s.total_cents, \
    (SELECT CAST(COALESCE(SUM(y.paid_cents), 0) AS BIGINT) FROM subsidy_years y WHERE y.subsidy_id = s.id) AS paid_cents, \
    s.ends_on, s.reminder_due_on, s.reminder_sent_at, s.post_kept \
    FROM subsidies s JOIN funding_calls c ON c.id = s.call_id JOIN post_projects p ON p.id = s.project_id \
    JOIN establishments e ON e.id = s.establishment_id WHERE 1 = 1";

#[derive(sqlx::FromRow)]
struct SubsidyRow {
    id: i64,
    request_id: i64,
    call_id: i64,
    call_title: String,
    project_id: i64,
    project_unit: String,
    establishment_id: i64,
    establishment_name: String,
    region_code: String,
    first_year: i64,
    years: i64,
    total_cents: i64,
    paid_cents: i64,
    ends_on: String,
    reminder_due_on: String,
    reminder_sent_at: Option<String>,
    post_kept: Option<i64>,
}

impl TryFrom<SubsidyRow> for Subsidy {
    type Error = sqlx::Error;

    fn try_from(row: SubsidyRow) -> sqlx::Result<Subsidy> {
        Ok(Subsidy {
            id: row.id,
            request_id: row.request_id,
            call_id: row.call_id,
            call_title: row.call_title,
            project_id: row.project_id,
            project_unit: row.project_unit,
            establishment_id: row.establishment_id,
            establishment_name: row.establishment_name,
            region_code: row.region_code,
            first_year: i32::try_from(row.first_year).map_err(|_| corrupt("année"))?,
            years: row.years,
            total_cents: row.total_cents,
            paid_cents: row.paid_cents,
            ends_on: parse_date(&row.ends_on)?,
            reminder_due_on: parse_date(&row.reminder_due_on)?,
            reminder_sent_at: row.reminder_sent_at.as_deref().map(parse_instant).transpose()?,
            post_kept: row.post_kept.map(|k| k == 1),
        })
    }
}

/// Creates the subsidy of an accepted request, with its yearly amounts; returns its id.
pub async fn insert_subsidy(
    conn: &mut AnyConnection,
    request: &Request,
    call: &Call,
    years: &[Instalment],
    ends_on: Date,
    reminder_due_on: Date,
) -> sqlx::Result<i64> {
    let total: i64 = years.iter().map(|y| y.amount_cents).sum();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO subsidies (request_id, call_id, project_id, establishment_id, region_code, first_year, \
         years, total_cents, ends_on, reminder_due_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(request.id)
    .bind(call.id)
    .bind(request.project_id)
    .bind(request.establishment_id)
    .bind(&request.region_code)
    .bind(i64::from(call.first_year))
    .bind(call.years)
    .bind(total)
    .bind(date_text(ends_on))
    .bind(date_text(reminder_due_on))
    .bind(instant_text(OffsetDateTime::now_utc()))
    .fetch_one(&mut *conn)
    .await?;
    for year in years {
        sqlx::query("INSERT INTO subsidy_years (subsidy_id, year, amount_cents, due_on) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(i64::from(year.year))
            .bind(year.amount_cents)
            .bind(date_text(year.due_on))
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn find_subsidy(conn: &mut AnyConnection, id: i64, scope: &FundingScope) -> sqlx::Result<Option<Subsidy>> {
    let mut sql = Sql::new(SELECT_SUBSIDY);
    sql.push(" AND s.id = ").bind(Value::Int(id));
    push_scope(&mut sql, "s", scope);
    let row: Option<SubsidyRow> = sql.query_as().fetch_optional(conn).await?;
    row.map(Subsidy::try_from).transpose()
}

pub async fn list_subsidies(conn: &mut AnyConnection, scope: &FundingScope) -> sqlx::Result<Vec<Subsidy>> {
    let mut sql = Sql::new(SELECT_SUBSIDY);
    push_scope(&mut sql, "s", scope);
    sql.push(" ORDER BY s.ends_on, s.id");
    let rows: Vec<SubsidyRow> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(Subsidy::try_from).collect()
}

/// One year of a subsidy, with what was paid for it.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    pub amount_cents: i64,
    pub paid_cents: i64,
    pub due_on: Date,
}

pub async fn subsidy_years(conn: &mut AnyConnection, subsidy_id: i64) -> sqlx::Result<Vec<Year>> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT year, amount_cents, paid_cents, due_on FROM subsidy_years WHERE subsidy_id = $1 ORDER BY year",
    )
    .bind(subsidy_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(year, amount_cents, paid_cents, due_on)| {
            Ok(Year {
                year: i32::try_from(year).map_err(|_| corrupt("année"))?,
                amount_cents,
                paid_cents,
                due_on: parse_date(&due_on)?,
            })
        })
        .collect()
}

/// A payment as recorded.
#[derive(Debug, Clone)]
pub struct Payment {
    pub year: i32,
    pub amount_cents: i64,
    pub paid_on: Date,
}

pub async fn payments(conn: &mut AnyConnection, subsidy_id: i64) -> sqlx::Result<Vec<Payment>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT year, amount_cents, paid_on FROM subsidy_payments WHERE subsidy_id = $1 ORDER BY paid_on, id",
    )
    .bind(subsidy_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(year, amount_cents, paid_on)| {
            Ok(Payment {
                year: i32::try_from(year).map_err(|_| corrupt("année"))?,
                amount_cents,
                paid_on: parse_date(&paid_on)?,
            })
        })
        .collect()
}

/// Records a payment for one year of a subsidy, unless it would exceed what remains of that
/// year's amount: the bound is in the `UPDATE` itself, so of two payments at once the database
/// lets through only what fits (the row is locked by the first until it commits). False when
/// it does not fit.
pub async fn record_payment(
    conn: &mut AnyConnection,
    subsidy_id: i64,
    year: i32,
    amount_cents: i64,
    paid_on: Date,
    recorded_by: Option<i64>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE subsidy_years SET paid_cents = paid_cents + $1 \
         WHERE subsidy_id = $2 AND year = $3 AND paid_cents + $1 <= amount_cents",
    )
    .bind(amount_cents)
    .bind(subsidy_id)
    .bind(i64::from(year))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO subsidy_payments (subsidy_id, year, amount_cents, paid_on, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(subsidy_id)
    .bind(i64::from(year))
    .bind(amount_cents)
    .bind(date_text(paid_on))
    .bind(recorded_by)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(true)
}

/// Records whether the post was kept once the subsidy ended.
pub async fn set_post_kept(conn: &mut AnyConnection, subsidy_id: i64, kept: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE subsidies SET post_kept = $1, post_kept_recorded_at = $2 WHERE id = $3")
        .bind(i64::from(kept))
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(subsidy_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records on the project what became of the post once the subsidy ended: kept (`perennise`) or
/// not (`abandonne`). The subsidy's outcome is the fact, whatever step the project was at.
pub async fn set_project_state_after_subsidy(
    conn: &mut AnyConnection,
    project_id: i64,
    to: crate::domain::project::ProjectState,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE post_projects SET state = $1, version = version + 1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(project_id)
        .execute(conn)
        .await?;
    Ok(())
}

// --- Reminders -----------------------------------------------------------------------------

/// Subsidies whose reminder is due and not sent yet.
pub async fn due_reminders(conn: &mut AnyConnection, today: Date) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM subsidies WHERE reminder_sent_at IS NULL AND reminder_due_on <= $1 ORDER BY id")
        .bind(date_text(today))
        .fetch_all(conn)
        .await
}

/// Marks the reminder sent; true only for the one caller that marked it, so that of two job
/// runs (or two instances) exactly one sends the mail, in the same transaction.
pub async fn claim_reminder(conn: &mut AnyConnection, subsidy_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE subsidies SET reminder_sent_at = $1 WHERE id = $2 AND reminder_sent_at IS NULL")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(subsidy_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The addresses of an establishment's recruiters and of its region's ARS officers.
pub async fn reminder_recipients(
    conn: &mut AnyConnection,
    establishment_id: i64,
    region_code: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN user_scopes s ON s.user_id = u.id \
         WHERE (u.role = 'recruiter' AND s.kind = 'establishment' AND s.value = $1) \
            OR (u.role = 'ars_officer' AND s.kind = 'region' AND s.value = $2) \
         ORDER BY u.email",
    )
    .bind(establishment_id.to_string())
    .bind(region_code)
    .fetch_all(conn)
    .await
}

// --- Figures -------------------------------------------------------------------------------

/// Amounts committed and paid for each calendar year of the subsidies in a scope.
pub async fn amounts_by_year(conn: &mut AnyConnection, scope: &FundingScope) -> sqlx::Result<Vec<(i32, i64, i64)>> {
    let mut sql = Sql::new(
        "SELECT y.year, CAST(SUM(y.amount_cents) AS BIGINT), CAST(SUM(y.paid_cents) AS BIGINT) \
         FROM subsidy_years y JOIN subsidies s ON s.id = y.subsidy_id WHERE 1 = 1",
    );
    push_scope(&mut sql, "s", scope);
    sql.push(" GROUP BY y.year ORDER BY y.year");
    let rows: Vec<(i64, i64, i64)> = sql.query_as().fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(year, committed, paid)| (year as i32, committed, paid))
        .collect())
}

/// (region, first year, posts funded) over every subsidy, for the public statistics.
pub async fn posts_by_region_and_year(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, i32, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT region_code, first_year, COUNT(*) FROM subsidies GROUP BY region_code, first_year \
         ORDER BY region_code, first_year",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(r, y, n)| (r, y as i32, n)).collect())
}

/// (region, year, offers) for every offer ever published, for the public statistics.
pub async fn offers_by_region_and_year(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, i32, i64)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT region_code, SUBSTR(published_at, 1, 4) AS year, COUNT(*) FROM fiches \
         WHERE published_at IS NOT NULL AND status IN ('publiee', 'close') \
         GROUP BY region_code, SUBSTR(published_at, 1, 4) ORDER BY 1, 2",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, y, n)| Some((r, y.parse().ok()?, n)))
        .collect())
}
