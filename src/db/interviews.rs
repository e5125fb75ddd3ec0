//! Interviews of an application, their panel, and each panel member's evaluation. Reached only
//! through an application the reader may see (`db::applications::find_in_scope`).

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{Sql, Value, instant_text, parse_instant};
use crate::domain::policy::EstablishmentScope;
use crate::domain::workspace::Meeting;

#[derive(Debug, Clone)]
pub struct Interview {
    pub id: i64,
    pub application_id: i64,
    pub uid: String,
    pub sequence: i64,
    pub starts_at: OffsetDateTime,
    pub duration_minutes: i64,
    pub place: String,
    pub video_url: String,
    pub ccoms_attendee_id: Option<i64>,
    pub cancelled: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    application_id: i64,
    uid: String,
    sequence: i64,
    starts_at: String,
    duration_minutes: i64,
    place: String,
    video_url: String,
    ccoms_attendee_id: Option<i64>,
    cancelled_at: Option<String>,
}

impl TryFrom<Row> for Interview {
    type Error = sqlx::Error;

    fn try_from(row: Row) -> sqlx::Result<Interview> {
        Ok(Interview {
            id: row.id,
            application_id: row.application_id,
            uid: row.uid,
            sequence: row.sequence,
            starts_at: parse_instant(&row.starts_at)?,
            duration_minutes: row.duration_minutes,
            place: row.place,
            video_url: row.video_url,
            ccoms_attendee_id: row.ccoms_attendee_id,
            cancelled: row.cancelled_at.is_some(),
        })
    }
}

const SELECT: &str = "SELECT id, application_id, uid, sequence, starts_at, duration_minutes, place, video_url, \
    ccoms_attendee_id, cancelled_at FROM interviews";

/// When, where, and who.
pub struct Schedule<'a> {
    pub starts_at: OffsetDateTime,
    pub duration_minutes: i64,
    pub place: &'a str,
    pub video_url: &'a str,
    pub ccoms_attendee_id: Option<i64>,
    pub panel: &'a [i64],
}

pub async fn insert(
    conn: &mut AnyConnection, application_id: i64, uid: &str, schedule: &Schedule<'_>,
) -> sqlx::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO interviews (application_id, uid, starts_at, duration_minutes, place, video_url, \
         ccoms_attendee_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(application_id)
    .bind(uid)
    .bind(instant_text(schedule.starts_at))
    .bind(schedule.duration_minutes)
    .bind(schedule.place)
    .bind(schedule.video_url)
    .bind(schedule.ccoms_attendee_id)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .fetch_one(&mut *conn)
    .await?;
    set_panel(conn, id, schedule.panel).await?;
    Ok(id)
}

async fn set_panel(conn: &mut AnyConnection, interview_id: i64, panel: &[i64]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM interview_panel WHERE interview_id = $1")
        .bind(interview_id)
        .execute(&mut *conn)
        .await?;
    for user_id in panel {
        sqlx::query("INSERT INTO interview_panel (interview_id, user_id) VALUES ($1, $2)")
            .bind(interview_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A new date, place or panel: the sequence goes up so that calendars replace the old event.
pub async fn reschedule(conn: &mut AnyConnection, id: i64, schedule: &Schedule<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE interviews SET starts_at = $1, duration_minutes = $2, place = $3, video_url = $4, \
         ccoms_attendee_id = $5, sequence = sequence + 1 WHERE id = $6 AND cancelled_at IS NULL",
    )
    .bind(instant_text(schedule.starts_at))
    .bind(schedule.duration_minutes)
    .bind(schedule.place)
    .bind(schedule.video_url)
    .bind(schedule.ccoms_attendee_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    set_panel(conn, id, schedule.panel).await
}

pub async fn cancel(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE interviews SET cancelled_at = $1, sequence = sequence + 1 WHERE id = $2 AND cancelled_at IS NULL",
    )
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn for_application(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Vec<Interview>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE application_id = $1 ORDER BY starts_at"
    )))
    .bind(application_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Interview::try_from).collect()
}

pub async fn find(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Interview>> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Interview::try_from).transpose()
}

