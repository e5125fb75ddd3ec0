//! A webhook receiver as an establishment's system would run one, on 127.0.0.1: it checks each
//! request's signature with the secret the page showed (HMAC-SHA256 written here from the
//! `hmac` crate, not the application's code), records it, and answers as the test scripted.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};

/// One request received.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub body: String,
    /// The signature matched the secret.
    pub signed: bool,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

#[derive(Clone, Default)]
pub struct Receiver {
    secret: Arc<Mutex<Vec<u8>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
    got: Arc<Mutex<Vec<Received>>>,
    pub url: String,
}

impl Receiver {
    /// Listens on a free port of 127.0.0.1; answers 200 unless told otherwise.
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let receiver = Receiver {
            url: format!("http://{}/evenements", listener.local_addr().unwrap()),
            ..Receiver::default()
        };
        let app = axum::Router::new()
            .route("/evenements", axum::routing::post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        receiver
    }

    /// Takes the secret as the page showed it (`whsec_…`).
    pub fn trust(&self, shown: &str) {
        let bytes = BASE64.decode(shown.strip_prefix("whsec_").unwrap()).unwrap();
        assert_eq!(bytes.len(), 32, "32 random bytes");
        *self.secret.lock().unwrap() = bytes;
    }

    /// The next answers, in order (then 200).
    pub fn answer(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (id, timestamp) = (header("webhook-id"), header("webhook-timestamp"));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&receiver.secret.lock().unwrap()).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let expected = format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()));
    let signed = !timestamp.is_empty() && header("webhook-signature").split(' ').any(|s| s == expected);
    receiver.got.lock().unwrap().push(Received { id, body, signed });
    let status = receiver.answers.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}

/// The secret a page shows once, if it shows one.
pub fn shown_secret(page: &str) -> Option<String> {
    let start = page.find("whsec_")?;
    let rest = &page[start..];
    let end = rest.find('<').unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}
