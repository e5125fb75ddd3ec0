//! An offer as an A4 PDF.

use super::*;

on_both_backends!(an_offer_downloads_as_an_a4_pdf_linked_from_its_page);
async fn an_offer_downloads_as_an_a4_pdf_linked_from_its_page(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let offer = app.publish(&ch, "Médiateur de santé-pair à l'œuvre", 1).await;
    let (_, html) = app.page(&format!("/offres/{}", offer.slug)).await;
    assert!(
        html.contains(&format!(
            "href=\"/offres/{}/pdf\" type=\"application/pdf\">{}Télécharger la fiche en PDF (A4)</a>",
            offer.slug,
            msp::web::icons::icon("telecharger")
        )),
        "the page links to its PDF, saying it is a PDF"
    );
    let (status, content_type, disposition, bytes) = pdf(app.get(&format!("/offres/{}/pdf", offer.slug)).await).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/pdf");
    assert_eq!(disposition, format!("inline; filename=\"{}.pdf\"", offer.slug));
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/Lang(fr-FR)"), "the document says it is in French");
    assert!(raw.contains("/MediaBox[0 0 595.28 841.89]"), "pages are A4");
    assert!(raw.contains("/StructTreeRoot"), "the PDF is tagged for screen readers");
    let text = pdf_text(&bytes);
    for expected in [
        "Médiateur de santé-pair à l'œuvre",
        "CH des Tests – Lille (Nord, Hauts-de-France)",
        "Temps de travail : Temps plein (100 %)",
        "Soutenir le rétablissement",
    ] {
        assert!(text.contains(expected), "« {expected} » not in {text}");
    }
    let raw_text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(raw_text.contains("Page 1 sur "), "pages are numbered: {raw_text}");
    assert!(!raw_text.contains("Brouillon"), "a published offer is not a draft");
    assert_eq!(app.page("/offres/nexiste-pas/pdf").await.0, 404);
}

on_both_backends!(the_pdf_of_the_real_fiches_carries_every_section_in_the_pages_order);
async fn the_pdf_of_the_real_fiches_carries_every_section_in_the_pages_order(app: TestApp) {
    app.load_demo().await;
    for query in ["GREMO-PASS", "SMART 73"] {
        let (_, found) = app.json(&format!("/api/v1/offres?q={}", query.replace(' ', "+"))).await;
        let slug = found["offres"][0]["slug"].as_str().unwrap().to_string();
        let real = msp::db::fiches::find_public_by_slug(&app.db, &slug)
            .await
            .unwrap()
            .unwrap();
        let (status, _, _, bytes) = pdf(app.get(&format!("/offres/{slug}/pdf")).await).await;
        assert_eq!(status, 200);
        let text = pdf_text(&bytes);
        let c = &real.content;
        the_headings_come_in_the_pages_order(query, &text, c);
        every_piece_of_every_section_is_there_word_for_word(query, &text, c);
        if let Some(index) = c.pay_index {
            assert!(text.contains(&format!("indice majoré {index}")), "{query}: the pay");
        }
    }
}

/// The page's headings, in the page's order.
fn the_headings_come_in_the_pages_order(query: &str, text: &str, c: &FicheContent) {
    let mut at = 0;
    for heading in [
        c.title.as_str(),
        "Temps de travail",
        "Grade",
        "Rémunération",
        "Date limite de candidature",
        "Prise de poste",
        "Publiée le",
        "Établissement et lieu",
        "Contexte",
        "Missions",
        "Compétences",
        "Diplôme et formation",
        "Diplôme requis",
        "Formation",
        "Comment postuler",
        "Pour en savoir plus",
    ] {
        let heading = collapse(heading);
        let found = text[at..].find(&heading).map(|i| i + at);
        at = found.unwrap_or_else(|| panic!("{query}: « {heading} » missing or out of order in {text}"));
    }
}

/// Every piece of every section, word for word.
fn every_piece_of_every_section_is_there_word_for_word(query: &str, text: &str, c: &FicheContent) {
    let mut pieces: Vec<&str> = vec![&c.grade, &c.place, &c.public_served, &c.diploma, &c.apply_email];
    pieces.extend(c.context.split("\n\n"));
    pieces.extend(c.training.split("\n\n"));
    pieces.extend(c.how_to_apply.split("\n\n"));
    for group in &c.missions {
        pieces.push(&group.title);
        pieces.extend(group.items.iter().map(String::as_str));
    }
    for (title, items) in c.competences.groups() {
        pieces.push(title);
        pieces.extend(items.iter().map(String::as_str));
    }
    for person in &c.contacts {
        pieces.extend([person.name.as_str(), &person.role, &person.phone, &person.email]);
    }
    if let Some(track) = c.track {
        pieces.push(track.degree());
    }
    for piece in pieces.into_iter().map(collapse).filter(|p| !p.is_empty()) {
        assert!(text.contains(&piece), "{query}: « {piece} » not in the PDF: {text}");
    }
}
