//! The mail outbox: a message is stored in the transaction that decides to send it, and a
//! worker delivers it, retrying with a growing delay, so no decision silently sends nothing.

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::instant_text;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
    /// A file sent with the message (an interview's iCalendar invitation), or empty.
    pub attachment_name: String,
    pub attachment_type: String,
    pub attachment_body: String,
    /// The one-click unsubscribe address of an alert (`List-Unsubscribe`), if any.
    pub list_unsubscribe: Option<String>,
}

pub struct NewMessage<'a> {
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub attachment: Option<Attachment<'a>>,
}

/// A text file sent with a message.
pub struct Attachment<'a> {
    pub name: &'a str,
    /// Its media type, e.g. `text/calendar; method=REQUEST`.
    pub media_type: &'a str,
    pub body: &'a str,
}

pub async fn enqueue(conn: &mut AnyConnection, message: NewMessage<'_>) -> sqlx::Result<i64> {
    let now = instant_text(OffsetDateTime::now_utc());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_outbox (recipient, subject, body_text, body_html, created_at, next_attempt_at, \
         attachment_name, attachment_type, attachment_body) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8) RETURNING id",
    )
    .bind(message.recipient)
    .bind(message.subject)
    .bind(message.body_text)
    .bind(message.body_html)
    .bind(now)
    .bind(message.attachment.as_ref().map_or("", |a| a.name))
    .bind(message.attachment.as_ref().map_or("", |a| a.media_type))
    .bind(message.attachment.as_ref().map_or("", |a| a.body))
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Gives a queued message its one-click unsubscribe address (alerts of saved searches).
pub async fn set_list_unsubscribe(conn: &mut AnyConnection, id: i64, url: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE mail_outbox SET list_unsubscribe = $1 WHERE id = $2")
        .bind(url)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// How long a claimed message is reserved for the instance sending it.
const LEASE: Duration = Duration::minutes(5);

/// Claims up to `limit` due messages for this instance: each is leased by pushing its next
/// attempt into the future, in an update that only one instance can win.
pub async fn claim_due(conn: &mut AnyConnection, limit: u32) -> sqlx::Result<Vec<Message>> {
    let now = OffsetDateTime::now_utc();
    let due: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, next_attempt_at FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 \
         ORDER BY id LIMIT {limit}"
    )))
    .bind(instant_text(now))
    .fetch_all(&mut *conn)
    .await?;
    let mut claimed = Vec::new();
    for (id, next_attempt_at) in due {
        let won = sqlx::query(
            "UPDATE mail_outbox SET next_attempt_at = $1, attempts = attempts + 1 \
             WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL",
        )
        .bind(instant_text(now + LEASE))
        .bind(id)
        .bind(next_attempt_at)
        .execute(&mut *conn)
        .await?;
        if won.rows_affected() == 1 {
            let message: Message = sqlx::query_as(
                "SELECT id, recipient, subject, body_text, body_html, attempts, attachment_name, attachment_type, \
                 attachment_body, list_unsubscribe FROM mail_outbox WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
            claimed.push(message);
        }
    }
    Ok(claimed)
}

pub async fn mark_sent(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE mail_outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Schedules another attempt: 1, 2, 4… minutes later, at most every 6 hours.
pub async fn mark_failed(conn: &mut AnyConnection, id: i64, attempts: i64, error: &str) -> sqlx::Result<()> {
    let wait = Duration::minutes(1i64 << attempts.clamp(0, 9)).min(Duration::hours(6));
    sqlx::query("UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
        .bind(instant_text(OffsetDateTime::now_utc() + wait))
        .bind(error)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
