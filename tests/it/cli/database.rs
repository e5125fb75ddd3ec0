//! `msp migrate`, `demo`, `backup`, `export` and `import` on a database.

use super::*;

/// What `msp demo` says on a database that holds the demo already.
const DEMO_AGAIN: &str = "0 offres de démonstration chargées.";

#[test]
fn migrate_and_demo_can_run_again_on_an_existing_database() {
    let dir = fresh_dir("migrate");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    for args in [
        ["migrate", "--database", &url],
        ["migrate", "--database", &url],
        ["demo", "--database", &url],
        ["demo", "--database", &url],
    ] {
        msp_ok(&args);
    }
    assert_eq!(msp_ok(&["demo", "--database", &url]).lines().next(), Some(DEMO_AGAIN));
}

#[test]
fn a_bad_database_url_is_a_french_error_not_a_panic() {
    let output = msp(&["migrate", "--database", "mysql://nope"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Erreur : impossible d'ouvrir la base de données"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn backup_copies_an_sqlite_database_consistently_and_never_overwrites() {
    let dir = fresh_dir("backup");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let copy = dir.join("copie.sqlite3");
    msp_ok(&["demo", "--database", &url]);
    msp_ok(&["backup", "--database", &url, "--to", copy.to_str().unwrap()]);
    // The copy holds the offers: loading the demo again there adds none.
    let copy_url = format!("sqlite://{}", copy.display());
    assert_eq!(
        msp_ok(&["demo", "--database", &copy_url]).lines().next(),
        Some(DEMO_AGAIN)
    );
    let again = msp(&["backup", "--database", &url, "--to", copy.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"));
}

#[test]
fn export_then_import_moves_the_data_to_a_new_database() {
    let dir = fresh_dir("transfer");
    let from = format!("sqlite://{}", dir.join("depart.sqlite3").display());
    let to = format!("sqlite://{}", dir.join("arrivee.sqlite3").display());
    let file = dir.join("export.jsonl");
    msp_ok(&["demo", "--database", &from]);
    msp_ok(&["export", "--database", &from, "--file", file.to_str().unwrap()]);
    let lines = std::fs::read_to_string(&file).unwrap().lines().count();
    let imported = msp_ok(&["import", "--database", &to, "--file", file.to_str().unwrap()]);
    assert_eq!(imported.trim(), format!("{lines} lignes importées."));
    assert_eq!(msp_ok(&["demo", "--database", &to]).lines().next(), Some(DEMO_AGAIN));
}

#[test]
fn purge_says_what_each_kind_of_data_lost() {
    let dir = fresh_dir("purge");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    msp_ok(&["migrate", "--database", &url]);
    let said = msp_ok(&["purge", "--database", &url]);
    for what in [
        "0 candidature(s) effacée(s)",
        "0 demande(s) de création de poste oubliée(s)",
        "0 membre(s) du vivier oublié(s)",
        "0 inscription(s) à un rendez-vous oubliée(s)",
        "0 conversation(s) du réseau des MSP effacée(s)",
        "0 signalement(s) du réseau des MSP effacé(s)",
    ] {
        assert!(said.lines().any(|line| line == what), "{what} in {said}");
    }
}
