//! The second factor: a code works once, recovery codes too; a candidate's is optional.

use super::*;

on_both_backends!(a_second_factor_code_works_once_and_recovery_codes_too);
async fn a_second_factor_code_works_once_and_recovery_codes_too(app: TestApp) {
    let user = app.user(Role::Coordinator, "coord@exemple.fr", &[]).await;
    let secret = user.totp_secret.clone().unwrap();
    let browser = app.browser();
    let response = browser.log_in("coord@exemple.fr", PASSWORD).await;
    assert_eq!(location(&response), "/connexion/code");
    assert!(signed_in_as(&browser).await.is_none(), "a password alone is not enough");
    let code = msp::secrets::totp_code(&secret, now_unix());
    let response = browser.post("/connexion/code", &[("code", &code)]).await;
    assert_eq!(location(&response), "/espace");

    // The same code, replayed in another login, is refused.
    let other = app.browser();
    other.log_in("coord@exemple.fr", PASSWORD).await;
    let response = other.post("/connexion/code", &[("code", &code)]).await;
    assert_eq!(response.status(), 422);
    says(response, &["déjà servi"]).await;

    // A recovery code works, once.
    let codes = msp::secrets::recovery_codes();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let hashes: Vec<String> = codes.iter().map(|c| msp::secrets::token_hash(c)).collect();
    msp::db::users::replace_recovery_codes(&mut conn, user.id, &hashes)
        .await
        .unwrap();
    drop(conn);
    let response = other
        .post("/connexion/code", &[("code", &codes[0].to_uppercase())])
        .await;
    assert_eq!(location(&response), "/espace");
    let third = app.browser();
    third.log_in("coord@exemple.fr", PASSWORD).await;
    let response = third.post("/connexion/code", &[("code", &codes[0])]).await;
    assert_eq!(response.status(), 422);
}

on_both_backends!(a_candidate_may_turn_the_second_factor_on_and_off);
async fn a_candidate_may_turn_the_second_factor_on_and_off(app: TestApp) {
    let user = app.user(Role::Candidate, "prudent@exemple.fr", &[]).await;
    let browser = app.signed_in(&user).await;
    let (_, body) = browser.page("/compte/double-authentification").await;
    let secret = hidden_value(&body, "secret");
    let code = msp::secrets::totp_code(&secret, now_unix());
    let response = enrol_second_factor(&browser, &secret, &code).await;
    assert_eq!(response.status(), 200);

    let other = app.browser();
    let response = other.log_in("prudent@exemple.fr", PASSWORD).await;
    assert_eq!(location(&response), "/connexion/code", "the code is now asked");

    let response = browser
        .post(
            "/compte/double-authentification/desactiver",
            &[("current", "pas le bon")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = browser
        .post("/compte/double-authentification/desactiver", &[("current", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    let response = app.browser().log_in("prudent@exemple.fr", PASSWORD).await;
    assert_eq!(location(&response), "/espace");
}
