//! Fiches de poste, and the public board's reads of them.

use sqlx::{Any, Transaction};
use time::{Date, OffsetDateTime};

use super::{Backend, Db, Sql, Value, corrupt, date_text, instant_text, parse_date, parse_instant};
use crate::domain::fiche::{Employer, FicheContent, FicheStatus, Offer, Quotite, Track};
use crate::domain::offer_query::{OfferQuery, PER_PAGE};
use crate::domain::text::slugify;

/// Stores a fiche for an establishment and gives it its public address
/// (`{title}-{commune}-{id}`, unique because of the id).
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    employer: &Employer,
    content: &FicheContent,
    status: FicheStatus,
    published_at: Option<OffsetDateTime>,
) -> sqlx::Result<Offer> {
    insert_prepared(tx, prepare(employer, content, status, published_at)?).await
}

/// A fiche with everything computed that an insert needs besides the database: the search
/// terms (the French analyzer) and the JSON columns. That is most of an insert's CPU time, so a
/// bulk loader prepares the next batch on another thread while the database writes this one.
pub struct PreparedFiche {
    employer: Employer,
    content: FicheContent,
    status: FicheStatus,
    published_at: Option<OffsetDateTime>,
    region_code: &'static str,
    search_title: String,
    search_body: String,
    missions: String,
    competences: String,
    contacts: String,
}

/// The CPU part of [`insert`]; no I/O.
pub fn prepare(
    employer: &Employer,
    content: &FicheContent,
    status: FicheStatus,
    published_at: Option<OffsetDateTime>,
) -> sqlx::Result<PreparedFiche> {
    let (search_title, search_body) = content.search_terms(employer);
    let region_code = employer
        .region()
        .map(|r| r.code)
        .ok_or_else(|| corrupt("département inconnu"))?;
    let json = |value: serde_json::Result<String>| value.map_err(|e| sqlx::Error::Encode(Box::new(e)));
    Ok(PreparedFiche {
        missions: json(serde_json::to_string(&content.missions))?,
        competences: json(serde_json::to_string(&content.competences))?,
        contacts: json(serde_json::to_string(&content.contacts))?,
        employer: employer.clone(),
        content: content.clone(),
        status,
        published_at,
        region_code,
        search_title,
        search_body,
    })
}

/// The database part of [`insert`].
pub async fn insert_prepared(tx: &mut Transaction<'_, Any>, fiche: PreparedFiche) -> sqlx::Result<Offer> {
    let now = instant_text(OffsetDateTime::now_utc());
    let PreparedFiche {
        employer,
        content,
        status,
        published_at,
        ..
    } = &fiche;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO fiches (establishment_id, status, title, quotite, quotite_percent, \
         quotite_adaptable, grade, pole, service, unit, place, context, public_served, missions, \
         competences, diploma, track, training, how_to_apply, apply_email, contacts, deadline, \
         start_date, start_note, departement_code, region_code, published_at, search_title, \
         search_body, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30) RETURNING id",
    )
    .bind(employer.id)
    .bind(status.as_str())
    .bind(&content.title)
    .bind(content.quotite.as_str())
    .bind(i64::from(content.quotite_percent))
    .bind(i64::from(content.quotite_adaptable))
    .bind(&content.grade)
    .bind(&content.pole)
    .bind(&content.service)
    .bind(&content.unit)
    .bind(&content.place)
    .bind(&content.context)
    .bind(&content.public_served)
    .bind(&fiche.missions)
    .bind(&fiche.competences)
    .bind(&content.diploma)
    .bind(content.track.as_str())
    .bind(&content.training)
    .bind(&content.how_to_apply)
    .bind(&content.apply_email)
    .bind(&fiche.contacts)
    .bind(content.deadline.map(date_text))
    .bind(content.start_date.map(date_text))
    .bind(&content.start_note)
    .bind(&employer.departement_code)
    .bind(fiche.region_code)
    .bind(published_at.map(instant_text))
    .bind(&fiche.search_title)
    .bind(&fiche.search_body)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
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

