//! An offer a candidate understands and applies from at once (issue 23): « Postuler » first,
//! « En bref », the field's words explained, the rule of the region only where it applies,
//! sharing without a tracker, and offers nearby.

use msp::domain::role::Role;

use super::*;

/// The `href` of the top « Postuler » button, and where in the page it sits.
fn apply_button(html: &str) -> Option<(String, usize)> {
    let at = html.find("class=\"button apply-button\" href=\"")?;
    let start = at + "class=\"button apply-button\" href=\"".len();
    Some((decoded(&html[start..start + html[start..].find('"')?]), at))
}

on_both_backends!(postuler_comes_before_the_text_and_leads_to_the_one_way_shown_first);
async fn postuler_comes_before_the_text_and_leads_to_the_one_way_shown_first(app: TestApp) {
    let ch = app.establishment("CH du Bouton", "Lille", "59").await;
    let mut website = content("Poste sur le site");
    website.apply_on_platform = false;
    website.apply_url = "https://ch.example/recrutement?poste=1&ref=2".into();
    website.apply_email = "rh@ch.example".into();
    let mut email = content("Poste par e-mail");
    email.apply_on_platform = false;
    email.apply_email = "rh@ch.example".into();
    let cases = [
        (content("Poste sur la plateforme"), "/offres/{slug}/candidater"),
        (website, "https://ch.example/recrutement?poste=1&ref=2"),
        (
            email,
            "mailto:rh@ch.example?subject=Candidature%20%3A%20Poste%20par%20e-mail",
        ),
    ];
    for (fiche, expected) in cases {
        let offer = app.fiche(&ch, fiche, FicheStatus::Publiee, 1).await;
        let (status, html) = app.page(&format!("/offres/{}", offer.slug)).await;
        assert_eq!(status, 200);
        let (href, at) = apply_button(&html).expect("a Postuler button");
        assert_eq!(href, expected.replace("{slug}", &offer.slug));
        assert!(
            at < html.find("id=\"titre-structure\"").unwrap(),
            "before the offer's text"
        );
        assert!(
            at < html.find("class=\"facts facts-main\"").unwrap(),
            "before the key facts"
        );
        assert!(
            html.contains("<h2 id=\"postuler\">Comment postuler</h2>"),
            "the other ways, second"
        );
    }
    let mut past = content("Poste pourvu");
    past.deadline = Some(msp::domain::calendar::paris_today() - Duration::days(2));
    let closed = app.fiche(&ch, past, FicheStatus::Close, 30).await;
    let (_, html) = app.page(&format!("/offres/{}", closed.slug)).await;
    assert_eq!(apply_button(&html), None, "no button on a closed offer");
}

on_both_backends!(en_bref_comes_first_and_the_fields_acronyms_are_spelled_out_once);
async fn en_bref_comes_first_and_the_fields_acronyms_are_spelled_out_once(app: TestApp) {
    let ch = app.establishment("CH des Sigles", "Reims", "51").await;
    let mut fiche = content("Médiateur au CMP");
    fiche.in_brief = "Vous travaillez au CMP <b>de Reims</b>. Vous aidez des adultes.".into();
    fiche.context = "Le CMP reçoit. Le CATTP aussi.".into();
    let offer = app.fiche(&ch, fiche, FicheStatus::Publiee, 1).await;
    let (_, html) = app.page(&format!("/offres/{}", offer.slug)).await;
    let brief = html.find("<h2 id=\"titre-en-bref\">En bref</h2>").expect("En bref");
    assert!(brief < html.find("id=\"titre-structure\"").unwrap());
    assert!(html.contains(
        "Vous travaillez au CMP (centre médico-psychologique, où l&#39;on consulte près de chez soi) &lt;b&gt;de Reims&lt;/b&gt;."
    ));
    assert!(html.contains("Le <abbr title=\"centre médico-psychologique, où l&#39;on consulte près de chez soi\">CMP</abbr> reçoit. Le CATTP (centre d&#39;accueil thérapeutique à temps partiel) aussi."));
    assert!(html.contains("href=\"/glossaire\""), "the glossary is linked");
    let (_, api) = app.json(&format!("/api/v1/offres/{}", offer.slug)).await;
    assert_eq!(
        api["en_bref"],
        "Vous travaillez au CMP <b>de Reims</b>. Vous aidez des adultes."
    );
    let (status, glossary) = app.page("/glossaire").await;
    assert_eq!(status, 200);
    common::assert_holds(
        &glossary,
        &[
            "id=\"cattp\"",
            "thérapeutique à temps partiel",
            "id=\"rehabilitation-psychosociale\"",
        ],
    );
}

