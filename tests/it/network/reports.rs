//! Reports reach the CCOMS, whose reading is audited and who may remove a member; retention
//! forgets conversations and reports after 12 months.

use super::*;

on_both_backends!(
    a_reported_message_is_seen_by_the_ccoms_who_may_remove_the_member,
    retention_deletes_conversations_and_reports_12_months_on,
);

async fn a_reported_message_is_seen_by_the_ccoms_who_may_remove_the_member(app: TestApp) {
    let (_, lune, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, soleil, soleil_id) = member(&app, "soleil@reseau.test", "Soleil").await;
    let conversation = write(&soleil, lune_id, "Un message déplacé").await;
    let message = app.scalar("SELECT id FROM network_messages").await.to_string();
    let link = format!("/reseau/messages/{conversation}/signaler");
    let empty = lune.post(&link, &[("message", &message), ("raison", "  ")]).await;
    assert_eq!(empty.status(), 422, "a report needs a reason");
    let page = empty.text().await.unwrap();
    assert!(page.contains("id=\"erreur-raison\""), "said next to the field: {page}");
    assert!(page.contains("<details open>"), "the report's form stays open");
    assert!(page.contains("Un message déplacé"), "on the conversation's page");
    let reported = lune
        .post(&link, &[("message", &message), ("raison", "Propos insistants")])
        .await;
    assert_eq!(
        location(&reported),
        format!("/reseau/messages/{conversation}?fait=signale")
    );
    let refused = soleil
        .post(&format!("/reseau/{lune_id}/signaler"), &[("raison", "")])
        .await;
    assert_eq!(refused.status(), 422, "a report needs a reason");
    let page = refused.text().await.unwrap();
    assert!(page.contains("id=\"erreur-raison\""), "said next to the field: {page}");
    assert!(page.contains("Signaler Lune"), "on the report's own page: {page}");
    let member_report = soleil
        .post(&format!("/reseau/{lune_id}/signaler"), &[("raison", "Pour voir")])
        .await;
    assert_eq!(location(&member_report), "/reseau?fait=signale");

    let ccoms = ccoms(&app).await;
    let (_, home) = ccoms.page("/espace").await;
    assert!(
        home.contains("href=\"/reseau/signalements\""),
        "the CCOMS's home leads to the reports"
    );
    let (status, page) = main_of(&ccoms, "/reseau/signalements").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Un message déplacé") && page.contains("Propos insistants"),
        "{page}"
    );
    assert!(!page.contains("@reseau.test"));
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'lecture_conversation_signalee'")
        .await;
    assert_eq!(audited, 1, "one reported conversation read");

    let report = app
        .scalar(&format!("SELECT id FROM network_reports WHERE message_id = {message}"))
        .await;
    let removed = ccoms.post(&format!("/reseau/signalements/{report}/retirer"), &[]).await;
    assert_eq!(location(&removed), "/reseau/signalements?fait=retire");
    let gone = format!("SELECT COUNT(*) FROM network_members WHERE id = {soleil_id}");
    assert_eq!(app.scalar(&gone).await, 0, "removed from the directory at once");
    assert_eq!(location(&soleil.get("/reseau").await), "/reseau/adhesion");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'membre_reseau_retire'")
            .await,
        1
    );
}

async fn retention_deletes_conversations_and_reports_12_months_on(app: TestApp) {
    let (_, lune, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, soleil, _) = member(&app, "soleil@reseau.test", "Soleil").await;
    let conversation = write(&soleil, lune_id, "Bonjour").await;
    let message = app.scalar("SELECT id FROM network_messages").await.to_string();
    let report = [("message", message.as_str()), ("raison", "Pour voir")];
    lune.post(&format!("/reseau/messages/{conversation}/signaler"), &report)
        .await;
    let policy = msp::domain::application::RetentionPolicy::default();
    let run = |days: i64| {
        let at = time::OffsetDateTime::now_utc() + time::Duration::days(days);
        msp::retention::run(&app.db, &policy, at, "http://test")
    };
    let kept = run(364).await.unwrap();
    assert_eq!(
        (kept.network_conversations_deleted, kept.network_reports_deleted),
        (0, 0)
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM network_messages").await, 1);
    let forgotten = run(366).await.unwrap();
    assert_eq!(
        (
            forgotten.network_conversations_deleted,
            forgotten.network_reports_deleted
        ),
        (1, 1)
    );
    for table in ["network_conversations", "network_messages", "network_reports"] {
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM network_members").await,
        2,
        "members stay"
    );
}
