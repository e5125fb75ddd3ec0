//! The home page, unknown addresses, health and readiness.

use super::*;

on_both_backends!(the_home_page_explains_the_job_and_links_to_the_offers);
async fn the_home_page_explains_the_job_and_links_to_the_offers(app: TestApp) {
    let (status, html) = app.page("/").await;
    assert_eq!(status, 200);
    let says = [
        "<html lang=\"fr\">",
        "<h1>Devenir médiateur ou médiatrice de santé-pair</h1>",
        "rétablissement",
        "href=\"/offres\"",
    ];
    common::assert_holds(&html, &says);
    assert_eq!(html.matches("<h1").count(), 1);
}

on_both_backends!(unknown_addresses_are_french_404s);
async fn unknown_addresses_are_french_404s(app: TestApp) {
    let (status, html) = app.page("/offres/nexiste-pas").await;
    assert_eq!(status, 404);
    assert!(html.contains("<h1>Page introuvable</h1>"));
    assert!(html.contains("introuvable"));
    let (status, html) = app.page("/une/page/inconnue").await;
    assert_eq!(status, 404);
    assert!(html.contains("<html lang=\"fr\">"));
    let (status, body) = app.json("/api/v1/offres/nexiste-pas").await;
    assert_eq!(status, 404);
    assert_eq!(body["erreur"]["code"], "introuvable");
    let (status, body) = app.json("/api/v1/inconnu").await;
    assert_eq!(status, 404);
    assert_eq!(body["erreur"]["code"], "introuvable");
}

on_both_backends!(health_and_readiness_answer);
async fn health_and_readiness_answer(app: TestApp) {
    assert_eq!(app.page("/healthz").await, (200, "ok".to_string()));
    assert_eq!(app.page("/readyz").await.0, 200);
}
