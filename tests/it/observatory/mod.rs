//! The observatory of posts since 2012: the CCOMS imports its historical record as CSV (a
//! synthetic file of 320 posts made for the tests), the bad rows are named by line and column,
//! a second import adds nothing, and the public page shows figures the test counts itself from
//! the file, with every count of people from 1 to 4 hidden.

mod figures;

use std::collections::BTreeMap;

use crate::common;
use common::{Browser, TestApp, assert_holds, collapse, unescape};
use msp::domain::role::Role;

const RECORD: &[u8] = include_bytes!("../../fixtures/observatoire.csv");
const WITH_ERRORS: &[u8] = include_bytes!("../../fixtures/observatoire-erreurs.csv");

/// A CCOMS coordinator, signed in.
async fn ccoms(app: &TestApp) -> Browser {
    let coordinator = app.user(Role::Coordinator, "ccoms@observatoire.test", &[]).await;
    app.signed_in(&coordinator).await
}

/// Sends the import page's form with this file; the page's text as read.
async fn import(browser: &Browser, bytes: &[u8]) -> (u16, String) {
    let files = [("fichier", "historique.csv", bytes.to_vec())];
    let response = browser.post_multipart("/observatoire/import", &[], &files).await;
    let status = response.status().as_u16();
    (status, collapse(&unescape(&response.text().await.unwrap())))
}

/// The fixture's rows as the test reads them: column name → cell.
fn record_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let text = std::str::from_utf8(bytes).unwrap().trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(';').map(str::to_string).collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            header
                .iter()
                .cloned()
                .zip(line.split(';').map(str::to_string))
                .collect()
        })
        .collect()
}

on_both_backends!(the_ccoms_imports_its_record_from_its_home_and_a_second_import_adds_nothing);
async fn the_ccoms_imports_its_record_from_its_home_and_a_second_import_adds_nothing(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let (_, home) = ccoms.page("/espace").await;
    assert!(
        home.contains("href=\"/observatoire/import\""),
        "linked from the CCOMS's home"
    );
    let (status, page) = ccoms.page("/observatoire/import").await;
    assert_eq!(status, 200);
    assert_holds(&page, &["annee_creation", "reference", "diplome"]);

    let posts = record_rows(RECORD).len();
    assert_eq!(posts, 320);
    let (status, report) = import(&ccoms, RECORD).await;
    assert_eq!(status, 200, "{report}");
    assert_holds(
        &report,
        &[
            "320 poste(s) ajouté(s)",
            "0 poste(s) mis à jour",
            "0 poste(s) inchangé(s)",
            "0 erreur(s)",
        ],
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM historical_posts").await, 320);

    let (_, again) = import(&ccoms, RECORD).await;
    assert_holds(
        &again,
        &[
            "0 poste(s) ajouté(s)",
            "0 poste(s) mis à jour",
            "320 poste(s) inchangé(s)",
        ],
    );

    // The CCOMS corrects one post in its spreadsheet and sends the file again.
    let text = std::str::from_utf8(RECORD).unwrap();
    let corrected = text.replacen(";projet;", ";ouvert;", 1);
    let (_, third) = import(&ccoms, corrected.as_bytes()).await;
    assert_holds(
        &third,
        &[
            "0 poste(s) ajouté(s)",
            "1 poste(s) mis à jour",
            "319 poste(s) inchangé(s)",
        ],
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM historical_posts").await, 320);
}

on_both_backends!(each_bad_row_is_named_by_its_line_and_column_and_the_good_ones_are_imported);
async fn each_bad_row_is_named_by_its_line_and_column_and_the_good_ones_are_imported(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let (status, report) = import(&ccoms, WITH_ERRORS).await;
    assert_eq!(status, 200, "{report}");
    assert_holds(
        &report,
        &[
            "2 poste(s) ajouté(s)",
            "10 erreur(s)",
            "ligne 3, colonne annee_creation : « 20x4 » n'est pas une année",
            "ligne 4, colonne region : « Atlantide » n'est pas une région",
            "ligne 5, colonne departement : « 75 » n'est pas dans la région indiquée",
            "ligne 6, colonne etat : « ferme » n'est pas l'une des valeurs",
            "ligne 7, colonne date_embauche : « 01/01/2017 » précède le début du projet",
            "ligne 8, colonne reference : « E-001 » figure déjà ligne 2 ; seule la première est importée",
            "ligne 9, colonne etablissement : la valeur manque",
            "ligne 9, colonne region : la valeur manque",
            "ligne 9, colonne annee_creation : « 2011 » n'est pas entre 2012",
            "ligne 9, colonne debut_projet : « 31/02/2016 » n'est pas une date",
        ],
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT establishment FROM historical_posts ORDER BY reference")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, ["Centre Un", "Centre Huit, Arras"]);

    // A file that is not a record at all is refused whole, next to the field.
    let (status, page) = import(&ccoms, b"nom;prenom\nDupont;Jean\n").await;
    assert_eq!(status, 422);
    assert_holds(
        &page,
        &["il manque : reference, region, etablissement, annee_creation, etat"],
    );
    let (status, page) = import(&ccoms, b"").await;
    assert_eq!(status, 422);
    assert_holds(&page, &["Choisissez le fichier CSV"]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM historical_posts").await, 2);
}