/// A member of a panel, or someone who may be asked to sit on one.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub display_name: String,
    pub email: String,
}

pub async fn panel(conn: &mut AnyConnection, interview_id: i64) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name, u.email FROM interview_panel p JOIN users u ON u.id = p.user_id \
         WHERE p.interview_id = $1 ORDER BY u.display_name",
    )
    .bind(interview_id)
    .fetch_all(conn)
    .await
}

/// Who may sit on a panel for an establishment: its recruiters.
pub async fn recruiters_of(conn: &mut AnyConnection, establishment_id: i64) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name, u.email FROM users u JOIN user_scopes s ON s.user_id = u.id \
         WHERE u.role = 'recruiter' AND s.kind = 'establishment' AND s.value = $1 ORDER BY u.display_name",
    )
    .bind(establishment_id.to_string())
    .fetch_all(conn)
    .await
}

/// The CCOMS's coordinators, one of whom may attend.
pub async fn coordinators(conn: &mut AnyConnection) -> sqlx::Result<Vec<Member>> {
    sqlx::query_as("SELECT id, display_name, email FROM users WHERE role = 'coordinator' ORDER BY display_name")
        .fetch_all(conn)
        .await
}

// --- Evaluations ---------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Evaluation {
    pub interview_id: i64,
    pub evaluator_id: i64,
    pub evaluator_name: String,
    /// JSON: competence group → rating code.
    pub ratings: String,
    pub comment: String,
    pub recommendation: String,
    pub submitted_at: String,
}

impl Evaluation {
    pub fn rating_list(&self) -> Vec<(String, String)> {
        serde_json::from_str::<Vec<(String, String)>>(&self.ratings).unwrap_or_default()
    }
}

