//! Importing a fiche de poste into a draft: a PDF, DOCX or ODT, or its pasted text, fills the
//! steps with every field "à vérifier" and the lines it could not place beside the form; a
//! broken, encrypted or huge document is refused in French and leaves the draft as it was.

use super::*;

/// The documents the import's own tests make from a fiche's text.
#[path = "../../../src/import/tests/make.rs"]
#[allow(dead_code)]
mod make;

const GREMO_PASS: &str = include_str!("../../fixtures/import/gremo-pass.txt");

/// (to_verify, import_unplaced, missions, version, title) as stored.
async fn stored(app: &TestApp, fiche: &str) -> (String, String, String, i64, String) {
    let id: i64 = fiche.trim_start_matches("/fiches/").parse().unwrap();
    sqlx::query_as("SELECT to_verify, import_unplaced, missions, version, title FROM fiches WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Sends the import page's form with this document and this pasted text.
async fn send(browser: &Browser, fiche: &str, file: Option<(&str, Vec<u8>)>, texte: &str) -> reqwest::Response {
    let (_, page) = browser.page(&format!("{fiche}/importer")).await;
    let version = hidden_value(&page, "version");
    let files: Vec<(&str, &str, Vec<u8>)> = file.into_iter().map(|(name, bytes)| ("fichier", name, bytes)).collect();
    let fields = [("version", version.as_str()), ("texte", texte)];
    browser
        .post_multipart(&format!("{fiche}/importer"), &fields, &files)
        .await
}

on_both_backends!(a_document_in_each_format_fills_the_draft_with_every_field_to_verify);
async fn a_document_in_each_format_fills_the_draft_with_every_field_to_verify(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let (_, editor) = recruiter.page(&format!("{fiche}/modifier")).await;
    assert!(
        editor.contains(&format!("href=\"{fiche}/importer\"")),
        "linked from step 1"
    );
    let (_, page) = recruiter.page(&fiche).await;
    assert!(
        page.contains(&format!("href=\"{fiche}/importer\"")),
        "and from the draft's page"
    );

    let documents = [
        ("gremo-pass.docx", make::docx(GREMO_PASS)),
        ("gremo-pass.odt", make::odt(GREMO_PASS)),
        ("gremo-pass.pdf", make::pdf(GREMO_PASS)),
    ];
    for (count, (name, bytes)) in documents.into_iter().enumerate() {
        let response = send(&recruiter, &fiche, Some((name, bytes)), "").await;
        assert_eq!(response.status(), 303, "{name}: {}", response.text().await.unwrap());
        assert_eq!(location(&response), format!("{fiche}/modifier?etape=1&importe=1"));
        let (_, editor) = recruiter.page(&location(&response)).await;
        assert_holds(
            &unescape(&editor),
            &[
                "Fiche importée : vérifiez chaque champ marqué « À vérifier ».",
                "J'ai vérifié ce champ",
            ],
        );
        let (flags, _, missions, _, title) = stored(&app, &fiche).await;
        let missions: Vec<msp::domain::fiche::MissionGroup> = serde_json::from_str(&missions).unwrap();
        let items: usize = missions.iter().map(|group| group.items.len()).sum();
        assert_eq!(items, 11, "{name}: the GREMO-PASS fiche's eleven missions");
        assert!(
            flags.contains("\"missions\"") && flags.contains("\"title\""),
            "{name}: {flags}"
        );
        assert!(
            !title.is_empty() && title != "Médiateur ou médiatrice de santé-pair",
            "{name}"
        );
        let audited = app
            .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'fiche_importee'")
            .await;
        assert_eq!(audited, count as i64 + 1);
    }

    // Submission waits for every imported field to be confirmed.
    let response = submit(&recruiter, &fiche).await;
    assert_eq!(response.status(), 422);
    says(response, &["champs à vérifier"]).await;
}

on_both_backends!(pasted_text_is_imported_and_its_unplaced_lines_shown_until_dismissed);
async fn pasted_text_is_imported_and_its_unplaced_lines_shown_until_dismissed(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let text = format!("{GREMO_PASS}\nContrat : CDD d'un an renouvelable\nNombre de postes : 2\n");
    let response = send(&recruiter, &fiche, None, &text).await;
    assert_eq!(response.status(), 303);
    let (_, unplaced, _, _, _) = stored(&app, &fiche).await;
    assert!(
        unplaced.contains("Établissement : "),
        "the document's establishment is only shown: {unplaced}"
    );
    let id: i64 = fiche.trim_start_matches("/fiches/").parse().unwrap();
    let details: String = sqlx::query_scalar("SELECT details FROM fiches WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(
        details.contains("\"contract\":\"cdd\"") && details.contains("\"posts\":2"),
        "the contract and the posts read into the model: {details}"
    );
    for step in [1, 4] {
        let (_, editor) = recruiter.page(&format!("{fiche}/modifier?etape={step}")).await;
        let read = unescape(&editor);
        assert!(
            read.contains("Texte du document non placé") && read.contains("Établissement : "),
            "beside every step: {editor}"
        );
    }
    let response = recruiter
        .post(&format!("{fiche}/importer/ecarter"), &[("etape", "4")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{fiche}/modifier?etape=4"));
    let (_, editor) = recruiter.page(&format!("{fiche}/modifier?etape=4")).await;
    assert!(!editor.contains("Texte du document non placé"));
}

on_both_backends!(a_broken_encrypted_huge_or_unknown_document_is_refused_and_the_draft_kept);
async fn a_broken_encrypted_huge_or_unknown_document_is_refused_and_the_draft_kept(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let before = stored(&app, &fiche).await;
    let mut corrupt = make::docx(GREMO_PASS);
    corrupt.truncate(corrupt.len() / 2);
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.resize(4096, 0);
    let mut huge = b"%PDF-1.4\n".to_vec();
    huge.resize(10 * 1024 * 1024 + 1, b' ');
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("fiche.docx", corrupt, "Ce document est illisible ou abîmé"),
        ("fiche.docx", encrypted, "Ce document est chiffré"),
        ("fiche.pdf", huge, "Ce document est trop volumineux"),
        ("fiche.txt", b"Une fiche en texte brut".to_vec(), "Format non reconnu"),
    ];
    for (name, bytes, message) in cases {
        let response = send(&recruiter, &fiche, Some((name, bytes)), "Mon texte collé à garder").await;
        assert_eq!(response.status(), 422, "{message}");
        let page = says(response, &[message, "Mon texte collé à garder"]).await;
        assert!(page.contains("id=\"erreur-fichier\""), "next to the field: {page}");
    }
    let response = send(&recruiter, &fiche, None, "  \n ").await;
    assert_eq!(response.status(), 422);
    says(response, &["Choisissez le document de la fiche, ou collez son texte."]).await;

    assert_eq!(stored(&app, &fiche).await, before, "the draft is untouched");
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'fiche_importee'")
        .await;
    assert_eq!(audited, 0);
}
