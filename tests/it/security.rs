//! What an outside probe found open, closed for good: forged forms on every route, redirects to
//! other sites, slow clients holding every upload slot, a fault that outlived its cause, a
//! database that reads but cannot write, caches keeping personal pages.

use crate::common;

use std::time::Duration;

use axum::http::Method;
use common::{PASSWORD, TestApp, TestUser, form_token_of_session, location};
use msp::domain::role::Role;
use msp::web::Access;
use msp::web::csrf::Csrf;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_backends!(
    every_state_changing_route_refuses_a_form_without_the_visitors_token,
    a_login_never_sends_anyone_to_another_site,
    a_database_that_cannot_write_is_not_ready,
    pages_for_someone_signed_in_are_never_cached,
);

/// A path of the route table with every parameter filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') { "1" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

/// A role the route's access lets through, so that only the CSRF rule can stop the request.
fn role_for(access: Access) -> Option<Role> {
    match access {
        Access::Public => None,
        Access::SignedIn | Access::Enrolment => Some(Role::Candidate),
        Access::SecondFactorStep => Some(Role::Recruiter),
        Access::Can(action) => Role::ALL
            .into_iter()
            .find(|role| msp::domain::policy::permits(*role, action)),
    }
}

/// What a forged request is, the form it sends, and the site it claims to come from.
type Attempt = (&'static str, Vec<(&'static str, String)>, Option<&'static str>);

/// A form without the token, with another session's, with another visitor's, or from another
/// site, and a multipart form with the token not first: each is refused with "Formulaire expiré".
async fn every_forgery_is_refused(app: &TestApp, method: &Method, url: &str, cookie: &str, valid: &str, other: &str) {
    let attempts: [Attempt; 4] = [
        ("no token", vec![("champ", "valeur".into())], None),
        (
            "another session's token",
            vec![("_csrf", form_token_of_session(other)), ("champ", "valeur".into())],
            None,
        ),
        (
            "another visitor's cookie token",
            vec![("_csrf", "d".repeat(64)), ("champ", "valeur".into())],
            None,
        ),
        (
            "a page of another site",
            vec![("_csrf", valid.to_string()), ("champ", "valeur".into())],
            Some("https://evil.example"),
        ),
    ];
    for (what, form, origin) in attempts {
        let mut request = app
            .client
            .request(method.clone(), url)
            .header("cookie", cookie)
            .form(&form);
        if let Some(origin) = origin {
            request = request.header("origin", origin).header("sec-fetch-site", "cross-site");
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 403, "{method} {url} with {what}");
        assert!(body.contains("Formulaire expiré"), "{method} {url} with {what}: {body}");
    }
    // The same multipart form with the token elsewhere than first is refused too: an
    // upload is refused before its file is received.
    let multipart = reqwest::multipart::Form::new()
        .text("champ", "valeur")
        .text("_csrf", valid.to_string());
    let response = app
        .client
        .request(method.clone(), url)
        .header("cookie", cookie)
        .multipart(multipart)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "{method} {url} multipart, token not first");
}

async fn every_state_changing_route_refuses_a_form_without_the_visitors_token(app: TestApp) {
    let routes = msp::web::route_table();
    let rules = msp::web::csrf_table();
    // An exemption is a decision: a new one must be added here, with its reason in the table.
    let exempt: Vec<&str> = rules
        .iter()
        .filter(|(_, _, rule)| matches!(rule, Csrf::Exempt(_)))
        .map(|(_, path, _)| *path)
        .collect();
    assert_eq!(exempt, ["/alertes/desabonnement"]);

    let mut users: Vec<(Role, TestUser)> = Vec::new();
    for role in Role::ALL {
        let user = app.user(role, &format!("{}@securite.test", role.as_str()), &[]).await;
        users.push((role, user));
    }
    let session = |role: Option<Role>, complete: bool| {
        let users = &users;
        let app = &app;
        async move {
            let role = role?;
            let user = &users.iter().find(|(r, _)| *r == role).unwrap().1;
            let mut conn = app.db.pool.acquire().await.unwrap();
            Some(msp::db::sessions::create(&mut conn, user.id, complete).await.unwrap())
        }
    };

    let mut checked = 0;
    for ((method, path, access), (_, _, rule)) in routes.iter().zip(&rules) {
        if *rule != Csrf::Checked {
            assert!(matches!(*method, Method::GET | Method::HEAD) || *path == "/alertes/desabonnement");
            continue;
        }
        let role = role_for(*access);
        let complete = *access != Access::SecondFactorStep;
        let own = session(role, complete).await;
        let other = session(role.or(Some(Role::Candidate)), complete).await.unwrap();
        let cookie_token = "c".repeat(64);
        let mut cookie = format!("msp_csrf={cookie_token}");
        if let Some(own) = &own {
            cookie.push_str(&format!("; msp_session={own}"));
        }
        let valid = match &own {
            Some(own) => form_token_of_session(own),
            None => cookie_token.clone(),
        };
        let url = app.url(&concrete(path));
        every_forgery_is_refused(&app, method, &url, &cookie, &valid, &other).await;
        checked += 1;
    }
    assert!(checked > 50, "every form was tried ({checked})");
}

