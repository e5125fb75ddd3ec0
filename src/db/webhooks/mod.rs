//! Establishments' webhooks (migration 0035): their endpoints, with the signing secret sealed by
//! the documents' key; one delivery per endpoint and event, written in the transaction of the
//! event; and the log of every attempt. See `crate::webhooks` for the worker that sends them.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::instant_text;
use crate::documents::DocumentCipher;
use crate::domain::event::{Event, EventKind};
use crate::domain::webhook::{self, Payload};

/// The associated data of every sealed secret: a sealed document cannot pass for one.
const CONTEXT: &str = "secret_webhook";

/// A delivery's states, as stored.
pub const DUE: &str = "a_envoyer";
pub const DELIVERED: &str = "livre";
pub const GIVEN_UP: &str = "abandonne";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Endpoint {
    pub id: i64,
    pub establishment_id: i64,
    pub url: String,
    /// The kinds' codes, comma-separated.
    pub kinds: String,
    pub created_at: String,
    pub disabled_at: Option<String>,
}

impl Endpoint {
    pub fn chose(&self, kind: EventKind) -> bool {
        self.kinds.split(',').any(|code| code == kind.as_str())
    }

    pub fn kinds(&self) -> Vec<EventKind> {
        self.kinds.split(',').filter_map(EventKind::parse).collect()
    }
}

const COLUMNS: &str = "id, establishment_id, url, kinds, created_at, disabled_at";

/// Stores a new endpoint with a new secret; returns its id and the secret, to show once.
pub async fn create(
    conn: &mut AnyConnection, cipher: &DocumentCipher, establishment_id: i64, url: &str, kinds: &[EventKind],
    created_by: i64, now: OffsetDateTime,
) -> sqlx::Result<(i64, [u8; 32])> {
    let secret = webhook::new_secret();
    let sealed = cipher.seal(&secret, CONTEXT);
    let codes = kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",");
    let id = sqlx::query_scalar(
        "INSERT INTO webhook_endpoints (establishment_id, url, kinds, key_id, sealed_secret, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(establishment_id)
    .bind(url)
    .bind(codes)
    .bind(&sealed.key_id)
    .bind(sealed.bytes)
    .bind(instant_text(now))
    .bind(created_by)
    .fetch_one(conn)
    .await?;
    Ok((id, secret))
}

/// The endpoints of an establishment, oldest first.
pub async fn of_establishment(conn: &mut AnyConnection, establishment_id: i64) -> sqlx::Result<Vec<Endpoint>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE establishment_id = $1 ORDER BY id"
    )))
    .bind(establishment_id)
    .fetch_all(conn)
    .await
}

