//! Where the offers are: placing fiches at their establishment's commune, and counting the
//! open offers of each département for the filters and the map.

use time::Date;

use super::{Backend, Db, date_text};
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

/// (département code, number of open offers), for the départements that have some.
///
/// Every page of the board shows these counts, so the query must read only an index: on
/// SQLite the planner prefers `fiches_board` and then reads each row for its département
/// (rows are kilobytes long, the column is in overflow pages), which made the board page ten
/// times slower at 10,000 offers (bench/RESULTS.md); `fiches_departement` holds every column
/// it needs. PostgreSQL keeps long texts out of line and plans this well by itself.
pub async fn open_by_departement(db: &Db, today: Date) -> sqlx::Result<Vec<(String, u64)>> {
    let index = match db.backend {
        Backend::Sqlite => " INDEXED BY fiches_departement",
        Backend::Postgres => "",
    };
    let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT departement_code, COUNT(*) FROM fiches{index} WHERE status = 'publiee' AND deadline >= $1 \
         GROUP BY departement_code"
    )))
    .bind(date_text(today))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, n)| (code, u64::try_from(n).unwrap_or(0)))
        .collect())
}
