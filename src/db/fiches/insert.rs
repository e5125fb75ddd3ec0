//! Storing a new fiche: its content's columns, the CPU part (search terms, region, place) a
//! bulk loader prepares ahead, and the database part.

use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use super::stored;
use crate::db::{Backend, corrupt, date_text, instant_text};
use crate::domain::fiche::{Employer, FicheContent, FicheStatus, Offer};
use crate::domain::geo::Point;
use crate::domain::text::slugify;

/// The columns a fiche's content fills, in the order [`bind_content`] binds them.
pub(super) const CONTENT_COLUMNS: [&str; 29] = [
    "title",
    "quotite",
    "quotite_percent",
    "quotite_percent_max",
    "quotite_adaptable",
    "quotite_note",
    "details",
    "grade",
    "pole",
    "service",
    "unit",
    "place",
    "context",
    "public_served",
    "missions",
    "competences",
    "diploma",
    "track",
    "training",
    "how_to_apply",
    "apply_email",
    "contacts",
    "deadline",
    "start_date",
    "start_note",
    "pay_index",
    "public_post",
    "search_title",
    "search_body",
];

/// Binds the content's values and its search terms to `$1`…`$29`, in the order of
/// [`CONTENT_COLUMNS`].
pub(super) fn bind_content<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>, content: &FicheContent, search_title: &str,
    search_body: &str,
) -> sqlx::Result<sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>> {
    let json = |value: serde_json::Result<String>| value.map_err(|e| sqlx::Error::Encode(Box::new(e)));
    Ok(query
        .bind(content.title.clone())
        .bind(content.working_time.quotite.as_str())
        .bind(stored::percent_column(&content.working_time))
        .bind(content.working_time.percent_max.map(i64::from))
        .bind(i64::from(content.working_time.adaptable))
        .bind(content.working_time.note.clone())
        .bind(stored::Details::json(content)?)
        .bind(content.grade.clone())
        .bind(content.pole.clone())
        .bind(content.service.clone())
        .bind(content.unit.clone())
        .bind(content.place.clone())
        .bind(content.context.clone())
        .bind(content.public_served.clone())
        .bind(json(serde_json::to_string(&content.missions))?)
        .bind(json(serde_json::to_string(&content.competences))?)
        .bind(content.diploma.clone())
        .bind(stored::track_column(content.track))
        .bind(content.training.clone())
        .bind(content.how_to_apply.clone())
        .bind(content.apply_email.clone())
        .bind(json(serde_json::to_string(&content.contacts))?)
        .bind(content.deadline.map(date_text))
        .bind(content.start_date.map(date_text))
        .bind(content.start_note.clone())
        .bind(content.pay_index.map(i64::from))
        .bind(json(serde_json::to_string(&content.public_post))?)
        .bind(search_title.to_string())
        .bind(search_body.to_string()))
}

/// Stores a fiche for an establishment and gives it its public address
/// (`{title}-{commune}-{id}`, unique because of the id).
pub async fn insert(
    tx: &mut Transaction<'_, Any>, employer: &Employer, content: &FicheContent, status: FicheStatus,
    published_at: Option<OffsetDateTime>,
) -> sqlx::Result<Offer> {
    insert_prepared(tx, prepare(employer, content, status, published_at)?).await
}

/// A fiche with everything computed that an insert needs besides the database: the search
/// terms (the French analyzer) and its region. That is most of an insert's CPU time, so a bulk
/// loader prepares the next batch on another thread while the database writes this one
/// ([`insert_many`]).
pub struct PreparedFiche {
    employer: Employer,
    content: FicheContent,
    status: FicheStatus,
    published_at: Option<OffsetDateTime>,
    region_code: &'static str,
    /// The establishment's commune (INSEE code) and town hall, when the commune is known.
    place: Option<(&'static str, Point)>,
    search_title: String,
    search_body: String,
}

/// The CPU part of [`insert`]; no I/O.
pub fn prepare(
    employer: &Employer, content: &FicheContent, status: FicheStatus, published_at: Option<OffsetDateTime>,
) -> sqlx::Result<PreparedFiche> {
    let (search_title, search_body) = content.search_terms(employer);
    let region_code = employer
        .region()
        .map(|r| r.code)
        .ok_or_else(|| corrupt("département inconnu"))?;
    let place = crate::geo::communes()
        .locate(&employer.postal_code, &employer.commune, &employer.departement_code)
        .map(|c| (c.code, c.point));
    Ok(PreparedFiche {
        employer: employer.clone(),
        content: content.clone(),
        status,
        published_at,
        region_code,
        place,
        search_title,
        search_body,
    })
}

/// The columns a fiche takes besides its content's, in the order [`bind_fiche`] binds them;
/// `created_at` and `updated_at` follow, both the same instant.
const OTHER_COLUMNS: [&str; 8] = [
    "establishment_id",
    "status",
    "departement_code",
    "region_code",
    "published_at",
    "commune_code",
    "lat",
    "lon",
];

/// Values bound per fiche by [`bind_fiche`].
const FICHE_VALUES: usize = CONTENT_COLUMNS.len() + OTHER_COLUMNS.len();

/// Binds every value of a prepared fiche, in the order of [`CONTENT_COLUMNS`] then
/// [`OTHER_COLUMNS`].
fn bind_fiche<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>, fiche: &PreparedFiche,
) -> sqlx::Result<sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>> {
    Ok(
        bind_content(query, &fiche.content, &fiche.search_title, &fiche.search_body)?
            .bind(fiche.employer.id)
            .bind(fiche.status.as_str())
            .bind(fiche.employer.departement_code.clone())
            .bind(fiche.region_code)
            .bind(fiche.published_at.map(instant_text))
            .bind(fiche.place.map_or("", |(code, _)| code))
            .bind(fiche.place.map(|(_, p)| i64::from(p.lat_e6)))
            .bind(fiche.place.map(|(_, p)| i64::from(p.lon_e6))),
    )
}

