//! Post projects. Every read takes the reader's [`EstablishmentScope`], so a recruiter's
//! queries only ever return their establishments' projects.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{Sql, Value, corrupt, instant_text};
use crate::domain::fiche::{Quotite, Track};
use crate::domain::policy::EstablishmentScope;
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

/// Opens a project, exploring.
pub async fn insert(conn: &mut AnyConnection, new: &NewProject, created_by: i64) -> sqlx::Result<i64> {
    insert_in_state(conn, new, ProjectState::Exploration, Some(created_by)).await
}

/// Stores a project already at some step, with nobody as its author (the demonstration's
/// projects, which no recruiter opened).
pub async fn insert_in_state(
    conn: &mut AnyConnection, new: &NewProject, state: ProjectState, created_by: Option<i64>,
) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    let readiness = serde_json::to_string(&new.readiness).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query_scalar(
        "INSERT INTO post_projects (establishment_id, state, unit, public_served, quotite, track, \
         readiness, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(new.establishment_id)
    .bind(state.as_str())
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

const SELECT_PROJECT: &str = "SELECT p.id, p.establishment_id, e.name AS establishment_name, p.state, p.unit, \
    p.public_served, p.quotite, p.track, p.readiness, p.version, p.target_year, \
    (SELECT MAX(f.id) FROM fiches f WHERE f.project_id = p.id) AS fiche_id \
    FROM post_projects p JOIN establishments e ON e.id = p.establishment_id WHERE 1 = 1";

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    establishment_id: i64,
    establishment_name: String,
    state: String,
    unit: String,
    public_served: String,
    quotite: String,
    track: String,
    readiness: String,
    version: i64,
    target_year: Option<i64>,
    fiche_id: Option<i64>,
}

impl TryFrom<ProjectRow> for Project {
    type Error = sqlx::Error;

    fn try_from(row: ProjectRow) -> sqlx::Result<Project> {
        Ok(Project {
            id: row.id,
            establishment_id: row.establishment_id,
            establishment_name: row.establishment_name,
            state: ProjectState::parse(&row.state).ok_or_else(|| corrupt("état de projet"))?,
            unit: row.unit,
            public_served: row.public_served,
            quotite: Quotite::parse(&row.quotite).ok_or_else(|| corrupt("quotité"))?,
            track: Track::parse(&row.track).ok_or_else(|| corrupt("parcours"))?,
            readiness: serde_json::from_str(&row.readiness).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            version: row.version,
            fiche_id: row.fiche_id,
            target_year: row.target_year.and_then(|y| i32::try_from(y).ok()),
        })
    }
}

/// The projects in a scope, newest first.
pub async fn list(conn: &mut AnyConnection, scope: &EstablishmentScope) -> sqlx::Result<Vec<Project>> {
    let mut sql = Sql::new(SELECT_PROJECT);
    push_scope(&mut sql, "p.establishment_id", scope);
    sql.push(" ORDER BY p.id DESC");
    sql.fetch_all_as::<ProjectRow, _>(conn).await
}

/// A project, if it exists in the scope.
pub async fn find(conn: &mut AnyConnection, id: i64, scope: &EstablishmentScope) -> sqlx::Result<Option<Project>> {
    let mut sql = Sql::new(SELECT_PROJECT);
    push_id_in_scope(&mut sql, "p", id, scope);
    sql.fetch_optional_as::<ProjectRow, _>(conn).await
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

/// Moves a project if nobody changed it since `version` was read; false otherwise.
pub async fn set_state(conn: &mut AnyConnection, id: i64, version: i64, to: ProjectState) -> sqlx::Result<bool> {
    let change = sqlx::query(
        "UPDATE post_projects SET state = $1, version = version + 1, updated_at = $2 \
         WHERE id = $3 AND version = $4",
    )
    .bind(to.as_str())
    .bind(instant_text(OffsetDateTime::now_utc()));
    super::update_if_version(conn, change, id, version).await
}

/// Moves the project of a fiche along with it (publication, filling), whatever its version:
/// the fiche's own version already guarded the change.
pub async fn follow_fiche(conn: &mut AnyConnection, fiche_id: i64, to: ProjectState) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE post_projects SET state = $1, version = version + 1, updated_at = $2 \
         WHERE id = (SELECT project_id FROM fiches WHERE id = $3) AND state <> 'abandonne'",
    )
    .bind(to.as_str())
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(fiche_id)
    .execute(conn)
    .await?;
    Ok(())
}
