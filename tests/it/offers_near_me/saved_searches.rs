//! Saved searches: confirmed, alerted once, digested weekly, listed and deleted.

use super::*;

on_both_backends!(a_confirmed_saved_search_alerts_once_per_offer_even_run_twice_on_two_instances);
async fn a_confirmed_saved_search_alerts_once_per_offer_even_run_twice_on_two_instances(app: TestApp) {
    let chambery = app.establishment("CH Chambéry", "Chambéry", "73").await;
    let lille = app.establishment("CH Lille", "Lille", "59").await;
    let visitor = app.browser();
    let feed = a_visitor_saves_a_search_and_confirms_it_by_mail(&app, &visitor, &chambery).await;
    let (alert, other) = a_new_offer_near_is_alerted_once_even_from_two_instances(&app, &chambery, &lille).await;
    the_feed_has_the_searchs_open_offers(&app, &feed).await;
    one_click_unsubscribes_without_a_login(&app, &alert, &feed).await;
    a_search_never_confirmed_is_forgotten_once_its_link_expired(&app, &visitor).await;
    app.publish(&chambery, "Après le désabonnement", 0).await;
    assert_eq!(app.run_alerts().await, 0);
    let after = app.mail_to("alex@exemple.fr").await.len() + other.mail_to("alex@exemple.fr").await.len();
    assert_eq!(after, 2);
}

