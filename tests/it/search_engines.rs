//! What search engines read: the sitemap of the open offers and public pages, `robots.txt`, the
//! `X-Robots-Tag` of every answer that is not a public page, and how a closed offer answers.

use crate::common::{TestApp, content};
use msp::domain::calendar::paris_today;
use msp::domain::fiche::FicheStatus;
use msp::domain::role::Role;
use time::Duration;

const NOINDEX: &str = "<meta name=\"robots\" content=\"noindex\">";

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_string())
}

on_both_backends!(the_sitemap_lists_the_open_offers_and_the_public_pages_and_a_closed_offer_leaves_it_at_once);
async fn the_sitemap_lists_the_open_offers_and_the_public_pages_and_a_closed_offer_leaves_it_at_once(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let open = app.publish(&ch, "Médiateur de santé-pair ouvert", 2).await;
    let other = app.publish(&ch, "Médiateur de santé-pair en équipe mobile", 1).await;
    let mut past = content("Poste déjà pourvu");
    past.deadline = Some(paris_today() - Duration::days(3));
    let closed = app.fiche(&ch, past.clone(), FicheStatus::Close, 40).await;
    let expired = app.fiche(&ch, past, FicheStatus::Publiee, 40).await;

    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status(), 200);
    assert!(
        header(&response, "content-type")
            .unwrap()
            .starts_with("application/xml")
    );
    assert_eq!(header(&response, "x-robots-tag"), None, "the sitemap itself is public");
    let xml = response.text().await.unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "));
    let base = app.url("");
    let url_of = |slug: &str| format!("<loc>{base}/offres/{slug}</loc><lastmod>");
    assert!(xml.contains(&url_of(&open.slug)), "{xml}");
    assert!(xml.contains(&url_of(&other.slug)));
    assert!(
        !xml.contains(&format!("/offres/{}<", closed.slug)),
        "a closed offer is not listed"
    );
    assert!(
        !xml.contains(&format!("/offres/{}<", expired.slug)),
        "nor one past its deadline"
    );
    for page in [
        "/",
        "/offres",
        "/glossaire",
        "/statistiques",
        "/donnees-ouvertes",
        "/accessibilite",
        "/preparer-entretien",
    ] {
        assert!(xml.contains(&format!("<loc>{base}{page}</loc>")), "{page} is listed");
    }
    assert!(!xml.contains("/espace") && !xml.contains("/connexion"));
    // The last change of the fiche, as a W3C date-time in UTC.
    let lastmod = &xml[xml.find(&url_of(&open.slug)).unwrap() + url_of(&open.slug).len()..];
    let lastmod = &lastmod[..lastmod.find("</lastmod>").unwrap()];
    let (stored,): (String,) = sqlx::query_as("SELECT updated_at FROM fiches WHERE id = $1")
        .bind(open.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        lastmod.ends_with('Z') && stored.starts_with(lastmod.trim_end_matches('Z')),
        "{lastmod} for {stored}"
    );

    app.exec(sqlx::query("UPDATE fiches SET status = 'close' WHERE id = $1").bind(open.id))
        .await;
    let (_, xml) = app.page("/sitemap.xml").await;
    assert!(
        !xml.contains(&format!("/offres/{}<", open.slug)),
        "closed, it leaves at once"
    );
    assert!(xml.contains(&url_of(&other.slug)));
    let (status, first) = app.page("/sitemap-offres-1.xml").await;
    assert_eq!(
        (status, first),
        (200, xml),
        "a sitemap that fits in one file is its first part"
    );
    for missing in [
        "/sitemap-offres-2.xml",
        "/sitemap-offres-0.xml",
        "/sitemap-offres-1.txt",
    ] {
        assert_eq!(app.page(missing).await.0, 404, "{missing}");
    }
}

on_both_backends!(robots_txt_disallows_the_private_areas_and_names_the_sitemap);
async fn robots_txt_disallows_the_private_areas_and_names_the_sitemap(app: TestApp) {
    let response = app.get("/robots.txt").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&"User-agent: *") && lines.contains(&"Allow: /"));
    for area in [
        "/espace",
        "/compte",
        "/connexion",
        "/admin",
        "/fiches",
        "/suivi",
        "/agenda",
        "/api/",
    ] {
        assert!(
            lines.contains(&format!("Disallow: {area}").as_str()),
            "{area} in {text}"
        );
    }
    for public in ["/", "/offres", "/glossaire", "/statistiques"] {
        assert!(
            !lines.contains(&format!("Disallow: {public}").as_str()),
            "{public} stays open"
        );
    }
    assert!(lines.contains(&format!("Sitemap: {}/sitemap.xml", app.url("")).as_str()));
}

on_both_backends!(only_public_pages_answer_without_a_noindex_header);
async fn only_public_pages_answer_without_a_noindex_header(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let offer = app.publish(&ch, "Médiateur de santé-pair", 2).await;
    let offer_page = format!("/offres/{}", offer.slug);
    for path in [
        "/",
        "/offres",
        offer_page.as_str(),
        "/glossaire",
        "/statistiques",
        "/accessibilite",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "x-robots-tag"), None, "{path} is a public page");
    }
    for path in [
        "/connexion",
        "/espace",
        "/compte",
        "/suivi/un-lien",
        "/agenda/un-lien",
        "/api/v1/offres",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            header(&response, "x-robots-tag").as_deref(),
            Some("noindex, nofollow"),
            "{path} is not to be indexed"
        );
    }
    let candidate = app.user(Role::Candidate, "dominique@exemple.fr", &[]).await;
    let browser = app.signed_in(&candidate).await;
    for path in ["/", offer_page.as_str(), "/espace"] {
        let response = browser.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(&response, "x-robots-tag").as_deref(),
            Some("noindex, nofollow"),
            "{path} answered to someone signed in"
        );
    }
}

on_both_backends!(a_closed_offer_keeps_its_page_with_noindex_and_an_open_one_has_none);
async fn a_closed_offer_keeps_its_page_with_noindex_and_an_open_one_has_none(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let open = app.publish(&ch, "Médiateur de santé-pair", 2).await;
    let (status, html) = app.page(&format!("/offres/{}", open.slug)).await;
    assert_eq!(status, 200);
    assert!(!html.contains(NOINDEX));

    let mut past = content("Poste déjà pourvu");
    past.deadline = Some(paris_today() - Duration::days(400));
    let long_closed = app.fiche(&ch, past.clone(), FicheStatus::Close, 500).await;
    let expired = app.fiche(&ch, past, FicheStatus::Publiee, 500).await;
    for offer in [&long_closed, &expired] {
        let (status, html) = app.page(&format!("/offres/{}", offer.slug)).await;
        assert_eq!(status, 200, "a closed offer stays readable, however old");
        assert!(html.contains(NOINDEX), "but search engines drop it");
        assert!(html.contains("Cette offre est close"));
    }

    // An offer closing while its page is kept in memory gets the mark at once.
    app.exec(sqlx::query("UPDATE fiches SET status = 'close' WHERE id = $1").bind(open.id))
        .await;
    let (status, html) = app.page(&format!("/offres/{}", open.slug)).await;
    assert_eq!(status, 200);
    assert!(html.contains(NOINDEX));
}
