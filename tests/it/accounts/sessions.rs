//! Sessions and their cookies: forms carry their token, staff sessions end when idle.

use super::*;

on_both_backends!(a_forged_csrf_token_is_refused_without_side_effect);
async fn a_forged_csrf_token_is_refused_without_side_effect(app: TestApp) {
    let browser = app.browser();
    browser.get("/inscription").await;
    let forged = browser
        .client
        .post(app.url("/inscription"))
        .form(&[
            ("_csrf", "0".repeat(64).as_str()),
            ("name", "Eve"),
            ("email", "eve@exemple.fr"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(forged.text().await.unwrap().contains("Rechargez la page"));
    let missing = browser
        .client
        .post(app.url("/inscription"))
        .form(&[("name", "Eve"), ("email", "eve@exemple.fr"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 403);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM mail_outbox").await, 0);

    // Signed in, a forged password change leaves the password as it was.
    let user = app.user(Role::Candidate, "victime@exemple.fr", &[]).await;
    let victim = app.signed_in(&user).await;
    let forged = victim
        .client
        .post(app.url("/compte/mot-de-passe"))
        .form(&[
            ("_csrf", "f".repeat(64).as_str()),
            ("current", PASSWORD),
            ("password", "Un autre mot de passe 42"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(signed_in_as(&victim).await.is_some(), "the session is intact");
    let again = app.browser();
    let response = again.log_in("victime@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 303, "the old password still works");
}

on_both_backends!(a_recruiter_session_ends_after_thirty_idle_minutes);
async fn a_recruiter_session_ends_after_thirty_idle_minutes(app: TestApp) {
    let establishment = app.establishment("CH Idle", "Brest", "29").await;
    let recruiter = app.recruiter("rh@exemple.fr", &establishment).await;
    let candidate = app.user(Role::Candidate, "cand@exemple.fr", &[]).await;
    let recruiter_browser = app.signed_in(&recruiter).await;
    let candidate_browser = app.signed_in(&candidate).await;
    let (_, body) = recruiter_browser.page("/compte").await;
    assert!(
        body.contains("data-fin"),
        "the page warns before the session ends: {body}"
    );

    age(&app, "sessions", "last_seen_at", Duration::minutes(31)).await;
    let response = recruiter_browser.get("/compte").await;
    assert_eq!(response.status(), 303);
    let (_, body) = recruiter_browser.page(&location(&response)).await;
    assert!(body.contains("Votre session a expiré"), "{body}");
    assert!(
        signed_in_as(&candidate_browser).await.is_some(),
        "a candidate's session lasts longer"
    );

    // A session used within the half hour can be extended.
    let again = app.signed_in(&recruiter).await;
    age(&app, "sessions", "last_seen_at", Duration::minutes(25)).await;
    let response = again.post("/session/prolonger", &[("suivant", "/compte")]).await;
    assert_eq!(location(&response), "/compte");
    age(&app, "sessions", "created_at", Duration::minutes(5)).await;
    assert!(signed_in_as(&again).await.is_some());

    // Twelve hours is the most, active or not.
    age(&app, "sessions", "created_at", Duration::hours(12)).await;
    assert!(signed_in_as(&again).await.is_none());
}

on_both_backends!(only_the_session_and_csrf_cookies_are_set);
async fn only_the_session_and_csrf_cookies_are_set(app: TestApp) {
    app.user(Role::Candidate, "cookies@exemple.fr", &[]).await;
    let browser = app.browser();
    let first = browser.get("/").await;
    let csrf = set_cookies(&first);
    let response = browser.log_in("cookies@exemple.fr", PASSWORD).await;
    let session = set_cookies(&response);
    let all: Vec<&String> = csrf.iter().chain(&session).collect();
    assert_eq!(all.len(), 2, "{all:?}");
    for cookie in all {
        assert!(
            cookie.starts_with("msp_csrf=") || cookie.starts_with("msp_session="),
            "{cookie}"
        );
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
    }
    let token = browser.cookie("msp_session").unwrap();
    assert!(token.len() >= 32, "at least 128 random bits");
    let (_, home) = browser.page("/").await;
    assert!(
        !home.contains("src=\"http") && !home.contains("href=\"http"),
        "no third-party resource"
    );
}
