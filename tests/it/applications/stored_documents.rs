//! « Mes documents »: a candidate keeps up to five CVs and five letters, applies with them in
//! one click, and each application keeps its own copy; nobody else can use or read them.

use super::*;
use crate::common::unescape;

/// Adds a document to « Mes documents » through its form.
async fn store(browser: &Browser, kind: &str, name: &str, file: (&str, Vec<u8>)) -> reqwest::Response {
    let fields = [("type", kind), ("nom", name)];
    browser
        .post_multipart("/compte/documents", &fields, &[("fichier", file.0, file.1)])
        .await
}

/// The id of the account's newest stored document of that kind.
async fn newest(app: &TestApp, user: i64, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT MAX(id) FROM candidate_documents WHERE user_id = {user} AND kind = '{kind}'"
    ))
    .await
}

/// Sends the apply form with these choices and files, as the page's form would.
async fn apply_choosing(
    browser: &Browser, offer: &Offer, choices: &[(&str, &str)], files: &[(&str, &str, Vec<u8>)],
) -> reqwest::Response {
    let path = format!("/offres/{}/candidater", offer.slug);
    let (status, form) = browser.page(&path).await;
    assert_eq!(status, 200);
    let key = hidden_value(&form, "cle");
    let mut typed = fields(&key);
    typed.extend_from_slice(choices);
    browser.post_multipart(&path, &typed, files).await
}

