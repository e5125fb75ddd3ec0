//! A database that reads but cannot write, a transaction that failed under the connection.

use super::*;

on_both_backends!(a_database_that_cannot_write_is_not_ready);

/// Makes the PostgreSQL test database read-only for new connections, or writable again.
async fn postgres_read_only(app: &TestApp, on: bool) {
    let name = app.database_url().rsplit('/').next().unwrap().to_string();
    let value = if on { "on" } else { "off" };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE {name} SET default_transaction_read_only = {value}"
    )))
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn a_database_that_cannot_write_is_not_ready(app: TestApp) {
    assert_eq!(app.get("/readyz").await.status(), 200);
    let postgres = app.backend() == msp::db::Backend::Postgres;
    let read_only_url = if postgres {
        postgres_read_only(&app, true).await;
        app.database_url().to_string()
    } else {
        format!("{}?mode=ro", app.database_url())
    };
    let read_only = TestApp::instance_on(&read_only_url).await;
    let response = read_only.get("/readyz").await;
    assert_eq!(response.status(), 503);
    assert!(response.text().await.unwrap().contains("lecture seule"));
    read_only.db.pool.close().await;
    if postgres {
        postgres_read_only(&app, false).await;
    }
}

/// SQLite rolls a transaction back by itself on a full disk or an I/O error; sqlx then still
/// counts it open, and the connection must not serve again. A trigger raising ROLLBACK is the
/// same fault, injected. (PostgreSQL never ends a transaction behind the client's back.)
#[tokio::test]
async fn a_connection_whose_transaction_failed_is_never_reused() {
    let app = TestApp::start_sqlite().await;
    let db = &app.db;
    sqlx::query("CREATE TABLE fault_probe (x TEXT)")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER disk_full BEFORE INSERT ON fault_probe WHEN NEW.x = 'plein' \
         BEGIN SELECT RAISE(ROLLBACK, 'disque plein (simulé)'); END",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    // Every connection of the pool meets the fault once.
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut tx = db.begin().await.unwrap();
        let failed = sqlx::query("INSERT INTO fault_probe (x) VALUES ('plein')")
            .execute(&mut *tx)
            .await;
        assert!(failed.is_err());
        held.push(tx);
    }
    drop(held);
    // Space is back: every write works again, without a restart.
    for n in 0..40 {
        let mut tx = db
            .begin()
            .await
            .unwrap_or_else(|e| panic!("write {n} after the fault: {e}"));
        sqlx::query("INSERT INTO fault_probe (x) VALUES ('ok')")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(app.get("/readyz").await.status(), 200);
}
