//! The public job board, as a visitor, a search engine and an API client see it.

use crate::common;

use common::{TestApp, collapse, content, pdf, pdf_text};
use msp::domain::fiche::{FicheStatus, Quotite, Track};
use time::Duration;

on_both_backends!(
    the_home_page_explains_the_job_and_links_to_the_offers,
    the_board_lists_only_open_offers_newest_first_with_their_count,
    search_ignores_accents_case_and_inflections,
    search_ranks_a_title_match_first,
    filters_narrow_by_region_departement_working_time_and_track,
    results_are_paginated_and_the_pages_keep_the_filters,
    an_offer_page_shows_every_section_the_deadline_and_how_to_apply,
    an_open_offer_carries_job_posting_markup_and_a_closed_one_keeps_its_page_without_it,
    drafts_and_withdrawn_fiches_do_not_exist_for_the_public,
    unknown_addresses_are_french_404s,
    malformed_filters_are_400s_that_name_the_parameter,
    the_atom_feed_lists_the_open_offers,
    the_api_lists_and_shows_offers_with_stable_field_names,
    the_demo_loads_the_real_fiches_once,
    an_offer_downloads_as_an_a4_pdf_linked_from_its_page,
    the_pdf_of_the_real_fiches_carries_every_section_in_the_pages_order,
    health_and_readiness_answer,
    synthetic_offers_are_found_by_text_and_place,
    the_search_finds_exactly_the_offers_whose_stems_hold_every_word,
);

/// The titles of the offers listed on a page, in order.
fn listed_titles(html: &str) -> Vec<String> {
    html.split("<article class=\"card\">")
        .skip(1)
        .map(|card| {
            let link = &card[card.find("<h2><a href=").unwrap()..];
            let start = link.find('>').unwrap() + 1;
            let start = start + link[start..].find('>').unwrap() + 1;
            link[start..start + link[start..].find("</a>").unwrap()].to_string()
        })
        .collect()
}

/// The page's text with the character references the templates write decoded.
fn decoded(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The schema.org markup of a page, if any.
fn json_ld(html: &str) -> Option<serde_json::Value> {
    let start = html.find("<script type=\"application/ld+json\">")? + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).expect("valid JSON-LD"))
}

async fn the_home_page_explains_the_job_and_links_to_the_offers(app: TestApp) {
    let (status, html) = app.page("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<h1>Devenir médiateur ou médiatrice de santé-pair</h1>"));
    assert!(html.contains("rétablissement"));
    assert!(html.contains("href=\"/offres\""));
    assert_eq!(html.matches("<h1").count(), 1);
}

async fn the_board_lists_only_open_offers_newest_first_with_their_count(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    app.publish(&ch, "Offre ancienne", 10).await;
    app.publish(&ch, "Offre récente", 1).await;
    app.publish(&ch, "Offre du milieu", 5).await;
    let mut past = content("Offre dont la date est passée");
    past.deadline = Some(msp::domain::calendar::paris_today() - Duration::days(1));
    app.fiche(&ch, past, FicheStatus::Publiee, 20).await;
    let mut today = content("Offre qui ferme ce soir");
    today.deadline = Some(msp::domain::calendar::paris_today());
    app.fiche(&ch, today, FicheStatus::Publiee, 30).await;
    app.fiche(&ch, content("Brouillon"), FicheStatus::Brouillon, 0).await;
    app.fiche(&ch, content("Offre close"), FicheStatus::Close, 0).await;

    let (status, html) = app.page("/offres").await;
    assert_eq!(status, 200);
    assert_eq!(
        listed_titles(&html),
        [
            "Offre récente",
            "Offre du milieu",
            "Offre ancienne",
            "Offre qui ferme ce soir"
        ]
    );
    assert!(html.contains("role=\"status\">4 offres"));
}

async fn search_ignores_accents_case_and_inflections(app: TestApp) {
    app.load_demo().await;
    for (query, expected) in [
        ("mediateurs borderline", "GREMO-PASS"),
        ("MÉDIATEUR personnalité", "GREMO-PASS"),
        ("bipolaire", "SMART 73"),
        ("réhabilitation psychosociale savoie", "SMART 73"),
    ] {
        let (status, html) = app.page(&format!("/offres?q={}", urlencode(query))).await;
        assert_eq!(status, 200, "{query}");
        let titles = listed_titles(&html);
        assert!(
            titles.iter().any(|t| t.contains(expected)),
            "« {query} » should find {expected}, found {titles:?}"
        );
    }
    let (_, html) = app.page("/offres?q=astrophysique").await;
    assert!(listed_titles(&html).is_empty());
    assert!(html.contains("Aucune offre ne correspond à votre recherche."));
}

