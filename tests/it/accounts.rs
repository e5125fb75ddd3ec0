//! Accounts as people use them: sign-up with a verified address, login with a second factor,
//! password reset, invitations of staff, sessions, CSRF and the audit log.

use crate::common;

use common::{Browser, PASSWORD, TestApp, location};
use msp::db::instant_text;
use msp::domain::role::{Role, ScopeKind};
use time::{Duration, OffsetDateTime};

on_both_backends!(
    a_candidate_signs_up_confirms_the_address_and_logs_in,
    a_failed_login_never_tells_whether_the_address_has_an_account,
    repeated_failures_slow_logins_down_for_a_while_only,
    expired_reused_and_unknown_links_get_a_page_that_says_what_to_do,
    a_forged_csrf_token_is_refused_without_side_effect,
    a_recruiter_is_invited_and_must_enrol_a_second_factor,
    a_second_factor_code_works_once_and_recovery_codes_too,
    an_invitation_expires,
    a_coordinator_cannot_invite_an_admin,
    a_reset_link_sets_a_new_password_and_ends_every_session,
    changing_the_password_ends_the_other_sessions,
    a_recruiter_session_ends_after_thirty_idle_minutes,
    the_audit_log_is_readable_by_admins_only_and_cannot_be_edited,
    account_administration_lists_staff_but_no_candidate,
    after_login_the_next_address_stays_on_this_site,
    only_the_session_and_csrf_cookies_are_set,
    a_candidate_may_turn_the_second_factor_on_and_off,
);

fn now_unix() -> u64 {
    OffsetDateTime::now_utc().unix_timestamp() as u64
}

