//! Each offer says which cohort it leads to, with the rhythm the CCOMS sets per cohort; the
//! rétroplanning for Bordeaux puts the decision before the job's start.

use super::*;
use msp::domain::fiche::FicheStatus;
use time::macros::datetime;

/// The cohort form as the page shows it, with the rhythm typed.
fn cohort_fields(form: &str, rhythm: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        "version",
        "recruitment_opens",
        "recruitment_closes",
        "registration_closes",
        "job_starts",
        "capacity",
    ]
    .into_iter()
    .map(|name| (name.to_string(), hidden_value(form, name)))
    .collect();
    let weeks = form.split("name=\"training_weeks\"").nth(1).unwrap();
    let weeks = weeks.split_once('>').unwrap().1.split('<').next().unwrap();
    fields.push(("training_weeks".into(), weeks.to_string()));
    fields.push(("rhythm".into(), rhythm.to_string()));
    fields
}

async fn save_cohort(ccoms: &Browser, cohort: i64, rhythm: &str) -> reqwest::Response {
    let (_, form) = ccoms.page(&format!("/promotions/{cohort}")).await;
    let fields = cohort_fields(&form, rhythm);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    ccoms.post(&format!("/promotions/{cohort}"), &fields).await
}

on_both_backends!(an_offer_says_which_cohort_it_leads_to_with_the_rhythm_the_ccoms_sets);
async fn an_offer_says_which_cohort_it_leads_to_with_the_rhythm_the_ccoms_sets(app: TestApp) {
    app.set_now(datetime!(2026-10-01 9:00 UTC));
    let employer = app.establishment("CH Promotion", "Bobigny", "93").await;
    let mut bobigny = content("Médiateur de santé-pair, promotion de février");
    bobigny.deadline = Some(date!(2026 - 11 - 01));
    let offer = app.fiche(&employer, bobigny, FicheStatus::Publiee, 1).await;
    let path = format!("/offres/{}", offer.slug);
    let (status, page) = app.page(&path).await;
    assert_eq!(status, 200);
    assert!(
        common::unescape(&page).contains(
            "Prise de poste vers le 18 janvier 2027, première semaine de formation le 1er février 2027 \
             (promotion Bobigny 2027). Rythme de la formation : une semaine entière par mois, en présentiel."
        ),
        "{page}"
    );
    let (_, json) = app.json(&format!("/api/v1/offres/{}", offer.slug)).await;
    assert_eq!(json["promotion"]["nom"], "Bobigny 2027");
    assert_eq!(json["promotion"]["prise_de_poste"], "2027-01-18");
    assert_eq!(json["promotion"]["premiere_semaine_de_formation"], "2027-02-01");

    // The CCOMS sets the cohort's rhythm; bad input is refused next to its field, kept as typed.
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    let ccoms = app.signed_in(&coordinator).await;
    let cohort = bobigny_2027(&ccoms).await;
    let (_, form) = ccoms.page(&format!("/promotions/{cohort}")).await;
    assert!(form.contains("Rythme de la formation : Une semaine entière par mois, en présentiel"));
    let response = save_cohort(&ccoms, cohort, "   ").await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Indiquez le rythme de la formation") && page.contains("href=\"#champ-rhythm\""));
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    let long = "Une semaine par mois ".repeat(11);
    let response = save_cohort(&ccoms, cohort, &long).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("200 caractères au plus") && page.contains(&long),
        "typed text kept"
    );
    let rhythm = "Huit semaines sur l'année, en présentiel à Bobigny";
    assert_eq!(save_cohort(&ccoms, cohort, rhythm).await.status(), 303);
    let (_, page) = ccoms.page(&format!("/promotions/{cohort}")).await;
    assert!(common::unescape(&page).contains(&format!("Rythme de la formation : {rhythm}")));
    let (_, page) = app.page(&path).await;
    assert!(
        common::unescape(&page)
            .contains("Rythme de la formation : huit semaines sur l'année, en présentiel à Bobigny."),
        "{page}"
    );
    let (_, json) = app.json(&format!("/api/v1/offres/{}", offer.slug)).await;
    assert_eq!(json["promotion"]["rythme"], rhythm);

    // A fiche naming no licence says nothing of a cohort.
    let mut other = content("Médiateur de santé-pair, DU de pair-aidance");
    other.track = None;
    let offer = app.fiche(&employer, other, FicheStatus::Publiee, 1).await;
    let (_, page) = app.page(&format!("/offres/{}", offer.slug)).await;
    assert!(!page.contains("Prise de poste vers") && !page.contains("promotion Bobigny"));
    let (_, json) = app.json(&format!("/api/v1/offres/{}", offer.slug)).await;
    assert!(json["promotion"].is_null());
}

on_both_backends!(the_bordeaux_retroplanning_shows_the_decision_before_the_start_every_year);
async fn the_bordeaux_retroplanning_shows_the_decision_before_the_start_every_year(app: TestApp) {
    app.set_now(datetime!(2026-01-10 9:00 UTC));
    let scene = scene(app).await;
    let rh = scene.app.signed_in(&scene.recruiter).await;
    for year in 2026..=2030 {
        let path = format!(
            "/projets/{}/retroplanning?parcours=bordeaux&annee={year}",
            scene.project_id
        );
        let (status, plan) = rh.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(plan.contains(&format!("Rétroplanning, promotion Bordeaux {year}")));
        assert!(plan.contains("Rythme de la formation : Une semaine entière par mois, en présentiel"));
        let plan = common::unescape(&plan);
        let decision = plan
            .find("<td data-label=\"Étape\">Décision d'embauche</td>")
            .expect("a decision");
        let start = plan
            .find("<td data-label=\"Étape\">Prise de poste</td>")
            .expect("a start");
        assert!(decision < start, "{year}: the decision comes first");
        // Dated two weeks apart: 23 August and 9 August in 2027.
        if year == 2027 {
            let row_date = |at: usize| {
                plan[..at]
                    .rsplit("<td data-label=\"Date\">")
                    .next()
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap()
                    .to_string()
            };
            assert_eq!(row_date(decision), "9 août 2027");
            assert_eq!(row_date(start), "23 août 2027");
        }
    }
}
