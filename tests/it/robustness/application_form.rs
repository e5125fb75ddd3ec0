use super::*;

on_both_backends!(the_application_form_refuses_or_accepts_every_boundary_value);
async fn the_application_form_refuses_or_accepts_every_boundary_value(app: TestApp) {
    let (scene, offer) = scene_with_an_offer(app).await;
    let app = &scene.app;
    let candidate = app.signed_in(&scene.candidate).await;
    let form = apply_form(&offer.slug);
    every_field_at_its_boundaries(&candidate, &form).await;

    // The documents too: each missing, empty, an executable, a bomb, both at once.
    let anonymous = app.browser();
    let fields: Vec<(&'static str, String)> = form.fields.clone();
    let (cv, letter) = (form.files[0].clone(), form.files[1].clone());
    let program = ("cv", "cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00".to_vec());
    let bomb = ("lettre", "lettre.docx", inflated_docx("Lettre"));
    for files in [
        vec![],
        vec![cv.clone()],
        vec![letter.clone()],
        vec![("cv", "cv.pdf", Vec::new()), letter.clone()],
        vec![program.clone(), letter.clone()],
        vec![cv.clone(), bomb.clone()],
        vec![program, bomb],
    ] {
        for browser in [&candidate, &anonymous] {
            let status = send(browser, &form, &fields, &files, None).await;
            assert_eq!(status, 422, "{:?}", files.iter().map(|f| f.0).collect::<Vec<_>>());
        }
    }
}

on_both_backends!(a_refused_application_keeps_both_documents_without_a_server_error);
async fn a_refused_application_keeps_both_documents_without_a_server_error(app: TestApp) {
    let (scene, offer) = scene_with_an_offer(app).await;
    let app = &scene.app;
    let browser = app.browser();
    let (path, mut fields) = open_application_form(&browser, &offer).await;
    fields.retain(|(name, _)| *name != "consentement");
    let without_consent = pairs(&fields);
    let files = || {
        vec![
            ("cv", "mon-cv.pdf", pdf_file("CV")),
            ("lettre", "ma-lettre.docx", docx("Lettre")),
        ]
    };

    // Both documents attached, one field missing: the form comes back with both kept.
    let response = browser.post_multipart(&path, &without_consent, &files()).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Fichier reçu et gardé : mon-cv.pdf"), "{page}");
    assert!(page.contains("Fichier reçu et gardé : ma-lettre.docx"), "{page}");
    assert_eq!(count(app, "upload_drafts").await, 2);

    // Refused again with both documents sent anew under the same token: each kept once, the newer.
    let pieces = hidden_value(&page, "pieces");
    let mut again = without_consent.clone();
    again.push(("pieces", &pieces));
    let newer = vec![
        ("cv", "cv-2.pdf", pdf_file("CV 2")),
        ("lettre", "lettre-2.docx", docx("Lettre 2")),
    ];
    let response = browser.post_multipart(&path, &again, &newer).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Fichier reçu et gardé : cv-2.pdf"), "{page}");
    assert!(page.contains("Fichier reçu et gardé : lettre-2.docx"), "{page}");
    assert_eq!(count(app, "upload_drafts").await, 2);

    // Completed without sending the files again: the kept ones make the application.
    let mut complete = again.clone();
    complete.push(("consentement", "oui"));
    let response = browser.post_multipart(&path, &complete, &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(count(app, "application_documents").await, 2);
    assert_eq!(count(app, "upload_drafts").await, 0);
    let names: Vec<String> = sqlx::query_scalar("SELECT filename FROM application_documents ORDER BY kind")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(names, ["cv-2.pdf", "lettre-2.docx"]);
}

on_both_backends!(a_document_that_would_inflate_absurdly_is_refused_next_to_its_field);
async fn a_document_that_would_inflate_absurdly_is_refused_next_to_its_field(app: TestApp) {
    let (scene, offer) = scene_with_an_offer(app).await;
    let app = &scene.app;
    let browser = app.browser();
    let (path, fields) = open_application_form(&browser, &offer).await;
    let files = [
        ("cv", "cv.pdf", pdf_file("CV")),
        ("lettre", "lettre.docx", inflated_docx("Lettre")),
    ];
    let response = browser.post_multipart(&path, &pairs(&fields), &files).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap().replace("&#39;", "'");
    assert!(
        page.contains("Lettre de motivation : Ce document annonce un contenu anormalement volumineux"),
        "{page}"
    );
    assert_eq!(count(app, "applications").await, 0);
    assert_eq!(count(app, "application_documents").await, 0);
}
