//! « En bref » in the editor (issue 23): guidance and an example, a readability indication of
//! the saved text in plain words with the sentence count, and a warning (never a block) on the
//! fiche's page while it is empty.

use super::*;

on_both_backends!(en_bref_is_measured_in_the_editor_and_its_absence_warns_without_blocking);
async fn en_bref_is_measured_in_the_editor_and_its_absence_warns_without_blocking(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    complete(&recruiter, &fiche).await;
    let (_, page) = recruiter.page(&fiche).await;
    assert!(page.contains("id=\"en-bref-manquant\""), "a warning while it is empty");

    let (_, editor) = recruiter.page(&format!("{fiche}/modifier?etape=6")).await;
    assert!(editor.contains("id=\"champ-in_brief\""));
    assert!(unescape(&editor).contains("Par exemple : « Vous rejoignez l'équipe d'un centre de consultation"));
    assert!(!editor.contains("id=\"lisibilite-in_brief\""), "nothing to measure yet");

    let dense = "Le médiateur de santé-pair participe à l'élaboration institutionnelle des dispositifs d'accompagnement pluridisciplinaires orientés rétablissement, en articulation avec les partenaires sanitaires, médico-sociaux et associatifs du territoire intersectoriel.";
    assert_eq!(
        save(&recruiter, &fiche, 6, &[("in_brief", dense), ("apply_platform", "oui")])
            .await
            .status(),
        303
    );
    let (_, editor) = recruiter.page(&format!("{fiche}/modifier?etape=6")).await;
    assert!(
        unescape(&editor).contains("Texte enregistré : difficile à lire"),
        "{editor}"
    );
    assert!(unescape(&editor).contains("1 phrase : écrivez trois à cinq phrases."));

    let plain = "Vous rejoignez une équipe de soin. Vous aidez les gens à aller mieux. Vous parlez de votre vie.";
    assert_eq!(
        save(&recruiter, &fiche, 6, &[("in_brief", plain), ("apply_platform", "oui")])
            .await
            .status(),
        303
    );
    let (_, editor) = recruiter.page(&format!("{fiche}/modifier?etape=6")).await;
    assert!(
        unescape(&editor).contains("Texte enregistré : facile à lire."),
        "{editor}"
    );
    let (_, page) = recruiter.page(&fiche).await;
    assert!(!page.contains("id=\"en-bref-manquant\""));
    let (_, preview) = recruiter.page(&format!("{fiche}/apercu")).await;
    assert!(preview.contains("<h2 id=\"titre-en-bref\">En bref</h2>"));

    let too_long = "Une phrase. ".repeat(120);
    let refused = save(
        &recruiter,
        &fiche,
        6,
        &[("in_brief", &too_long), ("apply_platform", "oui")],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"erreur-in_brief\""), "the message next to the field");
    assert!(html.contains("Une phrase. Une phrase."), "what was typed is kept");
}
