//! The application form: bad input, a double submit, a closed offer.

use super::*;

on_both_backends!(bad_input_gets_a_french_message_keeps_what_was_typed_and_the_files_received);
async fn bad_input_gets_a_french_message_keeps_what_was_typed_and_the_files_received(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let browser = app.browser();
    let path = format!("/offres/{}/candidater", offer.slug);
    an_empty_form_gets_a_message_per_field(&browser, &path).await;
    let (key, pieces) = a_renamed_program_is_refused_and_the_letter_kept(&app, &browser, &path).await;
    the_retry_sends_only_the_cv_and_the_letter_kept_is_used(&app, &browser, &path, &key, &pieces).await;
    too_large_a_file_is_refused(&browser, &path).await;
}

/// An empty form: a message per field, nothing saved.
async fn an_empty_form_gets_a_message_per_field(browser: &Browser, path: &str) {
    let response = browser.post_multipart(path, &[], &[]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for message in [
        "Indiquez vos prénom et nom",
        "Cochez la case de consentement",
        "joignez un fichier",
    ] {
        assert!(page.contains(message), "{message}");
    }
}

/// A renamed executable as the CV, a good letter: the letter is kept and named, the CV refused,
/// what was typed kept. Returns the form's key and the kept pieces' token.
async fn a_renamed_program_is_refused_and_the_letter_kept(
    app: &TestApp, browser: &Browser, path: &str,
) -> (String, String) {
    let (_, form) = browser.page(path).await;
    let key = hidden_value(&form, "cle");
    let mut typed = fields(&key);
    typed.retain(|(name, _)| *name != "consentement");
    let mut program = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    program.extend(vec![0u8; 512]);
    let files = [("cv", "cv.pdf", program), ("lettre", "ma-lettre.docx", docx("Lettre"))];
    let response = browser.post_multipart(path, &typed, &files).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("n&#39;est pas un PDF") || page.contains("n'est pas un PDF"),
        "{page}"
    );
    assert!(page.contains("Fichier reçu et gardé : ma-lettre.docx"));
    assert!(page.contains("value=\"Aix-les-Bains\""), "typed values are kept");
    assert!(page.contains("Je serais heureuse d&#39;en parler.") || page.contains("Je serais heureuse d'en parler."));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM applications").await, 0);
    (key, hidden_value(&page, "pieces"))
}

async fn the_retry_sends_only_the_cv_and_the_letter_kept_is_used(
    app: &TestApp, browser: &Browser, path: &str, key: &str, pieces: &str,
) {
    let mut retry = fields(key);
    retry.push(("pieces", pieces));
    let response = browser
        .post_multipart(path, &retry, &[("cv", "cv.pdf", pdf_file("CV"))])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM application_documents").await, 2);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM upload_drafts").await, 0);
}

async fn too_large_a_file_is_refused(browser: &Browser, path: &str) {
    let (_, form) = browser.page(path).await;
    let key = hidden_value(&form, "cle");
    let mut big = pdf_file("grand");
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let files = [("cv", "cv.pdf", big), ("lettre", "l.docx", docx("L"))];
    let response = browser.post_multipart(path, &fields(&key), &files).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("10 Mo"));
}

on_both_backends!(a_double_submit_makes_one_application_and_a_closed_offer_takes_none);
async fn a_double_submit_makes_one_application_and_a_closed_offer_takes_none(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let browser = app.browser();
    let path = format!("/offres/{}/candidater", offer.slug);
    let (_, form) = browser.page(&path).await;
    let key = hidden_value(&form, "cle");
    for _ in 0..2 {
        let response = browser
            .post_multipart(
                &path,
                &fields(&key),
                &[("cv", "cv.pdf", pdf_file("CV")), ("lettre", "l.docx", docx("L"))],
            )
            .await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM applications").await, 1);
    assert_eq!(app.mail_to(CANDIDATE).await.len(), 1);

    sqlx::query("UPDATE fiches SET deadline = '2020-01-01'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (status, page) = browser.page(&path).await;
    assert_eq!(status, 410);
    assert!(page.contains("Les candidatures sont closes"));
    let (_, form) = app.browser().page(&format!("/offres/{}", offer.slug)).await;
    assert!(!form.contains("/candidater\""));
}
