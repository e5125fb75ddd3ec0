//! Signing up with an address to confirm, and the links' pages when they no longer work.

use super::*;

on_both_backends!(a_candidate_signs_up_confirms_the_address_and_logs_in);
async fn a_candidate_signs_up_confirms_the_address_and_logs_in(app: TestApp) {
    let browser = app.browser();
    let (status, body) = browser.page("/inscription").await;
    assert_eq!(status, 200);
    assert!(body.contains("autocomplete=\"new-password\""), "{body}");

    let response = browser.sign_up("Alex", "alex@exemple.fr", "court").await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("<title>Erreur – "), "{body}");
    assert!(body.contains("12 caractères"), "{body}");
    assert!(
        body.contains("value=\"alex@exemple.fr\""),
        "the typed address is kept: {body}"
    );
    assert!(!body.contains("court"), "a password is never shown back");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 0);

    let response = browser.sign_up("Alex", "Alex@Exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 200);
    says(response, &["Vérifiez votre boîte mail"]).await;
    let mail = &app.mail_to("alex@exemple.fr").await[0];
    assert_eq!(mail.subject, "Confirmez votre adresse e-mail");

    // Before confirming, logging in sends a fresh link instead of opening a session.
    let response = browser.log_in("alex@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 200);
    says(response, &["Confirmez d'abord votre adresse"]).await;
    assert!(signed_in_as(&browser).await.is_none());
    let link = app.last_link_to("alex@exemple.fr").await;
    assert_eq!(app.mail_to("alex@exemple.fr").await.len(), 2);

    let (status, body) = browser.page(&link).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Adresse confirmée"));

    let response = browser.log_in("ALEX@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/espace");
    let account = signed_in_as(&browser).await.expect("signed in");
    assert!(account.contains("Alex") && account.contains("alex@exemple.fr"));

    let response = browser.post("/deconnexion", &[]).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let response = browser.get("/compte").await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/connexion?suivant=%2Fcompte"));
    let actions = audit_actions(&app).await;
    for expected in ["compte_cree", "email_verifie", "connexion", "deconnexion"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
}

on_both_backends!(expired_reused_and_unknown_links_get_a_page_that_says_what_to_do);
async fn expired_reused_and_unknown_links_get_a_page_that_says_what_to_do(app: TestApp) {
    let browser = app.browser();
    browser.sign_up("Sam", "sam@exemple.fr", PASSWORD).await;
    let link = app.last_link_to("sam@exemple.fr").await;
    age(&app, "one_time_tokens", "expires_at", Duration::minutes(1)).await;
    let (status, body) = browser.page(&link).await;
    assert_eq!(status, 410);
    assert!(body.contains("Ce lien a expiré") && body.contains("nouveau"), "{body}");

    // Logging in sends a new link, which works once.
    browser.log_in("sam@exemple.fr", PASSWORD).await;
    let link = app.last_link_to("sam@exemple.fr").await;
    assert_eq!(browser.page(&link).await.0, 200);
    let (status, body) = browser.page(&link).await;
    assert_eq!(status, 410);
    assert!(body.contains("Ce lien a déjà servi"), "{body}");

    let (status, body) = browser.page("/verification-email?jeton=abc").await;
    assert_eq!(status, 410);
    assert!(unescape(&body).contains("Ce lien n'est pas valide"), "{body}");
    let (status, body) = browser.page("/mot-de-passe/nouveau?jeton=abc").await;
    assert_eq!(status, 410);
    assert!(body.contains("/mot-de-passe-oublie"), "{body}");
}
