//! Joining with the pool's own consent, leaving at once, the old ticks, and retention.

use super::*;

on_both_backends!(
    joining_takes_its_own_consent_and_a_place_and_keeps_what_was_typed,
    leaving_erases_the_profile_and_its_invitations_at_once,
    an_old_tick_asks_the_candidate_to_join_but_never_puts_them_in_the_pool,
    retention_forgets_an_inactive_member_and_an_invitation_does_not_extend_it,
    the_profile_is_in_the_data_download_and_goes_with_the_account,
);

async fn joining_takes_its_own_consent_and_a_place_and_keeps_what_was_typed(app: TestApp) {
    let user = app.user(Role::Candidate, "alex@vivier.test", &[]).await;
    let browser = app.signed_in(&user).await;
    let (status, home) = browser.page("/espace").await;
    assert_eq!(status, 200);
    assert!(
        home.contains("href=\"/compte/vivier\""),
        "the candidate's home leads to the pool"
    );
    let (_, account) = browser.page("/compte").await;
    assert!(account.contains("href=\"/compte/vivier\""), "so does their account");
    let (status, page) = browser.page("/compte/vivier").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Ce que vous acceptez") && page.contains("Comment partir"),
        "{page}"
    );

    let mut fields = profile(&["84"], "", &["bobigny"]);
    fields.push(("nom", "Alex"));
    let refused = browser.post("/compte/vivier", &fields).await;
    assert_eq!(refused.status(), 422, "no consent, no pool");
    let page = refused.text().await.unwrap();
    assert!(page.contains("id=\"erreur-consentement\""), "{page}");
    assert!(page.contains("value=\"Alex\""), "what was typed is kept");
    let no_place = [("nom", "Alex"), ("quotite", "les_deux"), ("consentement", "oui")];
    let refused = browser.post("/compte/vivier", &no_place).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("id=\"erreur-regions\""));
    let unknown = browser
        .post("/compte/vivier", &[("departements", "99"), ("consentement", "oui")])
        .await;
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("Le département « 99 » n&#39;existe pas")
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_members").await, 0);

    fields.push(("consentement", "oui"));
    let joined = browser.post("/compte/vivier", &fields).await;
    assert_eq!(joined.status(), 303);
    let version = msp::domain::talent_pool::CONSENT_VERSION;
    let stored = format!(
        "SELECT COUNT(*) FROM talent_pool_members WHERE user_id = {} AND consent_version = '{version}' \
         AND consent_at = joined_at AND shown_name = 'Alex' AND areas = 'r84' AND training = 'bobigny'",
        user.id
    );
    assert_eq!(
        app.scalar(&stored).await,
        1,
        "the consent is stored with its version and date"
    );
    let (_, page) = browser.page("/compte/vivier?fait=rejoint").await;
    assert!(page.contains("role=\"status\"") && page.contains("Vous êtes dans le vivier"));
    assert!(
        page.contains("il sera effacé le"),
        "the page says when the profile goes"
    );
    assert!(page.contains("Quitter le vivier"));

    // Updating needs no consent again and keeps the consent's date.
    let mut update = profile(&[], "29", &[]);
    update.push(("nom", "Alex B."));
    let updated = browser.post("/compte/vivier", &update).await;
    assert_eq!(location(&updated), "/compte/vivier?fait=modifie");
    let areas = format!(
        "SELECT COUNT(*) FROM talent_pool_members WHERE areas = 'd29' AND user_id = {}",
        user.id
    );
    assert_eq!(app.scalar(&areas).await, 1);
}

async fn leaving_erases_the_profile_and_its_invitations_at_once(app: TestApp) {
    let (user, candidate) = member(&app, "lea@vivier.test", &profile(&["11"], "", &[])).await;
    let id = member_id(&app, &user).await;
    let (recruiter, offer) = recruiter_with_offer(&app, "CH Paris", "75", "Médiateur de santé-pair – CMP").await;
    let invited = recruiter
        .post(&format!("/vivier/{id}/invitation"), &[("offre", &offer.to_string())])
        .await;
    assert_eq!(invited.status(), 303);

    let left = candidate.post("/compte/vivier/quitter", &[]).await;
    assert_eq!(location(&left), "/compte/vivier?fait=quitte");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_members").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_invitations").await, 0);
    let (_, list) = recruiter.page("/vivier").await;
    assert!(main_of(&list).contains("0 profils"), "{list}");
    let (status, _) = recruiter.page(&format!("/vivier/{id}")).await;
    assert_eq!(status, 404, "a member who left has no profile");
    let (_, page) = candidate.page("/compte/vivier?fait=quitte").await;
    assert!(page.contains("Vous avez quitté le vivier") && page.contains("Rejoindre le vivier"));
}

