//! Alerts confirmed by e-mail join the candidate account later made with the same address,
//! once that address is confirmed too; unconfirmed ones and other addresses' stay apart.

use super::*;

/// A visitor saves a search for `email` (by words, so that no place is needed); `confirm`
/// follows the mailed link.
async fn visitor_alert(app: &TestApp, email: &str, words: &str, confirm: bool) {
    let visitor = app.browser();
    let search = format!("q={words}");
    let fields = [
        ("recherche", search.as_str()),
        ("frequence", "immediate"),
        ("email", email),
    ];
    let response = visitor.post("/alertes", &fields).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    if confirm {
        let link = app.last_link_to(&email.to_lowercase()).await;
        let token = link.split("jeton=").nth(1).expect("a confirmation link").to_string();
        let response = visitor.post("/alertes/confirmation", &[("jeton", &token)]).await;
        assert!(response.text().await.unwrap().contains("Alerte confirmée"));
    }
}

/// The labels of the alerts the account's page lists.
async fn listed(browser: &Browser) -> String {
    let (status, html) = browser.page("/compte/alertes").await;
    assert_eq!(status, 200);
    unescape(&html)
}

on_both_backends!(confirmed_alerts_join_the_account_made_with_their_address_once_it_is_confirmed);
async fn confirmed_alerts_join_the_account_made_with_their_address_once_it_is_confirmed(app: TestApp) {
    visitor_alert(&app, "Sam@Exemple.fr", "psychiatrie", true).await;
    visitor_alert(&app, "sam@exemple.fr", "addictologie", false).await;
    visitor_alert(&app, "autre@exemple.fr", "adolescents", true).await;

    let browser = app.browser();
    browser.sign_up("Sam", "sam@exemple.fr", PASSWORD).await;
    let joined = "SELECT COUNT(*) FROM saved_searches WHERE user_id IS NOT NULL";
    assert_eq!(
        app.scalar(joined).await,
        0,
        "an address not yet confirmed joins nothing"
    );
    let link = app.last_link_to("sam@exemple.fr").await;
    let (status, page) = browser.page(&link).await;
    assert_eq!(status, 200);
    assert!(unescape(&page).contains("sont maintenant dans votre compte"), "{page}");
    assert_eq!(app.scalar(joined).await, 1);

    let response = browser.log_in("sam@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 303);
    let list = listed(&browser).await;
    assert!(list.contains("psychiatrie"), "the confirmed alert joined: {list}");
    assert!(!list.contains("addictologie"), "an unconfirmed one did not: {list}");
    assert!(!list.contains("adolescents"), "another address's did not: {list}");

    // Confirmed after the account: it joins at once.
    visitor_alert(&app, "sam@exemple.fr", "addictologie", true).await;
    assert!(listed(&browser).await.contains("addictologie"));

    // Erased with the account.
    let response = browser.post("/compte/effacement", &[("confirmer", "oui")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.scalar(joined).await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM saved_searches").await,
        2,
        "the others stay"
    );
}
