//! The second factor's secret is sealed at rest with the documents' key: a copy of the database
//! gives nobody a staff member's codes. Secrets stored in clear before that still work, once, and
//! are then sealed; a rotation of the key reseals them.

use super::*;
use msp::db::users;
use msp::documents::DocumentCipher;

/// What the `users` row keeps of a second factor: clear secret, key id, sealed bytes.
type StoredRow = (Option<String>, Option<String>, Option<Vec<u8>>);

async fn stored(app: &TestApp, user_id: i64) -> StoredRow {
    sqlx::query_as("SELECT totp_secret, totp_key_id, totp_sealed FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The row holds no clear secret, only bytes sealed with the current key that do not contain it.
fn assert_sealed(row: &StoredRow, secret: &str) {
    let (clear, key_id, sealed) = row;
    assert_eq!(clear, &None, "no secret in clear");
    let current = DocumentCipher::from_hex(common::TEST_DOCUMENT_KEY, "").unwrap();
    assert_eq!(key_id.as_deref(), Some(current.current_key_id()));
    let sealed = sealed.as_ref().expect("a sealed secret");
    assert!(
        !sealed.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the sealed bytes do not hold the secret"
    );
}

/// Puts a secret in clear in the row, as enrolment stored it before migration 0018.
async fn store_in_clear(app: &TestApp, user_id: i64, secret: &str) {
    sqlx::query("UPDATE users SET totp_secret = $1, totp_key_id = NULL, totp_sealed = NULL WHERE id = $2")
        .bind(secret)
        .bind(user_id)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// Signs in with the password and a code of the next step (accepted as clock drift, and never
/// the step a previous sign-in in this test used): where the code page sends.
async fn sign_in_with_code(app: &TestApp, email: &str, secret: &str) -> String {
    let browser = app.browser();
    assert_eq!(location(&browser.log_in(email, PASSWORD).await), "/connexion/code");
    let code = msp::secrets::totp_code(secret, now_unix() + 30);
    location(&browser.post("/connexion/code", &[("code", &code)]).await)
}

on_both_backends!(a_secret_enrolled_on_the_page_is_never_in_clear_in_the_database);
async fn a_secret_enrolled_on_the_page_is_never_in_clear_in_the_database(app: TestApp) {
    let user = app.user(Role::Candidate, "prudent@exemple.fr", &[]).await;
    let browser = app.signed_in(&user).await;
    let (_, body) = browser.page("/compte/double-authentification").await;
    let secret = hidden_value(&body, "secret");
    let code = msp::secrets::totp_code(&secret, now_unix());
    assert_eq!(enrol_second_factor(&browser, &secret, &code).await.status(), 200);
    assert_sealed(&stored(&app, user.id).await, &secret);
    // The sealed secret opens at sign-in.
    assert_eq!(sign_in_with_code(&app, "prudent@exemple.fr", &secret).await, "/espace");
}

on_both_backends!(a_secret_left_in_clear_works_at_sign_in_and_is_then_sealed);
async fn a_secret_left_in_clear_works_at_sign_in_and_is_then_sealed(app: TestApp) {
    let user = app.user(Role::Coordinator, "coord@exemple.fr", &[]).await;
    let secret = user.totp_secret.clone().unwrap();
    store_in_clear(&app, user.id, &secret).await;
    assert_eq!(stored(&app, user.id).await.0.as_deref(), Some(secret.as_str()));
    assert_eq!(sign_in_with_code(&app, "coord@exemple.fr", &secret).await, "/espace");
    assert_sealed(&stored(&app, user.id).await, &secret);
    // Sealed, it still opens: the next sign-in (its code a step later) works.
    sqlx::query("UPDATE users SET totp_last_step = NULL WHERE id = $1")
        .bind(user.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(sign_in_with_code(&app, "coord@exemple.fr", &secret).await, "/espace");
}

on_both_backends!(starting_up_seals_the_secrets_left_in_clear_and_a_rotation_reseals_them);
async fn starting_up_seals_the_secrets_left_in_clear_and_a_rotation_reseals_them(app: TestApp) {
    let clear = app.user(Role::Recruiter, "clair@exemple.fr", &[]).await;
    let rotated = app.user(Role::ArsOfficer, "ancienne@exemple.fr", &[]).await;
    let untouched = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    store_in_clear(&app, clear.id, clear.totp_secret.as_deref().unwrap()).await;
    let old_key = DocumentCipher::generate_key_hex();
    let old = DocumentCipher::from_hex(&old_key, "").unwrap();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let rotated_secret = rotated.totp_secret.clone().unwrap();
    users::set_totp_secret(&mut conn, &old, rotated.id, &rotated_secret, 0)
        .await
        .unwrap();
    let untouched_before = stored(&app, untouched.id).await;

    // Without the old key, the secret it sealed is reported, and left as it is.
    let current = app.db.documents().unwrap();
    let done = users::seal_totp_secrets(&mut conn, current).await.unwrap();
    assert_eq!(done.sealed, 1, "the clear secret");
    assert_eq!(done.unreadable, vec![rotated.id]);
    assert_sealed(&stored(&app, clear.id).await, clear.totp_secret.as_deref().unwrap());

    // With the old key among the older ones, it is resealed with the current key.
    let both = DocumentCipher::from_hex(common::TEST_DOCUMENT_KEY, &old_key).unwrap();
    let done = users::seal_totp_secrets(&mut conn, &both).await.unwrap();
    assert_eq!((done.sealed, done.unreadable.len()), (1, 0));
    assert_sealed(&stored(&app, rotated.id).await, &rotated_secret);
    assert_eq!(
        stored(&app, untouched.id).await,
        untouched_before,
        "a current seal is kept"
    );
    let again = users::seal_totp_secrets(&mut conn, &both).await.unwrap();
    assert_eq!(again, users::TotpResealed::default(), "nothing left to do");
    drop(conn);

    for (user, secret) in [(&clear, clear.totp_secret.clone()), (&rotated, Some(rotated_secret))] {
        let secret = secret.unwrap();
        assert_eq!(sign_in_with_code(&app, &user.email, &secret).await, "/espace");
    }
}
