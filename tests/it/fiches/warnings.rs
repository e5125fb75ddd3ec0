//! The requirement check by meaning: what a fiche demands beyond lived experience warns, does
//! not stop the submission, and stops the publication until the CCOMS accepts it with a reason
//! (for that text only: a changed text warns again).

use super::*;

/// The five phrasings a domain expert tried, which the old list of exact phrases let through.
const FIVE: [&str; 5] = [
    "Expérience significative en pair aidance",
    "Diplôme de niveau licence requis",
    "DU de pair-aidance exigé",
    "Expérience préalable de MSP exigée",
    "diplôme d'État d'éducateur spécialisé",
];

/// Writes the fiche in full with these requirements: the competences at step 4, the diploma
/// and training at step 5.
async fn require(recruiter: &Browser, fiche: &str, competences: &str, diploma: &str, training: &str) {
    complete(recruiter, fiche).await;
    let step4 = [
        ("techniques", competences),
        ("experientielles", "Avoir eu recours aux soins en santé mentale"),
        ("organisationnelles", "Travailler en équipe"),
        ("adaptation", "Discrétion"),
    ];
    assert_eq!(save(recruiter, fiche, 4, &step4).await.status(), 303);
    let step5 = [("diploma", diploma), ("parcours", "bordeaux"), ("training", training)];
    assert_eq!(save(recruiter, fiche, 5, &step5).await.status(), 303);
}

/// Accepts every open warning on the coordinator's page with a reason; returns how many.
async fn accept_all(coordinator: &Browser, fiche: &str) -> usize {
    let mut accepted = 0;
    loop {
        let (_, page) = coordinator.page(fiche).await;
        if !page.contains("name=\"empreinte\"") {
            return accepted;
        }
        let fields = [
            ("empreinte", hidden_value(&page, "empreinte")),
            ("raison", "Poste financé hors programme, vu avec l'ARS.".to_string()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = coordinator.post(&format!("{fiche}/avertissements"), &fields).await;
        assert_eq!(response.status(), 303);
        accepted += 1;
    }
}

on_both_backends!(the_five_phrasings_warn_and_block_publication_until_accepted_with_a_reason);
async fn the_five_phrasings_warn_and_block_publication_until_accepted_with_a_reason(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let competences = format!("{}\n{}\n{}", FIVE[0], FIVE[3], FIVE[4]);
    require(&recruiter, &fiche, &competences, FIVE[1], FIVE[2]).await;

    // The editor's last step and the fiche's page show the warnings; submitting is allowed.
    let (_, last_step) = recruiter.page(&format!("{fiche}/modifier?etape=6")).await;
    assert!(
        last_step.contains("Exigences à revoir avant publication"),
        "{last_step}"
    );
    assert_eq!(submit(&recruiter, &fiche).await.status(), 303);
    let (_, page) = recruiter.page(&fiche).await;
    let page = page.replace("&#39;", "'");
    for text in FIVE {
        assert!(page.contains(&format!("« {text} »")), "{text} warns: {page}");
    }
    assert!(page.contains("un diplôme ou un titre professionnel"));
    assert!(page.contains("seul compte le savoir issu de l'expérience vécue"));
    assert!(!page.contains("name=\"empreinte\""), "only the CCOMS accepts a warning");

    // The CCOMS cannot publish while a warning is open.
    let coordinator = app.signed_in(&team.coordinator).await;
    let response = decide(&coordinator, &fiche, "publier").await;
    assert_eq!(response.status(), 422);
    let body = says(response, &["Avant de publier, faites corriger ou acceptez"]).await;
    assert!(body.contains("Soumise au CCOMS"), "nothing changed: {body}");

    // Accepting asks for a reason, next to its field.
    let (_, page) = coordinator.page(&fiche).await;
    let empty = [("empreinte", hidden_value(&page, "empreinte")), ("raison", " ".into())];
    let empty: Vec<(&str, &str)> = empty.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = coordinator.post(&format!("{fiche}/avertissements"), &empty).await;
    assert_eq!(response.status(), 422);
    let body = says(
        response,
        &["Indiquez la raison pour laquelle vous acceptez cette exigence."],
    )
    .await;
    assert!(
        body.contains("aria-invalid=\"true\" aria-describedby=\"erreur-raison-"),
        "{body}"
    );

    assert_eq!(accept_all(&coordinator, &fiche).await, 5, "one warning per warned text");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'avertissement_accepte'";
    assert_eq!(app.scalar(audited).await, 5);
    let (_, page) = recruiter.page(&fiche).await;
    assert!(page.contains("Avertissement accepté par"), "{page}");
    assert_eq!(decide(&coordinator, &fiche, "publier").await.status(), 303);
}

on_both_backends!(an_accepted_warning_warns_again_once_its_text_changes);
async fn an_accepted_warning_warns_again_once_its_text_changes(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let training = "Financée par l'établissement.";
    require(&recruiter, &fiche, "Écoute", "Licence exigée", training).await;
    assert_eq!(submit(&recruiter, &fiche).await.status(), 303);
    let coordinator = app.signed_in(&team.coordinator).await;
    assert_eq!(accept_all(&coordinator, &fiche).await, 1);

    // Sent back for another reason, the recruiter rewrites the diploma: it warns again.
    assert_eq!(decide(&coordinator, &fiche, "a_corriger").await.status(), 303);
    let step5 = [
        ("diploma", "Master exigé"),
        ("parcours", "bordeaux"),
        ("training", training),
    ];
    assert_eq!(save(&recruiter, &fiche, 5, &step5).await.status(), 303);
    assert_eq!(submit(&recruiter, &fiche).await.status(), 303);
    let response = decide(&coordinator, &fiche, "publier").await;
    assert_eq!(response.status(), 422);
    says(response, &["« Master exigé »"]).await;

    // Once fixed, nothing is left to accept and the fiche publishes.
    assert_eq!(decide(&coordinator, &fiche, "a_corriger").await.status(), 303);
    let fixed = [
        ("diploma", "Bac+2, ou Bac avec une VAP/VAE faite une fois recruté·e"),
        ("parcours", "bordeaux"),
        ("training", training),
    ];
    assert_eq!(save(&recruiter, &fiche, 5, &fixed).await.status(), 303);
    assert_eq!(submit(&recruiter, &fiche).await.status(), 303);
    assert_eq!(decide(&coordinator, &fiche, "publier").await.status(), 303);
}