/// One page of open offers matching a search, best match first when words were given and
/// newest first otherwise, with the total count of matches.
///
/// Both queries read only the search index and the filter columns (migration 0003): the page's
/// ids are chosen first, and only those 20 rows are read in full. Reading whole rows for every
/// candidate, as a plain `ORDER BY … LIMIT` does, made a search at 100,000 offers take seconds.
pub async fn search_open(db: &Db, query: &OfferQuery, today: Date) -> sqlx::Result<(Vec<Offer>, u64)> {
    let text_search = !query.terms.is_empty();
    let mut from = if text_search && db.backend == Backend::Sqlite {
        // The full-text matches drive, in that order (CROSS JOIN): probing FTS5 once per
        // candidate row reads each term's whole doclist again, which took seconds for a common
        // word. Each match's filters are then read from the covering index, not the row.
        Sql::new(
            " FROM fiche_search s CROSS JOIN fiches f INDEXED BY fiches_board_filters \
             WHERE f.id = s.rowid AND",
        )
    } else {
        Sql::new(" FROM fiches f WHERE")
    };
    from.push(" f.status = 'publiee' AND f.deadline >= ")
        .bind(Value::Text(date_text(today)));
    if text_search {
        match db.backend {
            Backend::Sqlite => {
                // Each stem quoted: FTS5 then reads it as a plain term, never as syntax.
                let terms: Vec<String> = query.terms.iter().map(|t| format!("\"{t}\"")).collect();
                from.push(" AND fiche_search MATCH ").bind(Value::Text(terms.join(" ")));
            }
            Backend::Postgres => {
                from.push(" AND f.search_vector @@ to_tsquery('simple', ")
                    .bind(Value::Text(tsquery(&query.terms)))
                    .push(")");
            }
        }
    }
    if let Some(region) = query.region {
        from.push(" AND f.region_code = ").bind(Value::Text(region.code.into()));
    }
    if let Some(departement) = query.departement {
        from.push(" AND f.departement_code = ")
            .bind(Value::Text(departement.code.into()));
    }
    if let Some(quotite) = query.quotite {
        from.push(" AND f.quotite = ")
            .bind(Value::Text(quotite.as_str().into()));
    }
    if let Some(track) = query.track {
        from.push(" AND f.track = ").bind(Value::Text(track.as_str().into()));
    }

    let (total,): (i64,) = Sql::new("SELECT COUNT(*)")
        .append(&from)
        .query_as()
        .fetch_one(&db.pool)
        .await?;

    // The rank: bm25 is lower for a better match (a title match weighs ten times a body match);
    // ts_rank is higher, so it is negated to sort the same way.
    let mut rank = Sql::new("0");
    if text_search {
        rank = match db.backend {
            Backend::Sqlite => Sql::new("bm25(fiche_search, 10.0, 1.0)"),
            Backend::Postgres => {
                let mut rank = Sql::new("-ts_rank(f.search_vector, to_tsquery('simple', ");
                rank.bind(Value::Text(tsquery(&query.terms))).push("))");
                rank
            }
        };
    }
    let mut page = Sql::new("SELECT f.id, ");
    page.append(&rank)
        .push(" AS rank, f.published_at")
        .append(&from)
        .push(&format!(
            " ORDER BY rank, f.published_at DESC, f.id DESC LIMIT {PER_PAGE} OFFSET {}",
            query.offset()
        ));
    let mut list = Sql::new(SELECT_OFFER);
    list.push(" FROM (").append(&page).push(
        ") page JOIN fiches f ON f.id = page.id JOIN establishments e ON e.id = f.establishment_id \
             ORDER BY page.rank, page.published_at DESC, page.id DESC",
    );
    let rows: Vec<OfferRow> = list.query_as().fetch_all(&db.pool).await?;
    let offers = rows.into_iter().map(Offer::try_from).collect::<sqlx::Result<_>>()?;
    Ok((offers, u64::try_from(total).unwrap_or(0)))
}

/// The newest open offers, for the feed and the home page.
pub async fn latest_open(db: &Db, today: Date, limit: u32) -> sqlx::Result<Vec<Offer>> {
    let mut sql = Sql::new(SELECT_OFFER);
    sql.push(" FROM fiches f JOIN establishments e ON e.id = f.establishment_id WHERE f.status = 'publiee' AND f.deadline >= ")
        .bind(Value::Text(date_text(today)))
        .push(&format!(" ORDER BY f.published_at DESC, f.id DESC LIMIT {limit}"));
    let rows: Vec<OfferRow> = sql.query_as().fetch_all(&db.pool).await?;
    rows.into_iter().map(Offer::try_from).collect()
}

