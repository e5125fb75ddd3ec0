//! Several instances of the application on one database, as production runs them: sessions are
//! shared, queued mail leaves once, migrations apply once, each board index follows every
//! change.

use crate::common;

use common::{PASSWORD, TestApp};
use msp::domain::role::Role;

on_both_backends!(a_session_opened_on_one_instance_is_valid_on_the_other);
async fn a_session_opened_on_one_instance_is_valid_on_the_other(first: TestApp) {
    let second = first.another_instance().await;
    first.user(Role::Candidate, "partout@exemple.fr", &[]).await;
    let browser = first.browser();
    let response = browser.log_in("partout@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 303);
    let session = browser.cookie("msp_session").unwrap();
    let on_second = second
        .client
        .get(second.url("/compte"))
        .header("cookie", format!("msp_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(on_second.status(), 200);
    assert!(on_second.text().await.unwrap().contains("partout@exemple.fr"));

    // Logging out on the second ends the session everywhere.
    let csrf = common::form_token_of_session(&session);
    second
        .client
        .post(second.url("/deconnexion"))
        .header("cookie", format!("msp_session={session}; msp_csrf={csrf}"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(browser.get("/compte").await.status(), 303);
}

on_both_backends!(queued_mail_is_sent_exactly_once_by_several_instances);
async fn queued_mail_is_sent_exactly_once_by_several_instances(first: TestApp) {
    let second = first.another_instance().await;
    let third = first.another_instance().await;
    // Twenty sign-ups spread over the instances, each queuing a message that every worker sees.
    for i in 0..20 {
        let instance = [&first, &second, &third][i % 3];
        let email = format!("personne{i}@exemple.fr");
        let response = instance.browser().sign_up("Alex", &email, PASSWORD).await;
        assert_eq!(response.status(), 200);
    }
    // Wake every worker so that they compete for the same messages.
    for app in [&first, &second, &third] {
        app.mail_to("personne0@exemple.fr").await;
    }
    let mut sent: Vec<String> = [&first, &second, &third]
        .iter()
        .flat_map(|app| {
            app.sent
                .lock()
                .unwrap()
                .iter()
                .map(|m| m.to.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    sent.sort();
    let mut expected: Vec<String> = (0..20).map(|i| format!("personne{i}@exemple.fr")).collect();
    expected.sort();
    assert_eq!(sent, expected, "each message once, none lost");
}

on_both_backends!(each_instance_board_shows_a_change_made_anywhere_at_once);
/// Each instance searches an index held in memory: a change written through another instance
/// (or any other writer of the database) must show on the next search, not later.
async fn each_instance_board_shows_a_change_made_anywhere_at_once(first: TestApp) {
    let second = first.another_instance().await;
    let totals = |body: &serde_json::Value| body["total"].as_u64().unwrap();
    let ch = first.establishment("CH du Partage", "Lille", "59").await;
    first.publish(&ch, "Médiateur de santé-pair en réhabilitation", 2).await;
    // Both indexes are loaded.
    assert_eq!(totals(&first.json("/api/v1/offres?q=rehabilitation").await.1), 1);
    assert_eq!(totals(&second.json("/api/v1/offres?q=rehabilitation").await.1), 1);

    let newer = first.publish(&ch, "Pair-aidant, réhabilitation psychosociale", 1).await;
    let (_, body) = second.json("/api/v1/offres?q=rehabilitation").await;
    assert_eq!(totals(&body), 2, "the other instance sees the publication: {body}");
    assert_eq!(
        body["offres"][0]["slug"],
        newer.slug.as_str(),
        "newest first among equals"
    );

    first
        .exec(sqlx::query("UPDATE fiches SET status = 'close' WHERE id = $1").bind(newer.id))
        .await;
    assert_eq!(
        totals(&second.json("/api/v1/offres?q=rehabilitation").await.1),
        1,
        "a closed offer leaves"
    );

    let renamed = sqlx::query("UPDATE establishments SET name = 'CH du Partage renommé' WHERE id = $1");
    first.exec(renamed.bind(ch.id)).await;
    let (_, html) = second.page("/offres?q=rehabilitation").await;
    assert!(html.contains("CH du Partage renommé"), "the listing shows the new name");
}