/// Addresses that browsers have been seen to follow to another site.
const BYPASSES: &[&str] = &[
    "//evil.example",
    "/\t/evil.example",
    "/\u{b}/evil.example",
    "/\u{c}/evil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/ /evil.example",
    "/\u{0}/evil.example",
    "evil.example",
];

async fn a_login_never_sends_anyone_to_another_site(app: TestApp) {
    let user = app.user(Role::Candidate, "suivant@exemple.fr", &[]).await;
    for next in BYPASSES {
        let query = serde_urlencoded::to_string([("suivant", next)]).unwrap();
        let (status, page) = app.browser().page(&format!("/connexion?{query}")).await;
        assert_eq!(status, 200, "login page with suivant={next:?}");
        assert!(!page.contains("evil.example"), "suivant={next:?} kept in the form");

        let browser = app.browser();
        let response = browser
            .post(
                "/connexion",
                &[("email", &user.email), ("password", PASSWORD), ("suivant", next)],
            )
            .await;
        assert_eq!(response.status(), 303, "login with suivant={next:?}");
        let target = location(&response);
        assert!(
            target.starts_with('/') && !target.starts_with("//") && !target.contains("evil"),
            "suivant={next:?} sent to {target:?}"
        );
    }
    // A path of this site is still honoured.
    let browser = app.browser();
    let response = browser
        .post(
            "/connexion",
            &[
                ("email", &user.email),
                ("password", PASSWORD),
                ("suivant", "/mes-candidatures"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/mes-candidatures");
}

/// Makes the PostgreSQL test database read-only for new connections, or writable again.
async fn postgres_read_only(app: &TestApp, on: bool) {
    let name = app.database_url().rsplit('/').next().unwrap().to_string();
    let value = if on { "on" } else { "off" };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "ALTER DATABASE {name} SET default_transaction_read_only = {value}"
    )))
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn a_database_that_cannot_write_is_not_ready(app: TestApp) {
    assert_eq!(app.get("/readyz").await.status(), 200);
    let postgres = app.backend() == msp::db::Backend::Postgres;
    let read_only_url = if postgres {
        postgres_read_only(&app, true).await;
        app.database_url().to_string()
    } else {
        format!("{}?mode=ro", app.database_url())
    };
    let read_only = TestApp::instance_on(&read_only_url).await;
    let response = read_only.get("/readyz").await;
    assert_eq!(response.status(), 503);
    assert!(response.text().await.unwrap().contains("lecture seule"));
    read_only.db.pool.close().await;
    if postgres {
        postgres_read_only(&app, false).await;
    }
}

async fn pages_for_someone_signed_in_are_never_cached(app: TestApp) {
    let candidate = app.user(Role::Candidate, "cache@exemple.fr", &[]).await;
    let coordinator = app.user(Role::Coordinator, "cache@ccoms.test", &[]).await;
    for user in [&candidate, &coordinator] {
        let browser = app.browser();
        let session = app.session_for(user).await;
        for path in ["/compte", "/mes-candidatures", "/projets", "/admin/journal", "/offres"] {
            let response = browser
                .client
                .get(app.url(path))
                .header("cookie", format!("msp_session={session}"))
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.headers().get("cache-control").map(|v| v.to_str().unwrap()),
                Some("no-store"),
                "{path} for {}",
                user.email
            );
        }
    }
    // A private link's page, to someone not signed in.
    let response = app.get("/suivi/un-jeton-quelconque").await;
    assert_eq!(
        response.headers().get("cache-control").map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
}

/// SQLite rolls a transaction back by itself on a full disk or an I/O error; sqlx then still
/// counts it open, and the connection must not serve again. A trigger raising ROLLBACK is the
/// same fault, injected. (PostgreSQL never ends a transaction behind the client's back.)
#[tokio::test]
async fn a_connection_whose_transaction_failed_is_never_reused() {
    let app = TestApp::start_sqlite().await;
    let db = &app.db;
    sqlx::query("CREATE TABLE fault_probe (x TEXT)")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER disk_full BEFORE INSERT ON fault_probe WHEN NEW.x = 'plein' \
         BEGIN SELECT RAISE(ROLLBACK, 'disque plein (simulé)'); END",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    // Every connection of the pool meets the fault once.
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut tx = db.begin().await.unwrap();
        let failed = sqlx::query("INSERT INTO fault_probe (x) VALUES ('plein')")
            .execute(&mut *tx)
            .await;
        assert!(failed.is_err());
        held.push(tx);
    }
    drop(held);
    // Space is back: every write works again, without a restart.
    for n in 0..40 {
        let mut tx = db
            .begin()
            .await
            .unwrap_or_else(|e| panic!("write {n} after the fault: {e}"));
        sqlx::query("INSERT INTO fault_probe (x) VALUES ('ok')")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(app.get("/readyz").await.status(), 200);
}

/// A slow upload, as a slow-loris client sends it: headers and the form's first part at once,
/// then the rest a little at a time, from an address of its own (127.0.0.0/8 is all loopback).
async fn slow_upload(
    app: &TestApp, from: [u8; 4], path: &str, token: Option<&str>, stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<String> {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket
        .bind(std::net::SocketAddr::from((from, 0)))
        .expect("a loopback address");
    let mut stream = socket.connect(app.address).await.unwrap();
    let boundary = "----LentBoundaryAbC";
    let cookie = "e".repeat(64);
    let mut start = String::new();
    if let Some(token) = token {
        start.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n"
        ));
    }
    start.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n\r\n%PDF-1.4\n"
    ));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: msp_csrf={cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 20000000\r\n\r\n{start}",
        app.address
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    tokio::spawn(async move {
        let mut stop = stop;
        let chunk = vec![b'a'; 48 * 1024];
        let mut answer = Vec::new();
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                read = stream.read_buf(&mut answer) => {
                    if matches!(read, Ok(0) | Err(_)) { break; }
                    if answer.starts_with(b"HTTP/1.1 429") { break; }
                }
                // Fast enough never to be cut off for slowness, slow enough to last.
                _ = tokio::time::sleep(Duration::from_secs(2)) => {
                    if stream.write_all(&chunk).await.is_err() { break; }
                }
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    })
}

