//! The administration pages: the audit log and the list of accounts.

use super::*;

on_both_backends!(the_audit_log_is_readable_by_admins_only_and_cannot_be_edited);
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
    assert!(
        body.contains("ars@exemple.fr") && body.contains("<td data-label=\"Action\">Connexion</td>"),
        "{body}"
    );
    assert!(
        body.contains("<th scope=\"col\">Date</th>") && !body.contains("UTC"),
        "{body}"
    );
    assert!(
        !body.contains(">connexion<") && !body.contains("Z</td>"),
        "codes and UTC stay in attributes: {body}"
    );
    assert!(
        !body.contains("<td data-label=\"Personne\">admin@exemple.fr</td>"),
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
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log").await, 0);
}

on_both_backends!(account_administration_lists_staff_but_no_candidate);
async fn account_administration_lists_staff_but_no_candidate(app: TestApp) {
    app.user(Role::Candidate, "discret@exemple.fr", &[]).await;
    app.user(Role::Msp, "msp@exemple.fr", &[]).await;
    let coordinator = app.user(Role::Coordinator, "coord@exemple.fr", &[]).await;
    let browser = app.signed_in(&coordinator).await;
    let (status, body) = browser.page("/admin/utilisateurs").await;
    assert_eq!(status, 200);
    assert!(body.contains("msp@exemple.fr"));
    assert!(!body.contains("discret@exemple.fr"));
    assert!(body.contains("1 compte de candidat"), "{body}");
}
