//! The `msp` binary as an operator runs it: defaults that need nothing, demo data, migrations.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MSP: &str = env!("CARGO_BIN_EXE_msp");

fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("msp_cli_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Server(Child);

/// A bare HTTP GET, so these tests need no async runtime.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

/// Waits until the server answers, up to 30 seconds.
fn wait_until_up(port: u16) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if get(port, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server did not answer /healthz within 30 s");
}

#[test]
fn serve_with_no_configuration_creates_and_migrates_msp_sqlite3_in_the_working_directory() {
    let dir = fresh_dir("defaults");
    let port = free_port();
    let _server = Server(
        Command::new(MSP)
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
            .current_dir(&dir)
            .env_remove("MSP_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_up(port);
    assert!(dir.join("msp.sqlite3").exists());
    let board = get(port, "/offres").unwrap();
    assert!(board.starts_with("HTTP/1.1 200"));
    assert!(board.contains("GREMO-PASS"), "the demo board shows the real fiches");
    assert!(get(port, "/readyz").unwrap().starts_with("HTTP/1.1 200"));
}

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
fn serve_help_documents_every_setting_and_its_variable() {
    let output = Command::new(MSP).args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for setting in [
        "--database",
        "MSP_DATABASE_URL",
        "--listen",
        "MSP_LISTEN",
        "--public-url",
        "MSP_PUBLIC_URL",
        "--demo",
    ] {
        assert!(help.contains(setting), "msp serve --help should mention {setting}");
    }
}

#[test]
fn user_add_invites_the_first_admin_who_opens_the_link_on_the_server() {
    let dir = fresh_dir("user_add");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let port = free_port();
    let public = format!("http://127.0.0.1:{port}");
    let add = |args: &[&str]| {
        let mut all = vec!["user", "add", "--database", &url, "--public-url", &public];
        all.extend_from_slice(args);
        Command::new(MSP).args(all).output().unwrap()
    };

    let refused = add(&["--role", "candidate", "--email", "x@exemple.fr"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("rôle inconnu"));
    let refused = add(&["--role", "recruiter", "--email", "x@exemple.fr"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("demande une portée"));
    let refused = add(&["--role", "admin", "--email", "pas-une-adresse"]);
    assert!(!refused.status.success());
    assert!(!String::from_utf8_lossy(&refused.stderr).contains("panicked"));

    let output = add(&["--role", "admin", "--email", "premiere@exemple.fr"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let link = stdout
        .split_whitespace()
        .find(|word| word.starts_with(&public))
        .unwrap_or_else(|| panic!("a link in {stdout}"));
    let path = &link[public.len()..];
    assert!(path.starts_with("/invitation?jeton="), "{path}");

    let _server = Server(
        Command::new(MSP)
            .args(["serve", "--database", &url, "--listen", &format!("127.0.0.1:{port}")])
            .env("MSP_OUTBOX_DIR", dir.join("outbox"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_up(port);
    let page = get(port, path).expect("the server answers");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("premiere@exemple.fr"), "{page}");

    // The invitation the command queued leaves through the outbox folder once a server runs.
    let outbox = dir.join("outbox");
    let start = Instant::now();
    let mail = loop {
        let found = std::fs::read_dir(&outbox)
            .into_iter()
            .flatten()
            .flatten()
            .find(|entry| entry.path().extension().is_some_and(|e| e == "eml"));
        if let Some(entry) = found {
            break std::fs::read_to_string(entry.path()).unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no .eml in {}",
            outbox.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(mail.contains("To: premiere@exemple.fr"), "{mail}");
    assert!(mail.contains("text/html") && mail.contains("text/plain"), "{mail}");
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
fn logs_can_be_json_lines_for_a_collector() {
    let dir = fresh_dir("json_logs");
    let port = free_port();
    let mut child = Command::new(MSP)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--log-format",
            "json",
        ])
        .current_dir(&dir)
        .env_remove("MSP_DATABASE_URL")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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

#[test]
fn every_page_states_the_configured_accessibility_conformity() {
    let dir = fresh_dir("conformity");
    let port = free_port();
    let _server = Server(
        Command::new(MSP)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .current_dir(&dir)
            .env_remove("MSP_DATABASE_URL")
            .env("MSP_ACCESSIBILITY", "partielle")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_up(port);
    for path in ["/", "/offres", "/connexion"] {
        let page = get(port, path).unwrap();
        assert!(page.contains("Accessibilité : partiellement conforme"), "{path}");
    }
    let statement = get(port, "/accessibilite").unwrap();
    assert!(
        statement.contains("<strong>partiellement conforme</strong>"),
        "{statement}"
    );
}

/// Everything the public sees of the synthetic offers of a database, in order.
async fn synthetic_offers(
    url: &str,
) -> Vec<(
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
)> {
    let db = msp::db::Db::connect(url).await.unwrap();
    let rows = sqlx::query_as(
        "SELECT slug, status, title, context, missions, contacts, deadline, published_at FROM fiches ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    db.pool.close().await;
    rows
}

#[tokio::test]
async fn synthetic_offers_are_the_same_for_a_seed_and_are_searchable() {
    let dir = fresh_dir("synthetic");
    let url = |name: &str| format!("sqlite://{}", dir.join(name).display());
    for (name, seed) in [("a.sqlite3", "1"), ("b.sqlite3", "1"), ("c.sqlite3", "2")] {
        let output = Command::new(MSP)
            .args(["demo", "--synthetic", "50", "--seed", seed, "--database", &url(name)])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            format!("50 offres synthétiques chargées (graine {seed}).")
        );
    }
    let first = synthetic_offers(&url("a.sqlite3")).await;
    assert_eq!(first.len(), 50);
    assert_eq!(first, synthetic_offers(&url("b.sqlite3")).await);
    assert_ne!(first, synthetic_offers(&url("c.sqlite3")).await);

    let port = free_port();
    let _server = Server(
        Command::new(MSP)
            .args([
                "serve",
                "--database",
                &url("a.sqlite3"),
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_up(port);
    let (slug, status, title, ..) = first.iter().find(|o| o.1 == "publiee").unwrap();
    assert_eq!(status, "publiee");
    let kind = title.rsplit(" – ").next().unwrap();
    let query: String = kind
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .collect::<Vec<_>>()
        .join("+");
    let page = get(port, &format!("/api/v1/offres?q={query}")).unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains(&format!("\"slug\":\"{slug}\"")),
        "{slug} is found by q={query}"
    );
}

/// A database that only reads would fail every application while the site looks up: the server
/// refuses to start on it, says why in French and exits non-zero (and so does an unreachable
/// PostgreSQL, after the pool's wait).
#[test]
fn serve_refuses_to_start_on_a_database_it_cannot_write() {
    let dir = fresh_dir("read_only");
    let path = dir.join("msp.sqlite3");
    let url = format!("sqlite://{}", path.display());
    let migrated = Command::new(MSP)
        .args(["migrate", "--database", &url])
        .output()
        .unwrap();
    assert!(migrated.status.success());
    for database in [
        format!("{url}?mode=ro"),
        "postgres://postgres@127.0.0.1:1/nowhere".to_string(),
    ] {
        let mut server = Server(
            Command::new(MSP)
                .args([
                    "serve",
                    "--database",
                    &database,
                    "--listen",
                    &format!("127.0.0.1:{}", free_port()),
                ])
                .current_dir(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
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
