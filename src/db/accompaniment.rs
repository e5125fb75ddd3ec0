//! The CCOMS's accompaniment of a project: its meetings with the team, its corrections of the
//! derived stage, its review of the team's readiness. Callers have found the project in the
//! reader's scope first.

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use super::{corrupt, date_text, instant_text, parse_date, parse_instant};
use crate::domain::project::Readiness;
use crate::domain::project::accompaniment::{Meeting, MeetingKind, NewMeeting};
use crate::domain::project::stage::Correction;

/// Who did it: their account (none for the demonstration's), and their name as it was then.
pub struct Author<'a> {
    pub user_id: Option<i64>,
    pub name: &'a str,
}

pub async fn record_meeting(
    conn: &mut AnyConnection, project_id: i64, meeting: &NewMeeting, by: &Author<'_>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO accompaniment_meetings (project_id, kind, held_on, note, user_id, user_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(project_id)
    .bind(meeting.kind.as_str())
    .bind(date_text(meeting.held_on))
    .bind(&meeting.note)
    .bind(by.user_id)
    .bind(by.name)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    kind: String,
    held_on: String,
    note: String,
    user_name: String,
}

/// The project's meetings, the latest first.
pub async fn meetings(conn: &mut AnyConnection, project_id: i64) -> sqlx::Result<Vec<Meeting>> {
    let rows: Vec<MeetingRow> = sqlx::query_as(
        "SELECT id, kind, held_on, note, user_name FROM accompaniment_meetings WHERE project_id = $1 \
         ORDER BY held_on DESC, id DESC",
    )
    .bind(project_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Meeting {
                id: row.id,
                kind: MeetingKind::parse(&row.kind).ok_or_else(|| corrupt("réunion"))?,
                held_on: parse_date(&row.held_on)?,
                note: row.note,
                recorded_by: row.user_name,
            })
        })
        .collect()
}

/// The day of the first interview held on the project's fiches with a CCOMS attendee.
pub async fn ccoms_at_interview(
    conn: &mut AnyConnection, project_id: i64, now: OffsetDateTime,
) -> sqlx::Result<Option<Date>> {
    let first: Option<String> = sqlx::query_scalar(
        "SELECT MIN(i.starts_at) FROM interviews i JOIN applications a ON a.id = i.application_id \
         JOIN fiches f ON f.id = a.fiche_id WHERE f.project_id = $1 AND i.ccoms_attendee_id IS NOT NULL \
         AND i.cancelled_at IS NULL AND i.starts_at <= $2",
    )
    .bind(project_id)
    .bind(instant_text(now))
    .fetch_one(conn)
    .await?;
    Ok(first.as_deref().map(parse_instant).transpose()?.map(|at| at.date()))
}

/// Records a correction of the stage, with its reason; the latest one applies.
pub async fn correct_stage(
    conn: &mut AnyConnection, project_id: i64, correction: &Correction, reason: &str, by: &Author<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO project_stage_corrections (project_id, derived_stage, stage, reason, user_id, user_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(project_id)
    .bind(correction.derived.as_str())
    .bind(correction.stage.as_str())
    .bind(reason)
    .bind(by.user_id)
    .bind(by.name)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(&mut *conn)
    .await?;
    bump(conn, project_id).await
}

/// A correction as the project's page lists it: when, to which stage, why, by whom.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CorrectionLine {
    pub at: String,
    pub stage: String,
    pub reason: String,
    pub user_name: String,
}

impl CorrectionLine {
    pub fn day(&self) -> String {
        parse_instant(&self.at)
            .map(|at| crate::domain::calendar::french_date(at.date()))
            .unwrap_or_default()
    }

    pub fn stage_label(&self) -> &str {
        crate::domain::project::ProjectState::parse(&self.stage).map_or(self.stage.as_str(), |s| s.label())
    }
}

pub async fn corrections(conn: &mut AnyConnection, project_id: i64) -> sqlx::Result<Vec<CorrectionLine>> {
    sqlx::query_as(
        "SELECT at, stage, reason, user_name FROM project_stage_corrections WHERE project_id = $1 ORDER BY id DESC",
    )
    .bind(project_id)
    .fetch_all(conn)
    .await
}

/// Saves the team's answers if nobody changed the project since `version`; false otherwise.
pub async fn save_readiness(
    conn: &mut AnyConnection, project_id: i64, version: i64, readiness: &Readiness,
) -> sqlx::Result<bool> {
    let json = serde_json::to_string(readiness).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let now = instant_text(OffsetDateTime::now_utc());
    let change = sqlx::query(
        "UPDATE post_projects SET readiness = $1, readiness_changed_at = $2, version = version + 1, \
         updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(json)
    .bind(now);
    super::update_if_version(conn, change, project_id, version).await
}

/// Records the CCOMS's review of the team's answers as they are now: a change after it sets
/// `readiness_changed_at` again.
pub async fn review_readiness(
    conn: &mut AnyConnection, project_id: i64, comment: &str, by: &Author<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE post_projects SET readiness_reviewed_at = $1, readiness_reviewer = $2, readiness_review = $3, \
         readiness_changed_at = NULL, version = version + 1, updated_at = $1 WHERE id = $4",
    )
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(by.name)
    .bind(comment)
    .bind(project_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A change recorded beside the project still changes it: a form read before is out of date.
async fn bump(conn: &mut AnyConnection, project_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE post_projects SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(project_id)
        .execute(conn)
        .await?;
    Ok(())
}