async fn search_ranks_a_title_match_first(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let mut body_only = content("Médiateur de santé-pair");
    body_only.context = "Une équipe mobile qui va vers les personnes.".into();
    app.fiche(&ch, body_only, FicheStatus::Publiee, 1).await;
    app.publish(&ch, "Médiateur de santé-pair – équipe mobile", 9).await;
    let (_, html) = app.page("/offres?q=mobile").await;
    assert_eq!(
        listed_titles(&html),
        ["Médiateur de santé-pair – équipe mobile", "Médiateur de santé-pair"]
    );
}

async fn filters_narrow_by_region_departement_working_time_and_track(app: TestApp) {
    let lille = app.establishment("CH de Lille", "Lille", "59").await;
    let arras = app.establishment("CH d'Arras", "Arras", "62").await;
    let lyon = app.establishment("CH de Lyon", "Lyon", "69").await;
    app.publish(&lille, "Lille plein temps Bobigny", 1).await;
    let mut half = content("Arras mi-temps Bordeaux");
    half.quotite = Quotite::MiTemps;
    half.quotite_percent = 50;
    half.track = Track::Bordeaux;
    app.fiche(&arras, half, FicheStatus::Publiee, 2).await;
    app.publish(&lyon, "Lyon plein temps Bobigny", 3).await;

    for (filters, expected) in [
        (
            "region=32",
            vec!["Lille plein temps Bobigny", "Arras mi-temps Bordeaux"],
        ),
        ("departement=62", vec!["Arras mi-temps Bordeaux"]),
        (
            "quotite=temps_plein",
            vec!["Lille plein temps Bobigny", "Lyon plein temps Bobigny"],
        ),
        ("parcours=bordeaux", vec!["Arras mi-temps Bordeaux"]),
        ("region=84&quotite=mi_temps", vec![]),
        (
            "q=&region=&departement=&quotite=&parcours=",
            vec![
                "Lille plein temps Bobigny",
                "Arras mi-temps Bordeaux",
                "Lyon plein temps Bobigny",
            ],
        ),
    ] {
        let (status, html) = app.page(&format!("/offres?{filters}")).await;
        assert_eq!(status, 200, "{filters}");
        assert_eq!(listed_titles(&html), expected, "{filters}");
    }
    // The chosen filters are shown back in the form.
    let (_, html) = app.page("/offres?region=32&quotite=mi_temps").await;
    assert!(html.contains("<option value=\"32\" selected>Hauts-de-France ("));
    assert!(html.contains("<option value=\"mi_temps\" selected>"));
}

async fn results_are_paginated_and_the_pages_keep_the_filters(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    for n in 0..23 {
        app.publish(&ch, &format!("Poste numéro {n}"), n).await;
    }
    let (_, first) = app.page("/offres?region=32").await;
    let first = decoded(&first);
    assert_eq!(listed_titles(&first).len(), 20);
    assert!(first.contains("23 offres – page 1 sur 2"));
    assert!(first.contains("href=\"/offres?region=32&page=2\""));
    let (_, second) = app.page("/offres?region=32&page=2").await;
    let second = decoded(&second);
    assert_eq!(
        listed_titles(&second),
        ["Poste numéro 20", "Poste numéro 21", "Poste numéro 22"]
    );
    assert!(second.contains("href=\"/offres?region=32&page=1\" rel=\"prev\""));
    let (status, beyond) = app.page("/offres?page=9").await;
    assert_eq!(status, 200);
    assert!(listed_titles(&beyond).is_empty());
}

async fn an_offer_page_shows_every_section_the_deadline_and_how_to_apply(app: TestApp) {
    app.load_demo().await;
    let (_, list) = app.page("/offres?q=GREMO").await;
    let slug = first_slug(&list);
    let (status, html) = app.page(&format!("/offres/{slug}")).await;
    assert_eq!(status, 200);
    for section in [
        "Temps de travail",
        "Mi-temps (50 %)",
        "Grade",
        "Date limite de candidature",
        "Prise de poste",
        "Publiée le",
        "Établissement",
        "Pôle",
        "Service",
        "Lieu de travail",
        "Contexte",
        "Missions",
        "Compétences",
        "Diplôme requis",
        "Formation",
        "Comment postuler",
        "Pour en savoir plus",
        "Hôpitaux Universitaires de Strasbourg",
        "Strasbourg (Bas-Rhin, Grand Est)",
    ] {
        assert!(html.contains(section), "the offer page should show « {section} »");
    }
    assert!(html.contains("<h2 id=\"postuler\">Comment postuler</h2>"));
    assert!(!html.contains("Cette offre est close"));
}

