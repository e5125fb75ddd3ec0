//! The mail outbox: a message is stored in the transaction that decides to send it, and a
//! worker delivers it, retrying with a growing delay, so no decision silently sends nothing.
//!
//! Mail carries secrets (follow, reset and invitation links) and candidates' data, so a waiting
//! message is sealed with the documents' key: address, subject, text, HTML, attachment and
//! unsubscribe link travel together in `sealed`, and a copy of the database reads none of them.
//! Once sent, or abandoned after [`GIVE_UP_AFTER`], the sealed payload is dropped and only
//! metadata remain (when, how many attempts, what kind, whom it concerns), until retention
//! deletes them. Each row names the person it concerns, so that erasing a candidate or an
//! account removes every message to or about them, sent or not.

use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::{instant_text, parse_instant};
use crate::documents::DocumentCipher;

/// The associated data of every sealed message: a sealed document cannot pass for a message.
const CONTEXT: &str = "courriel";

/// A message that could not be delivered for this long is abandoned: its payload is dropped.
/// With the growing delay (1, 2, 4… minutes, then every 6 hours) that is about 15 attempts.
pub const GIVE_UP_AFTER: Duration = Duration::days(3);

/// What a message says: sealed as one payload while it waits.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Message {
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// A file sent with the message (an interview's iCalendar invitation), or empty.
    pub attachment_name: String,
    pub attachment_type: String,
    pub attachment_body: String,
    /// The one-click unsubscribe address of an alert (`List-Unsubscribe`), if any.
    pub list_unsubscribe: Option<String>,
    /// Where an answer goes (`Reply-To`), if the text invites one.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The left part of its `Message-ID`, drawn when it is queued so that every attempt sends
    /// the same one (empty for messages queued before it existed).
    #[serde(default)]
    pub message_id: String,
}

/// Whom a message is to or about. Erasing the account, or the application's data, deletes it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Concerns {
    pub user_id: Option<i64>,
    pub application_id: Option<i64>,
}

impl Concerns {
    /// Nobody whose erasure must find it (staff business, a visitor's alert confirmation).
    pub const NOBODY: Concerns = Concerns {
        user_id: None,
        application_id: None,
    };

    pub fn user(id: i64) -> Concerns {
        Concerns {
            user_id: Some(id),
            application_id: None,
        }
    }

    pub fn application(id: i64) -> Concerns {
        Concerns {
            user_id: None,
            application_id: Some(id),
        }
    }
}

pub struct NewMessage<'a> {
    /// What the message is, for the metadata that outlive it: "reinitialisation", "suivi"…
    pub kind: &'a str,
    pub concerns: Concerns,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub attachment: Option<Attachment<'a>>,
    pub list_unsubscribe: Option<&'a str>,
    pub reply_to: Option<&'a str>,
}

/// A text file sent with a message.
#[derive(Clone, Copy)]
pub struct Attachment<'a> {
    pub name: &'a str,
    /// Its media type, e.g. `text/calendar; method=REQUEST`.
    pub media_type: &'a str,
    pub body: &'a str,
}

