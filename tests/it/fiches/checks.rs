//! The FAQ's checks, and a step that fails.

use super::*;

on_both_backends!(the_checks_of_the_faq_stop_a_submission_and_show_next_to_their_fields);
async fn the_checks_of_the_faq_stop_a_submission_and_show_next_to_their_fields(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    // The template's suggestions confirmed: what is left are the FAQ's checks.
    recruiter.confirm_fiche(&fiche).await;
    let response = save(
        &recruiter,
        &fiche,
        5,
        &[
            ("diploma", "Master de psychologie"),
            ("parcours", "bobigny"),
            ("training", "Prise en charge par l'établissement."),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = submit(&recruiter, &fiche).await;
    assert_eq!(response.status(), 422);
    let body = says(response, &["Indiquez une date limite de candidature."]).await;
    assert!(
        !body.contains("Master de psychologie</a>"),
        "a diploma asked for warns, it does not stop the submission: {body}"
    );
    assert!(body.contains("Indiquez le lieu de travail."), "{body}");
    assert!(body.contains("Brouillon"), "nothing changed: {body}");
    assert!(
        body.contains(&format!("href=\"{fiche}/modifier?etape=2&#38;verifier=1#champ-place\"")),
        "each check links to its field in the editor: {body}"
    );

    // Without a step, the checks open at the first step that has one (the place, step 2).
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?verifier=1")).await;
    assert!(
        page.contains("<title>Erreur – Le service") && page.contains("id=\"erreur-place\""),
        "{page}"
    );

    // Reopening a step with the checks shows each message next to its field.
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=2&verifier=1")).await;
    assert!(page.contains("id=\"erreur-place\""), "{page}");
    assert!(!page.contains("erreur-deadline"), "only this step's fields");
    // The diploma asked for is a warning, shown at the last step.
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=6")).await;
    assert!(page.contains("« Master de psychologie »"), "{page}");
}

on_both_backends!(a_failed_step_keeps_what_was_typed);
async fn a_failed_step_keeps_what_was_typed(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let response = save(
        &recruiter,
        &fiche,
        6,
        &[
            ("how_to_apply", "Écrire à la direction des soins."),
            ("apply_email", "pas-une-adresse"),
            ("deadline", "31/02/2027"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let body = says(response, &["Indiquez une date valide"]).await;
    assert!(
        body.contains("Écrire à la direction des soins.") && body.contains("value=\"31/02/2027\""),
        "{body}"
    );
    assert!(body.contains("<title>Erreur – "));
    // Nothing of that step was saved.
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=6")).await;
    assert!(!page.contains("Écrire à la direction des soins."));
}

on_both_backends!(a_deadline_that_misses_the_soonest_cohort_is_warned_with_the_next_one);
async fn a_deadline_that_misses_the_soonest_cohort_is_warned_with_the_next_one(app: TestApp) {
    // 1 October 2026: Bobigny 2027's registration closes on 15 December.
    app.set_now(time::macros::datetime!(2026-10-01 9:00 UTC));
    let team = team(&app).await;
    let mut late = content("Médiateur de santé-pair à Bobigny");
    late.deadline = Some(time::macros::date!(2027 - 01 - 15));
    let fiche = app.fiche(&team.employer, late, FicheStatus::Brouillon, 1).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    for path in [
        format!("/fiches/{}", fiche.id),
        format!("/fiches/{}/modifier?etape=6", fiche.id),
    ] {
        let (_, page) = recruiter.page(&path).await;
        let page = common::unescape(&page);
        assert!(
            page.contains("ne pourra pas rejoindre la promotion Bobigny 2027")
                && page.contains("elle rejoindrait la promotion Bobigny 2028"),
            "{path}: {page}"
        );
    }
    // Early enough, the fiche reaches the soonest cohort: nothing to say.
    let mut early = content("Médiateur de santé-pair, recrutement d'automne");
    early.deadline = Some(time::macros::date!(2026 - 10 - 25));
    early.start_date = Some(time::macros::date!(2027 - 01 - 18));
    let fiche = app.fiche(&team.employer, early, FicheStatus::Brouillon, 2).await;
    let (_, page) = recruiter.page(&format!("/fiches/{}", fiche.id)).await;
    assert!(!page.contains("Calendrier de la formation"), "{page}");
}

on_both_backends!(a_start_date_against_the_cohort_is_warned_to_the_recruiter_and_the_ccoms);
async fn a_start_date_against_the_cohort_is_warned_to_the_recruiter_and_the_ccoms(app: TestApp) {
    app.set_now(time::macros::datetime!(2026-10-01 9:00 UTC));
    let team = team(&app).await;
    let mut late = content("Médiateur de santé-pair, prise de poste en mars");
    late.deadline = Some(time::macros::date!(2026 - 11 - 01));
    // Bobigny 2027's first training week is on 1 February 2027.
    late.start_date = Some(time::macros::date!(2027 - 03 - 01));
    let fiche = app.fiche(&team.employer, late, FicheStatus::Soumise, 1).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let ccoms = app.signed_in(&team.coordinator).await;
    for (browser, path) in [
        (&recruiter, format!("/fiches/{}", fiche.id)),
        (&ccoms, format!("/fiches/{}", fiche.id)),
    ] {
        let (status, page) = browser.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            page.matches("role=\"status\"").count(),
            0,
            "a warning, not a status: {path}"
        );
        let page = common::unescape(&page);
        assert!(
            page.contains(
                "tombe après la première semaine de formation de la promotion Bobigny 2027 (1er février 2027)"
            ) && page.contains("prévoyez la prise de poste vers le 18 janvier 2027"),
            "{path}: {page}"
        );
    }
    // Too early for the decision: at the editor's last step, with the date that fits.
    let mut early = content("Médiateur de santé-pair, prise de poste en novembre");
    early.deadline = Some(time::macros::date!(2026 - 11 - 01));
    early.start_date = Some(time::macros::date!(2026 - 11 - 15));
    let fiche = app.fiche(&team.employer, early, FicheStatus::Brouillon, 1).await;
    let (_, page) = recruiter.page(&format!("/fiches/{}/modifier?etape=6", fiche.id)).await;
    let page = common::unescape(&page);
    assert!(
        page.contains("La prise de poste du 15 novembre 2026 vient trop tôt")
            && page.contains("ne peut pas être prise avant le 22 novembre 2026")
            && page.contains("vers le 18 janvier 2027"),
        "{page}"
    );
    // A fiche naming no licence leads to no cohort: nothing to contradict.
    let mut other = content("Médiateur de santé-pair, DU de pair-aidance");
    other.track = None;
    other.start_date = Some(time::macros::date!(2026 - 10 - 05));
    let fiche = app.fiche(&team.employer, other, FicheStatus::Brouillon, 1).await;
    let (_, page) = recruiter.page(&format!("/fiches/{}", fiche.id)).await;
    assert!(!page.contains("Calendrier de la formation"), "{page}");
}
