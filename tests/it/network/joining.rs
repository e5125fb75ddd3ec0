//! Who sees the directory, joining with the opt-in, and leaving at once.

use super::*;

on_both_backends!(
    non_members_see_no_directory_and_it_is_never_public_nor_indexed,
    joining_takes_the_opt_in_and_a_chosen_name_and_keeps_what_was_typed,
    leaving_removes_the_member_at_once_and_closes_their_conversations,
);

async fn non_members_see_no_directory_and_it_is_never_public_nor_indexed(app: TestApp) {
    let (_, _, _) = member(&app, "lune@reseau.test", "Lune").await;
    let outsider = app.user(Role::Msp, "sans@reseau.test", &[]).await;
    let browser = app.signed_in(&outsider).await;
    let (_, home) = browser.page("/espace").await;
    assert!(home.contains("href=\"/reseau\""), "the MSP's home leads to the network");
    let directory = browser.get("/reseau").await;
    assert_eq!(directory.status(), 303);
    assert_eq!(
        location(&directory),
        "/reseau/adhesion",
        "a non-member sees only the join page"
    );
    let (status, join) = main_of(&browser, "/reseau/adhesion").await;
    assert_eq!(status, 200);
    assert!(
        join.contains("Ce que vous acceptez") && !join.contains("Lune"),
        "{join}"
    );
    for path in ["/reseau/messages", "/reseau/1/ecrire"] {
        assert_eq!(location(&browser.get(path).await), "/reseau/adhesion", "{path}");
    }

    let candidate = app.user(Role::Candidate, "candidat@reseau.test", &[]).await;
    let candidate = app.signed_in(&candidate).await;
    assert_eq!(candidate.get("/reseau").await.status(), 403);
    let visitor = app.browser().get("/reseau").await;
    assert!(location(&visitor).starts_with("/connexion"), "never public");
    let (_, robots) = app.page("/robots.txt").await;
    assert!(robots.contains("Disallow: /reseau"), "{robots}");

    let ccoms = ccoms(&app).await;
    let answer = ccoms.get("/reseau").await;
    assert_eq!(answer.status(), 200);
    let tag = answer
        .headers()
        .get("x-robots-tag")
        .map(|v| v.to_str().unwrap().to_string());
    assert!(tag.unwrap_or_default().contains("noindex"));
    assert!(
        answer.text().await.unwrap().contains("Lune"),
        "the CCOMS sees the members"
    );
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'lecture_reseau'")
        .await;
    assert_eq!(audited, 1, "the CCOMS's reading is audited");
}

async fn joining_takes_the_opt_in_and_a_chosen_name_and_keeps_what_was_typed(app: TestApp) {
    let user = app.user(Role::Msp, "soleil@reseau.test", &[]).await;
    let browser = app.signed_in(&user).await;
    let no_opt_in = [("nom", "Soleil"), ("sujets", "binôme")];
    let refused = browser.post("/reseau/adhesion", &no_opt_in).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("id=\"erreur-consentement\"") && page.contains("value=\"Soleil\""),
        "{page}"
    );
    let no_name = [("nom", ""), ("annee", "1990"), ("consentement", "oui")];
    let page = browser.post("/reseau/adhesion", &no_name).await.text().await.unwrap();
    assert!(
        page.contains("id=\"erreur-nom\"") && page.contains("id=\"erreur-annee\""),
        "{page}"
    );
    assert!(
        !page.contains("value=\"Camille Test\""),
        "the account's name is never the default"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM network_members").await, 0);

    let (_, lune, _) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, directory) = main_of(&lune, "/reseau").await;
    assert!(!directory.contains("Soleil"));
    let joined = browser
        .post(
            "/reseau/adhesion",
            &[("nom", "Soleil"), ("sujets", "équipe mobile"), ("consentement", "oui")],
        )
        .await;
    assert_eq!(location(&joined), "/reseau?fait=rejoint");
    let (_, directory) = main_of(&lune, "/reseau?sujet=EQUIPE").await;
    assert!(
        directory.contains("Soleil") && directory.contains("équipe mobile"),
        "{directory}"
    );
    assert!(!directory.contains("@reseau.test"), "no address is ever shown");
    let (_, filtered) = main_of(&lune, "/reseau?parcours=bordeaux").await;
    assert!(!filtered.contains("Soleil"));
}

async fn leaving_removes_the_member_at_once_and_closes_their_conversations(app: TestApp) {
    let (_, lune, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (soleil_user, soleil, _) = member(&app, "soleil@reseau.test", "Soleil").await;
    let conversation = write(&soleil, lune_id, "Bonjour Lune").await;
    let left = lune.post("/reseau/quitter", &[]).await;
    assert_eq!(location(&left), "/reseau/adhesion?fait=quitte");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM network_members WHERE shown_name = 'Lune'")
            .await,
        0
    );
    let (_, directory) = main_of(&soleil, "/reseau").await;
    assert!(!directory.contains("Lune"), "{directory}");
    let (_, page) = main_of(&soleil, &format!("/reseau/messages/{conversation}")).await;
    assert!(
        page.contains("a été fermée") && page.contains("ancien·ne membre"),
        "{page}"
    );
    let reply = soleil
        .post(
            &format!("/reseau/messages/{conversation}"),
            &[("message", "Tu es là ?")],
        )
        .await;
    assert_eq!(reply.status(), 409);
    assert_eq!(location(&lune.get("/reseau").await), "/reseau/adhesion");

    // Deleting the account deletes everything it had in the network.
    let mut conn = app.db.pool.acquire().await.unwrap();
    msp::db::users::delete(&mut conn, soleil_user.id).await.unwrap();
    drop(conn);
    for table in ["network_members", "network_conversations", "network_messages"] {
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
}
