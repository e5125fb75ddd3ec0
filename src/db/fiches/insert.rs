//! Storing a new fiche: its content's columns, the CPU part (search terms, region, place) a
//! bulk loader prepares ahead, and the database part.

use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use super::stored;
use crate::db::{corrupt, date_text, instant_text};
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
/// loader prepares the next batch on another thread while the database writes this one.
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

/// The database part of [`insert`].
pub async fn insert_prepared(tx: &mut Transaction<'_, Any>, fiche: PreparedFiche) -> sqlx::Result<Offer> {
    let now = instant_text(OffsetDateTime::now_utc());
    let marks = (1..=CONTENT_COLUMNS.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The other values follow the content's.
    let next = |i: usize| format!("${}", CONTENT_COLUMNS.len() + i);
    let sql = format!(
        "INSERT INTO fiches ({}, establishment_id, status, departement_code, region_code, published_at, \
         created_at, updated_at, commune_code, lat, lon) \
         VALUES ({marks}, {}, {}, {}, {}, {}, {now}, {now}, {}, {}, {}) RETURNING id",
        CONTENT_COLUMNS.join(", "),
        next(1),
        next(2),
        next(3),
        next(4),
        next(5),
        next(7),
        next(8),
        next(9),
        now = next(6),
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(sql));
    let id: i64 = bind_content(query, &fiche.content, &fiche.search_title, &fiche.search_body)?
        .bind(fiche.employer.id)
        .bind(fiche.status.as_str())
        .bind(fiche.employer.departement_code.clone())
        .bind(fiche.region_code)
        .bind(fiche.published_at.map(instant_text))
        .bind(now)
        .bind(fiche.place.map_or("", |(code, _)| code))
        .bind(fiche.place.map(|(_, p)| i64::from(p.lat_e6)))
        .bind(fiche.place.map(|(_, p)| i64::from(p.lon_e6)))
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    let (content, employer) = (&fiche.content, &fiche.employer);
    let slug = format!(
        "{}-{id}",
        slugify(&format!("{} {}", content.title, employer.commune), 80)
    );
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
