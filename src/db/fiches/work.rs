//! Writing and review: a fiche as its authors and reviewers see it, in any state, within their
//! scope; its text saved and its state moved only from the version they read.

use sqlx::{Any, Transaction};
use time::{Date, OffsetDateTime};

use super::insert::{CONTENT_COLUMNS, bind_content, insert};
use super::{OfferRow, SELECT_OFFER};
use crate::db::{Sql, Value, date_text, instant_text};
use crate::domain::fiche::verify::ToVerify;
use crate::domain::fiche::{Employer, FicheContent, FicheStatus, Offer};
use crate::domain::policy::EstablishmentScope;

/// A fiche as the people writing and reviewing it see it, in any state.
#[derive(Debug, Clone)]
pub struct WorkFiche {
    pub offer: Offer,
    /// Incremented at every change: a change based on an older version is refused.
    pub version: i64,
    pub project_id: Option<i64>,
    /// The fields nobody has confirmed yet.
    pub to_verify: ToVerify,
    /// The lines of an imported document the import could not place.
    pub import_unplaced: String,
}

#[derive(sqlx::FromRow)]
struct WorkRow {
    #[sqlx(flatten)]
    offer: OfferRow,
    version: i64,
    project_id: Option<i64>,
    to_verify: String,
    import_unplaced: String,
}

fn work_select() -> Sql {
    Sql::new(&format!(
        "{SELECT_OFFER}, f.version, f.project_id, f.to_verify, f.import_unplaced FROM fiches f \
         JOIN establishments e ON e.id = f.establishment_id WHERE 1 = 1"
    ))
}

impl TryFrom<WorkRow> for WorkFiche {
    type Error = sqlx::Error;

    fn try_from(row: WorkRow) -> sqlx::Result<WorkFiche> {
        Ok(WorkFiche {
            offer: Offer::try_from(row.offer)?,
            version: row.version,
            project_id: row.project_id,
            to_verify: ToVerify::from_json(&row.to_verify),
            import_unplaced: row.import_unplaced,
        })
    }
}

/// A fiche, if it exists in the scope.
pub async fn find_for_work(
    conn: &mut sqlx::AnyConnection, id: i64, scope: &EstablishmentScope,
) -> sqlx::Result<Option<WorkFiche>> {
    let mut sql = work_select();
    crate::db::projects::push_id_in_scope(&mut sql, "f", id, scope);
    sql.fetch_optional_as::<WorkRow, _>(conn).await
}

/// The fiches in a scope, in a state if given, most recently changed first.
pub async fn list_for_work(
    conn: &mut sqlx::AnyConnection, scope: &EstablishmentScope, status: Option<FicheStatus>,
) -> sqlx::Result<Vec<WorkFiche>> {
    let mut sql = work_select();
    if let Some(status) = status {
        sql.push(" AND f.status = ").bind(Value::Text(status.as_str().into()));
    }
    crate::db::projects::push_scope(&mut sql, "f.establishment_id", scope);
    sql.push(" ORDER BY f.updated_at DESC, f.id DESC LIMIT 200");
    sql.fetch_all_as::<WorkRow, _>(conn).await
}

/// A page of an establishment's fiches in any state, most recently changed first, and how many
/// it has in all: what its own systems list through the API.
pub async fn page_for_establishment(
    conn: &mut sqlx::AnyConnection, establishment_id: i64, offset: u32, limit: u32,
) -> sqlx::Result<(Vec<WorkFiche>, i64)> {
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM fiches WHERE establishment_id = $1")
        .bind(establishment_id)
        .fetch_one(&mut *conn)
        .await?;
    let mut sql = work_select();
    sql.push(" AND f.establishment_id = ")
        .bind(Value::Int(establishment_id))
        .push(" ORDER BY f.updated_at DESC, f.id DESC LIMIT ")
        .bind(Value::Int(limit.into()))
        .push(" OFFSET ")
        .bind(Value::Int(offset.into()));
    Ok((sql.fetch_all_as::<WorkRow, _>(conn).await?, total))
}

/// Starts the fiche of a project, as a draft.
pub async fn insert_draft(
    tx: &mut Transaction<'_, Any>, employer: &Employer, content: &FicheContent, project_id: i64,
) -> sqlx::Result<i64> {
    let offer = insert(tx, employer, content, FicheStatus::Brouillon, None).await?;
    sqlx::query("UPDATE fiches SET project_id = $1 WHERE id = $2")
        .bind(project_id)
        .bind(offer.id)
        .execute(&mut **tx)
        .await?;
    Ok(offer.id)
}

