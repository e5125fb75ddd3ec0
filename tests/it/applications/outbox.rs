//! The outbox: links wait sealed, leave nothing once sent, never reach an export.

use super::*;

on_both_backends!(a_reset_link_waits_sealed_and_nothing_of_it_stays_once_sent);
async fn a_reset_link_waits_sealed_and_nothing_of_it_stays_once_sent(app: TestApp) {
    app.user(Role::Candidate, CANDIDATE, &[]).await;
    // Every row as it was written, before the worker could send it.
    let copy = match app.backend() {
        msp::db::Backend::Sqlite => vec![
            "CREATE TABLE outbox_written AS SELECT * FROM mail_outbox WHERE 0",
            "CREATE TRIGGER outbox_written AFTER INSERT ON mail_outbox BEGIN \
             INSERT INTO outbox_written SELECT * FROM mail_outbox WHERE id = NEW.id; END",
        ],
        msp::db::Backend::Postgres => vec![
            "CREATE TABLE outbox_written AS SELECT * FROM mail_outbox WITH NO DATA",
            "CREATE FUNCTION outbox_written() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN INSERT INTO outbox_written SELECT NEW.*; RETURN NEW; END $$",
            "CREATE TRIGGER outbox_written AFTER INSERT ON mail_outbox \
             FOR EACH ROW EXECUTE FUNCTION outbox_written()",
        ],
    };
    for statement in copy {
        sqlx::query(statement).execute(&app.db.pool).await.unwrap();
    }

    let response = app
        .browser()
        .post("/mot-de-passe-oublie", &[("email", CANDIDATE)])
        .await;
    assert_eq!(response.status(), 200);
    let link = app.last_link_to(CANDIDATE).await;
    let token = link.split("jeton=").nth(1).expect("a reset link").to_string();
    assert!(token.len() >= 32, "{link}");

    assert_eq!(app.scalar("SELECT COUNT(*) FROM outbox_written").await, 1);
    let waiting = outbox_contents(&app, "outbox_written").await;
    for never in [token.as_str(), CANDIDATE, "mot-de-passe/nouveau", "Choisir un nouveau"] {
        assert!(!waiting.contains(never), "{never} readable while waiting:\n{waiting}");
    }

    // Sent: the row keeps when and what kind, and nothing of the message.
    let (sent_at, kind, concerns, sealed): (Option<String>, String, Option<i64>, Option<Vec<u8>>) =
        sqlx::query_as("SELECT sent_at, kind, concerns_user_id, sealed FROM mail_outbox")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(sent_at.is_some());
    assert_eq!(kind, "reinitialisation");
    assert!(concerns.is_some());
    assert_eq!(sealed, None);
    let sent = outbox_contents(&app, "mail_outbox").await;
    assert_eq!(sent, " |  |  |  |  | None | None | ");
}

on_both_backends!(an_export_carries_no_follow_or_reset_link);
async fn an_export_carries_no_follow_or_reset_link(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    app.user(Role::Candidate, "autre@exemple.fr", &[]).await;
    let (status, body) = apply(&app.browser(), &offer).await;
    assert_eq!(status, 200, "{body}");
    let id = application_id(&app).await;
    assert!(app.last_link_to(CANDIDATE).await.starts_with("/suivi/"));
    let response = app
        .browser()
        .post("/mot-de-passe-oublie", &[("email", "autre@exemple.fr")])
        .await;
    assert_eq!(response.status(), 200);
    assert!(app.last_link_to("autre@exemple.fr").await.contains("jeton="));
    held_message(
        &app,
        msp::db::outbox::Concerns::application(id),
        "Votre lien : /suivi/en-attente",
    )
    .await;
    // And one queued in clear by a version before the outbox was sealed, still waiting.
    sqlx::query(
        "INSERT INTO mail_outbox (recipient, subject, body_text, body_html, created_at, next_attempt_at) \
         VALUES ('ancien@exemple.fr', 'Ancien', 'Lien : /mot-de-passe/nouveau?jeton=ancien', '', $1, $2)",
    )
    .bind(msp::db::instant_text(time::OffsetDateTime::now_utc()))
    .bind("9999-12-31T00:00:00Z")
    .execute(&app.db.pool)
    .await
    .unwrap();

    let mut out = Vec::new();
    msp::db::transfer::export(&app.db, &mut out).await.unwrap();
    let export = String::from_utf8(out).unwrap();
    assert!(export.contains("\"table\":\"mail_outbox\""));
    for never in ["/suivi/", "jeton=", "ancien@exemple.fr"] {
        assert!(!export.contains(never), "{never} in the export");
    }
}

on_both_backends!(a_message_that_can_never_leave_is_abandoned_and_emptied);
async fn a_message_that_can_never_leave_is_abandoned_and_emptied(app: TestApp) {
    held_message(&app, msp::db::outbox::Concerns::NOBODY, "Votre lien : /suivi/jamais").await;
    // Sealed with a key this instance does not have (removed too early after a rotation).
    sqlx::query("UPDATE mail_outbox SET key_id = 'ffffffff', next_attempt_at = '2000-01-01T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let _ = TestApp::delivered(&[&app]).await;
    let (abandoned, sealed, recipient, error): (Option<String>, Option<Vec<u8>>, String, Option<String>) =
        sqlx::query_as("SELECT abandoned_at, sealed, recipient, last_error FROM mail_outbox")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(abandoned.is_some(), "given up at once: no later attempt can open it");
    assert_eq!((sealed, recipient.as_str()), (None, ""));
    assert!(error.is_some_and(|e| e.contains("ffffffff")));
    assert!(app.sent.lock().unwrap().is_empty());
}
