use super::*;

#[test]
fn user_add_invites_the_first_admin_who_opens_the_link_on_the_server() {
    let dir = fresh_dir("user_add");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let port = free_port();
    let public = format!("http://127.0.0.1:{port}");
    let add = |args: &[&str]| {
        let mut all = vec!["user", "add", "--database", &url, "--public-url", &public];
        all.extend_from_slice(args);
        msp(&all)
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

    let mut server = serve(port, &["--database", &url]);
    let _server = Server(server.env("MSP_OUTBOX_DIR", dir.join("outbox")).spawn().unwrap());
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
