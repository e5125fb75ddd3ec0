//! Publishing: a file or a link, the form's messages, versions, search.

use super::*;

on_both_backends!(
    a_published_file_is_downloaded_by_a_visitor_as_it_was_sent,
    a_link_must_be_an_https_address,
    a_refused_form_says_why_next_to_each_field_and_keeps_what_was_typed,
    a_new_version_becomes_current_and_the_older_one_stays_downloadable,
    the_search_finds_a_resource_by_another_form_of_a_word_of_its_summary,
);

async fn a_published_file_is_downloaded_by_a_visitor_as_it_was_sent(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let bytes = a_pdf("Accueillir un médiateur");
    let page = publish_pdf(
        &ccoms,
        "Guide d'accueil",
        "Comment préparer l'équipe.",
        "public",
        bytes.clone(),
    )
    .await;
    assert_eq!(page, "/ressources/guide-d-accueil");
    let visitor = app.browser();
    let (status, text) = read(&visitor, &page).await;
    assert_eq!(status, 200);
    common::assert_holds(
        &text,
        &[
            "Guide d'accueil",
            "Comment préparer l'équipe.",
            "PDF, ",
            "octets",
            "Équipes, Encadrement",
            "Accueillir un médiateur",
            "15 mars 2026",
            "Télécharger le document (PDF, ",
        ],
    );
    let file = visitor.get(&format!("{page}/fichier")).await;
    assert_eq!(file.status(), 200);
    assert_eq!(common::content_type(&file), "application/pdf");
    let disposition = file.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(file.bytes().await.unwrap().to_vec(), bytes);
    // Kept sealed: the database does not hold the document's bytes as they are.
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT sealed FROM resource_versions")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(!sealed.windows(5).any(|w| w == b"%PDF-"));
    let (_, list) = read(&visitor, "/ressources").await;
    common::assert_holds(&list, &["Guide d'accueil", "1 document"]);
}

async fn a_link_must_be_an_https_address(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let mut form = fields("Le site du CCOMS", "La page du programme.", "public");
    form.push(("lien", "http://exemple.fr/programme"));
    let refused = ccoms.post_multipart("/ressources/nouvelle", &form, &[]).await;
    assert_eq!(refused.status(), 422);
    let text = unescape(&refused.text().await.unwrap());
    common::assert_holds(&text, &["commence par https://", "value=\"Le site du CCOMS\""]);
    form.pop();
    form.push(("lien", "https://exemple.fr/programme"));
    let published = ccoms.post_multipart("/ressources/nouvelle", &form, &[]).await;
    assert_eq!(published.status(), 303);
    let (status, text) = read(&app.browser(), &location(&published)).await;
    assert_eq!(status, 200);
    common::assert_holds(
        &text,
        &["href=\"https://exemple.fr/programme\"", "Lien vers un autre site"],
    );
    let file = app.browser().get(&format!("{}/fichier", location(&published))).await;
    assert_eq!(file.status(), 404);
}

async fn a_refused_form_says_why_next_to_each_field_and_keeps_what_was_typed(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let empty = ccoms
        .post_multipart("/ressources/nouvelle", &[("titre", "Mon guide")], &[])
        .await;
    assert_eq!(empty.status(), 422);
    let text = unescape(&empty.text().await.unwrap());
    common::assert_holds(
        &text,
        &[
            "value=\"Mon guide\"",
            "Résumez le document",
            "Cochez au moins un public.",
            "Cochez au moins un thème.",
            "Indiquez l'adresse du document, ou joignez un fichier.",
            "id=\"erreur-publics\"",
        ],
    );
    let renamed = ccoms
        .post_multipart(
            "/ressources/nouvelle",
            &fields("Un programme", "Un résumé.", "public"),
            &[("fichier", "guide.pdf", b"MZ\x90\x00 not a document".to_vec())],
        )
        .await;
    assert_eq!(renamed.status(), 422);
    let text = unescape(&renamed.text().await.unwrap());
    common::assert_holds(
        &text,
        &["n'est pas un PDF, un DOCX ou un ODT", "value=\"Un programme\""],
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM resources").await, 0);
}

async fn a_new_version_becomes_current_and_the_older_one_stays_downloadable(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let first = a_pdf("première version");
    let page = publish_pdf(&ccoms, "Trame d'entretien", "La trame.", "public", first.clone()).await;
    let second = common::docx("deuxième version");
    let added = ccoms
        .post_multipart(
            &format!("{page}/version"),
            &[],
            &[("fichier", "trame.docx", second.clone())],
        )
        .await;
    assert_eq!(added.status(), 303, "{}", added.text().await.unwrap());
    let visitor = app.browser();
    let (_, text) = read(&visitor, &page).await;
    common::assert_holds(&text, &["Word (DOCX)", "Versions précédentes", "Version 1 du"]);
    let current = visitor.get(&format!("{page}/fichier")).await;
    assert_eq!(
        common::content_type(&current),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(current.bytes().await.unwrap().to_vec(), second);
    let older = visitor.get(&format!("{page}/fichier/1")).await;
    assert_eq!(older.bytes().await.unwrap().to_vec(), first);
    assert_eq!(visitor.get(&format!("{page}/fichier/3")).await.status(), 404);
    // A wrong file is refused next to its field; the current version stays.
    let refused = ccoms
        .post_multipart(
            &format!("{page}/version"),
            &[],
            &[("fichier", "x.pdf", b"pas un document".to_vec())],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM resource_versions").await, 2);
}

async fn the_search_finds_a_resource_by_another_form_of_a_word_of_its_summary(app: TestApp) {
    let ccoms = ccoms(&app).await;
    publish_pdf(
        &ccoms,
        "Guide A",
        "L'accompagnement des médiatrices en formation.",
        "public",
        a_pdf("a"),
    )
    .await;
    publish_pdf(
        &ccoms,
        "Guide B",
        "Le financement des postes par l'ARS.",
        "public",
        a_pdf("b"),
    )
    .await;
    let visitor = app.browser();
    let (_, found) = read(&visitor, "/ressources?q=accompagnements+formations").await;
    common::assert_holds(&found, &["Guide A", "1 document"]);
    assert!(!found.contains("Guide B"), "{found}");
    let (_, none) = read(&visitor, "/ressources?q=bicyclette").await;
    assert!(none.contains("Aucun document ne correspond"), "{none}");
    let (_, by_theme) = read(&visitor, "/ressources?theme=accueil&public=candidats").await;
    assert!(
        !by_theme.contains("Guide A") && by_theme.contains("Aucun document ne correspond"),
        "{by_theme}"
    );
    let (_, by_audience) = read(&visitor, "/ressources?public=encadrement").await;
    common::assert_holds(&by_audience, &["Guide A", "Guide B"]);
}
