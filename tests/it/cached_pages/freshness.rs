//! A kept page never outlives a change it shows: each page is seen (and kept) before the
//! change, then after it, by visitors not signed in.

use super::*;

use msp::domain::fiche::FicheStatus;
use time::macros::{date, datetime};

on_both_backends!(a_publication_shows_at_once_beside_an_offer_on_the_board_and_at_home);
async fn a_publication_shows_at_once_beside_an_offer_on_the_board_and_at_home(app: TestApp) {
    let (ch, offer) = two_offers(&app).await;
    let page = format!("/offres/{}", offer.slug);
    for path in [page.as_str(), "/offres", "/"] {
        assert!(!seen_twice(&app, path).await.contains("Pair-aidant en équipe mobile"));
    }
    let newer = app.publish(&ch, "Pair-aidant en équipe mobile", 1).await;
    let (_, html) = app.page(&page).await;
    assert!(
        html.contains(&format!("/offres/{}", newer.slug)),
        "among the nearby offers"
    );
    for path in ["/offres", "/"] {
        let (_, html) = app.page(path).await;
        assert!(html.contains("Pair-aidant en équipe mobile"), "{path}");
    }
    // The search form's counts follow too.
    let (_, html) = app.page("/offres?q=pair").await;
    assert!(
        html.contains("<option value=\"59\">59 – Nord (2 offres)</option>"),
        "{html}"
    );
}

on_both_backends!(a_corrected_fiche_shows_at_once);
async fn a_corrected_fiche_shows_at_once(app: TestApp) {
    let (_, offer) = two_offers(&app).await;
    let page = format!("/offres/{}", offer.slug);
    assert!(
        seen_twice(&app, &page)
            .await
            .contains("Le service accueille des adultes.")
    );
    app.exec(sqlx::query("UPDATE fiches SET context = 'Une équipe mobile de secteur.' WHERE id = $1").bind(offer.id))
        .await;
    let (_, html) = app.page(&page).await;
    assert!(html.contains("Une équipe mobile de secteur."), "{html}");
    assert!(!html.contains("Le service accueille des adultes."));
}

on_both_backends!(a_closed_offer_says_so_at_once);
async fn a_closed_offer_says_so_at_once(app: TestApp) {
    let (_, offer) = two_offers(&app).await;
    let page = format!("/offres/{}", offer.slug);
    assert!(!seen_twice(&app, &page).await.contains("Cette offre est close"));
    seen_twice(&app, "/offres").await;
    app.exec(sqlx::query("UPDATE fiches SET status = 'close' WHERE id = $1").bind(offer.id))
        .await;
    let (_, html) = app.page(&page).await;
    assert!(html.contains("Cette offre est close"), "{html}");
    let (_, html) = app.page("/offres").await;
    assert!(!html.contains(&page), "the board no longer lists it");
}

on_both_backends!(a_renamed_establishment_shows_at_once_on_its_offers);
async fn a_renamed_establishment_shows_at_once_on_its_offers(app: TestApp) {
    let (ch, offer) = two_offers(&app).await;
    let page = format!("/offres/{}", offer.slug);
    seen_twice(&app, &page).await;
    seen_twice(&app, "/offres").await;
    let renamed = sqlx::query("UPDATE establishments SET name = 'CH du Cache renommé' WHERE id = $1");
    app.exec(renamed.bind(ch.id)).await;
    for path in [page.as_str(), "/offres"] {
        let (_, html) = app.page(path).await;
        assert!(html.contains("CH du Cache renommé"), "{path}: {html}");
    }
}

on_both_backends!(an_offer_closes_on_its_page_at_midnight_in_paris);
async fn an_offer_closes_on_its_page_at_midnight_in_paris(app: TestApp) {
    let ch = app.establishment("CH de Minuit", "Lille", "59").await;
    let mut content = common::content("Médiateur de santé-pair de nuit");
    content.deadline = Some(date!(2027 - 01 - 15));
    let offer = app.fiche(&ch, content, FicheStatus::Publiee, 3).await;
    let page = format!("/offres/{}", offer.slug);
    // 23:59 in Paris (UTC+1 in winter), the last minute of the deadline.
    app.set_now(datetime!(2027-01-15 22:59 UTC));
    assert!(!seen_twice(&app, &page).await.contains("Cette offre est close"));
    assert!(seen_twice(&app, "/offres").await.contains(&page));
    app.set_now(datetime!(2027-01-15 23:01 UTC));
    let (_, html) = app.page(&page).await;
    assert!(html.contains("Cette offre est close"), "{html}");
    let (_, html) = app.page("/offres").await;
    assert!(!html.contains(&page), "the board no longer lists it");
}

on_both_backends!(the_statistics_count_a_publication_at_once);
async fn the_statistics_count_a_publication_at_once(app: TestApp) {
    let ch = app.establishment("CH des Chiffres", "Lille", "59").await;
    for i in 0..5 {
        app.publish(&ch, &format!("Médiateur de santé-pair {i}"), 1).await;
    }
    let count = |html: &str| html.contains("\"number\">5<") as u8 + 2 * html.contains("\"number\">6<") as u8;
    assert_eq!(count(&seen_twice(&app, "/statistiques").await), 1, "five offers");
    app.publish(&ch, "Médiateur de santé-pair 5", 1).await;
    let (_, html) = app.page("/statistiques").await;
    assert_eq!(count(&html), 2, "six offers: {html}");
}
