//! An offer's page: every section, its markup for search engines, none for what is not public.

use super::*;

on_both_backends!(an_offer_page_shows_every_section_the_deadline_and_how_to_apply);
async fn an_offer_page_shows_every_section_the_deadline_and_how_to_apply(app: TestApp) {
    app.load_demo().await;
    let (_, list) = app.page("/offres?q=GREMO").await;
    let slug = first_slug(&list);
    let (status, html) = app.page(&format!("/offres/{slug}")).await;
    assert_eq!(status, 200);
    let sections = [
        "Temps de travail",
        "Mi-temps (50\u{a0}%)",
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
    ];
    common::assert_holds(&html, &sections);
    assert!(html.contains("<h2 id=\"postuler\">Comment postuler</h2>"));
    assert!(!html.contains("Cette offre est close"));
}

on_both_backends!(an_open_offer_carries_job_posting_markup_and_a_closed_one_keeps_its_page_without_it);
async fn an_open_offer_carries_job_posting_markup_and_a_closed_one_keeps_its_page_without_it(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let mut half = content("Médiateur de santé-pair </script><b>");
    half.working_time.quotite = Quotite::MiTemps;
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
    assert_eq!(posting["directApply"], true, "candidates apply on the platform");
    assert_eq!(
        posting["baseSalary"]["currency"], "EUR",
        "the pay, when the fiche gives it"
    );
    assert_eq!(posting["baseSalary"]["value"]["unitText"], "MONTH");
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

on_both_backends!(drafts_and_withdrawn_fiches_do_not_exist_for_the_public);
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