pub async fn find(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Endpoint>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Turns an endpoint off (`Some(now)`) or on again (`None`). A delivery already due is still
/// tried: it was decided while the endpoint was on.
pub async fn set_disabled(conn: &mut AnyConnection, id: i64, at: Option<OffsetDateTime>) -> sqlx::Result<()> {
    sqlx::query("UPDATE webhook_endpoints SET disabled_at = $1 WHERE id = $2")
        .bind(at.map(instant_text))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes an endpoint with its deliveries and their log.
pub async fn delete(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM webhook_deliveries WHERE endpoint_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives an endpoint a new secret; returns it, to show once. Deliveries still waiting are
/// signed with the new one when they leave.
pub async fn rotate(conn: &mut AnyConnection, cipher: &DocumentCipher, id: i64) -> sqlx::Result<[u8; 32]> {
    let secret = webhook::new_secret();
    let sealed = cipher.seal(&secret, CONTEXT);
    sqlx::query("UPDATE webhook_endpoints SET key_id = $1, sealed_secret = $2 WHERE id = $3")
        .bind(&sealed.key_id)
        .bind(sealed.bytes)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(secret)
}

/// Re-seals the secrets sealed with an older key (`msp documents reseal`); returns how many. A
/// secret no configured key opens is left: its deliveries fail until the recruiter renews it.
pub async fn reseal(conn: &mut AnyConnection, cipher: &DocumentCipher) -> sqlx::Result<u64> {
    let stale: Vec<(i64, String, Vec<u8>)> =
        sqlx::query_as("SELECT id, key_id, sealed_secret FROM webhook_endpoints WHERE key_id <> $1")
            .bind(cipher.current_key_id())
            .fetch_all(&mut *conn)
            .await?;
    let mut count = 0;
    for (id, key_id, sealed) in stale {
        let Ok(plain) = cipher.open(&key_id, &sealed, CONTEXT) else {
            continue;
        };
        let resealed = cipher.seal(&plain, CONTEXT);
        let done =
            sqlx::query("UPDATE webhook_endpoints SET key_id = $1, sealed_secret = $2 WHERE id = $3 AND key_id = $4")
                .bind(&resealed.key_id)
                .bind(resealed.bytes)
                .bind(id)
                .bind(&key_id)
                .execute(&mut *conn)
                .await?;
        count += done.rows_affected();
    }
    Ok(count)
}

/// In the transaction that records event `event_id`: one delivery per active endpoint of the
/// event's establishment that chose its kind, so that a delivery exists iff the change does.
pub async fn queue_event(
    conn: &mut AnyConnection, event_id: i64, event: &Event, now: OffsetDateTime, base_url: &str,
) -> sqlx::Result<()> {
    let Some(establishment_id) = event.establishment_id else {
        return Ok(());
    };
    if !webhook::KINDS.contains(&event.kind) {
        return Ok(());
    }
    let endpoints: Vec<Endpoint> = of_establishment(&mut *conn, establishment_id)
        .await?
        .into_iter()
        .filter(|e| e.disabled_at.is_none() && e.chose(event.kind))
        .collect();
    if endpoints.is_empty() {
        return Ok(());
    }
    let fiche_link = match event.fiche_id {
        Some(fiche) => public_link(conn, fiche, base_url).await?,
        None => None,
    };
    let application = matches!(
        event.kind,
        EventKind::ApplicationReceived | EventKind::ApplicationWithdrawn
    );
    let id = event_id.to_string();
    let occurred_at = instant_text(now);
    let payload = Payload {
        id: &id,
        source: base_url,
        kind: Some(event.kind),
        occurred_at: &occurred_at,
        establishment_id,
        fiche_id: event.fiche_id,
        fiche_link,
        application_id: application.then_some(event.reference),
        application_link: application.then(|| format!("{base_url}{}", event.link)),
    }
    .to_json();
    for endpoint in endpoints {
        insert_delivery(conn, endpoint.id, &id, event.kind.as_str(), &payload, now).await?;
    }
    Ok(())
}

/// The offer's public page, while it has one (published or closed, with its slug).
async fn public_link(conn: &mut AnyConnection, fiche: i64, base_url: &str) -> sqlx::Result<Option<String>> {
    let slug: Option<Option<String>> = sqlx::query_scalar("SELECT slug FROM fiches WHERE id = $1")
        .bind(fiche)
        .fetch_optional(conn)
        .await?;
    Ok(slug
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| format!("{base_url}/offres/{s}")))
}

/// A test event for one endpoint, due now, with an id of its own.
pub async fn queue_test(
    conn: &mut AnyConnection, endpoint: &Endpoint, now: OffsetDateTime, base_url: &str,
) -> sqlx::Result<()> {
    let id = format!("test-{}", &crate::secrets::random_token()[..16]);
    let occurred_at = instant_text(now);
    let payload = Payload {
        id: &id,
        source: base_url,
        kind: None,
        occurred_at: &occurred_at,
        establishment_id: endpoint.establishment_id,
        fiche_id: None,
        fiche_link: None,
        application_id: None,
        application_link: None,
    }
    .to_json();
    insert_delivery(conn, endpoint.id, &id, "test", &payload, now).await
}

async fn insert_delivery(
    conn: &mut AnyConnection, endpoint_id: i64, event_id: &str, kind: &str, payload: &str, now: OffsetDateTime,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (endpoint_id, event_id, kind, payload, created_at, state, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $5)",
    )
    .bind(endpoint_id)
    .bind(event_id)
    .bind(kind)
    .bind(payload)
    .bind(instant_text(now))
    .bind(DUE)
    .execute(conn)
    .await?;
    Ok(())
}

mod delivery;

pub use delivery::{Attempt, Claimed, Outcome, claim, claimed, due, finish, log, purge_before};
