//! `msp serve` seals at start-up the second factors enrolled before they were sealed at rest.

use super::*;
use msp::db::{Db, users};
use msp::documents::DocumentCipher;
use msp::domain::account::Email;
use msp::domain::role::Role;

#[tokio::test]
async fn serve_seals_at_start_up_the_second_factors_left_in_clear() {
    let dir = fresh_dir("seal_second_factors");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    let email = Email::parse("email", "ancienne@exemple.fr").unwrap();
    let new = users::NewUser {
        email: &email,
        display_name: "Ancienne Coordinatrice",
        role: Role::Coordinator,
        password_hash: None,
        email_verified: true,
        scopes: &[],
    };
    let id = users::insert(&mut conn, new).await.unwrap();
    let secret = msp::secrets::new_totp_secret();
    // As enrolment stored it before migration 0018.
    sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
        .bind(&secret)
        .bind(id)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);

    let port = free_port();
    let mut server = serve(port, &["--database", &url]);
    let key = crate::common::TEST_DOCUMENT_KEY;
    let server = Server(server.current_dir(&dir).env("MSP_DOCUMENT_KEY", key).spawn().unwrap());
    tokio::task::spawn_blocking(move || wait_until_up(port)).await.unwrap();
    drop(server);

    let (clear, key_id, sealed): (Option<String>, String, Vec<u8>) =
        sqlx::query_as("SELECT totp_secret, totp_key_id, totp_sealed FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(clear, None, "no secret left in clear");
    let stored = users::StoredTotp::Sealed(msp::documents::Sealed { key_id, bytes: sealed });
    let cipher = DocumentCipher::from_hex(key, "").unwrap();
    assert_eq!(stored.open(&cipher).ok().as_deref(), Some(secret.as_str()));
}
