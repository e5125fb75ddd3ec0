//! Who finds what: staff-only resources are invisible to visitors and candidates, withdrawn
//! ones to everyone but the CCOMS; the sitemap lists the public ones only.

use super::*;

on_both_backends!(
    a_staff_only_resource_is_invisible_to_visitors_and_candidates,
    a_withdrawn_resource_is_found_by_the_ccoms_only_until_it_is_put_back,
);

async fn a_staff_only_resource_is_invisible_to_visitors_and_candidates(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let hidden = publish_pdf(&ccoms, "Trame de suivi", "Pour les équipes.", "equipes", a_pdf("trame")).await;
    let public = publish_pdf(&ccoms, "Guide public", "Pour tous.", "public", a_pdf("guide")).await;
    let candidate = app.user(Role::Candidate, "alex@exemple.fr", &[]).await;
    let candidate = app.signed_in(&candidate).await;
    for reader in [app.browser(), candidate] {
        assert_eq!(reader.get(&hidden).await.status(), 404);
        assert_eq!(reader.get(&format!("{hidden}/fichier")).await.status(), 404);
        assert_eq!(reader.get(&format!("{hidden}/fichier/1")).await.status(), 404);
        let (_, list) = read(&reader, "/ressources?q=trame").await;
        assert!(!list.contains("Trame de suivi"), "{list}");
        let (_, list) = read(&reader, "/ressources").await;
        assert!(
            !list.contains("Trame de suivi") && list.contains("Guide public"),
            "{list}"
        );
    }
    let msp = app.user(Role::Msp, "msp@exemple.fr", &[]).await;
    let msp = app.signed_in(&msp).await;
    let (status, page) = read(&msp, &hidden).await;
    assert_eq!(status, 200);
    assert!(page.contains("Réservé aux équipes du programme"), "{page}");
    assert_eq!(msp.get(&format!("{hidden}/fichier")).await.status(), 200);
    app.sync_board().await;
    let (_, sitemap) = app.page("/sitemap.xml").await;
    assert!(sitemap.contains(&public), "{sitemap}");
    assert!(!sitemap.contains(&hidden), "{sitemap}");
}

async fn a_withdrawn_resource_is_found_by_the_ccoms_only_until_it_is_put_back(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let page = publish_pdf(&ccoms, "Ancien guide", "Dépassé.", "public", a_pdf("ancien")).await;
    let withdrawn = ccoms.post(&format!("{page}/retrait"), &[("etat", "retiree")]).await;
    assert_eq!(withdrawn.status(), 303);
    let visitor = app.browser();
    assert_eq!(visitor.get(&page).await.status(), 404);
    assert_eq!(visitor.get(&format!("{page}/fichier")).await.status(), 404);
    let (_, list) = read(&visitor, "/ressources").await;
    assert!(!list.contains("Ancien guide"), "{list}");
    app.sync_board().await;
    let (_, sitemap) = app.page("/sitemap.xml").await;
    assert!(!sitemap.contains(&page), "{sitemap}");
    let (status, text) = read(&ccoms, &page).await;
    assert_eq!(status, 200);
    assert!(text.contains("Ce document est retiré"), "{text}");
    let (_, list) = read(&ccoms, "/ressources").await;
    assert!(list.contains("Ancien guide") && list.contains("Retiré"), "{list}");
    let back = ccoms.post(&format!("{page}/retrait"), &[("etat", "en_ligne")]).await;
    assert_eq!(back.status(), 303);
    assert_eq!(visitor.get(&page).await.status(), 200);
    // Nobody else may withdraw it.
    let msp = app.user(Role::Msp, "msp@exemple.fr", &[]).await;
    let msp = app.signed_in(&msp).await;
    assert_eq!(
        msp.post(&format!("{page}/retrait"), &[("etat", "retiree")])
            .await
            .status(),
        403
    );
    assert_eq!(visitor.get(&page).await.status(), 200);
}
