//! An application's history (each change of state, with the mail sent), the staff's notes, and
//! the establishment's wording of its decision mails.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::db::instant_text;
use crate::db::notes::{APPLICATION_NOTES, Note};
use crate::domain::application::{ApplicationStatus, MailTemplate, TemplateKind};

/// One dated line of an application's history.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub at: String,
    pub actor_name: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub reason: String,
    pub mail_subject: String,
    pub mail_body: String,
}

impl Event {
    pub fn to_label(&self) -> &'static str {
        self.to_status
            .as_deref()
            .and_then(ApplicationStatus::parse)
            .map_or("", ApplicationStatus::label)
    }
}

pub struct NewEvent<'a> {
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub from: Option<ApplicationStatus>,
    pub to: Option<ApplicationStatus>,
    pub reason: &'a str,
    pub mail: Option<&'a MailTemplate>,
}

pub async fn add_event(conn: &mut AnyConnection, application_id: i64, event: NewEvent<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO application_events (application_id, at, actor_id, actor_name, from_status, to_status, reason, \
         mail_subject, mail_body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(application_id)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(event.actor_id)
    .bind(event.actor_name)
    .bind(event.from.map(ApplicationStatus::as_str))
    .bind(event.to.map(ApplicationStatus::as_str))
    .bind(event.reason)
    .bind(event.mail.map_or("", |m| m.subject.as_str()))
    .bind(event.mail.map_or("", |m| m.body.as_str()))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn events(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(
        "SELECT at, actor_name, from_status, to_status, reason, mail_subject, mail_body FROM application_events \
         WHERE application_id = $1 ORDER BY id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await
}

pub async fn add_note(
    conn: &mut AnyConnection, application_id: i64, author: (i64, &str), body: &str,
) -> sqlx::Result<()> {
    APPLICATION_NOTES.add(conn, application_id, author, body).await
}

pub async fn notes(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Vec<Note>> {
    APPLICATION_NOTES.list(conn, application_id).await
}

// --- Decision templates --------------------------------------------------------------------

/// The establishment's wording of a decision e-mail, or the programme's.
pub async fn template(
    conn: &mut AnyConnection, establishment_id: i64, kind: TemplateKind,
) -> sqlx::Result<MailTemplate> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT subject, body FROM mail_templates WHERE establishment_id = $1 AND kind = $2")
            .bind(establishment_id)
            .bind(kind.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(row.map_or_else(
        || kind.default_template(),
        |(subject, body)| MailTemplate { subject, body },
    ))
}

pub async fn save_template(
    conn: &mut AnyConnection, establishment_id: i64, kind: TemplateKind, template: &MailTemplate, user_id: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mail_templates (establishment_id, kind, subject, body, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (establishment_id, kind) DO UPDATE \
         SET subject = excluded.subject, body = excluded.body, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(establishment_id)
    .bind(kind.as_str())
    .bind(&template.subject)
    .bind(&template.body)
    .bind(user_id)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}
