//! Funding figures: amounts by year for the dashboards, posts and offers by region for the
//! public statistics.

use sqlx::AnyConnection;

use super::push_scope;
use crate::db::Sql;
use crate::domain::policy::FundingScope;

/// Amounts committed and paid for each calendar year of the subsidies in a scope.
pub async fn amounts_by_year(conn: &mut AnyConnection, scope: &FundingScope) -> sqlx::Result<Vec<(i32, i64, i64)>> {
    let mut sql = Sql::new(
        "SELECT y.year, CAST(SUM(y.amount_cents) AS BIGINT), CAST(SUM(y.paid_cents) AS BIGINT) \
         FROM subsidy_years y JOIN subsidies s ON s.id = y.subsidy_id WHERE 1 = 1",
    );
    push_scope(&mut sql, "s", scope);
    sql.push(" GROUP BY y.year ORDER BY y.year");
    let rows: Vec<(i64, i64, i64)> = sql.query_as().fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(year, committed, paid)| (year as i32, committed, paid))
        .collect())
}

/// (region, first year, posts funded) over every subsidy, for the public statistics.
pub async fn posts_by_region_and_year(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, i32, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT region_code, first_year, COUNT(*) FROM subsidies GROUP BY region_code, first_year \
         ORDER BY region_code, first_year",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(r, y, n)| (r, y as i32, n)).collect())
}

/// (region, year, offers) for every offer ever published, for the public statistics.
pub async fn offers_by_region_and_year(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, i32, i64)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT region_code, SUBSTR(published_at, 1, 4) AS year, COUNT(*) FROM fiches \
         WHERE published_at IS NOT NULL AND status IN ('publiee', 'close') \
         GROUP BY region_code, SUBSTR(published_at, 1, 4) ORDER BY 1, 2",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, y, n)| Some((r, y.parse().ok()?, n)))
        .collect())
}