/// An offer the public may read (open or closed), by its address.
pub async fn find_public_by_slug(db: &Db, slug: &str) -> sqlx::Result<Option<Offer>> {
    let mut sql = Sql::new(SELECT_OFFER);
    sql.push(" FROM fiches f JOIN establishments e ON e.id = f.establishment_id WHERE f.slug = ")
        .bind(Value::Text(slug.into()))
        .push(" AND f.status IN ('publiee', 'close')");
    let row: Option<OfferRow> = sql.query_as().fetch_optional(&db.pool).await?;
    row.map(Offer::try_from).transpose()
}

/// PostgreSQL's form of "all these stems": they are alphanumeric, so they need no quoting.
fn tsquery(terms: &[String]) -> String {
    terms.join(" & ")
}

const SELECT_OFFER: &str = "SELECT f.id, f.slug, f.status, f.title, f.quotite, f.quotite_percent, \
    f.quotite_adaptable, f.grade, f.pole, f.service, f.unit, f.place, f.context, f.public_served, \
    f.missions, f.competences, f.diploma, f.track, f.training, f.how_to_apply, f.apply_email, \
    f.contacts, f.deadline, f.start_date, f.start_note, f.published_at, \
    e.id AS employer_id, e.name AS employer_name, e.legal_name, e.is_public, e.street, \
    e.postal_code, e.commune, e.departement_code";

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    slug: Option<String>,
    status: String,
    title: String,
    quotite: String,
    quotite_percent: i64,
    quotite_adaptable: i64,
    grade: String,
    pole: String,
    service: String,
    unit: String,
    place: String,
    context: String,
    public_served: String,
    missions: String,
    competences: String,
    diploma: String,
    track: String,
    training: String,
    how_to_apply: String,
    apply_email: String,
    contacts: String,
    deadline: Option<String>,
    start_date: Option<String>,
    start_note: String,
    published_at: Option<String>,
    employer_id: i64,
    employer_name: String,
    legal_name: String,
    is_public: i64,
    street: String,
    postal_code: String,
    commune: String,
    departement_code: String,
}

impl TryFrom<OfferRow> for Offer {
    type Error = sqlx::Error;

    fn try_from(row: OfferRow) -> sqlx::Result<Offer> {
        let json_error = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
        Ok(Offer {
            id: row.id,
            slug: row.slug.unwrap_or_default(),
            status: FicheStatus::parse(&row.status).ok_or_else(|| corrupt("statut de fiche"))?,
            content: FicheContent {
                title: row.title,
                quotite: Quotite::parse(&row.quotite).ok_or_else(|| corrupt("quotité"))?,
                quotite_percent: u8::try_from(row.quotite_percent).map_err(|_| corrupt("pourcentage"))?,
                quotite_adaptable: row.quotite_adaptable != 0,
                grade: row.grade,
                pole: row.pole,
                service: row.service,
                unit: row.unit,
                place: row.place,
                context: row.context,
                public_served: row.public_served,
                missions: serde_json::from_str(&row.missions).map_err(json_error)?,
                competences: serde_json::from_str(&row.competences).map_err(json_error)?,
                diploma: row.diploma,
                track: Track::parse(&row.track).ok_or_else(|| corrupt("parcours"))?,
                training: row.training,
                how_to_apply: row.how_to_apply,
                apply_email: row.apply_email,
                contacts: serde_json::from_str(&row.contacts).map_err(json_error)?,
                deadline: row.deadline.as_deref().map(parse_date).transpose()?,
                start_date: row.start_date.as_deref().map(parse_date).transpose()?,
                start_note: row.start_note,
            },
            employer: Employer {
                id: row.employer_id,
                name: row.employer_name,
                legal_name: row.legal_name,
                is_public: row.is_public != 0,
                street: row.street,
                postal_code: row.postal_code,
                commune: row.commune,
                departement_code: row.departement_code,
            },
            published_at: row.published_at.as_deref().map(parse_instant).transpose()?,
        })
    }
}

/// Whether the establishment already has a fiche with this title (keeps demo loading idempotent).
pub async fn exists_with_title(
    tx: &mut Transaction<'_, Any>,
    establishment_id: i64,
    title: &str,
) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM fiches WHERE establishment_id = $1 AND title = $2")
        .bind(establishment_id)
        .bind(title)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.is_some())
}
