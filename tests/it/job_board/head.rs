//! What every page's <head> gives browsers and search engines: icons that exist, and a
//! description of the page (Lighthouse's best practices and SEO audits ask for both).

use super::*;

/// The content of the page's `<meta name="description">`, read back as text; None without one.
fn description(html: &str) -> Option<String> {
    let marker = "<meta name=\"description\" content=\"";
    let start = html.find(marker)? + marker.len();
    assert_eq!(html.matches(marker).count(), 1, "one description");
    Some(decoded(&html[start..start + html[start..].find('"')?]))
}

/// The addresses of the icons the head links to.
fn icon_links(html: &str) -> Vec<String> {
    let head = &html[..html.find("</head>").expect("a head")];
    head.split("<link ")
        .skip(1)
        .filter(|tag| tag.starts_with("rel=\"icon\"") || tag.starts_with("rel=\"apple-touch-icon\""))
        .map(|tag| {
            let start = tag.find("href=\"").expect("an href") + "href=\"".len();
            tag[start..start + tag[start..].find('"').unwrap()].to_string()
        })
        .collect()
}

on_both_backends!(the_icons_a_page_links_to_and_the_ones_browsers_ask_for_are_images);
async fn the_icons_a_page_links_to_and_the_ones_browsers_ask_for_are_images(app: TestApp) {
    let (_, html) = app.page("/").await;
    let mut paths = icon_links(&html);
    assert_eq!(paths.len(), 3, "an ICO, an SVG and a touch icon: {paths:?}");
    paths.extend(["/favicon.ico".to_string(), "/apple-touch-icon.png".to_string()]);
    for path in paths {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        let kind = response.headers()["content-type"].to_str().unwrap().to_string();
        let body = response.bytes().await.unwrap();
        let signature: &[u8] = match kind.as_str() {
            "image/x-icon" => b"\0\0\x01\0",
            "image/png" => b"\x89PNG\r\n\x1a\n",
            "image/svg+xml" => b"<svg ",
            other => panic!("{path} is served as {other}, not an image"),
        };
        assert!(body.starts_with(signature), "{path}: the body is not a {kind}");
    }
}

on_both_backends!(every_public_page_describes_itself_and_the_offers_say_which_offer);
async fn every_public_page_describes_itself_and_the_offers_say_which_offer(app: TestApp) {
    let ch = app.establishment("Centre hospitalier des Tests", "Lille", "59").await;
    let offer = app.publish(&ch, "Médiatrice de santé-pair en équipe mobile", 1).await;
    let (_, fallback) = app.page("/connexion").await;
    let fallback = description(&fallback).expect("a description on /connexion");
    let offer_page = format!("/offres/{}", offer.slug);
    let apply_page = format!("/offres/{}/candidater", offer.slug);
    let pages = [
        "/",
        "/offres",
        &offer_page,
        &apply_page,
        "/carte",
        "/statistiques",
        "/accessibilite",
        "/donnees-personnelles",
        "/inscription",
        "/mot-de-passe-oublie",
        "/une/page/inconnue",
    ];
    for path in pages {
        let (_, html) = app.page(path).await;
        let text = description(&html).unwrap_or_else(|| panic!("{path} has no description"));
        assert!(
            text.trim().len() > 40,
            "{path}: a description that says something, got {text:?}"
        );
    }
    // The four pages Lighthouse checks in CI say what they are, not the site's default.
    for path in ["/", "/offres", &offer_page, &apply_page] {
        let (_, html) = app.page(path).await;
        assert_ne!(description(&html).unwrap(), fallback, "{path} has its own description");
    }
    for path in [&offer_page, &apply_page] {
        let (_, html) = app.page(path).await;
        let text = description(&html).unwrap();
        for says in [
            "Médiatrice de santé-pair en équipe mobile",
            "Centre hospitalier des Tests",
            "Lille",
        ] {
            assert!(
                text.contains(says),
                "{path}: the description names {says:?}, got {text:?}"
            );
        }
    }
}
