//! The CCOMS's register of establishments: creating and editing one, its legal identity kept
//! unique.

use super::*;
use common::location;

on_both_backends!(the_ccoms_creates_then_edits_an_establishment_and_its_numbers_stay_unique);

fn establishment_fields(name: &str, siret: &str) -> Vec<(&'static str, String)> {
    vec![
        ("nom", name.into()),
        ("raison_sociale", format!("{name} (employeur)")),
        ("statut", "public".into()),
        ("adresse", "89 avenue de Bassens".into()),
        ("commune", "Bassens (73000)".into()),
        ("siret", siret.into()),
        ("finess", String::new()),
    ]
}

async fn the_ccoms_creates_then_edits_an_establishment_and_its_numbers_stay_unique(app: TestApp) {
    let (_, ccoms) = ccoms(&app).await;
    let wrong = establishment_fields("CHS de la Savoie", "123");
    let refused = ccoms.post("/etablissements/nouveau", &pairs(&wrong)).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Un numéro SIRET compte 14 chiffres"), "{page}");
    assert!(shows_value(&page, "nom", "CHS de la Savoie") && shows_value(&page, "siret", "123"));

    let created = ccoms
        .post(
            "/etablissements/nouveau",
            &pairs(&establishment_fields("CHS de la Savoie", "26750045200011")),
        )
        .await;
    assert_eq!(created.status(), 303);
    let id = app
        .scalar("SELECT id FROM establishments WHERE name = 'CHS de la Savoie'")
        .await;
    assert_eq!(location(&created), format!("/etablissements/{id}/modifier?fait=1"));
    let (status, page) = ccoms.page(&format!("/etablissements/{id}/modifier")).await;
    assert_eq!(status, 200);
    assert!(shows_value(&page, "commune", "Bassens (73000)") && shows_value(&page, "siret", "26750045200011"));
    let (_, list) = ccoms.page("/etablissements").await;
    assert!(list.contains("CHS de la Savoie") && list.contains("26750045200011"));

    let mut renamed = establishment_fields("CH spécialisé de la Savoie", "26750045200011");
    renamed[6].1 = "730000015".into();
    let edited = ccoms
        .post(&format!("/etablissements/{id}/modifier"), &pairs(&renamed))
        .await;
    assert_eq!(edited.status(), 303);
    let stored = format!(
        "SELECT COUNT(*) FROM establishments WHERE id = {id} AND name = 'CH spécialisé de la Savoie' AND finess = '730000015' AND departement_code = '73'"
    );
    assert_eq!(app.scalar(&stored).await, 1);

    // Another establishment with the same SIRET is a duplicate: the page says to merge.
    let twin = ccoms
        .post(
            "/etablissements/nouveau",
            &pairs(&establishment_fields("CHS Savoie bis", "26750045200011")),
        )
        .await;
    assert_eq!(twin.status(), 409);
    assert!(twin.text().await.unwrap().contains("fusionnez-les"));
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action IN ('etablissement_cree', 'etablissement_modifie')";
    assert_eq!(app.scalar(audited).await, 2);
    assert_eq!(ccoms.page("/etablissements/999999/modifier").await.0, 404);
}
