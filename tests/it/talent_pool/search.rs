//! Recruiters and the CCOMS search the pool: by each filter, on what members show only, every
//! consultation audited; nobody else reaches it.

use super::*;

on_both_backends!(
    the_pool_is_searched_by_each_filter_on_what_members_show_only,
    every_consultation_is_audited_and_other_roles_are_refused,
);

async fn the_pool_is_searched_by_each_filter_on_what_members_show_only(app: TestApp) {
    let mut lyon = profile(&["84"], "", &["bobigny"]);
    lyon.extend([("nom", "Lyonnaise"), ("quotite", "temps_plein")]);
    lyon.retain(|(k, v)| !(*k == "quotite" && *v == "les_deux"));
    member(&app, "lyon@vivier.test", &lyon).await;
    let mut brest = profile(&[], "29", &["du"]);
    brest.extend([("nom", "Brestois"), ("disponible_le", "2099-01-01")]);
    brest.retain(|(k, v)| !(*k == "quotite" && *v == "les_deux"));
    brest.push(("quotite", "temps_partiel"));
    member(&app, "brest@vivier.test", &brest).await;
    // Shows neither where nor training: a search on either never finds them.
    let discreet = [
        ("regions", "84"),
        ("formations", "bordeaux"),
        ("quotite", "les_deux"),
        ("montrer", "disponibilite"),
    ];
    let (discreet_user, _) = member(&app, "discret@vivier.test", &discreet).await;
    let discreet_name = format!("Profil n° {}", member_id(&app, &discreet_user).await);
    app.user(Role::Candidate, "jamais@vivier.test", &[]).await;

    let (recruiter, _) = recruiter_with_offer(&app, "CH Vivier", "69", "MSP – psychiatrie adulte").await;
    let names = ["Lyonnaise", "Brestois", discreet_name.as_str()];
    let found = |query: &'static str| found(&recruiter, query, names);
    assert_eq!(found("").await.len(), 3, "every member, and nobody who did not join");
    assert_eq!(found("?region=84").await, ["Lyonnaise"]);
    assert_eq!(
        found("?region=53").await,
        ["Brestois"],
        "a département is found by its region"
    );
    assert_eq!(found("?departement=29").await, ["Brestois"]);
    assert_eq!(found("?formation=du").await, ["Brestois"]);
    assert_eq!(
        found("?formation=bordeaux").await,
        Vec::<String>::new(),
        "a hidden training"
    );
    assert_eq!(
        found("?disponible=maintenant").await,
        ["Lyonnaise", discreet_name.as_str()]
    );
    assert_eq!(
        found("?quotite=temps_partiel").await,
        ["Brestois", discreet_name.as_str()]
    );

    let (status, page) = recruiter.page("/vivier?region=99").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("id=\"erreur-region\""),
        "a bad filter is said next to its field"
    );
    let (_, page) = recruiter
        .page(&format!("/vivier/{}", member_id(&app, &discreet_user).await))
        .await;
    let main = main_of(&page);
    assert!(main.contains("Dès maintenant"), "what they show");
    assert!(
        !main.contains("Auvergne") && !main.contains("Bordeaux"),
        "and nothing they keep: {main}"
    );
}

/// The names among `names` a search lists, as links to their profiles.
async fn found(recruiter: &Browser, query: &str, names: [&str; 3]) -> Vec<String> {
    let (status, page) = recruiter.page(&format!("/vivier{query}")).await;
    assert_eq!(status, 200, "{query}: {page}");
    let main = main_of(&page);
    assert!(
        !main.contains("Camille Test"),
        "{query}: an account's name is never shown"
    );
    assert!(!main.contains("@vivier.test"), "{query}: nor an address");
    names
        .into_iter()
        .filter(|name| main.contains(&format!("{name}</a>")))
        .map(String::from)
        .collect()
}

async fn every_consultation_is_audited_and_other_roles_are_refused(app: TestApp) {
    let (user, _) = member(&app, "audit@vivier.test", &profile(&["84"], "", &[])).await;
    let id = member_id(&app, &user).await;
    let coordinator = ccoms(&app).await;
    assert_eq!(audited(&app, "vivier_consulte").await, 0);
    coordinator.page("/vivier?region=84").await;
    coordinator.page("/vivier").await;
    assert_eq!(audited(&app, "vivier_consulte").await, 2, "each list read");
    let detail = app
        .scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'vivier_consulte' AND detail LIKE 'zone r84 ; 1 profil%'",
        )
        .await;
    assert_eq!(detail, 1, "the log says which search and how many profiles it showed");
    let (status, _) = coordinator.page(&format!("/vivier/{id}")).await;
    assert_eq!(status, 200);
    let read = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'profil_vivier_consulte' AND target_kind = 'membre_vivier' \
         AND target_id = '{id}'"
    );
    assert_eq!(app.scalar(&read).await, 1, "each profile read");

    let (status, home) = coordinator.page("/espace").await;
    assert_eq!(status, 200);
    assert!(home.contains("href=\"/vivier\""), "the CCOMS's home leads to the pool");
    for role in [
        Role::Candidate,
        Role::ArsOfficer,
        Role::University,
        Role::Msp,
        Role::Admin,
    ] {
        let someone = app.user(role, &format!("{}@autres.test", role.as_str()), &[]).await;
        let browser = app.signed_in(&someone).await;
        for path in ["/vivier".to_string(), format!("/vivier/{id}")] {
            let (status, _) = browser.page(&path).await;
            assert_eq!(status, 403, "{role:?} {path}");
        }
    }
    let (status, _) = coordinator.page("/compte/vivier").await;
    assert_eq!(status, 403, "only candidates join");
    let visitor = app.browser().get("/vivier").await;
    assert!(
        location(&visitor).starts_with("/connexion"),
        "a visitor is sent to sign in"
    );
    assert_eq!(audited(&app, "vivier_consulte").await, 2, "refusals read nothing");
}