async fn an_old_tick_asks_the_candidate_to_join_but_never_puts_them_in_the_pool(app: TestApp) {
    let user = app.user(Role::Candidate, "ancien@vivier.test", &[]).await;
    let employer = app.establishment("CH Ancien", "Lyon", "69").await;
    let offer = app.publish(&employer, "Offre ancienne", 1).await;
    let now = "2026-11-23T10:00:00Z";
    sqlx::query(
        "INSERT INTO applications (fiche_id, establishment_id, candidate_id, status, full_name, email, phone, town, \
         message, followed_by_service, talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, $3, 'non_retenue', 'Ancien Candidat', \
         'ancien@vivier.test', '', 'Lyon', '', 'non', 1, $4, 'v', 'h-ancien', 'k-ancien', $4, $4, $4)",
    )
    .bind(offer.id)
    .bind(employer.id)
    .bind(user.id)
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let candidate = app.signed_in(&user).await;
    let (_, mine) = candidate.page("/mes-candidatures").await;
    assert!(
        mine.contains("Découvrir le vivier et choisir d'y entrer ou non"),
        "{mine}"
    );
    let (_, list) = ccoms(&app).await.page("/vivier").await;
    assert!(
        main_of(&list).contains("0 profils"),
        "an old tick is not a consent to be found"
    );

    member(&app, "autre@vivier.test", &profile(&["84"], "", &[])).await;
    let joined = candidate
        .post(
            "/compte/vivier",
            &[("regions", "84"), ("quotite", "les_deux"), ("consentement", "oui")],
        )
        .await;
    assert_eq!(joined.status(), 303);
    let (_, mine) = candidate.page("/mes-candidatures").await;
    assert!(!mine.contains("Découvrir le vivier"), "a member is not asked again");
}

async fn retention_forgets_an_inactive_member_and_an_invitation_does_not_extend_it(app: TestApp) {
    let (idle, _) = member(&app, "idle@vivier.test", &profile(&["84"], "", &[])).await;
    let (active, active_browser) = member(&app, "active@vivier.test", &profile(&["84"], "", &[])).await;
    let long_ago = msp::db::instant_text(time::OffsetDateTime::now_utc() - time::Duration::days(731));
    app.exec(sqlx::query("UPDATE talent_pool_members SET last_action_at = $1").bind(long_ago))
        .await;
    let (recruiter, offer) = recruiter_with_offer(&app, "CH Lyon", "69", "MSP – équipe mobile").await;
    for user in [&idle, &active] {
        let id = member_id(&app, user).await;
        let invited = recruiter
            .post(&format!("/vivier/{id}/invitation"), &[("offre", &offer.to_string())])
            .await;
        assert_eq!(invited.status(), 303);
    }
    // The active member answers: their own action keeps them; the idle one only was invited.
    let invitation = app
        .scalar(&format!(
            "SELECT i.id FROM talent_pool_invitations i JOIN talent_pool_members m ON m.id = i.member_id \
             WHERE m.user_id = {}",
            active.id
        ))
        .await;
    let answered = active_browser
        .post(
            "/compte/vivier/reponse",
            &[("invitation", &invitation.to_string()), ("reponse", "pas_interesse")],
        )
        .await;
    assert_eq!(location(&answered), "/compte/vivier?fait=reponse");

    let policy = msp::domain::application::RetentionPolicy::default();
    let report = msp::retention::run(&app.db, &policy, time::OffsetDateTime::now_utc(), "http://test")
        .await
        .unwrap();
    assert_eq!(report.pool_members_forgotten, 1);
    let left = app.scalar("SELECT user_id FROM talent_pool_members").await;
    assert_eq!(
        left, active.id,
        "the idle member is forgotten, the one who answered stays"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_invitations").await, 1);
}

async fn the_profile_is_in_the_data_download_and_goes_with_the_account(app: TestApp) {
    let mut fields = profile(&["84"], "", &[]);
    fields.push(("presentation", "Quelques mots à moi"));
    let (user, candidate) = member(&app, "donnees@vivier.test", &fields).await;
    let (recruiter, offer) = recruiter_with_offer(&app, "CH Données", "69", "MSP – données").await;
    let id = member_id(&app, &user).await;
    recruiter
        .post(&format!("/vivier/{id}/invitation"), &[("offre", &offer.to_string())])
        .await;
    let zip = candidate.get("/mes-donnees.zip").await;
    assert_eq!(zip.status(), 200);
    let bytes = zip.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut account = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("compte.json").unwrap(), &mut account).unwrap();
    assert!(
        account.contains("Quelques mots à moi") && account.contains("MSP – données"),
        "{account}"
    );

    let erased = candidate.post("/compte/effacement", &[("confirmer", "oui")]).await;
    assert_eq!(erased.status(), 200);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_members").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_invitations").await, 0);
}
