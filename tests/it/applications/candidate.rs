//! The candidate's own data: withdrawn, downloaded, erased with their account.

use super::*;

on_both_backends!(a_candidate_withdraws_downloads_their_data_and_withdraws_consent);
async fn a_candidate_withdraws_downloads_their_data_and_withdraws_consent(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let browser = app.browser();
    apply(&browser, &offer).await;
    let follow = app.last_link_to(CANDIDATE).await;

    let archive = app.get(&format!("{follow}/donnees.zip")).await;
    assert_eq!(archive.status(), 200);
    let bytes = archive.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut json = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("candidature.json").unwrap(), &mut json).unwrap();
    assert!(json.contains("Camille Martin") && json.contains("Aix-les-Bains"));
    let mut cv = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("cv.pdf").unwrap(), &mut cv).unwrap();
    assert_eq!(cv, pdf_file("CV"));

    let (_, page) = browser.page(&follow).await;
    let version = hidden_value(&page, "version");
    let response = browser
        .post(&format!("{follow}/retrait"), &[("version", &version)])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.mail_to(CANDIDATE).await.len(), 2, "one message for the withdrawal");
    let (_, page) = browser.page(&follow).await;
    assert!(page.contains("Retirée"));

    let response = browser
        .post(&format!("{follow}/consentement"), &[("confirmer", "oui")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM application_documents").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM applications WHERE email = '' AND consent_withdrawn_at IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        browser.get(&follow).await.status(),
        404,
        "the link opens nothing any more"
    );
}

on_both_backends!(a_signed_in_candidate_follows_every_application_and_can_erase_their_account);
async fn a_signed_in_candidate_follows_every_application_and_can_erase_their_account(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let (_, browser, body) = applies_signed_in(&app, &offer).await;
    assert!(body.contains("/mes-candidatures"));
    let (status, list) = browser.page("/mes-candidatures").await;
    assert_eq!(status, 200);
    assert!(list.contains("Médiateur de santé-pair en réhabilitation"));
    let id = application_id(&app).await;
    let (status, _) = browser.page(&format!("/mes-candidatures/{id}")).await;
    assert_eq!(status, 200);

    let archive = browser.get("/mes-donnees.zip").await;
    assert_eq!(archive.status(), 200);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive.bytes().await.unwrap().to_vec())).unwrap();
    assert!(zip.by_name("compte.json").is_ok());
    assert!(zip.by_name(&format!("candidature-{id}/cv.pdf")).is_ok());

    let response = browser.post("/compte/effacement", &[("confirmer", "oui")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE role = 'candidate'").await,
        0
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM application_documents").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM applications WHERE status = 'retiree' AND email = ''")
            .await,
        1
    );
    let again = browser.get("/mes-candidatures").await;
    assert_eq!(location(&again).split('?').next().unwrap(), "/connexion");
}

on_both_backends!(erasing_an_account_leaves_no_message_about_the_candidate_and_a_pseudonym_in_the_audit_log);
async fn erasing_an_account_leaves_no_message_about_the_candidate_and_a_pseudonym_in_the_audit_log(app: TestApp) {
    use msp::db::outbox::Concerns;
    let Scene { app, offer, .. } = scene(app).await;
    // Signing in through the pages writes the candidate's address and IP in the audit log.
    let (candidate, browser, _) = applies_signed_in(&app, &offer).await;
    let id = application_id(&app).await;
    let response = app
        .browser()
        .post("/mot-de-passe-oublie", &[("email", CANDIDATE)])
        .await;
    assert_eq!(response.status(), 200);
    assert!(app.last_link_to(CANDIDATE).await.contains("jeton="));
    held_message(&app, Concerns::user(candidate.id), "Votre lien : /suivi/en-attente").await;
    held_message(&app, Concerns::application(id), "Camille, votre entretien").await;
    assert!(app.scalar("SELECT COUNT(*) FROM mail_outbox").await >= 4);

    let response = browser.post("/compte/effacement", &[("confirmer", "oui")]).await;
    assert_eq!(response.status(), 200);
    no_message_to_or_about_them_is_left(&app, candidate.id, id).await;
    the_audit_log_names_them_by_a_keyed_pseudonym(&app).await;
}

/// No message to or about them is left, sent or waiting.
async fn no_message_to_or_about_them_is_left(app: &TestApp, user: i64, application: i64) {
    let left = outbox_contents(app, "mail_outbox").await;
    for never in [CANDIDATE, "/suivi/", "jeton=", "Camille"] {
        assert!(!left.contains(never), "{never} still in the outbox:\n{left}");
    }
    let about: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE concerns_user_id = $1 OR concerns_application_id = $2",
    )
    .bind(user)
    .bind(application)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(about, 0);
}

/// The audit log still reads, under a keyed pseudonym: no address, no IP of theirs; and that one
/// rewrite is the only one the database allows.
async fn the_audit_log_names_them_by_a_keyed_pseudonym(app: &TestApp) {
    let rows: Vec<(String, Option<i64>, String, String, String)> =
        sqlx::query_as("SELECT action, actor_id, actor_email, ip, target_id FROM audit_log ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert!(!format!("{rows:?}").contains(CANDIDATE), "{rows:?}");
    let pseudonym = msp::documents::DocumentCipher::from_hex(common::TEST_DOCUMENT_KEY, "")
        .unwrap()
        .pseudonym(CANDIDATE);
    assert!(pseudonym.starts_with("personne-"), "{pseudonym}");
    let plain_hash = msp::secrets::token_hash(CANDIDATE);
    assert!(
        !plain_hash.contains(&pseudonym["personne-".len()..]),
        "not a plain hash of the address"
    );
    let theirs: Vec<_> = rows
        .iter()
        .filter(|(action, ..)| action == "connexion" || action == "compte_efface")
        .collect();
    assert!(theirs.len() >= 2, "{rows:?}");
    for (action, actor_id, actor, ip, _) in &theirs {
        assert_eq!(actor, &pseudonym, "{action}");
        assert_eq!((actor_id, ip.as_str()), (&None, ""), "{action}");
    }
    let erased = theirs.iter().find(|(action, ..)| action == "compte_efface").unwrap();
    assert_eq!(erased.4, pseudonym, "the erased account is named by the same pseudonym");

    // That one rewrite is the only one the database allows.
    let edit = sqlx::query("UPDATE audit_log SET action = 'autre', actor_email = $1")
        .bind(&pseudonym)
        .execute(&app.db.pool)
        .await;
    assert!(edit.is_err(), "the log stays append-only");
}
