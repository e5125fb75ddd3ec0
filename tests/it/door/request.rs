//! A team's request from the public page, to its confirmation, and forgetting it on time.

use super::*;

on_both_backends!(
    a_teams_request_reaches_the_ccoms_only_once_its_contact_confirmed_the_address,
    a_wrong_request_comes_back_in_french_with_what_was_typed,
    one_connection_sends_three_requests_then_waits_an_hour,
    requests_not_accepted_are_forgotten_on_time,
    the_contact_page_and_every_footer_give_the_ccoms_address,
);

async fn a_teams_request_reaches_the_ccoms_only_once_its_contact_confirmed_the_address(app: TestApp) {
    let (_, home) = app.page("/").await;
    assert!(
        home.contains("href=\"/creer-un-poste\""),
        "the home page leads to the door"
    );
    let (status, form) = app.page("/creer-un-poste").await;
    assert_eq!(status, 200);
    assert!(form.contains("<h1>Créer un poste de MSP dans mon équipe</h1>"));
    assert!(form.contains("effacée après 7 jours") && form.contains("90 jours après la réponse"));
    let (coordinator, ccoms) = ccoms(&app).await;

    let visitor = app.browser();
    let fields = request_fields("cadre@rouvray.example");
    let sent = visitor.post("/creer-un-poste", &pairs(&fields)).await;
    assert_eq!(sent.status(), 200);
    assert!(sent.text().await.unwrap().contains("Vérifiez votre boîte mail"));
    let id = last_request(&app).await;

    // Unconfirmed, the request does not exist for the CCOMS, which has heard nothing.
    let (_, list) = ccoms.page("/demandes-de-poste").await;
    assert!(!list.contains("Centre hospitalier du Rouvray"), "{list}");
    assert_eq!(ccoms.page(&format!("/demandes-de-poste/{id}")).await.0, 404);
    assert_eq!(app.told(&coordinator.email, "Demande de création de poste").await, 0);

    // The mailed link opens a page with a button; only the token's hash is stored.
    let link = app.last_link_to("cadre@rouvray.example").await;
    assert!(link.starts_with("/creer-un-poste/confirmation?jeton="), "{link}");
    let token = link.split("jeton=").nth(1).unwrap().to_string();
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM one_time_tokens WHERE token_hash = '{token}' OR payload = '{token}'"
        ))
        .await;
    assert_eq!(stored, 0, "the link is not stored in clear");
    let (status, page) = visitor.page(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirmer ma demande") && page.contains("Centre hospitalier du Rouvray"));
    assert_eq!(
        ccoms.page(&format!("/demandes-de-poste/{id}")).await.0,
        404,
        "opening the link confirms nothing"
    );

    let confirmed = visitor.post("/creer-un-poste/confirmation", &[("jeton", &token)]).await;
    assert_eq!(confirmed.status(), 200);
    assert!(confirmed.text().await.unwrap().contains("Demande confirmée"));
    let (_, list) = ccoms.page("/demandes-de-poste").await;
    assert!(
        list.contains("Centre hospitalier du Rouvray") && list.contains("À traiter"),
        "{list}"
    );
    let (status, page) = ccoms.page(&format!("/demandes-de-poste/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Dominique Cadre, Cadre de santé") && page.contains("760000166"));
    assert_eq!(app.told(&coordinator.email, "Demande de création de poste n°").await, 1);
    let (_, home) = ccoms.page("/espace").await;
    assert!(home.contains("href=\"/demandes-de-poste\"") && home.contains("href=\"/etablissements\""));

    let again = visitor.post("/creer-un-poste/confirmation", &[("jeton", &token)]).await;
    assert_eq!(again.status(), 410, "a link works once");
}

async fn a_wrong_request_comes_back_in_french_with_what_was_typed(app: TestApp) {
    let mut fields = request_fields("pas-une-adresse");
    for (field, value) in fields.iter_mut() {
        match *field {
            "siret" => *value = "267 500 452 00010".into(),
            "commune" => *value = "Saint-Denis".into(),
            "equipe" => value.clear(),
            _ => {}
        }
    }
    let response = app.browser().post("/creer-un-poste", &pairs(&fields)).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for message in [
        "Ce numéro SIRET n&#39;existe pas",
        "Plusieurs communes correspondent : précisez le code postal",
        "Indiquez l&#39;équipe ou l&#39;unité.",
        "Cette adresse e-mail n&#39;est pas valide.",
    ] {
        assert!(page.contains(message), "{message}:\n{page}");
    }
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(shows_value(&page, "siret", "267 500 452 00010"));
    assert!(shows_value(&page, "nom", "Dominique Cadre"));
    assert!(page.contains("Le pôle porte le projet."), "the project is kept");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM team_requests").await, 0);
}

