//! Fields "à vérifier": the template's suggestions are not the team's words until someone
//! confirms them, by ticking their box or by changing them; a fiche with one left is not
//! submitted.

use super::*;

/// The fields still to verify, as stored.
async fn stored_flags(app: &TestApp, fiche: &str) -> String {
    let id: i64 = fiche.trim_start_matches("/fiches/").parse().unwrap();
    sqlx::query_scalar("SELECT to_verify FROM fiches WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

on_both_backends!(the_templates_suggestions_block_submission_until_the_recruiter_confirms_them);
async fn the_templates_suggestions_block_submission_until_the_recruiter_confirms_them(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let (_, editor) = recruiter.page(&format!("{fiche}/modifier")).await;
    assert!(editor.contains("11 champs restent à vérifier"), "{editor}");
    assert!(
        editor.contains("Intitulé du poste <span class=\"badge badge-a-faire\">À vérifier</span>"),
        "a visible mark, in words: {editor}"
    );
    assert_eq!(flagged_fields(&editor), ["title", "quotite", "grade"]);
    assert!(
        !editor.contains("value=\"unit\""),
        "the unit comes from the team's project"
    );
    let (_, page) = recruiter.page(&fiche).await;
    assert!(page.contains("La fiche ne peut pas être soumise avant."), "{page}");

    // Written steps confirm what they changed; the rest still blocks the submission.
    write_rest(&recruiter, &fiche).await;
    let response = submit(&recruiter, &fiche).await;
    assert_eq!(response.status(), 422);
    let body = says(
        response,
        &[
            "Étape « Le poste » : 3 champs à vérifier.",
            "Étape « Compétences » : 4 champs à vérifier.",
            "Étape « Diplôme et formation » : 2 champs à vérifier.",
        ],
    )
    .await;
    assert!(!body.contains("Étape « Missions »"), "the missions were rewritten");
    assert!(body.contains("Brouillon"), "nothing changed: {body}");
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?verifier=1")).await;
    assert!(
        page.contains("<title>Erreur – Le poste"),
        "lands on the first step: {page}"
    );

    // A value changed is confirmed without its box; a value kept needs the box.
    let (_, step) = recruiter.page(&format!("{fiche}/modifier?etape=1")).await;
    let mut fields = form_fields(&step, &format!("{fiche}/modifier"));
    for (name, value) in fields.iter_mut() {
        if name == "grade" {
            *value = "Éducateur (catégorie A)".into();
        }
    }
    fields.push(("verifie".into(), "title".into()));
    let response = recruiter
        .post(&format!("{fiche}/modifier"), &common::pairs_of(&fields))
        .await;
    assert_eq!(response.status(), 303);
    let flags = stored_flags(&app, &fiche).await;
    assert!(!flags.contains("\"title\"") && !flags.contains("\"grade\""), "{flags}");
    assert!(flags.contains("\"quotite\""), "{flags}");

    recruiter.confirm_fiche(&fiche).await;
    assert_eq!(stored_flags(&app, &fiche).await, "[]");
    assert_eq!(submit(&recruiter, &fiche).await.status(), 303);
}
