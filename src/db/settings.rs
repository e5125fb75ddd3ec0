//! Facts about the database itself (migration 0016): whether the demonstration made it.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::instant_text;

/// The name of the demonstration's mark; its value is when it was set.
const DEMO: &str = "demo";

/// Marks the database as the demonstration's (once: the first date stays).
pub async fn mark_demo(conn: &mut AnyConnection) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO platform_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(DEMO)
        .bind(instant_text(OffsetDateTime::now_utc()))
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the demonstration made this database.
pub async fn is_demo(conn: &mut AnyConnection) -> sqlx::Result<bool> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM platform_settings WHERE name = $1")
        .bind(DEMO)
        .fetch_one(conn)
        .await?;
    Ok(count > 0)
}

/// Whether anyone or anything is stored yet: an account or an establishment (every offer,
/// project and application belongs to one of them).
pub async fn holds_data(conn: &mut AnyConnection) -> sqlx::Result<bool> {
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await?;
    let establishments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM establishments")
        .fetch_one(conn)
        .await?;
    Ok(users + establishments > 0)
}