/// Unconfirmed, the search alerts nothing; confirmed through the mailed link, which works once,
/// it shows its feed's key, returned.
async fn a_visitor_saves_a_search_and_confirms_it_by_mail(
    app: &TestApp, visitor: &Browser, chambery: &Employer,
) -> String {
    let response = visitor
        .post(
            "/alertes",
            &[
                ("recherche", "lieu=Chamb%C3%A9ry&rayon=25"),
                ("frequence", "immediate"),
                ("email", "Alex@Exemple.fr"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Nous avons envoyé un lien à alex@exemple.fr")
    );

    // Unconfirmed: an offer published now sends nothing but the confirmation.
    app.publish(chambery, "Avant la confirmation", 1).await;
    assert_eq!(app.run_alerts().await, 0);
    let mails = app.mail_to("alex@exemple.fr").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Confirmez votre alerte d'offres d'emploi");

    let link = app.last_link_to("alex@exemple.fr").await;
    assert!(link.starts_with("/alertes/confirmation?jeton="), "{link}");
    let (status, html) = visitor.page(&link).await;
    let html = unescape(&html);
    assert_eq!(status, 200);
    assert!(html.contains("À 25 km de Chambéry (73000)"), "{html}");
    let token = link.split("jeton=").nth(1).unwrap();
    let response = visitor.post("/alertes/confirmation", &[("jeton", token)]).await;
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Alerte confirmée"), "{html}");
    let feed = html
        .split(&app.url("/alertes/flux/"))
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the feed's address is shown")
        .to_string();
    // The link works once.
    let response = visitor.post("/alertes/confirmation", &[("jeton", token)]).await;
    assert_eq!(response.status(), 410);
    feed
}

/// Published after the confirmation: one near, one far, one draft near. The job runs twice here
/// and once on another instance at the same time: one alert, for the one near. Returns it, and
/// the other instance.
async fn a_new_offer_near_is_alerted_once_even_from_two_instances(
    app: &TestApp, chambery: &Employer, lille: &Employer,
) -> (SentMail, TestApp) {
    let near = app.publish(chambery, "Médiateur à Chambéry", 0).await;
    app.publish(lille, "Médiateur à Lille", 0).await;
    app.fiche(
        chambery,
        common::content("Brouillon à Chambéry"),
        FicheStatus::Brouillon,
        0,
    )
    .await;

    // The job, twice here and once on another instance at the same time.
    let other = app.another_instance().await;
    let base = app.url("");
    let (a, b) = tokio::join!(
        msp::alerts::send_due(&app.db, &app.board, &app.clock, &base),
        msp::alerts::send_due(&other.db, &other.board, &other.clock, &base)
    );
    let again = app.run_alerts().await;
    assert_eq!(a.unwrap() + b.unwrap() + again, 1);

    // Either instance's worker may deliver it: the outbox is shared.
    let mut mails = app.mail_to("alex@exemple.fr").await;
    mails.extend(other.mail_to("alex@exemple.fr").await);
    assert_eq!(mails.len(), 2, "{mails:?}");
    let alert = mails.swap_remove(1);
    assert_eq!(alert.subject, "Nouvelle offre : Médiateur à Chambéry");
    assert!(alert.text.contains("à moins d'1 km"));
    assert!(alert.text.contains(&format!("/offres/{}", near.slug)));
    assert!(!alert.text.contains("Lille") && !alert.text.contains("Brouillon"));
    (alert, other)
}

/// The feed has the open offers of the search, not the others.
async fn the_feed_has_the_searchs_open_offers(app: &TestApp, feed: &str) {
    let (status, atom) = app.page(&format!("/alertes/flux/{feed}")).await;
    assert_eq!(status, 200);
    assert!(atom.contains("<title>Médiateur à Chambéry</title>"));
    assert!(!atom.contains("Lille"));
    assert_eq!(app.page("/alertes/flux/cle-inventee").await.0, 404);
}

/// One click, no login: the page's button, then the same link is spent.
async fn one_click_unsubscribes_without_a_login(app: &TestApp, alert: &SentMail, feed: &str) {
    let unsubscribe = links(app, &alert.text)
        .into_iter()
        .find(|l| l.starts_with("/alertes/desabonnement?jeton="))
        .expect("an unsubscribe link");
    // The same address in the header, for the mail program's own button.
    assert_eq!(alert.list_unsubscribe, Some(app.url(&unsubscribe)));
    let stranger = app.browser();
    assert_eq!(stranger.page(&unsubscribe).await.0, 200);
    // As a mail program does it (RFC 8058): a POST to the link, without a form token.
    let response = app
        .client
        .post(app.url(&unsubscribe))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(unescape(&response.text().await.unwrap()).contains("Vous êtes désabonné"));
    let response = app.client.post(app.url(&unsubscribe)).send().await.unwrap();
    assert_eq!(response.status(), 410);
    assert_eq!(app.page(&format!("/alertes/flux/{feed}")).await.0, 404);
}

/// A visitor who never confirms is forgotten once the link has expired.
async fn a_search_never_confirmed_is_forgotten_once_its_link_expired(app: &TestApp, visitor: &Browser) {
    visitor
        .post(
            "/alertes",
            &[("recherche", "lieu=73000"), ("email", "jamais@exemple.fr")],
        )
        .await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM saved_searches")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 1);
    app.run_alerts().await;
    assert_eq!(count().await, 1, "still within the week of its link");
    sqlx::query("UPDATE saved_searches SET created_at = '2000-01-01T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.run_alerts().await;
    assert_eq!(count().await, 0);
}

on_both_backends!(a_weekly_digest_lists_the_new_offers_once_a_week);
async fn a_weekly_digest_lists_the_new_offers_once_a_week(app: TestApp) {
    let annecy = app.establishment("CH Annecy", "Annecy", "74").await;
    let candidate = app.user(Role::Candidate, "camille@exemple.fr", &[]).await;
    let browser = app.signed_in(&candidate).await;
    let response = browser
        .post("/alertes", &[("recherche", "departement=74"), ("frequence", "weekly")])
        .await;
    assert_eq!(response.status(), 200);
    app.publish(&annecy, "Premier poste", 0).await;
    app.publish(&annecy, "Second poste", 0).await;
    // Not a week yet.
    assert_eq!(app.run_alerts().await, 0);
    sqlx::query("UPDATE saved_searches SET last_digest_at = '2000-01-01T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(app.run_alerts().await, 1);
    assert_eq!(app.run_alerts().await, 0);
    let mails = app.mail_to("camille@exemple.fr").await;
    assert_eq!(mails.len(), 1, "a candidate's search needs no confirmation");
    assert_eq!(mails[0].subject, "2 nouvelles offres pour votre recherche");
    assert!(mails[0].text.contains("Premier poste") && mails[0].text.contains("Second poste"));
}

on_both_backends!(a_candidate_saves_lists_and_deletes_their_searches_and_reads_their_feed);
async fn a_candidate_saves_lists_and_deletes_their_searches_and_reads_their_feed(app: TestApp) {
    around_chambery(&app).await;
    let candidate = app.user(Role::Candidate, "sam@exemple.fr", &[]).await;
    let browser = app.signed_in(&candidate).await;
    // The board's form for a signed-in candidate asks no address.
    let html = unescape(&browser.page("/offres?lieu=73000&rayon=25").await.1);
    assert!(
        html.contains("name=\"recherche\" value=\"lieu=73000&rayon=25\""),
        "{html}"
    );
    assert!(!html.contains("id=\"champ-email\""));
    let response = browser
        .post(
            "/alertes",
            &[("recherche", "lieu=73000&rayon=25"), ("frequence", "immediate")],
        )
        .await;
    assert!(response.text().await.unwrap().contains("Alerte créée"));

    let (status, html) = browser.page("/compte/alertes").await;
    let html = unescape(&html);
    assert_eq!(status, 200);
    assert!(
        html.contains("À 25 km de 73000 (Chambéry et 5 autres communes)"),
        "{html}"
    );
    let feed = html
        .split("href=\"/alertes/flux/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let (_, atom) = app.page(&format!("/alertes/flux/{feed}")).await;
    assert!(atom.contains("Poste à Aix-les-Bains"));
    assert!(!atom.contains("Poste à Grenoble"), "Grenoble is 44 km away");
    let id = app.scalar("SELECT id FROM saved_searches").await;
    another_candidate_can_neither_see_nor_delete_it(&app, id).await;
    assert!(browser.page("/compte/alertes").await.1.contains("Chambéry"));

    let response = browser.post(&format!("/compte/alertes/{id}/supprimer"), &[]).await;
    assert_eq!(location(&response), "/compte/alertes");
    assert!(unescape(&browser.page("/compte/alertes").await.1).contains("Vous n'avez pas encore d'alerte"));
    assert_eq!(app.page(&format!("/alertes/flux/{feed}")).await.0, 404);
    a_visitor_without_an_address_or_with_an_ambiguous_place_is_told_why(&app).await;
}

async fn another_candidate_can_neither_see_nor_delete_it(app: &TestApp, id: i64) {
    let other = app.user(Role::Candidate, "autre@exemple.fr", &[]).await;
    let other = app.signed_in(&other).await;
    let html = unescape(&other.page("/compte/alertes").await.1);
    assert!(html.contains("Vous n'avez pas encore d'alerte"));
    other.post(&format!("/compte/alertes/{id}/supprimer"), &[]).await;
}

async fn a_visitor_without_an_address_or_with_an_ambiguous_place_is_told_why(app: &TestApp) {
    let visitor = app.browser();
    let response = visitor.post("/alertes", &[("recherche", "lieu=73000")]).await;
    assert_eq!(response.status(), 400);
    assert!(unescape(&response.text().await.unwrap()).contains("Indiquez votre adresse e-mail."));
    let response = visitor
        .post("/alertes", &[("recherche", "lieu=Saint-Denis"), ("email", "a@b.fr")])
        .await;
    assert_eq!(response.status(), 400);
}
