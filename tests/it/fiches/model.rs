//! The fiche's model fits real posts (issue 21): working time left open or as a range, a
//! contract and its length, pay in euros, several posts and places, another training than the
//! two licences, applying on the establishment's own site; and fiches stored before keep every
//! value.

use super::*;
use common::{pdf_text, unescape};

/// Whether the page's text, entities read, holds this.
fn reads(page: &str, text: &str) -> bool {
    unescape(page).contains(text)
}

/// Writes a post as a real fiche states it, nothing forced: working time to be agreed, a CDD,
/// pay as a range in euros, two posts, two places, a DU, applying on the hospital's site only.
async fn write_an_unusual_post(recruiter: &Browser, fiche: &str) {
    let steps: [(u8, &[(&str, &str)]); 3] = [
        (
            1,
            &[
                ("title", "Pair-aidant professionnel"),
                ("quotite", "a_convenir"),
                ("quotite_percent", "50 à 80"),
                ("quotite_adaptable", "oui"),
                ("quotite_note", "Selon le projet professionnel de la personne retenue"),
                ("contract", "cdd"),
                ("contract_months", "12"),
                ("posts", "2"),
                ("grade", ""),
                ("pay_index", ""),
                ("pay_euros", "1 800 à 2 100"),
                ("reference", "AV-2027-04"),
                ("nature", "vacance"),
            ],
        ),
        (
            5,
            &[
                ("diploma", ""),
                ("parcours", "autre"),
                ("training", "Un DU de pair-aidance, financé par l'établissement."),
            ],
        ),
        (
            6,
            &[
                ("how_to_apply", ""),
                ("apply_email", ""),
                ("apply_url", "https://www.tilleuls.example/emplois/pair-aidant"),
                ("deadline", &next_month()),
            ],
        ),
    ];
    for (step, fields) in steps {
        assert_eq!(save(recruiter, fiche, step, fields).await.status(), 303, "step {step}");
    }
    let sites = [
        ("place", "Lyon 8e"),
        ("sites", "Villeurbanne\nVénissieux"),
        ("context", "Le centre accompagne des adultes."),
    ];
    assert_eq!(save(recruiter, fiche, 2, &sites).await.status(), 303);
}

