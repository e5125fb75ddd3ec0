//! The fiches a recruiter may start from: every offer the programme published (open or closed,
//! public anyway) and every fiche of their own establishments.

use super::{OfferRow, SELECT_OFFER};
use crate::db::Sql;
use crate::domain::fiche::Offer;
use crate::domain::policy::EstablishmentScope;
use crate::domain::text::fold;

/// Starts the query of the fiches one may reuse: published or closed, or in one's scope.
fn reusable(scope: &EstablishmentScope) -> Sql {
    let mut sql = Sql::new(&format!(
        "{SELECT_OFFER} FROM fiches f JOIN establishments e ON e.id = f.establishment_id \
         WHERE (f.status IN ('publiee', 'close') OR (1 = 1"
    ));
    crate::db::projects::push_scope(&mut sql, "f.establishment_id", scope);
    sql.push("))");
    sql
}

/// The fiches one may start from but `except` (the draft being written), newest first, whose
/// title, establishment or town holds every word of `query` (accents and case ignored).
pub async fn library(
    conn: &mut sqlx::AnyConnection, scope: &EstablishmentScope, except: i64, query: &str,
) -> sqlx::Result<Vec<Offer>> {
    let mut sql = reusable(scope);
    sql.push(" AND f.id <> ")
        .bind(crate::db::Value::Int(except))
        .push(" ORDER BY f.updated_at DESC, f.id DESC LIMIT 500");
    let rows: Vec<OfferRow> = sql.query_as().fetch_all(conn).await?;
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
    let mut found = Vec::new();
    for row in rows {
        let offer = Offer::try_from(row)?;
        let text = fold(&format!(
            "{} {} {}",
            offer.content.title, offer.employer.name, offer.employer.commune
        ));
        if words.iter().all(|w| text.contains(w.as_str())) {
            found.push(offer);
        }
        if found.len() == 50 {
            break;
        }
    }
    Ok(found)
}

/// A fiche one may start from, by its id.
pub async fn find_reusable(
    conn: &mut sqlx::AnyConnection, id: i64, scope: &EstablishmentScope,
) -> sqlx::Result<Option<Offer>> {
    let mut sql = reusable(scope);
    sql.push(" AND f.id = ").bind(crate::db::Value::Int(id));
    let row: Option<OfferRow> = sql.query_as().fetch_optional(conn).await?;
    row.map(Offer::try_from).transpose()
}