#[tokio::test]
async fn slow_clients_cannot_keep_a_candidate_from_applying() {
    let app = TestApp::start_sqlite().await;
    let employer = app.establishment("CH Lenteur", "Lyon", "69").await;
    let offer = app.publish(&employer, "Médiateur de santé-pair", 1).await;
    let path = format!("/offres/{}/candidater", offer.slug);
    let (stop_all, stop) = tokio::sync::watch::channel(false);

    // Four connections that never send the token: today they would each hold an upload slot.
    let mut slow = Vec::new();
    for _ in 0..4 {
        slow.push(slow_upload(&app, [127, 0, 0, 2], &path, None, stop.clone()).await);
    }
    // Connections with a valid token from two addresses: two slots each at most, the third
    // is refused at once.
    let token = "e".repeat(64);
    for from in [[127, 0, 0, 3], [127, 0, 0, 4]] {
        for _ in 0..2 {
            slow.push(slow_upload(&app, from, &path, Some(&token), stop.clone()).await);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let third = slow_upload(&app, [127, 0, 0, 3], &path, Some(&token), stop.clone()).await;
    let refused = tokio::time::timeout(Duration::from_secs(60), third)
        .await
        .expect("the third upload of one address is answered at once")
        .unwrap();
    assert!(refused.starts_with("HTTP/1.1 429"), "{refused}");

    // Meanwhile a candidate applies as usual, and gets through.
    let browser = app.browser();
    let (_, form) = browser.page(&path).await;
    let key = common::hidden_value(&form, "cle");
    let pdf =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let fields = [
        ("cle", key.as_str()),
        ("nom", "Camille Patiente"),
        ("email", "patiente@exemple.fr"),
        ("telephone", "06 12 34 56 78"),
        ("commune", "Lyon"),
        ("suivi", "non"),
        ("consentement", "oui"),
    ];
    let files = [("cv", "cv.pdf", pdf.clone()), ("lettre", "lettre.pdf", pdf)];
    let apply = browser.post_multipart(&path, &fields, &files);
    // Not a timing assertion: without the fix the application waits for as long as the slow
    // clients keep sending, so the bound only turns a hang into a failure.
    let response = tokio::time::timeout(Duration::from_secs(90), apply)
        .await
        .expect("the application went through while the slow clients were still sending");
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Candidature envoyée"));
    stop_all.send(true).unwrap();
    for task in slow {
        task.await.unwrap();
    }
}
