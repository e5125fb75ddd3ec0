//! A project, a draft and its PDF stay within their establishment.

use super::*;

on_both_backends!(another_establishment_cannot_read_or_change_a_project_or_a_draft);
async fn another_establishment_cannot_read_or_change_a_project_or_a_draft(app: TestApp) {
    let team = team(&app).await;
    let (recruiter, fiche) = writing(&app, &team).await;
    let stranger = app.recruiter_elsewhere().await;
    assert_eq!(stranger.get(&fiche).await.status(), 404);
    assert_eq!(stranger.get(&format!("{fiche}/apercu")).await.status(), 404);
    let response = retitle(&stranger, &fiche, "1", "Piraté").await;
    assert_eq!(response.status(), 404);
    let (_, list) = stranger.page("/projets").await;
    assert!(!list.contains("CH Les Tilleuls"), "{list}");
    // Nor can they open a project for an establishment that is not theirs.
    let theirs = common::project_form(&team.employer, "mi_temps", "bobigny");
    let response = stranger.post("/projets/nouveau", &common::pairs(&theirs)).await;
    assert_eq!(response.status(), 422);
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=1")).await;
    assert!(!page.contains("Piraté"));
}

on_both_backends!(a_drafts_pdf_says_brouillon_and_stays_within_its_establishment);
async fn a_drafts_pdf_says_brouillon_and_stays_within_its_establishment(app: TestApp) {
    let team = team(&app).await;
    let draft = app
        .fiche(
            &team.employer,
            content("Médiateur de santé-pair en équipe mobile"),
            FicheStatus::Brouillon,
            0,
        )
        .await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let (_, page) = recruiter.page(&format!("/fiches/{}", draft.id)).await;
    assert!(page.contains(&format!(
        "<a href=\"/fiches/{}/pdf\" type=\"application/pdf\">Télécharger la fiche en PDF (A4)</a>",
        draft.id
    )));

    let (status, content_type, disposition, bytes) =
        pdf(recruiter.get(&format!("/fiches/{}/pdf", draft.id)).await).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/pdf");
    assert_eq!(disposition, format!("inline; filename=\"{}.pdf\"", draft.slug));
    assert!(bytes.starts_with(b"%PDF-"));
    let header = pdf_header(&bytes);
    assert!(
        header.starts_with("Brouillon – document de travail, non publié"),
        "{header}"
    );
    let text = pdf_text(&bytes);
    assert!(text.contains("Médiateur de santé-pair en équipe mobile"), "{text}");

    let coordinator = app.signed_in(&team.coordinator).await;
    assert_eq!(
        coordinator.get(&format!("/fiches/{}/pdf", draft.id)).await.status(),
        200
    );
    assert_eq!(app.get(&format!("/offres/{}/pdf", draft.slug)).await.status(), 404);

    let stranger = app.recruiter_elsewhere().await;
    assert_eq!(stranger.get(&format!("/fiches/{}/pdf", draft.id)).await.status(), 404);
}
