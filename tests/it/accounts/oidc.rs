//! Staff sign-in through an OpenID provider (ProConnect), where no provider needs to answer:
//! its absence, its button, refusals, and unlinking. The whole flow against a real provider is
//! the browser journey e2e/journeys/15-proconnect.test.js.

use super::*;
use common::oidc;

on_both_backends!(without_a_provider_there_is_no_button_and_its_routes_do_not_exist);
async fn without_a_provider_there_is_no_button_and_its_routes_do_not_exist(app: TestApp) {
    let (status, body) = app.page("/connexion").await;
    assert_eq!(status, 200);
    assert!(!body.contains("S'identifier avec"), "{body}");
    assert_eq!(app.page("/connexion/oidc/retour?code=a&state=b").await.0, 404);
    assert_eq!(app.page("/deconnexion/oidc").await.0, 404);
    let admin = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    let browser = app.signed_in(&admin).await;
    assert_eq!(browser.get("/connexion/oidc").await.status(), 404);
    assert_eq!(browser.post("/compte/oidc/delier", &[]).await.status(), 404);
    let (_, account) = browser.page("/compte").await;
    assert!(!account.contains("ProConnect"));
}

on_both_backends!(the_login_and_invitation_pages_offer_the_provider_s_button);
async fn the_login_and_invitation_pages_offer_the_provider_s_button(unconfigured: TestApp) {
    let app = unconfigured.instance_configured(oidc::unreachable).await;
    let (status, body) = app.page("/connexion?suivant=/projets").await;
    assert_eq!(status, 200);
    assert!(body.contains("S'identifier avec <strong>ProConnect</strong>"), "{body}");
    assert!(body.contains(
        r#"<a href="https://www.proconnect.gouv.fr/" target="_blank" rel="noopener">Qu'est-ce que ProConnect ?"#
    ));
    assert!(body.contains(r#"href="/connexion/oidc?suivant=%2Fprojets""#), "{body}");

    let admin = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    let admin_browser = app.signed_in(&admin).await;
    let invited = admin_browser
        .post(
            "/admin/invitations",
            &[("email", "ars@exemple.fr"), ("role", "coordinator")],
        )
        .await;
    assert_eq!(invited.status(), 200);
    let link = app.last_link_to("ars@exemple.fr").await;
    let token = link
        .strip_prefix("/invitation?jeton=")
        .expect("an invitation link")
        .to_string();
    let (status, page) = app.page(&link).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!(r#"href="/connexion/oidc?jeton={token}""#)),
        "{page}"
    );
    assert!(page.contains("S'identifier avec <strong>ProConnect</strong>"));

    // A candidate's account page never offers it; a staff member's does.
    let (_, account) = admin_browser.page("/compte").await;
    assert!(account.contains(r#"href="/connexion/oidc?lier=1""#), "{account}");
    let candidate = app.user(Role::Candidate, "alex@exemple.fr", &[]).await;
    let (_, account) = app.signed_in(&candidate).await.page("/compte").await;
    assert!(!account.contains("ProConnect"));
    assert_eq!(
        app.signed_in(&candidate)
            .await
            .get("/connexion/oidc?lier=1")
            .await
            .status(),
        403
    );
}

on_both_backends!(a_provider_that_does_not_answer_or_an_unknown_return_is_told_in_french);
async fn a_provider_that_does_not_answer_or_an_unknown_return_is_told_in_french(unconfigured: TestApp) {
    let app = unconfigured.instance_configured(oidc::unreachable).await;
    let browser = app.browser();
    let response = browser.get("/connexion/oidc").await;
    assert_eq!(response.status(), 502);
    assert!(unescape(&response.text().await.unwrap()).contains("ProConnect ne répond pas"));
    // A return no login of ours began (or one already used): refused, and nobody signed in.
    let (status, body) = browser.page("/connexion/oidc/retour?code=abc&state=inconnu").await;
    assert_eq!(status, 400);
    assert!(unescape(&body).contains("Connexion expirée"), "{body}");
    assert_eq!(browser.get("/compte").await.status(), 303);
    let (status, body) = browser.page("/connexion/oidc/retour?error=access_denied").await;
    assert_eq!(status, 400);
    assert!(unescape(&body).contains("Recommencez depuis la page de connexion"));
    let (status, body) = browser.page("/deconnexion/oidc").await;
    assert_eq!(status, 200);
    assert!(unescape(&body).contains("Vous êtes déconnecté·e"));
}

on_both_backends!(a_staff_member_unlinks_their_identity_and_it_is_erased_with_the_account);
async fn a_staff_member_unlinks_their_identity_and_it_is_erased_with_the_account(unconfigured: TestApp) {
    let app = unconfigured.instance_configured(oidc::unreachable).await;
    let staff = app.user(Role::Coordinator, "ccoms@exemple.fr", &[]).await;
    let other = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    use msp::db::identities;
    assert!(
        identities::link(&mut conn, staff.id, oidc::ISSUER, "sub-1", Some("13002526500013"))
            .await
            .unwrap()
    );
    assert!(
        !identities::link(&mut conn, other.id, oidc::ISSUER, "sub-1", None)
            .await
            .unwrap(),
        "one account per identity"
    );
    assert!(
        identities::link(&mut conn, other.id, oidc::ISSUER, "sub-2", None)
            .await
            .unwrap()
    );
    drop(conn);

    let browser = app.signed_in(&staff).await;
    let (_, account) = browser.page("/compte").await;
    assert!(account.contains("SIRET 13002526500013"), "{account}");
    assert!(account.contains("Délier mon identité ProConnect"));
    let response = browser.post("/compte/oidc/delier", &[]).await;
    assert_eq!(response.status(), 200);
    assert!(unescape(&response.text().await.unwrap()).contains("Identité déliée"));
    let mut conn = app.db.pool.acquire().await.unwrap();
    assert!(identities::of_user(&mut conn, staff.id).await.unwrap().is_empty());
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'identite_deliee' AND actor_id = $1")
            .bind(staff.id)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(logged, 1);
    let (_, account) = browser.page("/compte").await;
    assert!(account.contains(r#"href="/connexion/oidc?lier=1""#));

    // The other account's identity goes with the account.
    msp::db::users::delete(&mut conn, other.id).await.unwrap();
    assert!(
        identities::find(&mut conn, oidc::ISSUER, "sub-2")
            .await
            .unwrap()
            .is_none()
    );
}

on_both_backends!(a_start_asks_for_a_code_with_pkce_and_its_return_works_once_in_that_browser_only);
async fn a_start_asks_for_a_code_with_pkce_and_its_return_works_once_in_that_browser_only(unconfigured: TestApp) {
    let app = unconfigured.instance_configured(oidc::discovery_only).await;
    let browser = app.browser();
    let response = browser.get("/connexion/oidc?suivant=/projets").await;
    assert_eq!(response.status(), 303);
    let to = reqwest::Url::parse(&location(&response)).unwrap();
    assert!(to.path().ends_with("/auth"), "{to}");
    let query: std::collections::HashMap<_, _> = to.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], "msp-tests");
    assert_eq!(query["scope"], "openid email given_name usual_name uid siret");
    assert_eq!(query["redirect_uri"], app.url("/connexion/oidc/retour"));
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["code_challenge"].len(), 43, "base64url of a SHA-256");
    assert!(query["state"].len() >= 32 && query["nonce"].len() >= 32);
    let state = query["state"].clone();

    // Another browser cannot finish it (login CSRF), and then nobody can: it worked once.
    let return_path = format!("/connexion/oidc/retour?code=un-code&state={state}");
    let (status, body) = app.browser().page(&return_path).await;
    assert_eq!(status, 400);
    assert!(unescape(&body).contains("Connexion expirée"));
    assert_eq!(browser.page(&return_path).await.0, 400);

    // In the browser that began it, the code goes to the provider, whose answer (here no token
    // at all) is refused: nobody is signed in.
    let response = browser.get("/connexion/oidc").await;
    let to = reqwest::Url::parse(&location(&response)).unwrap();
    let state = to.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
    let (status, body) = browser
        .page(&format!("/connexion/oidc/retour?code=un-code&state={state}"))
        .await;
    assert_eq!(status, 403);
    assert!(unescape(&body).contains("n'a pas pu être vérifiée"), "{body}");
    assert_eq!(browser.get("/compte").await.status(), 303);
}
