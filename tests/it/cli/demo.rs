//! `msp demo` and `msp serve --demo` as a newcomer runs them: how to sign in as each role is
//! printed, the pages say the database is a demo, and a database with other data is refused.

use super::*;

const BANNER: &str = "Base de démonstration";

/// The base32 secrets printed, in order.
fn printed_secrets(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|line| {
            line.split_once("double authentification : secret ")?
                .1
                .split(',')
                .next()
        })
        .map(str::to_string)
        .collect()
}

/// `msp serve` on that database, until it answers: its page `/` and what it printed.
fn serve_once(dir: &std::path::Path, url: &str, args: &[&str]) -> (String, String) {
    let port = free_port();
    let mut command = serve(port, &[&["--database", url], args].concat());
    let mut child = command.current_dir(dir).stdout(Stdio::piped()).spawn().unwrap();
    wait_until_up(port);
    let home = get(port, "/").unwrap();
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    (home, String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn serve_demo_prints_how_to_sign_in_as_each_role_and_twice_the_same() {
    let dir = fresh_dir("serve_demo_twice");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let (home, first) = serve_once(&dir, &url, &["--demo"]);
    assert!(home.contains(BANNER), "{home}");
    assert!(first.contains("ouvrez http://127.0.0.1:"), "{first}");
    for email in [
        "admin@",
        "ccoms@",
        "recrutement@",
        "ars@",
        "universite@",
        "msp@",
        "candidat@",
    ] {
        assert!(first.contains(email), "{email}: {first}");
    }
    assert_eq!(
        printed_secrets(&first).len(),
        6,
        "one secret per staff account: {first}"
    );
    assert!(first.contains("code actuel "), "{first}");
    // Started again on the same database: nothing fails, the same accounts and secrets.
    let (home, second) = serve_once(&dir, &url, &["--demo"]);
    assert!(home.contains(BANNER));
    assert_eq!(printed_secrets(&second), printed_secrets(&first));
    // Served without --demo, a demo database still says so, and prints no secret.
    let (home, plain) = serve_once(&dir, &url, &[]);
    assert!(home.contains(BANNER));
    assert!(printed_secrets(&plain).is_empty(), "{plain}");
}

#[test]
fn a_database_made_without_the_demo_has_no_banner_and_msp_demo_refuses_it() {
    let dir = fresh_dir("demo_refused");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    msp_ok(&["demo", "--synthetic", "3", "--database", &url]);
    let (home, _) = serve_once(&dir, &url, &[]);
    assert!(home.starts_with("HTTP/1.1 200"));
    assert!(!home.contains(BANNER), "{home}");
    let refused = msp(&["demo", "--database", &url]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("ne viennent pas de la démonstration"), "{stderr}");
    assert!(printed_secrets(&String::from_utf8_lossy(&refused.stdout)).is_empty());
    // And so does `msp serve --demo`: no demo account on it, ever.
    let mut server = serve(free_port(), &["--demo", "--database", &url]);
    let mut server = Server(server.current_dir(&dir).stderr(Stdio::piped()).spawn().unwrap());
    // A bound against a hang, not a timing assertion: a server that starts never exits.
    let start = Instant::now();
    while server.0.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "serve --demo started");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!server.0.wait().unwrap().success());
    let mut stderr = String::new();
    server.0.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(stderr.contains("ne viennent pas de la démonstration"), "{stderr}");
}

#[test]
fn msp_demo_prints_where_to_go_and_each_account() {
    let dir = fresh_dir("demo_prints");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let output = msp_ok(&["demo", "--database", &url]);
    assert!(output.contains("puis ouvrez http://127.0.0.1:8080"), "{output}");
    assert!(output.contains("mot de passe"), "{output}");
    assert_eq!(printed_secrets(&output).len(), 6, "{output}");
}
