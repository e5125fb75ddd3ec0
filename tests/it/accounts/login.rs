//! Logging in: nothing told about the address, failures slowed down, the next address kept on
//! this site.

use super::*;

on_both_backends!(a_failed_login_never_tells_whether_the_address_has_an_account);
async fn a_failed_login_never_tells_whether_the_address_has_an_account(app: TestApp) {
    app.user(Role::Candidate, "connu@exemple.fr", &[]).await;
    let browser = app.browser();
    browser.get("/connexion").await;
    let csrf = browser.cookie("msp_csrf").unwrap();

    let wrong_password = browser.log_in("connu@exemple.fr", "Pas le bon mot de passe 1").await;
    let unknown = browser.log_in("inconnu@exemple.fr", "Pas le bon mot de passe 1").await;
    assert_eq!(wrong_password.status(), 422);
    assert_eq!(unknown.status(), 422);
    let wrong_password = wrong_password.text().await.unwrap();
    let unknown = unknown.text().await.unwrap();
    assert!(wrong_password.contains("Adresse e-mail ou mot de passe incorrect."));
    assert_eq!(
        without(&wrong_password, "connu@exemple.fr", &csrf),
        without(&unknown, "inconnu@exemple.fr", &csrf)
    );
}

on_both_backends!(repeated_failures_slow_logins_down_for_a_while_only);
async fn repeated_failures_slow_logins_down_for_a_while_only(app: TestApp) {
    app.user(Role::Candidate, "cible@exemple.fr", &[]).await;
    let browser = app.browser();
    for _ in 0..5 {
        let response = browser.log_in("cible@exemple.fr", "Un essai au hasard 123").await;
        assert_eq!(response.status(), 422);
    }
    // Even the right password waits now, with a message that says how long.
    let response = browser.log_in("cible@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 429);
    says(response, &["attendez 1 minute"]).await;
    // Once the delay has passed, the owner gets in.
    age(&app, "login_failures", "last_failure_at", Duration::minutes(2)).await;
    let response = browser.log_in("cible@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 303);
}

on_both_backends!(after_login_the_next_address_stays_on_this_site);
async fn after_login_the_next_address_stays_on_this_site(app: TestApp) {
    app.user(Role::Candidate, "suivant@exemple.fr", &[]).await;
    for (next, expected) in [
        ("/offres?q=lyon", "/offres?q=lyon"),
        ("https://pirate.example/", "/espace"),
        ("//pirate.example/", "/espace"),
    ] {
        let browser = app.browser();
        let response = browser.log_in_then("suivant@exemple.fr", PASSWORD, next).await;
        assert_eq!(location(&response), expected, "{next}");
    }
}