/// The page with the typed e-mail and the CSRF token blanked, to compare two answers.
fn without(body: &str, typed: &str, csrf: &str) -> String {
    body.replace(typed, "EMAIL").replace(csrf, "CSRF")
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

/// Moves an instant column of every row of a table into the past.
async fn age(app: &TestApp, table: &str, column: &str, by: Duration) {
    let sql = format!("UPDATE {table} SET {column} = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(instant_text(OffsetDateTime::now_utc() - by))
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// The value of a hidden field in a page.
fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no field {name}")) + marker.len();
    body[start..].split('"').next().unwrap().to_string()
}

/// Asserts that a response's page contains a text, showing the page when not.
async fn contains(response: reqwest::Response, text: &str) {
    let body = unescape(&response.text().await.unwrap());
    assert!(body.contains(text), "{text:?} not in {body}");
}

/// The page's text as read, for French sentences with apostrophes.
fn unescape(html: &str) -> String {
    html.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

async fn signed_in_as(browser: &Browser) -> Option<String> {
    let (status, body) = browser.page("/compte").await;
    (status == 200).then_some(body)
}

async fn a_candidate_signs_up_confirms_the_address_and_logs_in(app: TestApp) {
    let browser = app.browser();
    let (status, body) = browser.page("/inscription").await;
    assert_eq!(status, 200);
    assert!(body.contains("autocomplete=\"new-password\""), "{body}");

    let response = browser
        .post(
            "/inscription",
            &[("name", "Alex"), ("email", "alex@exemple.fr"), ("password", "court")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("<title>Erreur – "), "{body}");
    assert!(body.contains("12 caractères"), "{body}");
    assert!(
        body.contains("value=\"alex@exemple.fr\""),
        "the typed address is kept: {body}"
    );
    assert!(!body.contains("court"), "a password is never shown back");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);

    let response = browser
        .post(
            "/inscription",
            &[("name", "Alex"), ("email", "Alex@Exemple.fr"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    contains(response, "Vérifiez votre boîte mail").await;
    let mail = &app.mail_to("alex@exemple.fr").await[0];
    assert_eq!(mail.subject, "Confirmez votre adresse e-mail");

    // Before confirming, logging in sends a fresh link instead of opening a session.
    let response = browser
        .post("/connexion", &[("email", "alex@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 200);
    contains(response, "Confirmez d'abord votre adresse").await;
    assert!(signed_in_as(&browser).await.is_none());
    let link = app.last_link_to("alex@exemple.fr").await;
    assert_eq!(app.mail_to("alex@exemple.fr").await.len(), 2);

    let (status, body) = browser.page(&link).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Adresse confirmée"));

    let response = browser
        .post("/connexion", &[("email", "ALEX@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/compte");
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

async fn a_failed_login_never_tells_whether_the_address_has_an_account(app: TestApp) {
    app.user(Role::Candidate, "connu@exemple.fr", &[]).await;
    let browser = app.browser();
    browser.get("/connexion").await;
    let csrf = browser.cookie("msp_csrf").unwrap();

    let wrong_password = browser
        .post(
            "/connexion",
            &[("email", "connu@exemple.fr"), ("password", "Pas le bon mot de passe 1")],
        )
        .await;
    let unknown = browser
        .post(
            "/connexion",
            &[
                ("email", "inconnu@exemple.fr"),
                ("password", "Pas le bon mot de passe 1"),
            ],
        )
        .await;
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

async fn repeated_failures_slow_logins_down_for_a_while_only(app: TestApp) {
    app.user(Role::Candidate, "cible@exemple.fr", &[]).await;
    let browser = app.browser();
    for _ in 0..5 {
        let response = browser
            .post(
                "/connexion",
                &[("email", "cible@exemple.fr"), ("password", "Un essai au hasard 123")],
            )
            .await;
        assert_eq!(response.status(), 422);
    }
    // Even the right password waits now, with a message that says how long.
    let response = browser
        .post("/connexion", &[("email", "cible@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 429);
    contains(response, "attendez 1 minute").await;
    // Once the delay has passed, the owner gets in.
    age(&app, "login_failures", "last_failure_at", Duration::minutes(2)).await;
    let response = browser
        .post("/connexion", &[("email", "cible@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 303);
}

async fn expired_reused_and_unknown_links_get_a_page_that_says_what_to_do(app: TestApp) {
    let browser = app.browser();
    browser
        .post(
            "/inscription",
            &[("name", "Sam"), ("email", "sam@exemple.fr"), ("password", PASSWORD)],
        )
        .await;
    let link = app.last_link_to("sam@exemple.fr").await;
    age(&app, "one_time_tokens", "expires_at", Duration::minutes(1)).await;
    let (status, body) = browser.page(&link).await;
    assert_eq!(status, 410);
    assert!(body.contains("Ce lien a expiré") && body.contains("nouveau"), "{body}");

    // Logging in sends a new link, which works once.
    browser
        .post("/connexion", &[("email", "sam@exemple.fr"), ("password", PASSWORD)])
        .await;
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
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await, 0);

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
    let response = again
        .post("/connexion", &[("email", "victime@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 303, "the old password still works");
}

/// Invites someone from the admin pages and returns the invitation link's path.
async fn invite(inviter: &Browser, fields: &[(&str, &str)]) -> reqwest::Response {
    inviter.post("/admin/invitations", fields).await
}

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

    let recruiter = app.browser();
    let (status, body) = recruiter.page(&link).await;
    assert_eq!(status, 200);
    let token = hidden(&body, "jeton");
    let response = recruiter
        .post(
            "/invitation",
            &[("jeton", &token), ("name", "Dominique RH"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(recruiter.page(&link).await.0, 410, "an invitation works once");

    let response = recruiter
        .post("/connexion", &[("email", "rh@ch-test.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(location(&response), "/compte/double-authentification");
    // Nothing else is reachable until the second factor is on.
    let response = recruiter.get("/compte").await;
    assert_eq!(location(&response), "/compte/double-authentification");

    let (_, body) = recruiter.page("/compte/double-authentification").await;
    let secret = hidden(&body, "secret");
    let response = recruiter
        .post(
            "/compte/double-authentification",
            &[("secret", &secret), ("code", "000000")],
        )
        .await;
    assert_eq!(response.status(), 422, "a wrong code is refused");
    let code = msp::secrets::totp_code(&secret, now_unix());
    let response = recruiter
        .post(
            "/compte/double-authentification",
            &[("secret", &secret), ("code", &code)],
        )
        .await;
    assert_eq!(response.status(), 200);
    contains(response, "codes de secours").await;
    let account = signed_in_as(&recruiter).await.expect("signed in after enrolment");
    assert!(
        account.contains("Recruteur") && account.contains("CH Test"),
        "{account}"
    );

    let actions = audit_actions(&app).await;
    for expected in ["invitation_creee", "compte_cree", "double_authentification_activee"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
}

async fn a_second_factor_code_works_once_and_recovery_codes_too(app: TestApp) {
    let user = app.user(Role::Coordinator, "coord@exemple.fr", &[]).await;
    let secret = user.totp_secret.clone().unwrap();
    let browser = app.browser();
    let response = browser
        .post("/connexion", &[("email", "coord@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(location(&response), "/connexion/code");
    assert!(signed_in_as(&browser).await.is_none(), "a password alone is not enough");
    let code = msp::secrets::totp_code(&secret, now_unix());
    let response = browser.post("/connexion/code", &[("code", &code)]).await;
    assert_eq!(location(&response), "/compte");

    // The same code, replayed in another login, is refused.
    let other = app.browser();
    other
        .post("/connexion", &[("email", "coord@exemple.fr"), ("password", PASSWORD)])
        .await;
    let response = other.post("/connexion/code", &[("code", &code)]).await;
    assert_eq!(response.status(), 422);
    contains(response, "déjà servi").await;

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
    assert_eq!(location(&response), "/compte");
    let third = app.browser();
    third
        .post("/connexion", &[("email", "coord@exemple.fr"), ("password", PASSWORD)])
        .await;
    let response = third.post("/connexion/code", &[("code", &codes[0])]).await;
    assert_eq!(response.status(), 422);
}

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
    let token = hidden(&body, "jeton");
    let response = browser
        .post(
            "/mot-de-passe/nouveau",
            &[("jeton", &token), ("password", "trop court")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let response = browser
        .post(
            "/mot-de-passe/nouveau",
            &[("jeton", &token), ("password", "Mon nouveau mot de passe 7")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(browser.page(&link).await.0, 410, "the link works once");
    assert!(signed_in_as(&elsewhere).await.is_none(), "other sessions ended");

    let response = browser
        .post("/connexion", &[("email", "oubli@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 422, "the old password no longer works");
    let response = browser
        .post(
            "/connexion",
            &[
                ("email", "oubli@exemple.fr"),
                ("password", "Mon nouveau mot de passe 7"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
}

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
    contains(response, "Le mot de passe actuel n'est pas le bon.").await;
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

async fn a_recruiter_session_ends_after_thirty_idle_minutes(app: TestApp) {
    let establishment = app.establishment("CH Idle", "Brest", "29").await;
    let recruiter = app
        .user(
            Role::Recruiter,
            "rh@exemple.fr",
            &[(ScopeKind::Establishment, &establishment.id.to_string())],
        )
        .await;
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

async fn the_audit_log_is_readable_by_admins_only_and_cannot_be_edited(app: TestApp) {
    let admin = app.user(Role::Admin, "admin@exemple.fr", &[]).await;
    let ars = app
        .user(Role::ArsOfficer, "ars@exemple.fr", &[(ScopeKind::Region, "84")])
        .await;
    let admin_browser = app.signed_in(&admin).await;
    let ars_browser = app.signed_in(&ars).await;
    assert_eq!(ars_browser.get("/admin/journal").await.status(), 403);

    let (status, body) = admin_browser.page("/admin/journal?acteur=ars%40exemple.fr").await;
    assert_eq!(status, 200);
    assert!(body.contains("ars@exemple.fr") && body.contains("connexion"), "{body}");
    assert!(
        !body.contains("<td>admin@exemple.fr</td>"),
        "the filter applies: {body}"
    );
    assert!(audit_actions(&app).await.iter().any(|a| a == "journal_consulte"));

    let edit = sqlx::query("UPDATE audit_log SET actor_email = 'personne'")
        .execute(&app.db.pool)
        .await;
    assert!(edit.is_err(), "the database refuses to rewrite the log");

    // Only rows past the retention period go, and only through the retention job's purge.
    let mut conn = app.db.pool.acquire().await.unwrap();
    let now = OffsetDateTime::now_utc();
    assert_eq!(
        msp::db::audit::purge_before(&mut conn, now - Duration::days(1))
            .await
            .unwrap(),
        0
    );
    assert!(
        msp::db::audit::purge_before(&mut conn, now + Duration::minutes(1))
            .await
            .unwrap()
            > 0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log").await, 0);
}

async fn account_administration_lists_staff_but_no_candidate(app: TestApp) {
    app.user(Role::Candidate, "discret@exemple.fr", &[]).await;
    app.user(Role::Msp, "msp@exemple.fr", &[]).await;
    let coordinator = app.user(Role::Coordinator, "coord@exemple.fr", &[]).await;
    let browser = app.signed_in(&coordinator).await;
    let (status, body) = browser.page("/admin/utilisateurs").await;
    assert_eq!(status, 200);
    assert!(body.contains("msp@exemple.fr"));
    assert!(!body.contains("discret@exemple.fr"));
    assert!(body.contains("1 compte(s) de candidat"));
}

async fn after_login_the_next_address_stays_on_this_site(app: TestApp) {
    app.user(Role::Candidate, "suivant@exemple.fr", &[]).await;
    for (next, expected) in [
        ("/offres?q=lyon", "/offres?q=lyon"),
        ("https://pirate.example/", "/compte"),
        ("//pirate.example/", "/compte"),
    ] {
        let browser = app.browser();
        let response = browser
            .post(
                "/connexion",
                &[
                    ("email", "suivant@exemple.fr"),
                    ("password", PASSWORD),
                    ("suivant", next),
                ],
            )
            .await;
        assert_eq!(location(&response), expected, "{next}");
    }
}

async fn only_the_session_and_csrf_cookies_are_set(app: TestApp) {
    app.user(Role::Candidate, "cookies@exemple.fr", &[]).await;
    let browser = app.browser();
    let first = browser.get("/").await;
    let csrf: Vec<String> = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let response = browser
        .post("/connexion", &[("email", "cookies@exemple.fr"), ("password", PASSWORD)])
        .await;
    let session: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
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

async fn a_candidate_may_turn_the_second_factor_on_and_off(app: TestApp) {
    let user = app.user(Role::Candidate, "prudent@exemple.fr", &[]).await;
    let browser = app.signed_in(&user).await;
    let (_, body) = browser.page("/compte/double-authentification").await;
    let secret = hidden(&body, "secret");
    let code = msp::secrets::totp_code(&secret, now_unix());
    let response = browser
        .post(
            "/compte/double-authentification",
            &[("secret", &secret), ("code", &code)],
        )
        .await;
    assert_eq!(response.status(), 200);

    let other = app.browser();
    let response = other
        .post("/connexion", &[("email", "prudent@exemple.fr"), ("password", PASSWORD)])
        .await;
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
    let response = app
        .browser()
        .post("/connexion", &[("email", "prudent@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(location(&response), "/compte");
}