on_both_backends!(a_post_with_open_working_time_a_fixed_term_and_applications_elsewhere_is_published_as_written);
async fn a_post_with_open_working_time_a_fixed_term_and_applications_elsewhere_is_published_as_written(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    complete(&recruiter, &fiche).await;
    write_an_unusual_post(&recruiter, &fiche).await;

    let (_, preview) = recruiter.page(&format!("{fiche}/apercu")).await;
    for fact in [
        "À convenir (de 50 à 80\u{a0}%), adaptable. Selon le projet professionnel de la personne retenue",
        "Contrat à durée déterminée (CDD) de 12\u{a0}mois",
        "<dt>Nombre de postes</dt><dd>2</dd>",
        "de 1\u{a0}800 à 2\u{a0}100\u{a0}€ brut mensuel",
        "Vacance de poste",
        "AV-2027-04",
        "Villeurbanne",
        // The glossary spells the acronym out and links the field's word (issue 23).
        "Un DU (diplôme universitaire) de <a href=\"/glossaire#pair-aidance\" class=\"glossary-link\">pair-aidance</a>",
        "href=\"https://www.tilleuls.example/emplois/pair-aidant\"",
    ] {
        assert!(reads(&preview, fact), "{fact}: {preview}");
    }
    assert!(!preview.contains("Licence"), "no licence is named: {preview}");
    assert!(!preview.contains("Diplôme requis"), "no diploma section: {preview}");
    // The PDF and the export to Place de l'emploi public say the same.
    let (_, _, _, bytes) = pdf(recruiter.get(&format!("{fiche}/pdf")).await).await;
    let printed = pdf_text(&bytes);
    for fact in [
        "Contrat à durée déterminée (CDD) de 12 mois",
        "Nombre de postes : 2",
        "de 1 800 à 2 100 € brut mensuel",
        "Autres lieux : Villeurbanne ; Vénissieux",
        "https://www.tilleuls.example/emplois/pair-aidant",
        "Un DU de pair-aidance",
    ] {
        assert!(printed.contains(fact), "{fact}: {printed}");
    }
    assert!(!printed.contains("Candidature en ligne"), "{printed}");
    let (_, export) = recruiter.page(&format!("{fiche}/place-emploi-public")).await;
    let export = unescape(&export);
    for fact in [
        "Contrat à durée déterminée (CDD) de 12",
        "Vénissieux",
        "Nombre de postes : 2",
    ] {
        assert!(export.contains(fact), "{fact}: {export}");
    }

    let submitted = submit(&recruiter, &fiche).await;
    assert_eq!(submitted.status(), 303, "{}", submitted.text().await.unwrap());
    let coordinator = app.signed_in(&team.coordinator).await;
    assert_eq!(decide(&coordinator, &fiche, "publier").await.status(), 303);
    let id: i64 = fiche.trim_start_matches("/fiches/").parse().unwrap();
    let slug: String = sqlx::query_scalar("SELECT slug FROM fiches WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (_, page) = app.page(&format!("/offres/{slug}")).await;
    assert!(!page.contains("/candidater\""), "no form here: {page}");
    let posting = crate::job_board::json_ld(&page).expect("JobPosting markup");
    assert_eq!(posting["directApply"], false);
    assert_eq!(posting["totalJobOpenings"], 2);
    assert_eq!(posting["baseSalary"]["value"]["minValue"], 1800);
    assert_eq!(posting["baseSalary"]["value"]["maxValue"], 2100);
    assert!(
        posting.get("employmentType").is_none(),
        "working time left open: {posting}"
    );

    let (status, elsewhere) = app.page(&format!("/offres/{slug}/candidater")).await;
    assert_eq!(status, 404);
    assert!(reads(&elsewhere, "Cette offre se postule ailleurs"), "{elsewhere}");
    let (_, detail) = app.json(&format!("/api/v1/offres/{slug}")).await;
    assert_eq!(detail["candidature"]["sur_la_plateforme"], false);
    assert_eq!(detail["parcours"], serde_json::Value::Null);
    assert_eq!(detail["quotite_pourcentage_max"], 80);
}

on_both_backends!(figures_that_contradict_the_post_get_a_french_message_and_keep_what_was_typed);
async fn figures_that_contradict_the_post_get_a_french_message_and_keep_what_was_typed(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let typed = [
        ("title", "Médiateur de santé-pair"),
        ("quotite", "temps_plein"),
        ("quotite_percent", "80"),
        ("pay_euros", "376"),
        ("contract", "titulaire"),
        ("contract_months", "12"),
    ];
    let response = save(&recruiter, &fiche, 1, &typed).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for message in [
        "100 % pour un temps plein",
        "s'agit-il d'un indice majoré ?",
        "La durée ne s'indique que pour un CDD.",
    ] {
        assert!(reads(&page, message), "{message}: {page}");
    }
    assert!(page.contains("value=\"376\""), "typed pay kept: {page}");
    let step6 = [("apply_platform", "oui"), ("apply_url", "http://tilleuls.example")];
    let response = save(&recruiter, &fiche, 6, &step6).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(reads(&page, "commence par https://"), "{page}");
    assert!(page.contains("value=\"http://tilleuls.example\""), "{page}");
}

on_both_backends!(a_fiche_stored_before_the_new_model_keeps_every_value_and_is_still_applied_to_here);
async fn a_fiche_stored_before_the_new_model_keeps_every_value_and_is_still_applied_to_here(app: TestApp) {
    let ch = app.establishment("CH des Tests", "Lille", "59").await;
    let before = content("Médiateur de santé-pair");
    let offer = app.fiche(&ch, before.clone(), FicheStatus::Publiee, 1).await;
    // What migration 0021 leaves in a row written before it: the new columns at their defaults.
    sqlx::query("UPDATE fiches SET details = '{}', quotite_percent_max = NULL, quotite_note = '' WHERE id = $1")
        .bind(offer.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let read = msp::db::fiches::find_public_by_slug(&app.db, &offer.slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.content, before, "every value kept, applied to on the platform");
    let (status, _) = app.page(&format!("/offres/{}/candidater", offer.slug)).await;
    assert_eq!(status, 200);

    // A version saved before the new fields still reads, with the same defaults.
    let mut old = serde_json::to_value(&before).unwrap();
    for field in [
        "quotite_percent_max",
        "quotite_note",
        "sites",
        "apply_on_platform",
        "apply_url",
        "pay_euros",
        "contract",
        "contract_months",
        "posts",
        "reference",
    ] {
        old.as_object_mut().unwrap().remove(field).expect(field);
    }
    let version: msp::domain::fiche::FicheContent = serde_json::from_value(old).unwrap();
    assert_eq!(version, before);
}
