//! Where the offers are: placing fiches at their establishment's commune.

use super::Db;
use crate::geo::communes;

/// Places the fiches that have no place yet (those stored before migration 0006): the commune
/// of their establishment, or '' when it is unknown, so that each is tried once. Returns how
/// many were placed. Idempotent, and harmless on two instances at once (same values).
pub async fn place_unplaced(db: &Db) -> sqlx::Result<u64> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT f.id, e.postal_code, e.commune, e.departement_code FROM fiches f \
         JOIN establishments e ON e.id = f.establishment_id WHERE f.commune_code IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut placed = 0;
    for (id, postal_code, commune, departement) in rows {
        let found = communes().locate(&postal_code, &commune, &departement);
        sqlx::query("UPDATE fiches SET commune_code = $1, lat = $2, lon = $3 WHERE id = $4 AND commune_code IS NULL")
            .bind(found.map_or("", |c| c.code))
            .bind(found.map(|c| i64::from(c.point.lat_e6)))
            .bind(found.map(|c| i64::from(c.point.lon_e6)))
            .bind(id)
            .execute(&db.pool)
            .await?;
        placed += u64::from(found.is_some());
    }
    Ok(placed)
}