/// `$first, …` for the [`FICHE_VALUES`] values of one fiche.
fn marks(first: usize) -> String {
    (first..first + FICHE_VALUES)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fiche's public address (`{title}-{commune}-{id}`, unique because of the id).
fn slug(fiche: &PreparedFiche, id: i64) -> String {
    let (content, employer) = (&fiche.content, &fiche.employer);
    format!(
        "{}-{id}",
        slugify(&format!("{} {}", content.title, employer.commune), 80)
    )
}

/// The database part of [`insert`].
async fn insert_prepared(tx: &mut Transaction<'_, Any>, fiche: PreparedFiche) -> sqlx::Result<Offer> {
    let now = instant_text(OffsetDateTime::now_utc());
    let sql = format!(
        "INSERT INTO fiches ({}, {}, created_at, updated_at) VALUES ({}, $1, $1) RETURNING id",
        CONTENT_COLUMNS.join(", "),
        OTHER_COLUMNS.join(", "),
        marks(2),
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now);
    let id: i64 = bind_fiche(query, &fiche)?.fetch_one(&mut **tx).await?.try_get(0)?;
    let slug = slug(&fiche, id);
    sqlx::query("UPDATE fiches SET slug = $1 WHERE id = $2")
        .bind(&slug)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(Offer {
        id,
        slug,
        status: fiche.status,
        published_at: fiche.published_at,
        content: fiche.content,
        employer: fiche.employer,
    })
}

/// Fiches written per statement by [`insert_many`]: 41 values each, well within both backends'
/// limits on bound values (SQLite 32,766, PostgreSQL 65,535).
const FICHES_PER_STATEMENT: usize = 250;

/// Stores many fiches, in this order, with a few statements instead of two per fiche: the bulk
/// loader's path (`msp demo --synthetic`). Their ids are reserved first, so that each row is
/// written at once with its public address. The transaction must come from [`crate::db::Db::begin`]: on
/// SQLite it then holds the write lock, so no other writer takes the ids read as free.
/// Returns the ids given, ascending.
pub async fn insert_many(
    tx: &mut Transaction<'_, Any>, backend: Backend, fiches: Vec<PreparedFiche>,
) -> sqlx::Result<Vec<i64>> {
    let ids = reserve_ids(tx, backend, fiches.len()).await?;
    let now = instant_text(OffsetDateTime::now_utc());
    // id, slug, the fiche's values, created_at and updated_at.
    let per_row = FICHE_VALUES + 4;
    // SQLite finds a named placeholder such as `$7` by walking the statement's list of names,
    // for each value bound: quadratic with thousands of values (five times slower than a
    // statement per fiche); anonymous `?` are bound by position.
    let mark = |n: usize| match backend {
        Backend::Sqlite => "?".to_string(),
        Backend::Postgres => format!("${n}"),
    };
    for (fiches, ids) in fiches
        .chunks(FICHES_PER_STATEMENT)
        .zip(ids.chunks(FICHES_PER_STATEMENT))
    {
        let rows = (0..fiches.len())
            .map(|i| {
                let marks: Vec<String> = (1..=per_row).map(|k| mark(i * per_row + k)).collect();
                format!("({})", marks.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO fiches (id, slug, {}, {}, created_at, updated_at) VALUES {rows}",
            CONTENT_COLUMNS.join(", "),
            OTHER_COLUMNS.join(", "),
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (fiche, &id) in fiches.iter().zip(ids) {
            query = bind_fiche(query.bind(id).bind(slug(fiche, id)), fiche)?
                .bind(now.clone())
                .bind(now.clone());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(ids)
}

/// `count` ids no fiche has had, ascending: SQLite's next ones after the highest ever given
/// (`AUTOINCREMENT` keeps it in `sqlite_sequence`), PostgreSQL's drawn from the identity's
/// sequence, which then never gives them again.
async fn reserve_ids(tx: &mut Transaction<'_, Any>, backend: Backend, count: usize) -> sqlx::Result<Vec<i64>> {
    let count = i64::try_from(count).map_err(|_| corrupt("nombre de fiches"))?;
    match backend {
        Backend::Sqlite => {
            let last: i64 = sqlx::query_scalar(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'fiches'), 0), \
                 COALESCE((SELECT MAX(id) FROM fiches), 0))",
            )
            .fetch_one(&mut **tx)
            .await?;
            Ok((last + 1..=last + count).collect())
        }
        Backend::Postgres => {
            let mut ids: Vec<i64> = sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence('fiches', 'id')) FROM generate_series(1, $1)",
            )
            .bind(count)
            .fetch_all(&mut **tx)
            .await?;
            ids.sort_unstable();
            Ok(ids)
        }
    }
}

/// Whether the establishment already has a fiche with this title (keeps demo loading idempotent).
pub async fn exists_with_title(
    tx: &mut Transaction<'_, Any>, establishment_id: i64, title: &str,
) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM fiches WHERE establishment_id = $1 AND title = $2")
        .bind(establishment_id)
        .bind(title)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.is_some())
}

/// How many fiches exist, in every state (the demo loads only into an empty platform).
pub async fn count(conn: &mut sqlx::AnyConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM fiches").fetch_one(conn).await
}
