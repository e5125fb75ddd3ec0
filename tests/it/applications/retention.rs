//! Retention: refused applications, inactive accounts and every message about them forgotten
//! on time.

use super::*;

on_both_backends!(retention_forgets_refused_applications_after_90_days_but_keeps_the_talent_pool);
async fn retention_forgets_refused_applications_after_90_days_but_keeps_the_talent_pool(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    for (n, pool) in [(0, false), (1, true)] {
        let browser = app.browser();
        let path = format!("/offres/{}/candidater", offer.slug);
        let (_, form) = browser.page(&path).await;
        let key = hidden_value(&form, "cle");
        let email = format!("vivier{n}@exemple.fr");
        let mut typed = fields(&key);
        typed.retain(|(name, _)| *name != "email");
        typed.push(("email", &email));
        if pool {
            typed.push(("vivier", "oui"));
        }
        browser
            .post_multipart(
                &path,
                &typed,
                &[("cv", "cv.pdf", pdf("CV")), ("lettre", "l.docx", docx("L"))],
            )
            .await;
    }
    let ended = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(91));
    sqlx::query("UPDATE applications SET status = 'non_retenue', ended_at = $1, last_contact_at = $1")
        .bind(&ended)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let policy = msp::domain::application::RetentionPolicy::default();
    let now = time::OffsetDateTime::now_utc();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let plan = msp::retention::plan(&mut conn, &policy, now).await.unwrap();
    drop(conn);
    assert_eq!(
        plan.applications.len(),
        1,
        "the dry run lists only the one out of the pool"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM application_documents").await,
        4,
        "a plan erases nothing"
    );

    let report = msp::retention::run(&app.db, &policy, now, "http://test").await.unwrap();
    assert_eq!(report.applications_erased, 1);
    let again = msp::retention::run(&app.db, &policy, now, "http://test").await.unwrap();
    assert_eq!(again.applications_erased, 0, "safe to run twice");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM applications WHERE email = 'vivier0@exemple.fr'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM applications WHERE email = 'vivier1@exemple.fr'"
        )
        .await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM application_documents").await, 2);
    assert_eq!(
        count(
            &app,
            "SELECT count FROM retention_counters WHERE kind = 'candidature_effacee'"
        )
        .await,
        1
    );
}

on_both_backends!(inactive_candidate_accounts_are_warned_once_then_deleted);
async fn inactive_candidate_accounts_are_warned_once_then_deleted(app: TestApp) {
    let candidate = app.user(Role::Candidate, "ancienne@exemple.fr", &[]).await;
    let policy = msp::domain::application::RetentionPolicy::default();
    let idle = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(710));
    sqlx::query("UPDATE users SET last_active_at = $1 WHERE id = $2")
        .bind(&idle)
        .bind(candidate.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let now = time::OffsetDateTime::now_utc();
    let other = app.another_instance().await;
    let first = msp::retention::run(&app.db, &policy, now, "http://test").await.unwrap();
    let second = msp::retention::run(&other.db, &policy, now, "http://test")
        .await
        .unwrap();
    assert_eq!(first.accounts_warned + second.accounts_warned, 1);
    // The job stores the warning in the outbox, which the mail worker then sends: one message.
    let warnings = TestApp::delivered(&[&app, &other]).await;
    assert_eq!(warnings.iter().filter(|m| m.to == "ancienne@exemple.fr").count(), 1);

    let later = now + time::Duration::days(25);
    let report = msp::retention::run(&app.db, &policy, later, "http://test")
        .await
        .unwrap();
    assert_eq!(report.accounts_deleted, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
}

on_both_backends!(purging_an_application_removes_every_message_about_it_sent_or_waiting);
async fn purging_an_application_removes_every_message_about_it_sent_or_waiting(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let (status, body) = apply(&app.browser(), &offer).await;
    assert_eq!(status, 200, "{body}");
    let id = application_id(&app).await;
    assert!(app.last_link_to(CANDIDATE).await.starts_with("/suivi/"));
    held_message(
        &app,
        msp::db::outbox::Concerns::application(id),
        "Votre lien : /suivi/en-attente",
    )
    .await;
    let ended = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(91));
    sqlx::query("UPDATE applications SET status = 'non_retenue', ended_at = $1, last_contact_at = $1")
        .bind(&ended)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let policy = msp::domain::application::RetentionPolicy::default();
    let report = msp::retention::run(&app.db, &policy, time::OffsetDateTime::now_utc(), "http://test")
        .await
        .unwrap();
    assert_eq!(report.applications_erased, 1);

    let left = outbox_contents(&app, "mail_outbox").await;
    for never in [CANDIDATE, "/suivi/", "Camille"] {
        assert!(!left.contains(never), "{never} still in the outbox:\n{left}");
    }
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM mail_outbox WHERE concerns_application_id = {id}")
        )
        .await,
        0
    );
}
