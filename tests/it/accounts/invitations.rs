//! Staff invited from the admin pages.

use super::*;

/// Invites someone from the admin pages and returns the invitation link's path.
async fn invite(inviter: &Browser, fields: &[(&str, &str)]) -> reqwest::Response {
    inviter.post("/admin/invitations", fields).await
}

on_both_backends!(a_recruiter_is_invited_and_must_enrol_a_second_factor);
async fn a_recruiter_is_invited_and_must_enrol_a_second_factor(app: TestApp) {
    let establishment = app.establishment("CH Test", "Lyon", "69").await;
    let admin = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    let admin_browser = app.signed_in(&admin).await;
    let (status, body) = admin_browser.page("/admin/invitations").await;
    assert_eq!(status, 200);
    assert!(body.contains("CH Test"));

    // A recruiter needs an establishment: the form says so and keeps what was typed.
    let response = invite(&admin_browser, &[("email", "rh@ch-test.fr"), ("role", "recruiter")]).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("Cochez au moins un établissement.") && body.contains("rh@ch-test.fr"));

    let id = establishment.id.to_string();
    let response = invite(
        &admin_browser,
        &[
            ("email", "rh@ch-test.fr"),
            ("role", "recruiter"),
            ("etablissements", &id),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let link = app.last_link_to("rh@ch-test.fr").await;
    assert!(link.starts_with("/invitation?jeton="), "{link}");
    let recruiter = the_invitation_opens_an_account_once(&app, &link).await;
    nothing_is_reachable_before_the_second_factor(&recruiter).await;

    let actions = audit_actions(&app).await;
    for expected in ["invitation_creee", "compte_cree", "double_authentification_activee"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
}

/// The invited person chooses a name and a password through the link, which works once: their
/// browser.
async fn the_invitation_opens_an_account_once(app: &TestApp, link: &str) -> Browser {
    let recruiter = app.browser();
    let (status, body) = recruiter.page(link).await;
    assert_eq!(status, 200);
    let token = hidden_value(&body, "jeton");
    let response = recruiter
        .post(
            "/invitation",
            &[("jeton", &token), ("name", "Dominique RH"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(recruiter.page(link).await.0, 410, "an invitation works once");
    recruiter
}

/// A recruiter logs in to enrol the second factor, and reaches nothing else until it is on.
async fn nothing_is_reachable_before_the_second_factor(recruiter: &Browser) {
    let response = recruiter.log_in("rh@ch-test.fr", PASSWORD).await;
    assert_eq!(location(&response), "/compte/double-authentification");
    // Nothing else is reachable until the second factor is on.
    let response = recruiter.get("/compte").await;
    assert_eq!(location(&response), "/compte/double-authentification");

    let (_, body) = recruiter.page("/compte/double-authentification").await;
    let secret = hidden_value(&body, "secret");
    let response = enrol_second_factor(recruiter, &secret, "000000").await;
    assert_eq!(response.status(), 422, "a wrong code is refused");
    let code = msp::secrets::totp_code(&secret, now_unix());
    let response = enrol_second_factor(recruiter, &secret, &code).await;
    assert_eq!(response.status(), 200);
    says(response, &["codes de secours"]).await;
    let account = signed_in_as(recruiter).await.expect("signed in after enrolment");
    assert!(
        account.contains("Recruteur") && account.contains("CH Test"),
        "{account}"
    );
}

on_both_backends!(an_invitation_expires);
async fn an_invitation_expires(app: TestApp) {
    let admin = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    let admin_browser = app.signed_in(&admin).await;
    let response = invite(
        &admin_browser,
        &[("email", "coord@exemple.fr"), ("role", "coordinator")],
    )
    .await;
    assert_eq!(response.status(), 200);
    let link = app.last_link_to("coord@exemple.fr").await;
    age(&app, "one_time_tokens", "expires_at", Duration::seconds(1)).await;
    let (status, body) = app.browser().page(&link).await;
    assert_eq!(status, 410);
    assert!(body.contains("Ce lien a expiré"));
}

on_both_backends!(a_coordinator_cannot_invite_an_admin);
async fn a_coordinator_cannot_invite_an_admin(app: TestApp) {
    let coordinator = app.user(Role::Coordinator, "coord@exemple.fr", &[]).await;
    let browser = app.signed_in(&coordinator).await;
    let (_, body) = browser.page("/admin/invitations").await;
    assert!(!body.contains("value=\"admin\""), "{body}");
    let response = invite(&browser, &[("email", "pirate@exemple.fr"), ("role", "admin")]).await;
    assert_eq!(response.status(), 422);
    let response = invite(
        &browser,
        &[("email", "ars@exemple.fr"), ("role", "ars_officer"), ("region", "84")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(app.mail_to("pirate@exemple.fr").await.is_empty());
}
