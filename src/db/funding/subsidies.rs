//! Subsidies: what an accepted request became, its yearly amounts and payments, what became
//! of the post, and the reminder before it ends.

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use super::push_scope;
use super::requests::Request;
use crate::db::{Sql, Value, corrupt, date_text, instant_text, parse_date, parse_instant};
use crate::domain::funding::{Call, Instalment};
use crate::domain::policy::FundingScope;

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
    conn: &mut AnyConnection, request: &Request, call: &Call, years: &[Instalment], ends_on: Date,
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
    sql.fetch_optional_as::<SubsidyRow, _>(conn).await
}

pub async fn list_subsidies(conn: &mut AnyConnection, scope: &FundingScope) -> sqlx::Result<Vec<Subsidy>> {
    let mut sql = Sql::new(SELECT_SUBSIDY);
    push_scope(&mut sql, "s", scope);
    sql.push(" ORDER BY s.ends_on, s.id");
    sql.fetch_all_as::<SubsidyRow, _>(conn).await
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
    conn: &mut AnyConnection, subsidy_id: i64, year: i32, amount_cents: i64, paid_on: Date, recorded_by: Option<i64>,
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
    crate::db::stamp_once(conn, "subsidies", "reminder_sent_at", subsidy_id).await
}

/// The addresses of an establishment's recruiters and of its region's ARS officers.
pub async fn reminder_recipients(
    conn: &mut AnyConnection, establishment_id: i64, region_code: &str,
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

/// A year of a subsidy due and not fully paid.
#[derive(Debug, Clone)]
pub struct DuePayment {
    pub subsidy_id: i64,
    pub project_unit: String,
    pub establishment_name: String,
    pub year: i32,
    pub left_cents: i64,
    pub due_on: Date,
}

/// The subsidies' years due on or before `today` and not fully paid, in the scope, oldest first.
pub async fn payments_due(
    conn: &mut AnyConnection, scope: &FundingScope, today: Date,
) -> sqlx::Result<Vec<DuePayment>> {
    let mut sql = Sql::new(
        "SELECT s.id, p.unit, e.name, y.year, y.amount_cents - y.paid_cents, y.due_on FROM subsidy_years y \
         JOIN subsidies s ON s.id = y.subsidy_id JOIN post_projects p ON p.id = s.project_id \
         JOIN establishments e ON e.id = s.establishment_id WHERE y.paid_cents < y.amount_cents AND y.due_on <= ",
    );
    sql.bind(Value::Text(date_text(today)));
    push_scope(&mut sql, "s", scope);
    sql.push(" ORDER BY y.due_on, s.id");
    let rows: Vec<(i64, String, String, i64, i64, String)> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter()
        .map(
            |(subsidy_id, project_unit, establishment_name, year, left_cents, due_on)| {
                Ok(DuePayment {
                    subsidy_id,
                    project_unit,
                    establishment_name,
                    year: i32::try_from(year).map_err(|_| corrupt("année"))?,
                    left_cents,
                    due_on: parse_date(&due_on)?,
                })
            },
        )
        .collect()
}