async fn an_open_offer_carries_job_posting_markup_and_a_closed_one_keeps_its_page_without_it(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let mut half = content("Médiateur de santé-pair </script><b>");
    half.quotite = Quotite::MiTemps;
    let open = app.fiche(&ch, half, FicheStatus::Publiee, 2).await;
    let (_, html) = app.page(&format!("/offres/{}", open.slug)).await;
    let posting = json_ld(&html).expect("an open offer has JobPosting markup");
    assert_eq!(posting["@type"], "JobPosting");
    assert_eq!(posting["title"], "Médiateur de santé-pair </script><b>");
    assert!(
        posting["description"]
            .as_str()
            .unwrap()
            .contains("<li>Soutenir le rétablissement</li>")
    );
    assert!(posting["datePosted"].as_str().unwrap().len() == 10);
    assert!(posting["validThrough"].as_str().unwrap().contains("T23:59:59+0"));
    assert_eq!(posting["employmentType"], "PART_TIME");
    assert_eq!(posting["hiringOrganization"]["name"], "CH des Tests (employeur)");
    assert_eq!(posting["jobLocation"]["address"]["addressLocality"], "Lille");
    assert_eq!(posting["jobLocation"]["address"]["postalCode"], "00000");
    assert_eq!(posting["jobLocation"]["address"]["addressCountry"], "FR");
    assert_eq!(posting["identifier"]["value"], open.slug.as_str());
    assert_eq!(posting["directApply"], false);
    assert!(
        !html.contains("</script><b>\""),
        "the title cannot close the script element"
    );

    let mut past = content("Poste déjà pourvu");
    past.deadline = Some(msp::domain::calendar::paris_today() - Duration::days(3));
    let closed = app.fiche(&ch, past, FicheStatus::Close, 40).await;
    let (status, html) = app.page(&format!("/offres/{}", closed.slug)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Cette offre est close"));
    assert!(json_ld(&html).is_none());
}

async fn drafts_and_withdrawn_fiches_do_not_exist_for_the_public(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    for status in [
        FicheStatus::Brouillon,
        FicheStatus::Soumise,
        FicheStatus::ACorriger,
        FicheStatus::Retiree,
    ] {
        let fiche = app.fiche(&ch, content("Pas encore publiée"), status, 0).await;
        assert_eq!(app.page(&format!("/offres/{}", fiche.slug)).await.0, 404, "{status:?}");
        assert_eq!(
            app.page(&format!("/offres/{}/pdf", fiche.slug)).await.0,
            404,
            "no PDF either: {status:?}"
        );
        assert_eq!(
            app.json(&format!("/api/v1/offres/{}", fiche.slug)).await.0,
            404,
            "{status:?}"
        );
    }
    let (_, html) = app.page("/offres?q=publiee").await;
    assert!(listed_titles(&html).is_empty());
}

async fn unknown_addresses_are_french_404s(app: TestApp) {
    let (status, html) = app.page("/offres/nexiste-pas").await;
    assert_eq!(status, 404);
    assert!(html.contains("<h1>Page introuvable</h1>"));
    assert!(html.contains("introuvable"));
    let (status, html) = app.page("/une/page/inconnue").await;
    assert_eq!(status, 404);
    assert!(html.contains("<html lang=\"fr\">"));
    let (status, body) = app.json("/api/v1/offres/nexiste-pas").await;
    assert_eq!(status, 404);
    assert_eq!(body["erreur"]["code"], "introuvable");
    let (status, body) = app.json("/api/v1/inconnu").await;
    assert_eq!(status, 404);
    assert_eq!(body["erreur"]["code"], "introuvable");
}

async fn malformed_filters_are_400s_that_name_the_parameter(app: TestApp) {
    for (query, field, words) in [
        ("page=abc", "page", "numéro de page"),
        ("page=0", "page", "numéro de page"),
        ("region=99", "region", "La région « 99 » n'existe pas"),
        ("departement=20", "departement", "Le département « 20 » n'existe pas"),
        ("quotite=plein", "quotite", "temps de travail"),
        ("parcours=lyon", "parcours", "parcours de formation"),
        ("page=1&page=2", "requête", "qu'une fois"),
    ] {
        let (status, html) = app.page(&format!("/offres?{query}")).await;
        let html = decoded(&html);
        assert_eq!(status, 400, "{query}");
        assert!(html.contains(words), "{query}: the page should say « {words} »");
        assert!(html.contains("<title>Erreur – Offres d'emploi"), "{query}");
        let (status, body) = app.json(&format!("/api/v1/offres?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["erreur"]["parametre"], field, "{query}");
        assert!(body["erreur"]["message"].as_str().unwrap().contains(words), "{query}");
    }
    // What was typed is kept in the form.
    let (_, html) = app.page("/offres?q=psychose&region=99").await;
    assert!(html.contains("value=\"psychose\""));
    assert!(html.contains("aria-invalid=\"true\""));
}

async fn the_atom_feed_lists_the_open_offers(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let open = app.publish(&ch, "Médiateur & médiatrice", 1).await;
    app.fiche(&ch, content("Pas publiée"), FicheStatus::Brouillon, 0).await;
    let response = app.get("/offres.atom").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    assert!(xml.contains("Médiateur &#38; médiatrice"), "the ampersand is escaped");
    let xml = decoded(&xml);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_eq!(xml.matches("<entry>").count(), 1);
    assert!(xml.contains("<title>Médiateur & médiatrice</title>"));
    assert!(xml.contains(&format!("<id>{}</id>", app.url(&format!("/offres/{}", open.slug)))));
    assert!(!xml.contains("Pas publiée"));
}

async fn the_api_lists_and_shows_offers_with_stable_field_names(app: TestApp) {
    app.load_demo().await;
    let (status, list) = app.json("/api/v1/offres?departement=67").await;
    assert_eq!(status, 200);
    assert_eq!(list["page"], 1);
    assert_eq!(list["par_page"], 20);
    let offers = list["offres"].as_array().unwrap();
    assert_eq!(list["total"], offers.len());
    let gremo = offers
        .iter()
        .find(|o| o["titre"].as_str().unwrap().contains("GREMO-PASS"))
        .expect("GREMO-PASS in the Bas-Rhin");
    for field in [
        "slug",
        "url",
        "titre",
        "etablissement",
        "commune",
        "code_postal",
        "departement",
        "region",
        "quotite",
        "quotite_pourcentage",
        "quotite_adaptable",
        "parcours",
        "date_limite",
        "publiee_le",
    ] {
        assert!(gremo.get(field).is_some(), "list field {field}");
    }
    assert_eq!(gremo["departement"]["code"], "67");
    assert_eq!(gremo["region"]["nom"], "Grand Est");
    assert_eq!(gremo["quotite"], "mi_temps");

    let (status, detail) = app
        .json(&format!("/api/v1/offres/{}", gremo["slug"].as_str().unwrap()))
        .await;
    assert_eq!(status, 200);
    assert_eq!(detail["ouverte"], true);
    for field in [
        "grade",
        "pole",
        "service",
        "unite",
        "lieu",
        "contexte",
        "public",
        "missions",
        "competences",
        "diplome",
        "formation",
        "candidature",
        "contacts",
        "prise_de_poste",
    ] {
        assert!(detail.get(field).is_some(), "detail field {field}");
    }
    assert!(!detail["missions"].as_array().unwrap().is_empty());
    assert!(detail["candidature"]["email"].as_str().unwrap().ends_with(".example"));
}

async fn the_demo_loads_the_real_fiches_once(app: TestApp) {
    let loaded = app.load_demo().await;
    assert!(loaded >= 20);
    assert_eq!(app.load_demo().await, 0, "loading twice adds nothing");
    let (_, html) = app.page("/offres").await;
    assert!(html.contains("GREMO-PASS"));
    assert!(html.contains("SMART 73"));
}

async fn an_offer_downloads_as_an_a4_pdf_linked_from_its_page(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let offer = app.publish(&ch, "Médiateur de santé-pair à l'œuvre", 1).await;
    let (_, html) = app.page(&format!("/offres/{}", offer.slug)).await;
    assert!(
        html.contains(&format!(
            "<a href=\"/offres/{}/pdf\" type=\"application/pdf\">Télécharger la fiche en PDF (A4)</a>",
            offer.slug
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
        // The page's headings, in the page's order.
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
        // Every piece of every section, word for word.
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
        pieces.push(c.track.degree());
        for piece in pieces.into_iter().map(collapse).filter(|p| !p.is_empty()) {
            assert!(text.contains(&piece), "{query}: « {piece} » not in the PDF: {text}");
        }
        if let Some(index) = c.pay_index {
            assert!(text.contains(&format!("indice majoré {index}")), "{query}: the pay");
        }
    }
}

async fn health_and_readiness_answer(app: TestApp) {
    assert_eq!(app.page("/healthz").await, (200, "ok".to_string()));
    assert_eq!(app.page("/readyz").await.0, 200);
}

fn first_slug(html: &str) -> String {
    let start = html.find("<h2><a href=\"/offres/").expect("an offer in the list") + "<h2><a href=\"/offres/".len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap()[2..].to_string()
}

async fn synthetic_offers_are_found_by_text_and_place(app: TestApp) {
    assert_eq!(msp::demo::synthetic::load(&app.db, 50, 1).await.unwrap(), 50);
    let today = msp::db::date_text(msp::domain::calendar::paris_today());
    let open: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT slug, service, departement_code FROM fiches \
         WHERE status = 'publiee' AND deadline >= $1 ORDER BY id",
    )
    .bind(&today)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert!(open.len() >= 30, "most synthetic offers are open: {}", open.len());
    let (status, list) = app.json("/api/v1/offres").await;
    assert_eq!(status, 200);
    assert_eq!(list["total"], open.len());
    for (slug, service, departement) in open.iter().take(5) {
        let path = format!(
            "/api/v1/offres?q={}&departement={departement}",
            service.replace(' ', "+").replace('\'', "%27")
        );
        let (status, body) = app.json(&path).await;
        assert_eq!(status, 200, "{path}");
        let offers = body["offres"].as_array().unwrap();
        assert!(
            offers.iter().any(|o| o["slug"] == slug.as_str()),
            "{slug} is found by {path}"
        );
        assert!(offers.iter().all(|o| o["departement"]["code"] == departement.as_str()));
    }
}

/// The slugs of the open offers whose stored stems hold every stem, and of the département if
/// given: what a search must find, read by SQL without any search index.
async fn stored_matches(app: &TestApp, stems: &[String], departement: Option<&str>) -> Vec<String> {
    let mut sql = String::from(
        "SELECT slug FROM fiches WHERE status = 'publiee' AND deadline >= $1 AND departement_code LIKE $2",
    );
    for stem in stems {
        sql.push_str(&format!(
            " AND (' ' || search_title || ' ' || search_body || ' ') LIKE '% {stem} %'"
        ));
    }
    let mut slugs: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(msp::db::date_text(msp::domain::calendar::paris_today()))
        .bind(departement.unwrap_or("%"))
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    slugs.sort();
    slugs
}

/// The board's search (an index in memory) against the stored stems, over every page.
async fn the_search_finds_exactly_the_offers_whose_stems_hold_every_word(app: TestApp) {
    msp::demo::synthetic::load(&app.db, 400, 7).await.unwrap();
    let searches = [
        ("réhabilitation psychosociale", None),
        ("Réhabilitation", Some("59")),
        ("addictologie", None),
        ("pairs aidants", Some("75")),
        ("psychiatrie adulte", None),
        ("xylophone", None),
    ];
    let mut some_found = false;
    for (text, departement) in searches {
        let stems = msp::domain::text::analyze(text);
        let expected = stored_matches(&app, &stems, departement).await;
        some_found |= expected.len() > 20;
        let filter = departement.map(|d| format!("&departement={d}")).unwrap_or_default();
        let mut found = Vec::new();
        let mut page = 1;
        loop {
            let path = format!("/api/v1/offres?q={}{filter}&page={page}", text.replace(' ', "+"));
            let (status, body) = app.json(&path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(body["total"].as_u64().unwrap(), expected.len() as u64, "{path}");
            let offers = body["offres"].as_array().unwrap();
            found.extend(offers.iter().map(|o| o["slug"].as_str().unwrap().to_string()));
            if offers.len() < 20 {
                break;
            }
            page += 1;
        }
        found.sort();
        assert_eq!(found, expected, "« {text} » {filter}");
    }
    assert!(some_found, "at least one search spans several pages");
}
