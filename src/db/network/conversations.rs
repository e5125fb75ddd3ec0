//! Relayed messages and their conversations, and the reports the CCOMS reads. A conversation
//! is found only with one of its two accounts in the query; the CCOMS reads only the messages
//! that were reported.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::db::instant_text;

/// A conversation as one of its two accounts sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Conversation {
    pub id: i64,
    /// The other account.
    pub other_id: i64,
    /// The other's shown name and number in the directory, or `None` when they are no longer
    /// a member.
    pub other_name: Option<String>,
    pub other_member_id: Option<i64>,
    pub last_message_at: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<i64>,
}

const SELECT: &str = "SELECT c.id, \
    CASE WHEN c.starter_id = $1 THEN c.recipient_id ELSE c.starter_id END AS other_id, \
    m.shown_name AS other_name, m.id AS other_member_id, c.last_message_at, c.closed_at, c.closed_by \
    FROM network_conversations c LEFT JOIN network_members m \
    ON m.user_id = CASE WHEN c.starter_id = $1 THEN c.recipient_id ELSE c.starter_id END \
    WHERE (c.starter_id = $1 OR c.recipient_id = $1)";

/// One of the account's conversations; `None` for anyone else's.
pub async fn find_for(conn: &mut AnyConnection, id: i64, user_id: i64) -> sqlx::Result<Option<Conversation>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} AND c.id = $2")))
        .bind(user_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The account's conversations, the latest first.
pub async fn list_for(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Vec<Conversation>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} ORDER BY c.last_message_at DESC, c.id DESC"
    )))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The open conversation between two accounts, if there is one: writing again continues it.
pub async fn open_between(conn: &mut AnyConnection, a: i64, b: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM network_conversations WHERE closed_at IS NULL AND \
         ((starter_id = $1 AND recipient_id = $2) OR (starter_id = $2 AND recipient_id = $1)) ORDER BY id LIMIT 1",
    )
    .bind(a)
    .bind(b)
    .fetch_optional(conn)
    .await
}

pub async fn start(conn: &mut AnyConnection, starter: i64, recipient: i64, now: OffsetDateTime) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO network_conversations (starter_id, recipient_id, started_at, last_message_at) \
         VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(starter)
    .bind(recipient)
    .bind(instant_text(now))
    .fetch_one(conn)
    .await
}

/// Adds a message to an open conversation; `false` when it was closed meanwhile.
pub async fn add_message(
    conn: &mut AnyConnection, conversation: i64, author: i64, body: &str, now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let now = instant_text(now);
    let open = sqlx::query("UPDATE network_conversations SET last_message_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(&now)
        .bind(conversation)
        .execute(&mut *conn)
        .await?;
    if open.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO network_messages (conversation_id, author_id, body, sent_at) VALUES ($1, $2, $3, $4)")
        .bind(conversation)
        .bind(author)
        .bind(body)
        .bind(&now)
        .execute(conn)
        .await?;
    Ok(true)
}

/// A message as its conversation shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub author_id: i64,
    pub body: String,
    pub sent_at: String,
}

/// The messages of a conversation the caller already found with [`find_for`], oldest first.
pub async fn messages(conn: &mut AnyConnection, conversation: i64) -> sqlx::Result<Vec<Message>> {
    sqlx::query_as(
        "SELECT id, author_id, body, sent_at FROM network_messages WHERE conversation_id = $1 ORDER BY sent_at, id",
    )
    .bind(conversation)
    .fetch_all(conn)
    .await
}

/// Closes the open conversations between two accounts, by `by` (who blocked the other).
pub async fn close_between(conn: &mut AnyConnection, by: i64, other: i64, now: OffsetDateTime) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE network_conversations SET closed_at = $1, closed_by = $2 WHERE closed_at IS NULL AND \
         ((starter_id = $2 AND recipient_id = $3) OR (starter_id = $3 AND recipient_id = $2))",
    )
    .bind(instant_text(now))
    .bind(by)
    .bind(other)
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes a conversation: no more messages, and the other sees who closed it. Safe to repeat.
pub async fn close(conn: &mut AnyConnection, id: i64, by: i64, now: OffsetDateTime) -> sqlx::Result<()> {
    sqlx::query("UPDATE network_conversations SET closed_at = $1, closed_by = $2 WHERE id = $3 AND closed_at IS NULL")
        .bind(instant_text(now))
        .bind(by)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A report of a member or of one of their messages.
pub struct NewReport<'a> {
    pub reporter: i64,
    pub reported: i64,
    pub message: Option<i64>,
    pub reason: &'a str,
}

pub async fn report(conn: &mut AnyConnection, report: NewReport<'_>, now: OffsetDateTime) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO network_reports (reporter_id, reported_id, message_id, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(report.reporter)
    .bind(report.reported)
    .bind(report.message)
    .bind(report.reason)
    .bind(instant_text(now))
    .fetch_one(conn)
    .await
}

/// A report as the CCOMS reads it: the reported member's shown name (if still a member), the
/// reported message's text (if one was reported and is still kept).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Report {
    pub id: i64,
    pub reported_id: i64,
    pub reported_name: Option<String>,
    pub message: Option<String>,
    pub conversation_id: Option<i64>,
    pub reason: String,
    pub created_at: String,
    pub handled_at: Option<String>,
}

/// Every kept report, the unhandled first, then the latest.
pub async fn reports(conn: &mut AnyConnection) -> sqlx::Result<Vec<Report>> {
    sqlx::query_as(
        "SELECT r.id, r.reported_id, m.shown_name AS reported_name, msg.body AS message, \
         msg.conversation_id, r.reason, r.created_at, r.handled_at FROM network_reports r \
         LEFT JOIN network_members m ON m.user_id = r.reported_id \
         LEFT JOIN network_messages msg ON msg.id = r.message_id \
         ORDER BY CASE WHEN r.handled_at IS NULL THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC",
    )
    .fetch_all(conn)
    .await
}

/// Marks a report dealt with; returns the reported account, `None` when there is no such report.
pub async fn handle_report(conn: &mut AnyConnection, id: i64, now: OffsetDateTime) -> sqlx::Result<Option<i64>> {
    let reported: Option<i64> = sqlx::query_scalar("SELECT reported_id FROM network_reports WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    sqlx::query("UPDATE network_reports SET handled_at = $1 WHERE id = $2 AND handled_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(reported)
}

/// Deletes the conversations whose last message is at or before `before` (their messages go
/// with them) and the reports made at or before it: (conversations, reports) deleted. Safe to
/// run twice.
pub async fn forget_before(conn: &mut AnyConnection, before: OffsetDateTime) -> sqlx::Result<(u64, u64)> {
    let before = instant_text(before);
    let reports = sqlx::query("DELETE FROM network_reports WHERE created_at <= $1")
        .bind(&before)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM network_messages WHERE conversation_id IN \
         (SELECT id FROM network_conversations WHERE last_message_at <= $1)",
    )
    .bind(&before)
    .execute(&mut *conn)
    .await?;
    let conversations = sqlx::query("DELETE FROM network_conversations WHERE last_message_at <= $1")
        .bind(&before)
        .execute(conn)
        .await?;
    Ok((conversations.rows_affected(), reports.rows_affected()))
}
