//! `msp migrate`, `demo`, `backup`, `export` and `import` on a database.

use super::*;

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
        let output = Command::new(MSP).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "msp {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let output = Command::new(MSP).args(["demo", "--database", &url]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "0 offres de démonstration chargées."
    );
}

#[test]
fn a_bad_database_url_is_a_french_error_not_a_panic() {
    let output = Command::new(MSP)
        .args(["migrate", "--database", "mysql://nope"])
        .output()
        .unwrap();
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
    assert!(
        Command::new(MSP)
            .args(["demo", "--database", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let output = Command::new(MSP)
        .args(["backup", "--database", &url, "--to", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // The copy holds the offers: loading the demo again there adds none.
    let copy_url = format!("sqlite://{}", copy.display());
    let output = Command::new(MSP)
        .args(["demo", "--database", &copy_url])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "0 offres de démonstration chargées."
    );
    let again = Command::new(MSP)
        .args(["backup", "--database", &url, "--to", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"));
}

#[test]
fn export_then_import_moves_the_data_to_a_new_database() {
    let dir = fresh_dir("transfer");
    let from = format!("sqlite://{}", dir.join("depart.sqlite3").display());
    let to = format!("sqlite://{}", dir.join("arrivee.sqlite3").display());
    let file = dir.join("export.jsonl");
    assert!(
        Command::new(MSP)
            .args(["demo", "--database", &from])
            .output()
            .unwrap()
            .status
            .success()
    );
    let output = Command::new(MSP)
        .args(["export", "--database", &from, "--file", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = std::fs::read_to_string(&file).unwrap().lines().count();
    let output = Command::new(MSP)
        .args(["import", "--database", &to, "--file", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("{lines} lignes importées.")
    );
    let output = Command::new(MSP).args(["demo", "--database", &to]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "0 offres de démonstration chargées."
    );
}
