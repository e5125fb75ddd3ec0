//! Post projects. Every read takes the reader's [`EstablishmentScope`], so a recruiter's
//! queries only ever return their establishments' projects.

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use super::{Sql, Value, corrupt, instant_text, parse_date, parse_instant};
use crate::domain::fiche::{Quotite, Track};
use crate::domain::funding::RequestState;
use crate::domain::policy::EstablishmentScope;
use crate::domain::project::readiness::Review;
use crate::domain::project::stage::{self, Correction, Facts};
use crate::domain::project::{NewProject, Project, ProjectState};

/// ` AND {column} IN (…)` for a scope (nothing for everything, a false condition for none).
pub fn push_scope(sql: &mut Sql, column: &str, scope: &EstablishmentScope) {
    match scope {
        EstablishmentScope::All => {}
        EstablishmentScope::Only(ids) => {
            sql.push_one_of(column, establishment_ids(ids));
        }
    }
}

/// Establishment ids as bound values, for [`Sql::push_one_of`].
pub(super) fn establishment_ids(ids: &[i64]) -> Vec<Value> {
    ids.iter().map(|id| Value::Int(*id)).collect()
}

/// ` AND {alias}.id = id`, within the scope on `{alias}.establishment_id`: the "one record, if
/// the reader may see it" finder.
pub(super) fn push_id_in_scope(sql: &mut Sql, alias: &str, id: i64, scope: &EstablishmentScope) {
    sql.push(&format!(" AND {alias}.id = ")).bind(Value::Int(id));
    push_scope(sql, &format!("{alias}.establishment_id"), scope);
}