/// Saves the text of a fiche and the fields left to verify if nobody changed it since
/// `version` was read; false otherwise. `unplaced` replaces an import's unplaced lines when given.
pub async fn update_content(
    conn: &mut sqlx::AnyConnection, id: i64, version: i64, employer: &Employer, content: &FicheContent,
    to_verify: &ToVerify, unplaced: Option<&str>,
) -> sqlx::Result<bool> {
    let sets = CONTENT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let next = |i: usize| format!("${}", CONTENT_COLUMNS.len() + i);
    let sql = format!(
        "UPDATE fiches SET {sets}, to_verify = {}, import_unplaced = COALESCE({}, import_unplaced), \
         version = version + 1, updated_at = {} WHERE id = {} AND version = {}",
        next(1),
        next(2),
        next(3),
        next(4),
        next(5)
    );
    let (search_title, search_body) = content.search_terms(employer);
    let change = bind_content(
        sqlx::query(sqlx::AssertSqlSafe(sql)),
        content,
        &search_title,
        &search_body,
    )?
    .bind(to_verify.to_json())
    .bind(unplaced.map(str::to_string))
    .bind(instant_text(OffsetDateTime::now_utc()));
    crate::db::update_if_version(conn, change, id, version).await
}

/// Moves a fiche if nobody changed it since `version` was read; false otherwise, so that two
/// coordinators acting at once cannot both publish or both send back.
pub async fn set_status(conn: &mut sqlx::AnyConnection, id: i64, version: i64, to: FicheStatus) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let published_at = (to == FicheStatus::Publiee).then(|| now.clone());
    let change = sqlx::query(
        "UPDATE fiches SET status = $1, published_at = COALESCE($2, published_at), \
         version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(to.as_str())
    .bind(published_at)
    .bind(now);
    crate::db::update_if_version(conn, change, id, version).await
}

/// Closes a published offer once its hires fill its posts (one, when the fiche does not say
/// how many): true when this call closed it.
pub async fn close_if_filled(conn: &mut sqlx::AnyConnection, fiche_id: i64) -> sqlx::Result<bool> {
    let details: Option<String> = sqlx::query_scalar("SELECT details FROM fiches WHERE id = $1 AND status = 'publiee'")
        .bind(fiche_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(details) = details else {
        return Ok(false);
    };
    let posts = super::stored::Details::parse(&details)?.posts().unwrap_or(1);
    let hires: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM msp_records WHERE fiche_id = $1")
        .bind(fiche_id)
        .fetch_one(&mut *conn)
        .await?;
    if hires < i64::from(posts) {
        return Ok(false);
    }
    let done = sqlx::query(
        "UPDATE fiches SET status = 'close', version = version + 1, updated_at = $1 WHERE id = $2 AND status = 'publiee'",
    )
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(fiche_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes the published fiches whose deadline has passed; returns those it closed.
pub async fn close_expired(conn: &mut sqlx::AnyConnection, today: Date) -> sqlx::Result<Vec<ClosedOffer>> {
    let expired: Vec<ClosedOffer> = sqlx::query_as(
        "SELECT f.id, f.title, f.establishment_id, e.name AS establishment_name FROM fiches f \
         JOIN establishments e ON e.id = f.establishment_id WHERE f.status = 'publiee' AND f.deadline < $1 ORDER BY f.id",
    )
    .bind(date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    let mut closed = Vec::new();
    for offer in expired {
        // Of two runs, only the one whose update applies closes it, and tells it.
        let done = sqlx::query(
            "UPDATE fiches SET status = 'close', version = version + 1, updated_at = $1 \
             WHERE id = $2 AND status = 'publiee'",
        )
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(offer.id)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 1 {
            closed.push(offer);
        }
    }
    Ok(closed)
}

/// An offer closed because its deadline passed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClosedOffer {
    pub id: i64,
    pub title: String,
    pub establishment_id: i64,
    pub establishment_name: String,
}

/// The fiches submitted to the CCOMS in the scope, oldest submission first: (fiche id, title,
/// when its last version was submitted; its last change for a fiche stored without versions).
pub async fn submitted_since(
    conn: &mut sqlx::AnyConnection, scope: &EstablishmentScope,
) -> sqlx::Result<Vec<(i64, String, OffsetDateTime)>> {
    let mut sql = Sql::new(
        "SELECT f.id, f.title, COALESCE(MAX(v.at), f.updated_at) AS at FROM fiches f \
         LEFT JOIN fiche_versions v ON v.fiche_id = f.id WHERE f.status = ",
    );
    sql.bind(Value::Text(FicheStatus::Soumise.as_str().into()));
    crate::db::projects::push_scope(&mut sql, "f.establishment_id", scope);
    sql.push(" GROUP BY f.id, f.title, f.updated_at ORDER BY 3, f.id");
    let rows: Vec<(i64, String, String)> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter()
        .map(|(id, title, at)| Ok((id, title, crate::db::parse_instant(&at)?)))
        .collect()
}
