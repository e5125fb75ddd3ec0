use super::*;

/// A route's pattern with every `{parameter}` given a value.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') { "valeur" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_private_route_is_disallowed_and_no_public_page_is() {
    let rules = Rules::current();
    for route in crate::web::routes() {
        if route.access != Access::Public || route.personal {
            let path = concrete(route.path);
            assert!(
                rules.blocks(&path),
                "{} {} is private but robots.txt allows it",
                route.method,
                route.path
            );
        }
    }
    for page in indexable() {
        assert!(!rules.blocks(&page), "robots.txt disallows the public page {page}");
    }
}

#[test]
fn the_private_areas_are_named_by_their_first_segment() {
    let disallow = &Rules::current().disallow;
    for area in [
        "/espace",
        "/compte",
        "/connexion",
        "/admin",
        "/fiches",
        "/suivi",
        "/agenda",
        "/mes-candidatures",
        "/api/",
    ] {
        assert!(
            disallow.iter().any(|rule| rule == area),
            "{area} is not disallowed: {disallow:?}"
        );
    }
    assert!(!disallow.iter().any(|rule| rule == "/offres" || rule == "/"));
}

#[test]
fn a_private_route_under_a_public_segment_is_disallowed_by_its_own_pattern() {
    let routes = [
        ("/offres/{slug}/brouillon", true),
        ("/offres/{slug}", false),
        ("/compte/alertes", true),
    ];
    let pages = ["/offres".to_string(), "/offres/une-offre".to_string()];
    let rules = Rules::derive(&routes, &pages, vec!["/api/v1/openapi.json"]);
    assert_eq!(rules.disallow, ["/api/", "/compte", "/offres/*/brouillon"]);
    assert!(rules.blocks("/offres/abc/brouillon"));
    assert!(!rules.blocks("/offres/abc"));
    assert!(!rules.blocks("/api/v1/openapi.json"), "the reference is allowed");
    assert!(rules.blocks("/api/v1/openapi.json/autre"));
    assert!(rules.blocks("/api/v1/offres"));
}

#[test]
fn rules_match_as_rfc_9309_says() {
    assert!(matches("/compte", "/compte/alertes"));
    assert!(matches("/compte", "/compte"));
    assert!(!matches("/compte", "/comp"));
    assert!(matches("/offres/*/pdf", "/offres/a-b/pdf"));
    assert!(!matches("/offres/*/pdf", "/offres/a-b"));
    assert!(matches("/a$", "/a"));
    assert!(!matches("/a$", "/ab"));
    assert!(matches("/x/*/y$", "/x/1/2/y"));
    assert!(!matches("/x/*/y$", "/x/1/y/z"));
}

#[test]
fn the_text_names_the_sitemap_and_allows_the_rest() {
    let text = Rules::current().text("https://msp.example");
    assert!(text.contains("User-agent: *\nAllow: /\n"));
    assert!(text.contains("Disallow: /espace\n"));
    assert!(text.ends_with("Sitemap: https://msp.example/sitemap.xml\n"));
}
