//! `msp serve`: its defaults, its settings, its logs; a database it cannot write stops it.

use super::*;

#[test]
fn serve_with_no_configuration_creates_and_migrates_msp_sqlite3_in_the_working_directory() {
    let dir = fresh_dir("defaults");
    let port = free_port();
    let mut server = serve(port, &["--demo"]);
    let _server = Server(server.current_dir(&dir).env_remove("MSP_DATABASE_URL").spawn().unwrap());
    wait_until_up(port);
    assert!(dir.join("msp.sqlite3").exists());
    let board = get(port, "/offres").unwrap();
    assert!(board.starts_with("HTTP/1.1 200"));
    assert!(board.contains("GREMO-PASS"), "the demo board shows the real fiches");
    assert!(get(port, "/readyz").unwrap().starts_with("HTTP/1.1 200"));
}

#[test]
fn serve_help_documents_every_setting_and_its_variable() {
    let output = msp(&["serve", "--help"]);
    let help = String::from_utf8_lossy(&output.stdout);
    for setting in [
        "--database",
        "MSP_DATABASE_URL",
        "--listen",
        "MSP_LISTEN",
        "--public-url",
        "MSP_PUBLIC_URL",
        "--demo",
        "--contact-email",
        "MSP_CONTACT_EMAIL",
    ] {
        assert!(help.contains(setting), "msp serve --help should mention {setting}");
    }
}

#[test]
fn logs_can_be_json_lines_for_a_collector() {
    let dir = fresh_dir("json_logs");
    let port = free_port();
    let mut server = serve(port, &["--log-format", "json"]);
    let server = server
        .current_dir(&dir)
        .env_remove("MSP_DATABASE_URL")
        .env("RUST_LOG", "info");
    let mut child = server.stderr(Stdio::piped()).spawn().unwrap();
    wait_until_up(port);
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = logs.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "the server logged its start");
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(value.get("level").is_some() && value.get("message").is_some(), "{line}");
    }
}

#[test]
fn every_page_states_the_configured_accessibility_conformity() {
    let dir = fresh_dir("conformity");
    let port = free_port();
    let mut server = serve(port, &[]);
    let server = server.current_dir(&dir).env_remove("MSP_DATABASE_URL");
    // Not the default ("partielle"), so that the setting is what the pages show.
    let _server = Server(server.env("MSP_ACCESSIBILITY", "non").spawn().unwrap());
    wait_until_up(port);
    for path in ["/", "/offres", "/connexion"] {
        let page = get(port, path).unwrap();
        assert!(page.contains("Accessibilité : non conforme"), "{path}");
    }
    let statement = get(port, "/accessibilite").unwrap();
    assert!(statement.contains("<strong>non conforme</strong>"), "{statement}");
}

/// A database that only reads would fail every application while the site looks up: the server
/// refuses to start on it, says why in French and exits non-zero (and so does an unreachable
/// PostgreSQL, after the pool's wait).
#[test]
fn every_page_gives_the_configured_contact_address() {
    let dir = fresh_dir("contact");
    let port = free_port();
    let mut server = serve(port, &[]);
    let server = server.current_dir(&dir).env_remove("MSP_DATABASE_URL");
    let _server = Server(server.env("MSP_CONTACT_EMAIL", "msp@ccoms.example").spawn().unwrap());
    wait_until_up(port);
    for path in ["/", "/contact", "/inscription", "/creer-un-poste"] {
        let page = get(port, path).unwrap();
        assert!(page.contains("mailto:msp@ccoms.example"), "{path}");
        assert!(!page.contains(msp::config::DEFAULT_CONTACT_EMAIL), "{path}");
    }
}

#[test]
fn serve_refuses_to_start_on_a_database_it_cannot_write() {
    let dir = fresh_dir("read_only");
    let path = dir.join("msp.sqlite3");
    let url = format!("sqlite://{}", path.display());
    msp_ok(&["migrate", "--database", &url]);
    for database in [
        format!("{url}?mode=ro"),
        "postgres://postgres@127.0.0.1:1/nowhere".to_string(),
    ] {
        let mut server = serve(free_port(), &["--database", &database]);
        let mut server = Server(server.current_dir(&dir).stderr(Stdio::piped()).spawn().unwrap());
        // A bound against a hang, not a timing assertion: a server that starts never exits.
        let start = Instant::now();
        while server.0.try_wait().unwrap().is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{database}: the server started"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let status = server.0.wait().unwrap();
        let mut stderr = String::new();
        server.0.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert!(!status.success(), "{database}: {stderr}");
        assert!(
            [
                "refuse l'écriture",
                "impossible d'ouvrir la base de données",
                "échec de la migration"
            ]
            .iter()
            .any(|why| stderr.contains(why)),
            "{database}: {stderr}"
        );
    }
}
