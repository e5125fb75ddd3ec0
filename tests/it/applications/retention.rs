//! Retention: refused applications, inactive accounts and every message about them forgotten
//! on time.

use super::*;

on_both_backends!(retention_forgets_refused_applications_after_90_days_but_keeps_the_talent_pool);
async fn retention_forgets_refused_applications_after_90_days_but_keeps_the_talent_pool(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    apply_with(&app.browser(), &offer, &[("email", "vivier0@exemple.fr")]).await;
    apply_with(&app.browser(), &offer, &[("email", "vivier1@exemple.fr")]).await;
    // The form no longer offers the pool: the candidate's space sets it (kept as it was).
    app.exec(sqlx::query(
        "UPDATE applications SET talent_pool = 1 WHERE email = 'vivier1@exemple.fr'",
    ))
    .await;
    refused_91_days_ago(&app).await;
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
        app.scalar("SELECT COUNT(*) FROM application_documents").await,
        4,
        "a plan erases nothing"
    );

    assert_eq!(retention(&app, now).await.applications_erased, 1);
    assert_eq!(retention(&app, now).await.applications_erased, 0, "safe to run twice");
    let of = |email: &str| format!("SELECT COUNT(*) FROM applications WHERE email = '{email}'");
    assert_eq!(app.scalar(&of("vivier0@exemple.fr")).await, 0);
    assert_eq!(app.scalar(&of("vivier1@exemple.fr")).await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM application_documents").await, 2);
    let counter = "SELECT count FROM retention_counters WHERE kind = 'candidature_effacee'";
    assert_eq!(app.scalar(counter).await, 1);
}

on_both_backends!(inactive_candidate_accounts_are_warned_once_then_deleted);
async fn inactive_candidate_accounts_are_warned_once_then_deleted(app: TestApp) {
    let candidate = app.user(Role::Candidate, "ancienne@exemple.fr", &[]).await;
    let idle = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(710));
    let idle = sqlx::query("UPDATE users SET last_active_at = $1 WHERE id = $2").bind(idle);
    app.exec(idle.bind(candidate.id)).await;
    let now = time::OffsetDateTime::now_utc();
    let other = app.another_instance().await;
    let first = retention(&app, now).await;
    let second = retention(&other, now).await;
    assert_eq!(first.accounts_warned + second.accounts_warned, 1);
    // The job stores the warning in the outbox, which the mail worker then sends: one message.
    let warnings = TestApp::delivered(&[&app, &other]).await;
    assert_eq!(warnings.iter().filter(|m| m.to == "ancienne@exemple.fr").count(), 1);

    let report = retention(&app, now + time::Duration::days(25)).await;
    assert_eq!(report.accounts_deleted, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, 0);
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
    refused_91_days_ago(&app).await;
    let report = retention(&app, time::OffsetDateTime::now_utc()).await;
    assert_eq!(report.applications_erased, 1);

    let left = outbox_contents(&app, "mail_outbox").await;
    for never in [CANDIDATE, "/suivi/", "Camille"] {
        assert!(!left.contains(never), "{never} still in the outbox:\n{left}");
    }
    let about = format!("SELECT COUNT(*) FROM mail_outbox WHERE concerns_application_id = {id}");
    assert_eq!(app.scalar(&about).await, 0);
}