/// Stores a message, sealed; returns its id.
pub async fn enqueue(conn: &mut AnyConnection, cipher: &DocumentCipher, message: NewMessage<'_>) -> sqlx::Result<i64> {
    let payload = Message {
        recipient: message.recipient.to_string(),
        subject: message.subject.to_string(),
        body_text: message.body_text.to_string(),
        body_html: message.body_html.to_string(),
        attachment_name: message.attachment.as_ref().map_or("", |a| a.name).to_string(),
        attachment_type: message.attachment.as_ref().map_or("", |a| a.media_type).to_string(),
        attachment_body: message.attachment.as_ref().map_or("", |a| a.body).to_string(),
        list_unsubscribe: message.list_unsubscribe.map(str::to_string),
        reply_to: message.reply_to.filter(|r| !r.is_empty()).map(str::to_string),
        message_id: crate::secrets::random_token(),
    };
    let plain = serde_json::to_vec(&payload).expect("strings always serialise");
    let sealed = cipher.seal(&plain, CONTEXT);
    let now = instant_text(OffsetDateTime::now_utc());
    // The plain columns of migration 0002 stay empty: they only held mail queued before 0010.
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_outbox (recipient, subject, body_text, body_html, created_at, next_attempt_at, \
         kind, concerns_user_id, concerns_application_id, key_id, sealed) \
         VALUES ('', '', '', '', $1, $1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(now)
    .bind(message.kind)
    .bind(message.concerns.user_id)
    .bind(message.concerns.application_id)
    .bind(&sealed.key_id)
    .bind(sealed.bytes)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// A message claimed for delivery. `message` is `Err` when it cannot be read (sealed with a key
/// no longer configured, or emptied by an export): it can never leave, and is abandoned.
pub struct Claimed {
    pub id: i64,
    pub attempts: i64,
    pub created_at: String,
    pub message: Result<Message, String>,
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    id: i64,
    attempts: i64,
    created_at: String,
    key_id: String,
    sealed: Option<Vec<u8>>,
    recipient: String,
    subject: String,
    body_text: String,
    body_html: String,
    attachment_name: String,
    attachment_type: String,
    attachment_body: String,
    list_unsubscribe: Option<String>,
}

impl StoredRow {
    fn open(self, cipher: &DocumentCipher) -> Claimed {
        let message = match (&self.sealed, self.recipient.is_empty()) {
            (Some(sealed), _) => cipher
                .open(&self.key_id, sealed, CONTEXT)
                .map_err(|e| e.to_string())
                .and_then(|plain| serde_json::from_slice(&plain).map_err(|e| e.to_string())),
            // Queued in clear before migration 0010: sent as it is, then emptied like the others.
            (None, false) => Ok(Message {
                recipient: self.recipient,
                subject: self.subject,
                body_text: self.body_text,
                body_html: self.body_html,
                attachment_name: self.attachment_name,
                attachment_type: self.attachment_type,
                attachment_body: self.attachment_body,
                list_unsubscribe: self.list_unsubscribe,
                reply_to: None,
                message_id: String::new(),
            }),
            (None, true) => Err("message sans contenu (importé d'un export ?)".into()),
        };
        Claimed {
            id: self.id,
            attempts: self.attempts,
            created_at: self.created_at,
            message,
        }
    }
}

/// How long a claimed message is reserved for the instance sending it.
const LEASE: Duration = Duration::minutes(5);

/// Claims up to `limit` due messages for this instance: each is leased by pushing its next
/// attempt into the future, in an update that only one instance can win.
pub async fn claim_due(conn: &mut AnyConnection, cipher: &DocumentCipher, limit: u32) -> sqlx::Result<Vec<Claimed>> {
    let now = OffsetDateTime::now_utc();
    let due: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, next_attempt_at FROM mail_outbox \
         WHERE sent_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT {limit}"
    )))
    .bind(instant_text(now))
    .fetch_all(&mut *conn)
    .await?;
    let mut claimed = Vec::new();
    for (id, next_attempt_at) in due {
        let won = sqlx::query(
            "UPDATE mail_outbox SET next_attempt_at = $1, attempts = attempts + 1 \
             WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL AND abandoned_at IS NULL",
        )
        .bind(instant_text(now + LEASE))
        .bind(id)
        .bind(next_attempt_at)
        .execute(&mut *conn)
        .await?;
        if won.rows_affected() == 1 {
            let row: StoredRow = sqlx::query_as(
                "SELECT id, attempts, created_at, key_id, sealed, recipient, subject, body_text, body_html, \
                 attachment_name, attachment_type, attachment_body, list_unsubscribe FROM mail_outbox WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
            claimed.push(row.open(cipher));
        }
    }
    Ok(claimed)
}

/// What a row keeps once its message is gone: no address, no subject, no body.
const EMPTIED: &str = "recipient = '', subject = '', body_text = '', body_html = '', attachment_name = '', \
                       attachment_type = '', attachment_body = '', list_unsubscribe = NULL, key_id = '', sealed = NULL";

/// The message left: its content is dropped at once.
pub async fn mark_sent(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE mail_outbox SET sent_at = $1, last_error = NULL, {EMPTIED} WHERE id = $2"
    )))
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What became of a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    WillRetry,
    Abandoned,
}

