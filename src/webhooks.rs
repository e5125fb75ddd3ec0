//! The webhooks' delivery worker: sends the deliveries that are due (`db::webhooks`), each
//! attempt claimed by one worker of one instance, signed (`domain::webhook::signature`), to an
//! address checked again at sending time, and logged; a failure is tried again with backoff,
//! then given up. Receivers get each event at least once, under the same `Webhook-Id`.

use std::net::SocketAddr;
use std::time::Duration;

use time::OffsetDateTime;

use crate::db::Db;
use crate::db::webhooks::{self, Claimed, Outcome};
use crate::domain::calendar::Clock;
use crate::domain::webhook::{forbidden_ip, retry_after, signature};

/// A receiver that has not answered within this long has failed the attempt.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Sends what is due at `now`; returns how many were delivered. `allow_private` lets addresses
/// inside a network through (tests only, `MSP_WEBHOOKS_ALLOW_PRIVATE`).
pub async fn deliver_due(db: &Db, now: OffsetDateTime, allow_private: bool) -> sqlx::Result<usize> {
    let cipher = db.documents()?;
    let mut conn = db.pool.acquire().await?;
    let mut delivered = 0;
    for id in webhooks::due(&mut conn, now, 20).await? {
        if !webhooks::claim(&mut conn, id, now).await? {
            continue; // Another worker holds this attempt.
        }
        let Some(delivery) = webhooks::claimed(&mut conn, cipher, id).await? else {
            continue;
        };
        let answer = send(&delivery, allow_private).await;
        let (status, error) = match &answer {
            Ok(status) => (Some(*status), String::new()),
            Err(error) => (None, error.clone()),
        };
        let success = status.is_some_and(|s| (200..300).contains(&s));
        let next = if success {
            None
        } else {
            retry_after(delivery.attempts).map(|wait| now + wait)
        };
        // The address is the establishment's and may hold a token: the log names the delivery.
        match (success, next) {
            (true, _) => delivered += 1,
            (false, Some(_)) => tracing::warn!(delivery = id, ?status, %error, "webhook failed, will retry"),
            (false, None) => tracing::error!(delivery = id, ?status, %error, "webhook given up"),
        }
        let outcome = Outcome {
            status,
            error: &error,
            next,
            delivered: success,
        };
        webhooks::finish(&mut conn, id, now, outcome).await?;
    }
    Ok(delivered)
}

/// One attempt: the receiver's status, or why it could not be asked (in French, for the log
/// the recruiters read; never the address or the secret).
async fn send(delivery: &Claimed, allow_private: bool) -> Result<u16, String> {
    let secret = delivery
        .secret
        .as_ref()
        .map_err(|_| "secret illisible : régénérez-le".to_string())?;
    let url = reqwest::Url::parse(&delivery.url).map_err(|_| "adresse invalide".to_string())?;
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|_| "nom de serveur introuvable".to_string())?
        .collect();
    if addresses.is_empty() {
        return Err("nom de serveur introuvable".into());
    }
    if !allow_private && addresses.iter().any(|a| forbidden_ip(a.ip())) {
        return Err("l'adresse mène à un réseau privé : envoi refusé".into());
    }
    let client = crate::outbound::builder(TIMEOUT)
        .resolve_to_addrs(bare, &addresses)
        .build()
        .map_err(|_| "client HTTP indisponible".to_string())?;
    // Receivers compare the timestamp with their own clock: the system's, not the programme's.
    let timestamp = OffsetDateTime::now_utc().unix_timestamp();
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            signature(secret, &delivery.event_id, timestamp, &delivery.payload),
        )
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(|e| describe(&e))?;
    Ok(response.status().as_u16())
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "pas de réponse en 10 secondes".into()
    } else if error.is_connect() {
        "connexion impossible".into()
    } else {
        "échec de l'envoi".into()
    }
}

/// The worker: every 20 seconds, until the process ends.
pub async fn run_worker(db: Db, clock: Clock, allow_private: bool) {
    loop {
        match deliver_due(&db, clock.now(), allow_private).await {
            Ok(n) if n > 0 => tracing::info!(delivered = n, "webhooks delivered"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "webhook worker failed"),
        }
        tokio::time::sleep(Duration::from_secs(20)).await;
    }
}
