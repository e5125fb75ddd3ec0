//! Passwords reset and changed: the other sessions end.

use super::*;

on_both_backends!(a_reset_link_sets_a_new_password_and_ends_every_session);
async fn a_reset_link_sets_a_new_password_and_ends_every_session(app: TestApp) {
    let user = app.user(Role::Candidate, "oubli@exemple.fr", &[]).await;
    let elsewhere = app.signed_in(&user).await;
    let browser = app.browser();

    // An unknown address gets the same answer, and no mail.
    let unknown = browser
        .post("/mot-de-passe-oublie", &[("email", "personne@exemple.fr")])
        .await;
    let known = browser
        .post("/mot-de-passe-oublie", &[("email", "oubli@exemple.fr")])
        .await;
    assert_eq!(unknown.status(), known.status());
    let csrf = browser.cookie("msp_csrf").unwrap();
    assert_eq!(
        without(&unknown.text().await.unwrap(), "personne@exemple.fr", &csrf),
        without(&known.text().await.unwrap(), "oubli@exemple.fr", &csrf)
    );
    let link = app.last_link_to("oubli@exemple.fr").await;
    assert!(app.sent.lock().unwrap().iter().all(|m| m.to != "personne@exemple.fr"));

    let (status, body) = browser.page(&link).await;
    assert_eq!(status, 200);
    let token = hidden_value(&body, "jeton");
    for (password, status) in [("trop court", 422), ("Mon nouveau mot de passe 7", 200)] {
        let fields = [("jeton", token.as_str()), ("password", password)];
        let response = browser.post("/mot-de-passe/nouveau", &fields).await;
        assert_eq!(response.status(), status, "{password}");
    }
    assert_eq!(browser.page(&link).await.0, 410, "the link works once");
    assert!(signed_in_as(&elsewhere).await.is_none(), "other sessions ended");

    let response = browser.log_in("oubli@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 422, "the old password no longer works");
    let response = browser.log_in("oubli@exemple.fr", "Mon nouveau mot de passe 7").await;
    assert_eq!(response.status(), 303);
}

on_both_backends!(changing_the_password_ends_the_other_sessions);
async fn changing_the_password_ends_the_other_sessions(app: TestApp) {
    let user = app.user(Role::Candidate, "deux@exemple.fr", &[]).await;
    let phone = app.signed_in(&user).await;
    let laptop = app.signed_in(&user).await;
    let before = laptop.cookie("msp_session").unwrap();
    let response = laptop
        .post(
            "/compte/mot-de-passe",
            &[("current", "pas le bon"), ("password", "Nouveau mot de passe 99")],
        )
        .await;
    assert_eq!(response.status(), 422);
    says(response, &["Le mot de passe actuel n'est pas le bon."]).await;
    let response = laptop
        .post(
            "/compte/mot-de-passe",
            &[("current", PASSWORD), ("password", "Nouveau mot de passe 99")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_ne!(laptop.cookie("msp_session").unwrap(), before, "the session is renewed");
    assert!(signed_in_as(&laptop).await.is_some());
    assert!(signed_in_as(&phone).await.is_none());
}