/// Schedules another attempt (1, 2, 4… minutes later, at most every 6 hours), or abandons the
/// message when it can never leave or has waited [`GIVE_UP_AFTER`]: its content is dropped.
/// `error` must not hold the recipient's address (see [`scrub`]).
pub async fn mark_failed(
    conn: &mut AnyConnection, message: &Claimed, error: &str, permanent: bool,
) -> sqlx::Result<Failure> {
    let now = OffsetDateTime::now_utc();
    if permanent || now - parse_instant(&message.created_at)? >= GIVE_UP_AFTER {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE mail_outbox SET abandoned_at = $1, last_error = $2, {EMPTIED} WHERE id = $3"
        )))
        .bind(instant_text(now))
        .bind(error)
        .bind(message.id)
        .execute(conn)
        .await?;
        return Ok(Failure::Abandoned);
    }
    let wait = Duration::minutes(1i64 << message.attempts.clamp(0, 9)).min(Duration::hours(6));
    sqlx::query("UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
        .bind(instant_text(now + wait))
        .bind(error)
        .bind(message.id)
        .execute(conn)
        .await?;
    Ok(Failure::WillRetry)
}

/// A transport's error without the recipient's address (SMTP servers often quote it), since
/// `last_error` is stored in clear.
pub fn scrub(error: &str, recipient: &str) -> String {
    if recipient.is_empty() {
        return error.to_string();
    }
    // ASCII case only, so that byte offsets in `lower` are those of `error`.
    let lower = error.to_ascii_lowercase();
    let needle = recipient.to_ascii_lowercase();
    let mut out = String::with_capacity(error.len());
    let mut rest = 0;
    while let Some(found) = lower[rest..].find(&needle) {
        out.push_str(&error[rest..rest + found]);
        out.push_str("(destinataire)");
        rest += found + needle.len();
    }
    out.push_str(&error[rest..]);
    out
}

/// Re-seals waiting messages with the current key, after a rotation (`msp documents reseal`), so
/// that the older key can be removed without abandoning them. Returns how many.
pub async fn reseal(conn: &mut AnyConnection, cipher: &DocumentCipher) -> sqlx::Result<u64> {
    let stale: Vec<(i64, String, Vec<u8>)> = sqlx::query_as(
        "SELECT id, key_id, sealed FROM mail_outbox WHERE sealed IS NOT NULL AND key_id <> $1 \
         AND sent_at IS NULL AND abandoned_at IS NULL",
    )
    .bind(cipher.current_key_id())
    .fetch_all(&mut *conn)
    .await?;
    let mut count = 0;
    for (id, key_id, sealed) in stale {
        // A message no configured key opens is left as it is: the worker abandons it.
        let Ok(plain) = cipher.open(&key_id, &sealed, CONTEXT) else {
            continue;
        };
        let resealed = cipher.seal(&plain, CONTEXT);
        let done = sqlx::query("UPDATE mail_outbox SET key_id = $1, sealed = $2 WHERE id = $3 AND key_id = $4")
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

/// Deletes every message to or about an account, sent or not (its erasure).
pub async fn forget_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM mail_outbox WHERE concerns_user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes every message about an application, sent or not (its data's erasure).
pub async fn forget_application(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM mail_outbox WHERE concerns_application_id = $1")
        .bind(application_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes the metadata of messages sent or abandoned before `cutoff`; returns how many.
pub async fn purge_before(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM mail_outbox WHERE (sent_at IS NOT NULL OR abandoned_at IS NOT NULL) AND created_at < $1",
    )
    .bind(instant_text(cutoff))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Messages still to deliver, for the metrics.
pub async fn pending_count(conn: &mut AnyConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND abandoned_at IS NULL")
        .fetch_one(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transport_error_loses_the_recipients_address_whatever_its_case() {
        assert_eq!(
            scrub(
                "550 5.1.1 <Alex@Exemple.fr>: user unknown (alex@exemple.fr)",
                "alex@exemple.fr"
            ),
            "550 5.1.1 <(destinataire)>: user unknown ((destinataire))"
        );
        assert_eq!(scrub("connection refused", "alex@exemple.fr"), "connection refused");
    }
}