on_both_backends!(the_ccoms_corrects_a_term_and_every_offer_explains_it_so);
async fn the_ccoms_corrects_a_term_and_every_offer_explains_it_so(app: TestApp) {
    let ch = app.establishment("CH du Glossaire", "Lille", "59").await;
    let mut fiche = content("Médiateur en unité TCD");
    fiche.context = "L'unité TCD accueille des adultes.".into();
    let offer = app.fiche(&ch, fiche, FicheStatus::Publiee, 1).await;
    // Seen once before the correction: the board's index, which carries the glossary, is loaded.
    let (_, before) = app.page(&format!("/offres/{}", offer.slug)).await;
    assert!(
        before.contains("TCD (thérapie comportementale dialectique) accueille"),
        "the code's meaning first"
    );
    let ccoms = app.user(Role::Coordinator, "ccoms@glossaire.test", &[]).await;
    let browser = app.signed_in(&ccoms).await;
    let (status, page) = browser.page("/espace").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/glossaire/modifier\""),
        "reachable from the CCOMS's workspace"
    );

    let refused = browser
        .post("/glossaire/modifier", &[("terme", "TCD"), ("definition", "  ")])
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"erreur-definition\""),
        "the message next to its field"
    );
    assert!(html.contains("value=\"TCD\""), "what was typed is kept");

    let saved = browser
        .post(
            "/glossaire/modifier",
            &[
                ("terme", "TCD"),
                ("definition", "troubles cognitifs et du développement"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let (_, html) = app.page(&format!("/offres/{}", offer.slug)).await;
    assert!(
        html.contains("TCD (troubles cognitifs et du développement) accueille"),
        "{html}"
    );
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'glossaire_terme_ecrit' AND target_id = 'TCD'";
    assert_eq!(app.scalar(audited).await, 1);

    assert_eq!(
        browser.post("/glossaire/retirer", &[("terme", "TCD")]).await.status(),
        303
    );
    let (_, html) = app.page(&format!("/offres/{}", offer.slug)).await;
    assert!(
        html.contains("TCD (thérapie comportementale dialectique) accueille"),
        "the code's meaning again"
    );
    assert_eq!(
        browser.post("/glossaire/retirer", &[("terme", "TCD")]).await.status(),
        400
    );

    let recruiter = app.user(Role::Recruiter, "rh@glossaire.test", &[]).await;
    let other = app.signed_in(&recruiter).await;
    let forbidden = other
        .post("/glossaire/modifier", &[("terme", "TCD"), ("definition", "x")])
        .await;
    assert_eq!(forbidden.status(), 403);
}

on_both_backends!(the_follow_up_rule_is_stated_in_ile_de_france_only_with_its_source);
async fn the_follow_up_rule_is_stated_in_ile_de_france_only_with_its_source(app: TestApp) {
    let bondy = app.establishment("EPS de Bondy", "Bondy", "93").await;
    let lille = app.establishment("CH de Lille", "Lille", "59").await;
    let idf = app.publish(&bondy, "Médiateur en Seine-Saint-Denis", 1).await;
    let nord = app.publish(&lille, "Médiateur dans le Nord", 1).await;
    let (_, html) = app.page(&format!("/offres/{}", idf.slug)).await;
    assert!(html.contains("id=\"regle-suivi\""));
    let rule = &html[html.find("id=\"regle-suivi\"").unwrap()..];
    assert!(
        rule[..rule.find("</p>").unwrap()].contains("Source : l&#39;appel à projets de l&#39;ARS Île-de-France"),
        "{rule}"
    );
    let (_, html) = app.page(&format!("/offres/{}", nord.slug)).await;
    assert!(!html.contains("id=\"regle-suivi\""));
    assert!(!html.contains("suivie pour ses propres soins"), "nowhere else");
}

on_both_backends!(an_offer_is_shared_without_tracker_and_leads_to_offers_nearby);
async fn an_offer_is_shared_without_tracker_and_leads_to_offers_nearby(app: TestApp) {
    let reims = app.establishment("CH de Reims", "Reims", "51").await;
    let epernay = app.establishment("CH d'Épernay", "Épernay", "51").await;
    let troyes = app.establishment("CH de Troyes", "Troyes", "10").await;
    let chalons = app.establishment("CH de Châlons", "Châlons-en-Champagne", "51").await;
    let nice = app.establishment("CH de Nice", "Nice", "06").await;
    let shown = app.publish(&reims, "Médiateur à Reims", 1).await;
    let mut other_track = content("Médiateur à Épernay, Bordeaux");
    other_track.track = Some(Track::Bordeaux);
    app.fiche(&epernay, other_track, FicheStatus::Publiee, 2).await;
    app.publish(&epernay, "Médiateur à Épernay, Bobigny", 3).await;
    app.publish(&chalons, "Médiateur à Châlons", 4).await;
    app.publish(&troyes, "Médiateur à Troyes", 4).await;
    app.publish(&nice, "Médiateur à Nice", 5).await;

    let (_, html) = app.page(&format!("/offres/{}", shown.slug)).await;
    let nearby = &html[html.find("id=\"titre-proches\"").expect("offres proches")..];
    let order: Vec<usize> = ["Épernay, Bobigny", "Épernay, Bordeaux", "Médiateur à Troyes"]
        .iter()
        .map(|t| nearby.find(t).unwrap_or_else(|| panic!("{t} nearby")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "same département and track first: {order:?}"
    );
    assert!(
        nearby.find("Châlons").unwrap() < order[1],
        "the département's same track before its other"
    );
    assert!(
        !nearby[..nearby.find("</section>").unwrap()].contains("Nice"),
        "not near"
    );
    assert!(
        !nearby[..nearby.find("</section>").unwrap()].contains("Médiateur à Reims"),
        "not itself"
    );

    let address = format!("/offres/{}", shown.slug);
    assert!(html.contains("id=\"adresse-offre\""));
    assert!(html.contains(&format!("{address}\" readonly")));
    let mail = &html[html.find("href=\"mailto:?").expect("a mail to share")..];
    assert!(
        mail.starts_with(
            "href=\"mailto:?subject=Offre%20d%27emploi%20%3A%20M%C3%A9diateur%20%C3%A0%20Reims&#38;body=http"
        ),
        "{}",
        &mail[..200]
    );
    assert!(html.contains("<script src=\"/static/partage.js\" defer></script>"));
    let script = app.get("/static/partage.js").await;
    assert_eq!(script.status(), 200);
    for page in ["/apres-candidature", "/preparer-entretien"] {
        assert!(
            html.contains(&format!("href=\"{page}\"")),
            "{page} linked from the offer"
        );
        assert_eq!(app.page(page).await.0, 200);
    }
}