async fn one_connection_sends_three_requests_then_waits_an_hour(app: TestApp) {
    let visitor = app.browser();
    for n in 0..3 {
        let fields = request_fields(&format!("cadre{n}@rouvray.example"));
        assert_eq!(
            visitor.post("/creer-un-poste", &pairs(&fields)).await.status(),
            200,
            "request {n}"
        );
    }
    let fields = request_fields("cadre3@rouvray.example");
    let refused = visitor.post("/creer-un-poste", &pairs(&fields)).await;
    assert_eq!(refused.status(), 429);
    let page = refused.text().await.unwrap();
    assert!(page.contains("réessayez dans une heure"), "{page}");
    assert!(
        shows_value(&page, "email", "cadre3@rouvray.example"),
        "what was typed is kept"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM team_requests").await, 3);
    assert!(app.mail_to("cadre3@rouvray.example").await.is_empty());
}

async fn requests_not_accepted_are_forgotten_on_time(app: TestApp) {
    let (_, ccoms) = ccoms(&app).await;
    let visitor = app.browser();
    visitor
        .post("/creer-un-poste", &pairs(&request_fields("oubli@equipe.example")))
        .await;
    let unconfirmed = last_request(&app).await;
    let answered = confirmed_request(&app, &request_fields("reponse@equipe.example")).await;
    let reply = [("reponse", "Merci : nous vous appelons la semaine prochaine.")];
    let done = ccoms
        .post(&format!("/demandes-de-poste/{answered}/repondre"), &reply)
        .await;
    assert_eq!(done.status(), 303);
    let run = |days: i64| forget(&app, days);
    let count = |id: i64| stored(&app, id);

    assert_eq!(run(6).await.team_requests_forgotten, 0);
    assert_eq!((count(unconfirmed).await, count(answered).await), (1, 1));
    assert_eq!(run(8).await.team_requests_forgotten, 1);
    assert_eq!((count(unconfirmed).await, count(answered).await), (0, 1));
    let links = "SELECT COUNT(*) FROM one_time_tokens WHERE purpose = 'confirm_team_request'";
    assert_eq!(app.scalar(links).await, 0, "the links and their addresses go too");
    assert_eq!(run(89).await.team_requests_forgotten, 0);
    assert_eq!(run(91).await.team_requests_forgotten, 1);
    assert_eq!(count(answered).await, 0);
}

async fn the_contact_page_and_every_footer_give_the_ccoms_address(app: TestApp) {
    let address = msp::config::DEFAULT_CONTACT_EMAIL;
    let (status, contact) = app.page("/contact").await;
    assert_eq!(status, 200);
    assert!(contact.contains(&format!("href=\"mailto:{address}\"")), "{contact}");
    assert!(contact.contains("href=\"/creer-un-poste\""));
    for path in ["/", "/offres", "/connexion", "/creer-un-poste"] {
        let (_, page) = app.page(path).await;
        assert!(
            page.contains(&format!("mailto:{address}")) && page.contains("href=\"/contact\""),
            "{path}"
        );
    }
    for path in ["/inscription", "/accessibilite", "/donnees-personnelles"] {
        let (_, page) = app.page(path).await;
        let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
        assert!(main.contains(address), "{path} gives the address where it sends people");
    }
    let (_, privacy) = app.page("/donnees-personnelles").await;
    assert!(privacy.contains("Une demande de création de poste : effacée 7 jours après son envoi"));
}

/// Runs the retention job as the server does, `days` from now: how many requests it forgot.
async fn forget(app: &TestApp, days: i64) -> msp::retention::Report {
    let policy = msp::domain::application::RetentionPolicy::default();
    let at = time::OffsetDateTime::now_utc() + time::Duration::days(days);
    msp::retention::run(&app.db, &policy, at, "http://test").await.unwrap()
}

async fn stored(app: &TestApp, id: i64) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) FROM team_requests WHERE id = {id}"))
        .await
}
