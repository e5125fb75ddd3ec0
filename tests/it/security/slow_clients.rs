use super::*;

/// A slow upload, as a slow-loris client sends it: headers and the form's first part at once,
/// then the rest a little at a time, from an address of its own (127.0.0.0/8 is all loopback).
async fn slow_upload(
    app: &TestApp, from: [u8; 4], path: &str, token: Option<&str>, stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<String> {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket
        .bind(std::net::SocketAddr::from((from, 0)))
        .expect("a loopback address");
    let mut stream = socket.connect(app.address).await.unwrap();
    let boundary = "----LentBoundaryAbC";
    let cookie = "e".repeat(64);
    let mut start = String::new();
    if let Some(token) = token {
        start.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n"
        ));
    }
    start.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n\r\n%PDF-1.4\n"
    ));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: msp_csrf={cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 20000000\r\n\r\n{start}",
        app.address
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    tokio::spawn(async move {
        let mut stop = stop;
        let chunk = vec![b'a'; 48 * 1024];
        let mut answer = Vec::new();
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                read = stream.read_buf(&mut answer) => {
                    if matches!(read, Ok(0) | Err(_)) { break; }
                    if answer.starts_with(b"HTTP/1.1 429") { break; }
                }
                // Fast enough never to be cut off for slowness, slow enough to last.
                _ = tokio::time::sleep(Duration::from_secs(2)) => {
                    if stream.write_all(&chunk).await.is_err() { break; }
                }
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    })
}

#[tokio::test]
async fn slow_clients_cannot_keep_a_candidate_from_applying() {
    let app = TestApp::start_sqlite().await;
    let employer = app.establishment("CH Lenteur", "Lyon", "69").await;
    let offer = app.publish(&employer, "Médiateur de santé-pair", 1).await;
    let path = format!("/offres/{}/candidater", offer.slug);
    let (stop_all, stop) = tokio::sync::watch::channel(false);

    // Four connections that never send the token: today they would each hold an upload slot.
    let mut slow = Vec::new();
    for _ in 0..4 {
        slow.push(slow_upload(&app, [127, 0, 0, 2], &path, None, stop.clone()).await);
    }
    // Connections with a valid token from two addresses: two slots each at most, the third
    // is refused at once.
    let token = "e".repeat(64);
    for from in [[127, 0, 0, 3], [127, 0, 0, 4]] {
        for _ in 0..2 {
            slow.push(slow_upload(&app, from, &path, Some(&token), stop.clone()).await);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let third = slow_upload(&app, [127, 0, 0, 3], &path, Some(&token), stop.clone()).await;
    let refused = tokio::time::timeout(Duration::from_secs(60), third)
        .await
        .expect("the third upload of one address is answered at once")
        .unwrap();
    assert!(refused.starts_with("HTTP/1.1 429"), "{refused}");

    // Meanwhile a candidate applies as usual, and gets through.
    let browser = app.browser();
    let (_, form) = browser.page(&path).await;
    let key = common::hidden_value(&form, "cle");
    let pdf =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let fields = [
        ("cle", key.as_str()),
        ("nom", "Camille Patiente"),
        ("email", "patiente@exemple.fr"),
        ("telephone", "06 12 34 56 78"),
        ("commune", "Lyon"),
        ("suivi", "non"),
        ("consentement", "oui"),
    ];
    let files = [("cv", "cv.pdf", pdf.clone()), ("lettre", "lettre.pdf", pdf)];
    let apply = browser.post_multipart(&path, &fields, &files);
    // Not a timing assertion: without the fix the application waits for as long as the slow
    // clients keep sending, so the bound only turns a hang into a failure.
    let response = tokio::time::timeout(Duration::from_secs(90), apply)
        .await
        .expect("the application went through while the slow clients were still sending");
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("Candidature envoyée"));
    stop_all.send(true).unwrap();
    for task in slow {
        task.await.unwrap();
    }
}