/// Records an evaluation once: a second submission by the same member changes nothing.
pub async fn submit_evaluation(
    conn: &mut AnyConnection, interview_id: i64, evaluator: (i64, &str), ratings: &[(String, String)], comment: &str,
    recommendation: &str,
) -> sqlx::Result<bool> {
    let ratings = serde_json::to_string(ratings).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let done = sqlx::query(
        "INSERT INTO evaluations (interview_id, evaluator_id, evaluator_name, ratings, comment, recommendation, \
         submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (interview_id, evaluator_id) DO NOTHING",
    )
    .bind(interview_id)
    .bind(evaluator.0)
    .bind(evaluator.1)
    .bind(ratings)
    .bind(comment)
    .bind(recommendation)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn evaluations(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Vec<Evaluation>> {
    sqlx::query_as(
        "SELECT e.interview_id, e.evaluator_id, e.evaluator_name, e.ratings, e.comment, e.recommendation, \
         e.submitted_at FROM evaluations e JOIN interviews i ON i.id = e.interview_id \
         WHERE i.application_id = $1 ORDER BY e.id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await
}

/// The interviews not cancelled that start in `[from, to)`, in the scope, soonest first: (the
/// offer's fiche id, start). No candidate's data: a home shows the offer and the time.
pub async fn coming(
    conn: &mut AnyConnection, scope: &EstablishmentScope, from: OffsetDateTime, to: OffsetDateTime,
) -> sqlx::Result<Vec<(i64, OffsetDateTime)>> {
    let mut sql = Sql::new(
        "SELECT a.fiche_id, i.starts_at FROM interviews i JOIN applications a ON a.id = i.application_id \
         WHERE i.cancelled_at IS NULL AND i.starts_at >= ",
    );
    sql.bind(Value::Text(instant_text(from)));
    sql.push(" AND i.starts_at < ").bind(Value::Text(instant_text(to)));
    super::projects::push_scope(&mut sql, "a.establishment_id", scope);
    sql.push(" ORDER BY i.starts_at, i.id");
    let rows: Vec<(i64, String)> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(|(id, at)| Ok((id, parse_instant(&at)?))).collect()
}

const SLOT: &str = "SELECT a.fiche_id, f.title, a.id, i.starts_at FROM interviews i \
    JOIN applications a ON a.id = i.application_id JOIN fiches f ON f.id = a.fiche_id \
    WHERE i.cancelled_at IS NULL";

async fn meetings(conn: &mut AnyConnection, sql: &Sql) -> sqlx::Result<Vec<Meeting>> {
    let rows: Vec<(i64, String, i64, String)> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter()
        .map(|(fiche_id, fiche_title, application_id, at)| {
            Ok(Meeting {
                fiche_id,
                fiche_title,
                application_id,
                starts_at: parse_instant(&at)?,
            })
        })
        .collect()
}

/// The interviews held before `now` on whose panel `user_id` sits and that they have not
/// evaluated, the application still open, oldest first.
pub async fn evaluations_owed(
    conn: &mut AnyConnection, user_id: i64, now: OffsetDateTime,
) -> sqlx::Result<Vec<Meeting>> {
    let mut sql = Sql::new(SLOT);
    sql.push(" AND i.starts_at < ").bind(Value::Text(instant_text(now)));
    sql.push(" AND a.status NOT IN ('embauchee', 'non_retenue', 'retiree')");
    sql.push(" AND EXISTS (SELECT 1 FROM interview_panel p WHERE p.interview_id = i.id AND p.user_id = ")
        .bind(Value::Int(user_id))
        .push(")");
    sql.push(" AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interview_id = i.id AND e.evaluator_id = ")
        .bind(Value::Int(user_id))
        .push(") ORDER BY i.starts_at, i.id");
    meetings(conn, &sql).await
}

/// The interviews of `[from, to)` the CCOMS member `user_id` attends, soonest first.
pub async fn to_attend(
    conn: &mut AnyConnection, user_id: i64, from: OffsetDateTime, to: OffsetDateTime,
) -> sqlx::Result<Vec<Meeting>> {
    let mut sql = Sql::new(SLOT);
    sql.push(" AND i.ccoms_attendee_id = ").bind(Value::Int(user_id));
    sql.push(" AND i.starts_at >= ").bind(Value::Text(instant_text(from)));
    sql.push(" AND i.starts_at < ").bind(Value::Text(instant_text(to)));
    sql.push(" ORDER BY i.starts_at, i.id");
    meetings(conn, &sql).await
}

// --- Evaluations awaited ------------------------------------------------------------------

/// A panel member who sat on an interview now past and has not written their evaluation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AwaitedEvaluation {
    pub interview_id: i64,
    pub user_id: i64,
    pub application_id: i64,
    pub fiche_id: i64,
    pub fiche_title: String,
    pub establishment_id: i64,
    pub establishment_name: String,
}

/// The evaluations owed for interviews that began before `before`, not yet asked for.
pub async fn evaluations_awaited(
    conn: &mut AnyConnection, before: time::OffsetDateTime,
) -> sqlx::Result<Vec<AwaitedEvaluation>> {
    sqlx::query_as(
        "SELECT p.interview_id, p.user_id, a.id AS application_id, f.id AS fiche_id, f.title AS fiche_title, \
         e.id AS establishment_id, e.name AS establishment_name \
         FROM interview_panel p JOIN interviews i ON i.id = p.interview_id \
         JOIN applications a ON a.id = i.application_id JOIN fiches f ON f.id = a.fiche_id \
         JOIN establishments e ON e.id = a.establishment_id \
         WHERE p.evaluation_asked_at IS NULL AND i.cancelled_at IS NULL AND i.starts_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM evaluations v WHERE v.interview_id = p.interview_id AND v.evaluator_id = p.user_id) \
         ORDER BY p.interview_id, p.user_id",
    )
    .bind(crate::db::instant_text(before))
    .fetch_all(conn)
    .await
}

/// Marks the evaluation asked for; true only for the one caller that marked it.
pub async fn claim_evaluation_ask(conn: &mut AnyConnection, interview_id: i64, user_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE interview_panel SET evaluation_asked_at = $1 \
         WHERE interview_id = $2 AND user_id = $3 AND evaluation_asked_at IS NULL",
    )
    .bind(crate::db::instant_text(time::OffsetDateTime::now_utc()))
    .bind(interview_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
