//! A page past the last one sends the visitor to the last one, with the same search.

use crate::common;

use common::{TestApp, location};

on_both_backends!(a_page_past_the_last_one_redirects_to_the_last_one);
async fn a_page_past_the_last_one_redirects_to_the_last_one(app: TestApp) {
    let employer = app
        .establishment("Centre hospitalier des Contreforts", "Chambéry", "73")
        .await;
    for n in 0..21 {
        app.publish(&employer, &format!("Médiateur de santé-pair {n}"), 1).await;
    }
    let response = app.get("/offres?q=m%C3%A9diateur&page=99").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/offres?q=m%C3%A9diateur&page=2");
    let (status, last) = app.page("/offres?q=m%C3%A9diateur&page=2").await;
    assert_eq!(status, 200);
    assert!(last.contains("21 offres"), "{last}");

    let response = app.get("/offres?q=introuvable&page=3").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/offres?q=introuvable&page=1");
    let (status, nothing) = app.page("/offres?q=introuvable&page=1").await;
    assert_eq!(status, 200);
    assert!(nothing.contains("Aucune offre ne correspond"), "{nothing}");
}
