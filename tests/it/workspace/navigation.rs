//! The header shows each role its main places, each of which the role may open, and signing
//! in leads to the home.

use super::*;

/// Each role, its scope, and the places its header must offer.
const PLACES: &[(Role, &[&str])] = &[
    (Role::Recruiter, &["/espace", "/projets", "/financements"]),
    (
        Role::Coordinator,
        &[
            "/espace",
            "/espace#a-relire",
            "/projets",
            "/promotions",
            "/tableau-de-bord",
        ],
    ),
    (Role::ArsOfficer, &["/espace", "/financements", "/observatoire"]),
    (Role::University, &["/espace", "/inscriptions"]),
    (Role::Msp, &["/espace", "/mon-parcours"]),
    (Role::Admin, &["/espace", "/admin/utilisateurs", "/admin/journal"]),
    (Role::Candidate, &["/espace", "/mes-candidatures"]),
];

/// The header's part of a page.
fn header(page: &str) -> &str {
    let start = page.find("<nav aria-label=\"Menu principal\">").expect("the main menu");
    let end = page[start..].find("</nav>").expect("the menu's end");
    &page[start..start + end]
}

on_both_backends!(each_roles_header_links_to_its_main_places_which_it_may_open);
async fn each_roles_header_links_to_its_main_places_which_it_may_open(app: TestApp) {
    let (ours, _) = two_establishments(&app).await;
    let establishment = ours.id.to_string();
    for (n, (role, places)) in PLACES.iter().enumerate() {
        let scopes: Vec<(ScopeKind, &str)> = match role {
            Role::Recruiter => vec![(ScopeKind::Establishment, &establishment)],
            Role::ArsOfficer => vec![(ScopeKind::Region, "84")],
            Role::University => vec![(ScopeKind::Track, "bobigny")],
            _ => Vec::new(),
        };
        let user = app.user(*role, &format!("personne{n}@exemple.fr"), &scopes).await;
        let browser = app.signed_in(&user).await;
        let (status, page) = browser.page("/espace").await;
        assert_eq!(status, 200, "{role:?}");
        let menu = header(&page);
        assert!(menu.contains("href=\"/compte\""), "{role:?}: {menu}");
        assert!(menu.contains("Se déconnecter"), "{role:?}: {menu}");
        for place in *places {
            assert!(
                menu.contains(&format!("href=\"{place}\"")),
                "{role:?} misses {place}: {menu}"
            );
            let path = place.split('#').next().unwrap();
            assert_eq!(browser.get(path).await.status(), 200, "{role:?} may open {path}");
        }
        let current = format!("<a href=\"{}\" aria-current=\"page\">", places[0]);
        assert!(
            menu.contains(&current),
            "{role:?}: the home is the current place: {menu}"
        );
        assert_eq!(menu.matches("aria-current").count(), 1, "{role:?}: {menu}");
        let links = menu.matches("<li>").count();
        assert_eq!(
            links,
            places.len() + 4,
            "{role:?}: only its places, the offers, its account: {menu}"
        );
    }
}

on_both_backends!(signing_in_leads_to_the_home_unless_a_page_was_asked_for);
async fn signing_in_leads_to_the_home_unless_a_page_was_asked_for(app: TestApp) {
    app.user(Role::Candidate, "accueil@exemple.fr", &[]).await;
    let response = app.browser().log_in("accueil@exemple.fr", common::PASSWORD).await;
    assert_eq!(location(&response), "/espace");
    let browser = app.browser();
    let response = browser
        .log_in_then("accueil@exemple.fr", common::PASSWORD, "/compte/alertes")
        .await;
    assert_eq!(location(&response), "/compte/alertes");
    assert_eq!(
        location(&browser.get("/connexion").await),
        "/espace",
        "already signed in"
    );
}
