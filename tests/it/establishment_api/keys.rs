//! The keys page: a key is shown once, stored as a hash, listed, revoked; only recruiters.

use super::*;
use msp::domain::role::Role;

on_both_backends!(
    a_key_is_shown_once_and_only_its_hash_is_stored,
    a_revoked_key_opens_nothing_and_says_so_in_the_list,
    the_key_form_keeps_what_was_typed_and_says_what_is_missing,
    a_recruiter_cannot_revoke_another_establishments_key,
);

async fn a_key_is_shown_once_and_only_its_hash_is_stored(app: TestApp) {
    let desk = desk(app).await;
    let (status, home) = desk.browser.page("/espace").await;
    assert_eq!(status, 200);
    assert!(
        home.contains("href=\"/etablissement/cles-api\""),
        "linked from the recruiter's home"
    );

    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    assert!(key.starts_with("msp_") && key.len() == 4 + 8 + 1 + 64, "{key}");
    let stored: (String, String, String) = sqlx::query_as("SELECT key_hash, public_id, scopes FROM api_keys")
        .fetch_one(&desk.app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored.0, msp::secrets::token_hash(&key));
    assert!(!stored.0.contains(&key[13..]) && key.contains(&stored.1));
    assert_eq!(stored.2, "fiches");
    assert_eq!(audited(&desk.app, "cle_api_creee").await, 1);

    let (_, list) = desk.browser.page("/etablissement/cles-api").await;
    assert!(!list.contains(&key[13..]), "never shown again");
    assert!(list.contains("Logiciel RH") && list.contains(&format!("msp_{}_…", stored.1)));
    assert!(list.contains("jamais"), "not used yet");

    let (status, _, body) = call(
        &desk.app,
        reqwest::Method::GET,
        "/api/v1/etablissement/fiches",
        &key,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, list) = desk.browser.page("/etablissement/cles-api").await;
    assert!(!list.contains(">jamais<"), "its use is recorded");
    let last_used = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT last_used_at FROM api_keys")
            .fetch_one(&desk.app.db.pool)
            .await
            .unwrap()
            .expect("its use is recorded")
    };
    let first = last_used().await;
    call(
        &desk.app,
        reqwest::Method::GET,
        "/api/v1/etablissement/fiches",
        &key,
        None,
    )
    .await;
    assert_eq!(last_used().await, first, "written at most once a minute");
    desk.app.set_now(desk.app.clock.now() + time::Duration::seconds(61));
    call(
        &desk.app,
        reqwest::Method::GET,
        "/api/v1/etablissement/fiches",
        &key,
        None,
    )
    .await;
    assert_ne!(last_used().await, first);
}

async fn a_revoked_key_opens_nothing_and_says_so_in_the_list(app: TestApp) {
    let desk = desk(app).await;
    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    let id = desk.app.scalar("SELECT id FROM api_keys").await;
    let response = desk
        .browser
        .post(&format!("/etablissement/cles-api/{id}/revoquer"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let (_, list) = desk.browser.page("/etablissement/cles-api?revoquee=1").await;
    assert!(list.contains("Clé révoquée") && list.contains("Révoquée le"));
    assert_eq!(audited(&desk.app, "cle_api_revoquee").await, 1);

    let (status, headers, body) = call(
        &desk.app,
        reqwest::Method::GET,
        "/api/v1/etablissement/fiches",
        &key,
        None,
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["erreur"]["code"], "cle_invalide");
    assert_eq!(headers["www-authenticate"], "Bearer");
}

async fn the_key_form_keeps_what_was_typed_and_says_what_is_missing(app: TestApp) {
    let desk = desk(app).await;
    let response = desk
        .browser
        .post("/etablissement/cles-api", &[("libelle", "Logiciel « RH »")])
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Cochez au moins ce que la clé pourra faire."));
    assert!(page.contains("value=\"Logiciel « RH »\""), "{page}");
    assert_eq!(desk.app.scalar("SELECT COUNT(*) FROM api_keys").await, 0);
}

async fn a_recruiter_cannot_revoke_another_establishments_key(app: TestApp) {
    let desk = desk(app).await;
    let key = create_key(&desk.browser, "Logiciel RH", &["fiches"]).await;
    let id = desk.app.scalar("SELECT id FROM api_keys").await;
    let stranger = desk.app.recruiter_elsewhere().await;
    let (_, list) = stranger.page("/etablissement/cles-api").await;
    assert!(!list.contains("Logiciel RH"));
    stranger
        .post(&format!("/etablissement/cles-api/{id}/revoquer"), &[])
        .await;
    let (status, _, _) = call(
        &desk.app,
        reqwest::Method::GET,
        "/api/v1/etablissement/fiches",
        &key,
        None,
    )
    .await;
    assert_eq!(status, 200, "still active");
    // Nobody else has a keys page.
    let coordinator = desk.app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    let coordinator = desk.app.signed_in(&coordinator).await;
    assert_eq!(coordinator.get("/etablissement/cles-api").await.status(), 403);
}