/// Opens a project: what happens to it from now on sets its stage.
pub async fn insert(conn: &mut AnyConnection, new: &NewProject, created_by: Option<i64>) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    let readiness = serde_json::to_string(&new.readiness).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query_scalar(
        "INSERT INTO post_projects (establishment_id, unit, public_served, quotite, track, \
         readiness, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(new.establishment_id)
    .bind(&new.unit)
    .bind(&new.public_served)
    .bind(new.quotite.as_str())
    .bind(new.track.as_str())
    .bind(readiness)
    .bind(created_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// A project with what the other modules recorded of it: its stage is derived from these.
const SELECT_PROJECT: &str = "SELECT p.id, p.establishment_id, e.name AS establishment_name, p.unit, \
    p.public_served, p.quotite, p.track, p.readiness, p.version, p.target_year, \
    p.abandoned_at, p.abandon_reason, p.readiness_changed_at, p.readiness_reviewed_at, \
    p.readiness_reviewer, p.readiness_review, \
    (SELECT MAX(f.id) FROM fiches f WHERE f.project_id = p.id) AS fiche_id, \
    (SELECT COUNT(*) FROM accompaniment_meetings m WHERE m.project_id = p.id) AS meetings, \
    (SELECT COUNT(*) FROM fiches f WHERE f.project_id = p.id AND f.published_at IS NOT NULL) AS published, \
    (SELECT COUNT(*) FROM applications a JOIN fiches f ON f.id = a.fiche_id WHERE f.project_id = p.id) \
        AS applications, \
    (SELECT COUNT(*) FROM msp_records r JOIN fiches f ON f.id = r.fiche_id WHERE f.project_id = p.id) AS hires, \
    (SELECT MIN(n.arrival_on) FROM enrolments n JOIN msp_records r ON r.id = n.msp_record_id \
        JOIN fiches f ON f.id = r.fiche_id WHERE f.project_id = p.id AND n.state <> 'abandon') AS arrival, \
    (SELECT MAX(s.post_kept) FROM subsidies s WHERE s.project_id = p.id) AS kept, \
    (SELECT c.derived_stage FROM project_stage_corrections c WHERE c.project_id = p.id \
        ORDER BY c.id DESC LIMIT 1) AS corrected_from, \
    (SELECT c.stage FROM project_stage_corrections c WHERE c.project_id = p.id \
        ORDER BY c.id DESC LIMIT 1) AS corrected_to, \
    (SELECT q.state FROM funding_requests q WHERE q.project_id = p.id ORDER BY q.id DESC LIMIT 1) AS funding \
    FROM post_projects p JOIN establishments e ON e.id = p.establishment_id WHERE 1 = 1";

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    establishment_id: i64,
    establishment_name: String,
    unit: String,
    public_served: String,
    quotite: String,
    track: String,
    readiness: String,
    version: i64,
    target_year: Option<i64>,
    abandoned_at: Option<String>,
    abandon_reason: String,
    readiness_changed_at: Option<String>,
    readiness_reviewed_at: Option<String>,
    readiness_reviewer: String,
    readiness_review: String,
    fiche_id: Option<i64>,
    meetings: i64,
    published: i64,
    applications: i64,
    hires: i64,
    arrival: Option<String>,
    kept: Option<i64>,
    corrected_from: Option<String>,
    corrected_to: Option<String>,
    funding: Option<String>,
}

impl ProjectRow {
    fn facts(&self) -> sqlx::Result<Facts> {
        Ok(Facts {
            met: self.meetings > 0,
            fiche_started: self.fiche_id.is_some(),
            published: self.published > 0,
            applied: self.applications > 0,
            hired: self.hires > 0,
            arrival: self.arrival.as_deref().map(parse_date).transpose()?,
            kept: self.kept.map(|k| k == 1),
            abandoned: self.abandoned_at.is_some(),
        })
    }

    fn correction(&self) -> sqlx::Result<Option<Correction>> {
        let (Some(from), Some(to)) = (&self.corrected_from, &self.corrected_to) else {
            return Ok(None);
        };
        let stage = |code: &str| ProjectState::parse(code).ok_or_else(|| corrupt("étape corrigée"));
        Ok(Some(Correction {
            derived: stage(from)?,
            stage: stage(to)?,
        }))
    }

    fn review(&self) -> sqlx::Result<Option<Review>> {
        let Some(reviewed) = self.readiness_reviewed_at.as_deref().map(parse_instant).transpose()? else {
            return Ok(None);
        };
        Ok(Some(Review {
            on: reviewed.date(),
            by: self.readiness_reviewer.clone(),
            comment: self.readiness_review.clone(),
            // The review clears it: any change recorded is a change since.
            changed_since: self.readiness_changed_at.is_some(),
        }))
    }

    fn into_project(self, today: Date) -> sqlx::Result<Project> {
        let facts = self.facts()?;
        let correction = self.correction()?;
        let review = self.review()?;
        Ok(Project {
            id: self.id,
            establishment_id: self.establishment_id,
            establishment_name: self.establishment_name,
            state: stage::stage(&facts, today, correction.as_ref()),
            facts,
            corrected: correction.is_some(),
            abandon_reason: self.abandon_reason,
            funding: self.funding.as_deref().and_then(RequestState::parse),
            unit: self.unit,
            public_served: self.public_served,
            quotite: Quotite::parse(&self.quotite).ok_or_else(|| corrupt("quotité"))?,
            track: Track::parse(&self.track).ok_or_else(|| corrupt("parcours"))?,
            readiness: serde_json::from_str(&self.readiness).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            review,
            version: self.version,
            fiche_id: self.fiche_id,
            target_year: self.target_year.and_then(|y| i32::try_from(y).ok()),
        })
    }
}

/// The projects in a scope, newest first.
pub async fn list(conn: &mut AnyConnection, scope: &EstablishmentScope, today: Date) -> sqlx::Result<Vec<Project>> {
    let mut sql = Sql::new(SELECT_PROJECT);
    push_scope(&mut sql, "p.establishment_id", scope);
    sql.push(" ORDER BY p.id DESC");
    let rows: Vec<ProjectRow> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(|row| row.into_project(today)).collect()
}

/// A project, if it exists in the scope.
pub async fn find(
    conn: &mut AnyConnection, id: i64, scope: &EstablishmentScope, today: Date,
) -> sqlx::Result<Option<Project>> {
    let mut sql = Sql::new(SELECT_PROJECT);
    push_id_in_scope(&mut sql, "p", id, scope);
    let row: Option<ProjectRow> = sql.query_as().fetch_optional(conn).await?;
    row.map(|row| row.into_project(today)).transpose()
}

/// Records the cohort a project aims at: its track and the year the training starts.
pub async fn set_target(conn: &mut AnyConnection, id: i64, track: Track, year: i32) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE post_projects SET track = $1, target_year = $2, version = version + 1, updated_at = $3 WHERE id = $4",
    )
    .bind(track.as_str())
    .bind(i64::from(year))
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that the team gave the project up, with its reason, if nobody changed it since
/// `version` was read; false otherwise.
pub async fn abandon(conn: &mut AnyConnection, id: i64, version: i64, reason: &str) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let change = sqlx::query(
        "UPDATE post_projects SET abandoned_at = $1, abandon_reason = $2, version = version + 1, updated_at = $1 \
         WHERE id = $3 AND version = $4",
    )
    .bind(now)
    .bind(reason);
    super::update_if_version(conn, change, id, version).await
}

/// Makes `fiche` the project's (the demonstration's offers came before projects did).
pub async fn attach_fiche(conn: &mut AnyConnection, project_id: i64, fiche_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE fiches SET project_id = $1 WHERE id = $2")
        .bind(project_id)
        .bind(fiche_id)
        .execute(conn)
        .await?;
    Ok(())
}
