//! Fiches de poste: the public board's reads of them here; storing a new one in [`insert`],
//! writing and review in [`work`], submitted versions and remarks in [`versions`],
//! accepted requirement warnings in [`acceptances`].

mod acceptances;
mod checks;
mod insert;
mod library;
pub(crate) mod stored;
mod versions;
mod work;

pub use acceptances::{Acceptance, accept_warning, acceptances};
pub use checks::{dismiss_unplaced, mark_to_verify};
pub use insert::{PreparedFiche, count, exists_with_title, insert, insert_many, prepare};
pub use library::{find_reusable, library};
pub use versions::{Comment, Version, add_comment, comments, record_version, versions};
pub use work::{
    WorkFiche, close_expired, close_if_filled, find_for_work, insert_draft, list_for_work, page_for_establishment,
    set_status, submitted_since, update_content,
};

use time::Date;

use super::establishments::EmployerRow;
use super::{Db, Sql, Value, corrupt, date_text, parse_date, parse_instant};
use crate::domain::fiche::{Employer, FicheContent, FicheStatus, Offer};

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
    f.quotite_percent_max, f.quotite_adaptable, f.quotite_note, f.details, f.grade, f.pole, f.service, f.unit, f.place, f.context, f.public_served, \
    f.missions, f.competences, f.diploma, f.track, f.training, f.how_to_apply, f.apply_email, \
    f.contacts, f.deadline, f.start_date, f.start_note, f.published_at, f.pay_index, f.public_post, \
    e.id AS employer_id, e.name AS employer_name, e.legal_name, e.is_public, e.street, \
    e.postal_code, e.commune, e.departement_code, e.name_article";

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    slug: Option<String>,
    status: String,
    title: String,
    quotite: String,
    quotite_percent: i64,
    quotite_percent_max: Option<i64>,
    quotite_adaptable: i64,
    quotite_note: String,
    details: String,
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
    /// The last columns of [`SELECT_OFFER`], [`EMPLOYER_COLUMNS`](super::establishments::EMPLOYER_COLUMNS).
    #[sqlx(flatten)]
    employer: EmployerRow,
}

impl TryFrom<OfferRow> for Offer {
    type Error = sqlx::Error;

    fn try_from(row: OfferRow) -> sqlx::Result<Offer> {
        let json_error = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
        let mut offer = Offer {
            id: row.id,
            slug: row.slug.unwrap_or_default(),
            status: FicheStatus::parse(&row.status).ok_or_else(|| corrupt("statut de fiche"))?,
            content: FicheContent {
                title: row.title,
                working_time: stored::working_time(
                    &row.quotite,
                    row.quotite_percent,
                    row.quotite_percent_max,
                    row.quotite_adaptable,
                    row.quotite_note,
                )?,
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
                track: stored::track(&row.track)?,
                training: row.training,
                how_to_apply: row.how_to_apply,
                apply_email: row.apply_email,
                contacts: serde_json::from_str(&row.contacts).map_err(json_error)?,
                deadline: row.deadline.as_deref().map(parse_date).transpose()?,
                start_date: row.start_date.as_deref().map(parse_date).transpose()?,
                start_note: row.start_note,
                pay_index: row.pay_index.and_then(|i| u16::try_from(i).ok()),
                public_post: serde_json::from_str(&row.public_post).map_err(json_error)?,
                ..FicheContent::default()
            },
            employer: Employer::from(row.employer),
            published_at: row.published_at.as_deref().map(parse_instant).transpose()?,
        };
        stored::Details::parse(&row.details)?.fill(&mut offer.content);
        Ok(offer)
    }
}