on_both_backends!(a_candidate_keeps_five_documents_of_a_kind_and_applies_with_one_whose_copy_outlives_it);
async fn a_candidate_keeps_five_documents_of_a_kind_and_applies_with_one_whose_copy_outlives_it(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let candidate = app.user(Role::Candidate, CANDIDATE, &[]).await;
    let browser = app.signed_in(&candidate).await;
    let (status, page) = browser.page("/compte/documents").await;
    assert_eq!(status, 200);
    assert!(page.contains("Aucun document"), "{page}");

    let response = store(&browser, "cv", "", ("cv-1.pdf", pdf_file("CV 1"))).await;
    assert_eq!(response.status(), 303);
    for n in 2..=5 {
        let response = store(&browser, "cv", &format!("CV numéro {n}"), ("cv.pdf", pdf_file("CV"))).await;
        assert_eq!(response.status(), 303);
    }
    let (_, page) = browser.page("/compte/documents").await;
    let page = unescape(&page);
    assert!(page.contains(">cv-1.pdf</a>"), "named by its file by default: {page}");
    assert!(page.contains("CV numéro 5"), "{page}");

    // A sixth CV: refused next to the field, the name typed kept; a letter still fits.
    let response = store(&browser, "cv", "Le sixième", ("cv.pdf", pdf_file("CV 6"))).await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("vous en gardez déjà 5"), "{page}");
    assert!(page.contains("value=\"Le sixième\""), "{page}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM candidate_documents").await, 5);
    // A file that is not a document, and no kind chosen: a message each, never a 500.
    let response = store(&browser, "", "", ("virus.exe", b"MZ not a document".to_vec())).await;
    assert_eq!(response.status(), 422);

    // The form offers the stored CVs, the newest chosen; a letter is uploaded and kept.
    let chosen = newest(&app, candidate.id, "cv").await;
    let (_, form) = browser.page(&format!("/offres/{}/candidater", offer.slug)).await;
    assert!(
        form.contains(&format!("name=\"cv_choix\" value=\"{chosen}\" checked")),
        "{form}"
    );
    let chosen_id = chosen.to_string();
    let choices = [
        ("cv_choix", chosen_id.as_str()),
        ("lettre_garder", "oui"),
        ("lettre_nom", "Lettre pour un CMP"),
    ];
    let files = [("lettre", "lettre.docx", docx("Lettre"))];
    let response = apply_choosing(&browser, &offer, &choices, &files).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM application_documents").await, 2);
    let (_, page) = browser.page("/compte/documents").await;
    assert!(unescape(&page).contains("Lettre pour un CMP"), "{page}");

    // Erasing the stored CV leaves the application's copy whole.
    let response = browser
        .post(&format!("/compte/documents/{chosen}/effacement"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let id = application_id(&app).await;
    let rh = app.signed_in(&recruiter).await;
    let cv = rh.get(&format!("/candidatures/{id}/documents/cv")).await;
    assert_eq!(cv.status(), 200);
    assert_eq!(cv.bytes().await.unwrap().to_vec(), pdf_file("CV"));

    // Erasing the application (consent withdrawn) leaves the stored letter.
    let letter = newest(&app, candidate.id, "lettre").await;
    let response = browser
        .post(&format!("/mes-candidatures/{id}/consentement"), &[("confirmer", "oui")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM application_documents").await, 0);
    let stored = browser.get(&format!("/compte/documents/{letter}")).await;
    assert_eq!(stored.status(), 200);
    assert_eq!(stored.bytes().await.unwrap().to_vec(), docx("Lettre"));
}

on_both_backends!(another_candidate_can_neither_use_nor_read_nor_rename_a_stored_document);
async fn another_candidate_can_neither_use_nor_read_nor_rename_a_stored_document(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let owner = app.user(Role::Candidate, "proprietaire@exemple.fr", &[]).await;
    let owner_browser = app.signed_in(&owner).await;
    store(&owner_browser, "cv", "Mon CV", ("cv.pdf", pdf_file("CV secret"))).await;
    let theirs = newest(&app, owner.id, "cv").await;

    let other = app.user(Role::Candidate, CANDIDATE, &[]).await;
    let browser = app.signed_in(&other).await;
    assert_eq!(browser.get(&format!("/compte/documents/{theirs}")).await.status(), 404);
    let rename = browser
        .post(&format!("/compte/documents/{theirs}/nom"), &[("nom", "Volé")])
        .await;
    assert_eq!(rename.status(), 404);
    browser
        .post(&format!("/compte/documents/{theirs}/effacement"), &[])
        .await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM candidate_documents").await, 1);
    let (_, page) = browser.page("/compte/documents").await;
    assert!(!page.contains("Mon CV"), "{page}");

    // Choosing it at apply: refused next to the field, the rest kept, nothing stored.
    let theirs_id = theirs.to_string();
    let choices = [("cv_choix", theirs_id.as_str())];
    let files = [("lettre", "lettre.docx", docx("Lettre"))];
    let response = apply_choosing(&browser, &offer, &choices, &files).await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("id=\"erreur-cv\""), "{page}");
    assert!(page.contains("n'est pas dans vos documents"), "{page}");
    assert!(page.contains("value=\"06 12 34 56 78\""), "{page}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM applications").await, 0);
    // Nor can a visitor without an account.
    let response = apply_choosing(&app.browser(), &offer, &choices, &files).await;
    assert_eq!(response.status(), 422);
}

on_both_backends!(erasing_the_account_forgets_its_stored_documents_and_the_download_holds_them);
async fn erasing_the_account_forgets_its_stored_documents_and_the_download_holds_them(app: TestApp) {
    let Scene { app, .. } = scene(app).await;
    let candidate = app.user(Role::Candidate, CANDIDATE, &[]).await;
    let browser = app.signed_in(&candidate).await;
    store(&browser, "lettre", "Lettre générale", ("l.docx", docx("Ma lettre"))).await;
    let archive = browser.get("/mes-donnees.zip").await;
    assert_eq!(archive.status(), 200);
    let bytes = archive.bytes().await.unwrap().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut account = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("compte.json").unwrap(), &mut account).unwrap();
    assert!(account.contains("Lettre générale"), "{account}");
    let id = newest(&app, candidate.id, "lettre").await;
    let mut letter = Vec::new();
    let path = format!("mes-documents/lettre-{id}.docx");
    std::io::Read::read_to_end(&mut zip.by_name(&path).unwrap(), &mut letter).unwrap();
    assert_eq!(letter, docx("Ma lettre"));

    let response = browser.post("/compte/effacement", &[("confirmer", "oui")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM candidate_documents").await, 0);
}

on_both_backends!(the_form_no_longer_asks_about_ones_care_and_the_old_answers_are_gone);
async fn the_form_no_longer_asks_about_ones_care_and_the_old_answers_are_gone(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let (status, form) = app.page(&format!("/offres/{}/candidater", offer.slug)).await;
    assert_eq!(status, 200);
    let form = unescape(&form);
    assert!(!form.contains("Avez-vous été suivi"), "{form}");
    assert!(!form.contains("name=\"suivi\""), "{form}");
    assert!(!form.contains("name=\"vivier\""), "the old pool tick is gone: {form}");
    assert!(form.contains("vous pouvez en parler en entretien"), "{form}");
    assert!(form.contains("href=\"/compte/vivier\""), "{form}");
    // Sent without any answer, the application is taken, outside the old pool.
    let (status, body) = apply(&app.browser(), &offer).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM applications WHERE talent_pool = 0")
            .await,
        1
    );
    // The answers stored before are erased with their column.
    let old = sqlx::query("SELECT followed_by_service FROM applications")
        .fetch_all(&app.db.pool)
        .await;
    assert!(old.is_err(), "the column is gone");
}

on_both_backends!(keeping_a_sixth_cv_from_the_apply_form_is_refused_next_to_the_field_with_the_input_kept);
async fn keeping_a_sixth_cv_from_the_apply_form_is_refused_next_to_the_field_with_the_input_kept(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    let candidate = app.user(Role::Candidate, CANDIDATE, &[]).await;
    let browser = app.signed_in(&candidate).await;
    for n in 1..=5 {
        store(&browser, "cv", &format!("CV {n}"), ("cv.pdf", pdf_file("CV"))).await;
    }
    let choices = [("cv_choix", "nouveau"), ("cv_garder", "oui"), ("cv_nom", "CV en trop")];
    let files = [
        ("cv", "cv-6.pdf", pdf_file("CV 6")),
        ("lettre", "lettre.docx", docx("Lettre")),
    ];
    let response = apply_choosing(&browser, &offer, &choices, &files).await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    assert!(page.contains("id=\"erreur-cv\""), "{page}");
    assert!(page.contains("vous en gardez déjà 5"), "{page}");
    assert!(page.contains("value=\"CV en trop\""), "the name typed is kept: {page}");
    assert!(
        page.contains("Fichier reçu et gardé : cv-6.pdf"),
        "the file waits: {page}"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM applications").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM candidate_documents").await, 5);

    // Without keeping it, the same file (kept from the try) makes the application.
    let pieces = hidden_value(&page, "pieces");
    let again = [("cv_choix", "nouveau"), ("pieces", pieces.as_str())];
    let response = apply_choosing(&browser, &offer, &again, &[]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let names: Vec<String> = sqlx::query_scalar("SELECT filename FROM application_documents ORDER BY kind")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(names, ["cv-6.pdf", "lettre.docx"]);
}

on_both_backends!(a_key_rotation_reseals_the_stored_documents_too);
async fn a_key_rotation_reseals_the_stored_documents_too(app: TestApp) {
    use msp::db::applications::{SEALED_TABLES, StoredDocument, replace_seal, sealed_with_other_key};
    use msp::documents::DocumentCipher;
    let user = app.user(Role::Candidate, "rotation@exemple.fr", &[]).await;
    let old_key = DocumentCipher::generate_key_hex();
    let sealed = DocumentCipher::from_hex(&old_key, "")
        .unwrap()
        .seal(b"%PDF-1.4\n%%EOF\n", "cv");
    let document = StoredDocument {
        kind: "cv".into(),
        filename: "cv.pdf".into(),
        media_type: "pdf".into(),
        size: 14,
        key_id: sealed.key_id,
        sealed: sealed.bytes,
    };
    let mut conn = app.db.pool.acquire().await.unwrap();
    let id = msp::db::candidate_documents::insert(&mut conn, user.id, "Ancien CV", &document)
        .await
        .unwrap()
        .unwrap();
    let both = DocumentCipher::from_hex(common::TEST_DOCUMENT_KEY, &old_key).unwrap();
    assert!(SEALED_TABLES.contains(&"candidate_documents"));
    let stale = sealed_with_other_key(&mut conn, "candidate_documents", both.current_key_id())
        .await
        .unwrap();
    assert_eq!(stale.iter().map(|d| d.id).collect::<Vec<_>>(), vec![id]);
    let plain = both.open(&stale[0].key_id, &stale[0].sealed, "cv").unwrap();
    replace_seal(
        &mut conn,
        "candidate_documents",
        id,
        &stale[0].key_id,
        both.seal(&plain, "cv"),
    )
    .await
    .unwrap();
    let left = sealed_with_other_key(&mut conn, "candidate_documents", both.current_key_id())
        .await
        .unwrap();
    assert!(left.is_empty(), "resealed with the current key");
    drop(conn);
    let candidate = app.signed_in(&user).await;
    let response = candidate.get(&format!("/compte/documents/{id}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(&response.bytes().await.unwrap()[..], b"%PDF-1.4\n%%EOF\n");
}
