//! Fiches de poste, and the public board's reads of them.

use sqlx::{Any, Row, Transaction};
use time::{Date, OffsetDateTime};

use super::{Db, Sql, Value, corrupt, date_text, instant_text, parse_date, parse_instant};
use crate::domain::fiche::{Employer, FicheContent, FicheStatus, Offer, Quotite, Track};
use crate::domain::geo::Point;
use crate::domain::policy::EstablishmentScope;
use crate::domain::text::slugify;

/// The columns a fiche's content fills, in the order [`bind_content`] binds them.
const CONTENT_COLUMNS: [&str; 26] = [
    "title",
    "quotite",
    "quotite_percent",
    "quotite_adaptable",
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

/// Binds the content's values and its search terms to `$1`…`$26`, in the order of
/// [`CONTENT_COLUMNS`].
fn bind_content<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    content: &FicheContent,
    search_title: &str,
    search_body: &str,
) -> sqlx::Result<sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>> {
    let json = |value: serde_json::Result<String>| value.map_err(|e| sqlx::Error::Encode(Box::new(e)));
    Ok(query
        .bind(content.title.clone())
        .bind(content.quotite.as_str())
        .bind(i64::from(content.quotite_percent))
        .bind(i64::from(content.quotite_adaptable))
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
        .bind(content.track.as_str())
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
    tx: &mut Transaction<'_, Any>,
    employer: &Employer,
    content: &FicheContent,
    status: FicheStatus,
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
    let sql = format!(
        "INSERT INTO fiches ({}, establishment_id, status, departement_code, region_code, published_at, \
         created_at, updated_at, commune_code, lat, lon) \
         VALUES ({marks}, $27, $28, $29, $30, $31, $32, $32, $33, $34, $35) RETURNING id",
        CONTENT_COLUMNS.join(", ")
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

/// These offers, in this order (ids that no longer exist are left out).
pub(super) async fn by_ids(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<Offer>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(SELECT_OFFER);
    sql.push(" FROM fiches f JOIN establishments e ON e.id = f.establishment_id WHERE f.id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(Value::Int(*id));
    }
    sql.push(")");
    let rows: Vec<OfferRow> = sql.query_as().fetch_all(&db.pool).await?;
    let mut offers = rows
        .into_iter()
        .map(Offer::try_from)
        .collect::<sqlx::Result<Vec<_>>>()?;
    offers.sort_by_key(|o| ids.iter().position(|id| *id == o.id));
    Ok(offers)
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

const SELECT_OFFER: &str = "SELECT f.id, f.slug, f.status, f.title, f.quotite, f.quotite_percent, \
    f.quotite_adaptable, f.grade, f.pole, f.service, f.unit, f.place, f.context, f.public_served, \
    f.missions, f.competences, f.diploma, f.track, f.training, f.how_to_apply, f.apply_email, \
    f.contacts, f.deadline, f.start_date, f.start_note, f.published_at, f.pay_index, f.public_post, \
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
    pay_index: Option<i64>,
    public_post: String,
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
                pay_index: row.pay_index.and_then(|i| u16::try_from(i).ok()),
                public_post: serde_json::from_str(&row.public_post).map_err(json_error)?,
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

// --- Writing and review ---------------------------------------------------------------------

/// A fiche as the people writing and reviewing it see it, in any state.
#[derive(Debug, Clone)]
pub struct WorkFiche {
    pub offer: Offer,
    /// Incremented at every change: a change based on an older version is refused.
    pub version: i64,
    pub project_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct WorkRow {
    #[sqlx(flatten)]
    offer: OfferRow,
    version: i64,
    project_id: Option<i64>,
}

fn work_select() -> Sql {
    Sql::new(&format!(
        "{SELECT_OFFER}, f.version, f.project_id FROM fiches f \
         JOIN establishments e ON e.id = f.establishment_id WHERE 1 = 1"
    ))
}

fn work_fiche(row: WorkRow) -> sqlx::Result<WorkFiche> {
    Ok(WorkFiche {
        offer: Offer::try_from(row.offer)?,
        version: row.version,
        project_id: row.project_id,
    })
}

/// A fiche, if it exists in the scope.
pub async fn find_for_work(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    scope: &EstablishmentScope,
) -> sqlx::Result<Option<WorkFiche>> {
    let mut sql = work_select();
    sql.push(" AND f.id = ").bind(Value::Int(id));
    super::projects::push_scope(&mut sql, "f.establishment_id", scope);
    let row: Option<WorkRow> = sql.query_as().fetch_optional(conn).await?;
    row.map(work_fiche).transpose()
}

/// The fiches in a scope, in a state if given, most recently changed first.
pub async fn list_for_work(
    conn: &mut sqlx::AnyConnection,
    scope: &EstablishmentScope,
    status: Option<FicheStatus>,
) -> sqlx::Result<Vec<WorkFiche>> {
    let mut sql = work_select();
    if let Some(status) = status {
        sql.push(" AND f.status = ").bind(Value::Text(status.as_str().into()));
    }
    super::projects::push_scope(&mut sql, "f.establishment_id", scope);
    sql.push(" ORDER BY f.updated_at DESC, f.id DESC LIMIT 200");
    let rows: Vec<WorkRow> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(work_fiche).collect()
}

/// Starts the fiche of a project, as a draft.
pub async fn insert_draft(
    tx: &mut Transaction<'_, Any>,
    employer: &Employer,
    content: &FicheContent,
    project_id: i64,
) -> sqlx::Result<i64> {
    let offer = insert(tx, employer, content, FicheStatus::Brouillon, None).await?;
    sqlx::query("UPDATE fiches SET project_id = $1 WHERE id = $2")
        .bind(project_id)
        .bind(offer.id)
        .execute(&mut **tx)
        .await?;
    Ok(offer.id)
}

/// Saves the text of a fiche if nobody changed it since `version` was read; false otherwise.
pub async fn update_content(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    version: i64,
    employer: &Employer,
    content: &FicheContent,
) -> sqlx::Result<bool> {
    let sets = CONTENT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let sql =
        format!("UPDATE fiches SET {sets}, version = version + 1, updated_at = $27 WHERE id = $28 AND version = $29");
    let (search_title, search_body) = content.search_terms(employer);
    let done = bind_content(
        sqlx::query(sqlx::AssertSqlSafe(sql)),
        content,
        &search_title,
        &search_body,
    )?
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a fiche if nobody changed it since `version` was read; false otherwise, so that two
/// coordinators acting at once cannot both publish or both send back.
pub async fn set_status(conn: &mut sqlx::AnyConnection, id: i64, version: i64, to: FicheStatus) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let published_at = (to == FicheStatus::Publiee).then(|| now.clone());
    let done = sqlx::query(
        "UPDATE fiches SET status = $1, published_at = COALESCE($2, published_at), \
         version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5",
    )
    .bind(to.as_str())
    .bind(published_at)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes the published fiches whose deadline has passed; returns how many.
pub async fn close_expired(conn: &mut sqlx::AnyConnection, today: Date) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE fiches SET status = 'close', version = version + 1, updated_at = $1 \
         WHERE status = 'publiee' AND deadline < $2",
    )
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(date_text(today))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// One submitted version of a fiche.
#[derive(Debug, Clone)]
pub struct Version {
    pub number: i64,
    pub at: OffsetDateTime,
    pub content: FicheContent,
}

/// Keeps the text as submitted; returns its number (1, 2, …).
pub async fn record_version(
    conn: &mut sqlx::AnyConnection,
    fiche_id: i64,
    content: &FicheContent,
    author_id: i64,
) -> sqlx::Result<i64> {
    let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM fiche_versions WHERE fiche_id = $1")
        .bind(fiche_id)
        .fetch_one(&mut *conn)
        .await?;
    let json = serde_json::to_string(content).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query("INSERT INTO fiche_versions (fiche_id, number, content, author_id, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(fiche_id)
        .bind(number)
        .bind(json)
        .bind(author_id)
        .bind(instant_text(OffsetDateTime::now_utc()))
        .execute(conn)
        .await?;
    Ok(number)
}

pub async fn versions(conn: &mut sqlx::AnyConnection, fiche_id: i64) -> sqlx::Result<Vec<Version>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT number, at, content FROM fiche_versions WHERE fiche_id = $1 ORDER BY number")
            .bind(fiche_id)
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(number, at, content)| {
            Ok(Version {
                number,
                at: parse_instant(&at)?,
                content: serde_json::from_str(&content).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            })
        })
        .collect()
}

/// A coordinator's remark on one section of one version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Comment {
    pub version: i64,
    pub section: String,
    pub body: String,
    pub author_name: String,
    pub at: String,
}

pub async fn add_comment(
    conn: &mut sqlx::AnyConnection,
    fiche_id: i64,
    version: i64,
    section: &str,
    body: &str,
    author: (i64, &str),
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO fiche_comments (fiche_id, version, section, body, author_id, author_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(fiche_id)
    .bind(version)
    .bind(section)
    .bind(body)
    .bind(author.0)
    .bind(author.1)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn comments(conn: &mut sqlx::AnyConnection, fiche_id: i64) -> sqlx::Result<Vec<Comment>> {
    sqlx::query_as("SELECT version, section, body, author_name, at FROM fiche_comments WHERE fiche_id = $1 ORDER BY id")
        .bind(fiche_id)
        .fetch_all(conn)
        .await
}
/// How many fiches exist, in every state (the demo loads only into an empty platform).
pub async fn count(conn: &mut sqlx::AnyConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM fiches").fetch_one(conn).await
}
