//! What the user was told is saved is saved: a server killed under load (SIGKILL, no time to
//! flush anything) loses none of the writes it had acknowledged.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const MSP: &str = env!("CARGO_BIN_EXE_msp");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `msp serve` on a free port with its files in `dir`, once it answers; and its address.
async fn start_server(dir: &std::path::Path, url: &str) -> (std::process::Child, String) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Command::new(MSP)
        .args(["serve", "--database", url, "--listen", &format!("127.0.0.1:{port}")])
        .env("MSP_OUTBOX_DIR", dir.join("outbox"))
        .env("MSP_DOCUMENT_KEY_FILE", dir.join("document.key"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    msp::outbound::install_crypto_provider();
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (server, base)
}

/// Signs up one person; true when the server acknowledged it.
async fn sign_up(client: &reqwest::Client, base: &str, email: &str) -> bool {
    let Ok(page) = client.get(format!("{base}/inscription")).send().await else {
        return false;
    };
    let Some(csrf) = crate::common::csrf_cookie(&page) else {
        return false;
    };
    let response = client
        .post(format!("{base}/inscription"))
        .header("cookie", format!("msp_csrf={csrf}"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Alex"),
            ("email", email),
            ("password", "Un mot de passe solide 42"),
        ])
        .send()
        .await;
    matches!(response, Ok(r) if r.status() == 200)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_under_load_loses_no_acknowledged_sign_up() {
    let dir = crate::common::fresh_dir("durability");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let (mut server, base) = start_server(&dir, &url).await;
    msp::outbound::install_crypto_provider();
    let client = reqwest::Client::new();

    // Eight clients sign people up; the server is killed after the twentieth acknowledgement,
    // with requests still in flight.
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let done = Arc::new(AtomicUsize::new(0));
    let (kill_tx, kill_rx) = tokio::sync::oneshot::channel::<()>();
    let kill_tx = Arc::new(std::sync::Mutex::new(Some(kill_tx)));
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let (client, base) = (client.clone(), base.clone());
        let (acknowledged, done, kill_tx) = (acknowledged.clone(), done.clone(), kill_tx.clone());
        tasks.push(tokio::spawn(async move {
            for n in 0..10 {
                let email = format!("personne{worker}-{n}@exemple.fr");
                if sign_up(&client, &base, &email).await {
                    acknowledged.lock().unwrap().push(email);
                    if done.fetch_add(1, Ordering::SeqCst) + 1 == 20
                        && let Some(tx) = kill_tx.lock().unwrap().take()
                    {
                        let _ = tx.send(());
                    }
                }
            }
        }));
    }
    let _ = kill_rx.await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for task in tasks {
        task.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 20);

    // After the crash, every acknowledged sign-up is there.
    let db = msp::db::Db::connect(&url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT email FROM users")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    for email in &acknowledged {
        assert!(stored.contains(email), "{email} was acknowledged but is lost");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_whose_confirmation_was_shown_survives_a_kill() {
    let dir = crate::common::fresh_dir("durability_apply");
    let url = format!("sqlite://{}", dir.join("msp.sqlite3").display());
    let demo = Command::new(MSP)
        .args(["demo", "--database", &url])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(demo.success());
    let (mut server, base) = start_server(&dir, &url).await;
    msp::outbound::install_crypto_provider();
    let client = reqwest::Client::new();
    let offers: serde_json::Value = client
        .get(format!("{base}/api/v1/offres"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slug = offers["offres"][0]["slug"].as_str().unwrap().to_string();
    let page = client
        .get(format!("{base}/offres/{slug}/candidater"))
        .send()
        .await
        .unwrap();
    let csrf = crate::common::csrf_cookie(&page).unwrap();
    let html = page.text().await.unwrap();
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .text("cle", crate::common::hidden_value(&html, "cle"))
        .text("nom", "Alex Durable")
        .text("email", "alex.durable@exemple.fr")
        .text("telephone", "0612345678")
        .text("commune", "Lille")
        .text("suivi", "non")
        .text("consentement", "oui")
        .part("cv", reqwest::multipart::Part::bytes(pdf.clone()).file_name("cv.pdf"))
        .part("lettre", reqwest::multipart::Part::bytes(pdf).file_name("lettre.pdf"));
    let response = client
        .post(format!("{base}/offres/{slug}/candidater"))
        .header("cookie", format!("msp_csrf={csrf}"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Candidature envoyée"));
    server.kill().unwrap(); // SIGKILL, the instant the confirmation is read
    server.wait().unwrap();

    let db = msp::db::Db::connect(&url).await.unwrap();
    let documents: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM application_documents d JOIN applications a ON a.id = d.application_id \
         WHERE a.email = 'alex.durable@exemple.fr'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(documents, 2, "the application and both documents survived");
    let _ = std::fs::remove_dir_all(&dir);
}
