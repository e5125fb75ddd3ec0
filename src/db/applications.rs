//! Applications, their sealed documents, history, notes and decision templates; the hired
//! MSPs' records; what retention erases. Staff reads take an [`EstablishmentScope`]; candidates
//! read only through their account or their follow link.

use sqlx::{Any, AnyConnection, Transaction};
use time::OffsetDateTime;

use super::{Sql, Value, corrupt, instant_text, parse_instant};
use crate::documents::DocumentType;
use crate::domain::account::Email;
use crate::domain::application::{Applicant, ApplicationStatus, FollowedByService, MailTemplate, TemplateKind};
use crate::domain::policy::EstablishmentScope;

/// An application as the pages show it, with its offer's title and establishment.
#[derive(Debug, Clone)]
pub struct Application {
    pub id: i64,
    pub fiche_id: i64,
    pub fiche_title: String,
    pub fiche_slug: Option<String>,
    pub establishment_id: i64,
    pub establishment_name: String,
    pub candidate_id: Option<i64>,
    pub status: ApplicationStatus,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub town: String,
    pub message: String,
    pub followed_by_service: FollowedByService,
    pub talent_pool: bool,
    pub consent_at: OffsetDateTime,
    pub consent_version: String,
    pub version: i64,
    pub created_at: OffsetDateTime,
    pub last_contact_at: OffsetDateTime,
    pub ended_at: Option<OffsetDateTime>,
    pub purged: bool,
    /// The applicant proved they control `email` (signed in with it, or opened the follow link
    /// sent to it): only then does the application join an account or the same person's others.
    pub email_verified: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    fiche_id: i64,
    fiche_title: String,
    fiche_slug: Option<String>,
    establishment_id: i64,
    establishment_name: String,
    candidate_id: Option<i64>,
    status: String,
    full_name: String,
    email: String,
    phone: String,
    town: String,
    message: String,
    followed_by_service: String,
    talent_pool: i64,
    consent_at: String,
    consent_version: String,
    version: i64,
    created_at: String,
    last_contact_at: String,
    ended_at: Option<String>,
    purged_at: Option<String>,
    email_verified_at: Option<String>,
}

impl TryFrom<Row> for Application {
    type Error = sqlx::Error;

    fn try_from(row: Row) -> sqlx::Result<Application> {
        Ok(Application {
            id: row.id,
            fiche_id: row.fiche_id,
            fiche_title: row.fiche_title,
            fiche_slug: row.fiche_slug,
            establishment_id: row.establishment_id,
            establishment_name: row.establishment_name,
            candidate_id: row.candidate_id,
            status: ApplicationStatus::parse(&row.status).ok_or_else(|| corrupt("état de candidature"))?,
            full_name: row.full_name,
            email: row.email,
            phone: row.phone,
            town: row.town,
            message: row.message,
            followed_by_service: FollowedByService::parse(&row.followed_by_service)
                .ok_or_else(|| corrupt("suivi dans le service"))?,
            talent_pool: row.talent_pool == 1,
            consent_at: parse_instant(&row.consent_at)?,
            consent_version: row.consent_version,
            version: row.version,
            created_at: parse_instant(&row.created_at)?,
            last_contact_at: parse_instant(&row.last_contact_at)?,
            ended_at: row.ended_at.as_deref().map(parse_instant).transpose()?,
            purged: row.purged_at.is_some(),
            email_verified: row.email_verified_at.is_some(),
        })
    }
}

fn select() -> Sql {
    Sql::new(
        "SELECT a.id, a.fiche_id, f.title AS fiche_title, f.slug AS fiche_slug, a.establishment_id, \
         e.name AS establishment_name, a.candidate_id, a.status, a.full_name, a.email, a.phone, a.town, \
         a.message, a.followed_by_service, a.talent_pool, a.consent_at, a.consent_version, a.version, \
         a.created_at, a.last_contact_at, a.ended_at, a.purged_at, a.email_verified_at \
         FROM applications a JOIN fiches f ON f.id = a.fiche_id \
         JOIN establishments e ON e.id = a.establishment_id WHERE 1 = 1",
    )
}

async fn fetch_all(conn: &mut AnyConnection, sql: &Sql) -> sqlx::Result<Vec<Application>> {
    let rows: Vec<Row> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter().map(Application::try_from).collect()
}

async fn fetch_one(conn: &mut AnyConnection, sql: &Sql) -> sqlx::Result<Option<Application>> {
    let row: Option<Row> = sql.query_as().fetch_optional(conn).await?;
    row.map(Application::try_from).transpose()
}

/// What a new application records besides the applicant.
pub struct NewApplication<'a> {
    pub fiche_id: i64,
    pub establishment_id: i64,
    pub candidate_id: Option<i64>,
    pub applicant: &'a Applicant,
    pub consent_version: &'a str,
    pub follow_token_hash: &'a str,
    pub submission_key: &'a str,
    /// The applicant was signed in with the application's address, verified.
    pub email_verified: bool,
}

/// The application made, or the one a first submission of the same form already made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    New(i64),
    Already(i64),
}

pub async fn insert(tx: &mut Transaction<'_, Any>, new: NewApplication<'_>) -> sqlx::Result<Inserted> {
    let now = instant_text(OffsetDateTime::now_utc());
    let a = new.applicant;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO applications (fiche_id, establishment_id, candidate_id, status, full_name, email, phone, \
         town, message, followed_by_service, talent_pool, consent_at, consent_version, follow_token_hash, \
         submission_key, created_at, updated_at, last_contact_at, email_verified_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $12, $12, $12, $16) \
         ON CONFLICT (submission_key) DO NOTHING RETURNING id",
    )
    .bind(new.fiche_id)
    .bind(new.establishment_id)
    .bind(new.candidate_id)
    .bind(ApplicationStatus::Recue.as_str())
    .bind(&a.full_name)
    .bind(a.email.as_str())
    .bind(&a.phone)
    .bind(&a.town)
    .bind(&a.message)
    .bind(a.followed_by_service.as_str())
    .bind(i64::from(a.talent_pool))
    .bind(&now)
    .bind(new.consent_version)
    .bind(new.follow_token_hash)
    .bind(new.submission_key)
    .bind(new.email_verified.then(|| now.clone()))
    .fetch_optional(&mut **tx)
    .await?;
    match id {
        Some(id) => Ok(Inserted::New(id)),
        None => {
            let id = sqlx::query_scalar("SELECT id FROM applications WHERE submission_key = $1")
                .bind(new.submission_key)
                .fetch_one(&mut **tx)
                .await?;
            Ok(Inserted::Already(id))
        }
    }
}

/// An application in a staff member's scope; another establishment's does not exist for them.
pub async fn find_in_scope(
    conn: &mut AnyConnection,
    id: i64,
    scope: &EstablishmentScope,
) -> sqlx::Result<Option<Application>> {
    let mut sql = select();
    sql.push(" AND a.id = ").bind(Value::Int(id));
    super::projects::push_scope(&mut sql, "a.establishment_id", scope);
    fetch_one(conn, &sql).await
}

/// The applications to one offer, oldest first, in the scope.
pub async fn list_for_fiche(
    conn: &mut AnyConnection,
    fiche_id: i64,
    scope: &EstablishmentScope,
) -> sqlx::Result<Vec<Application>> {
    let mut sql = select();
    sql.push(" AND a.fiche_id = ").bind(Value::Int(fiche_id));
    super::projects::push_scope(&mut sql, "a.establishment_id", scope);
    sql.push(" ORDER BY a.id");
    fetch_all(conn, &sql).await
}

/// The same person's other applications to the same establishment: the same address, proved
/// on both sides. Anyone can type an address; an application whose applicant did not prove it
/// is nobody's "same person", so a stranger's CV never joins someone else's file.
pub async fn others_of_same_person(
    conn: &mut AnyConnection,
    application: &Application,
) -> sqlx::Result<Vec<Application>> {
    let mut sql = select();
    sql.push(" AND a.establishment_id = ")
        .bind(Value::Int(application.establishment_id))
        .push(" AND a.id <> ")
        .bind(Value::Int(application.id))
        .push(" AND a.email_verified_at IS NOT NULL AND a.purged_at IS NULL")
        .push(" AND EXISTS (SELECT 1 FROM applications me WHERE me.id = ")
        .bind(Value::Int(application.id))
        .push(" AND me.email = a.email AND me.email_verified_at IS NOT NULL)")
        .push(" ORDER BY a.id DESC");
    fetch_all(conn, &sql).await
}

/// The applications an account holds: made while signed in to it (`candidate_id`, set only
/// then), or with its address once the applicant proved they control that address. Typing
/// someone's address is not enough.
fn push_own(sql: &mut Sql, user_id: i64, email: &str) {
    sql.push(" AND (a.candidate_id = ")
        .bind(Value::Int(user_id))
        .push(" OR (a.email_verified_at IS NOT NULL AND a.email = ")
        .bind(Value::Text(email.to_string()))
        .push(")) AND a.purged_at IS NULL");
}

/// A candidate's applications (see [`push_own`]), newest first.
pub async fn list_for_candidate(conn: &mut AnyConnection, user_id: i64, email: &str) -> sqlx::Result<Vec<Application>> {
    let mut sql = select();
    push_own(&mut sql, user_id, email);
    sql.push(" ORDER BY a.id DESC");
    fetch_all(conn, &sql).await
}

pub async fn find_for_candidate(
    conn: &mut AnyConnection,
    id: i64,
    user_id: i64,
    email: &str,
) -> sqlx::Result<Option<Application>> {
    let mut sql = select();
    sql.push(" AND a.id = ").bind(Value::Int(id));
    push_own(&mut sql, user_id, email);
    fetch_one(conn, &sql).await
}

/// The application a follow link opens (the link's token is stored hashed).
pub async fn find_by_follow_token(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<Option<Application>> {
    let mut sql = select();
    sql.push(" AND a.follow_token_hash = ")
        .bind(Value::Text(token_hash.to_string()))
        .push(" AND a.purged_at IS NULL");
    fetch_one(conn, &sql).await
}

/// Records that the applicant opened the follow link sent to the application's address, which
/// proves they control it. Returns whether the link opened an application.
pub async fn prove_email_by_follow_token(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE applications SET email_verified_at = COALESCE(email_verified_at, $1) \
         WHERE follow_token_hash = $2 AND purged_at IS NULL",
    )
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves an application if nobody changed it since `version` was read.
pub async fn set_status(conn: &mut AnyConnection, id: i64, version: i64, to: ApplicationStatus) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let ended = to.is_final().then(|| now.clone());
    let done = sqlx::query(
        "UPDATE applications SET status = $1, version = version + 1, updated_at = $2, last_contact_at = $2, \
         ended_at = COALESCE($3, ended_at) WHERE id = $4 AND version = $5",
    )
    .bind(to.as_str())
    .bind(&now)
    .bind(ended)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_talent_pool(conn: &mut AnyConnection, id: i64, talent_pool: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE applications SET talent_pool = $1, last_contact_at = $2 WHERE id = $3")
        .bind(i64::from(talent_pool))
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// --- Documents -----------------------------------------------------------------------------

/// A document as stored: sealed, with what is needed to open and name it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredDocument {
    pub kind: String,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub key_id: String,
    pub sealed: Vec<u8>,
}

impl StoredDocument {
    pub fn document_type(&self) -> Option<DocumentType> {
        DocumentType::parse(&self.media_type)
    }
}

pub async fn insert_document(
    tx: &mut Transaction<'_, Any>,
    application_id: i64,
    document: &StoredDocument,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO application_documents (application_id, kind, filename, media_type, size, key_id, sealed) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(application_id)
    .bind(&document.kind)
    .bind(&document.filename)
    .bind(&document.media_type)
    .bind(document.size)
    .bind(&document.key_id)
    .bind(document.sealed.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The documents' names and sizes, without their content.
pub async fn documents(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Vec<(String, String, i64)>> {
    sqlx::query_as("SELECT kind, filename, size FROM application_documents WHERE application_id = $1 ORDER BY kind")
        .bind(application_id)
        .fetch_all(conn)
        .await
}

pub async fn document(
    conn: &mut AnyConnection,
    application_id: i64,
    kind: &str,
) -> sqlx::Result<Option<StoredDocument>> {
    sqlx::query_as(
        "SELECT kind, filename, media_type, size, key_id, sealed FROM application_documents \
         WHERE application_id = $1 AND kind = $2",
    )
    .bind(application_id)
    .bind(kind)
    .fetch_optional(conn)
    .await
}

/// Keeps a file received with a refused form, under the token the form will send back: one file
/// per token and kind, a newer file of the same kind replacing the one kept (the form may be
/// refused several times, each time with new files).
pub async fn save_draft(conn: &mut AnyConnection, token_hash: &str, document: &StoredDocument) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO upload_drafts (token_hash, kind, filename, media_type, size, key_id, sealed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (token_hash, kind) DO UPDATE SET filename = excluded.filename, \
         media_type = excluded.media_type, size = excluded.size, key_id = excluded.key_id, \
         sealed = excluded.sealed, created_at = excluded.created_at",
    )
    .bind(token_hash)
    .bind(&document.kind)
    .bind(&document.filename)
    .bind(&document.media_type)
    .bind(document.size)
    .bind(&document.key_id)
    .bind(document.sealed.clone())
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_draft(
    conn: &mut AnyConnection,
    token_hash: &str,
    kind: &str,
) -> sqlx::Result<Option<StoredDocument>> {
    sqlx::query_as(
        "SELECT kind, filename, media_type, size, key_id, sealed FROM upload_drafts \
         WHERE token_hash = $1 AND kind = $2",
    )
    .bind(token_hash)
    .bind(kind)
    .fetch_optional(conn)
    .await
}

pub async fn delete_draft(conn: &mut AnyConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM upload_drafts WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn purge_drafts_before(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM upload_drafts WHERE created_at < $1")
        .bind(instant_text(cutoff))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

// --- History and notes ---------------------------------------------------------------------

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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Note {
    pub author_name: String,
    pub body: String,
    pub at: String,
}

pub async fn add_note(
    conn: &mut AnyConnection,
    application_id: i64,
    author: (i64, &str),
    body: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO application_notes (application_id, author_id, author_name, body, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(application_id)
    .bind(author.0)
    .bind(author.1)
    .bind(body)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn notes(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Vec<Note>> {
    sqlx::query_as("SELECT author_name, body, at FROM application_notes WHERE application_id = $1 ORDER BY id")
        .bind(application_id)
        .fetch_all(conn)
        .await
}

// --- Decision templates --------------------------------------------------------------------

/// The establishment's wording of a decision e-mail, or the programme's.
pub async fn template(
    conn: &mut AnyConnection,
    establishment_id: i64,
    kind: TemplateKind,
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
    conn: &mut AnyConnection,
    establishment_id: i64,
    kind: TemplateKind,
    template: &MailTemplate,
    user_id: i64,
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

// --- Hiring, erasure and retention ---------------------------------------------------------

/// What the programme keeps of a hired candidate: the MSP's record (enrolment, first year).
pub async fn record_hire(conn: &mut AnyConnection, application: &Application) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO msp_records (application_id, user_id, establishment_id, fiche_id, full_name, email, phone, \
         hired_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(application.id)
    .bind(application.candidate_id)
    .bind(application.establishment_id)
    .bind(application.fiche_id)
    .bind(&application.full_name)
    .bind(&application.email)
    .bind(&application.phone)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(())
}

/// Erases an application's personal data and documents; the row stays, anonymous, for the
/// pipeline's counts. Events keep their dates and states but lose the messages' text.
pub async fn erase(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let done = sqlx::query(
        "UPDATE applications SET full_name = '', email = '', phone = '', town = '', message = '', \
         candidate_id = NULL, talent_pool = 0, purged_at = $1, updated_at = $1 WHERE id = $2 AND purged_at IS NULL",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for statement in [
        "DELETE FROM application_documents WHERE application_id = $1",
        "DELETE FROM application_notes WHERE application_id = $1",
        "UPDATE application_events SET reason = '', mail_subject = '', mail_body = '' WHERE application_id = $1",
        "UPDATE evaluations SET comment = '' WHERE interview_id IN \
         (SELECT id FROM interviews WHERE application_id = $1)",
        "UPDATE interviews SET place = '', video_url = '' WHERE application_id = $1",
    ] {
        sqlx::query(statement).bind(id).execute(&mut *conn).await?;
    }
    // Every message to or about the candidate for this application: follow link, decisions,
    // interview invitations (the panel's too), sent or still waiting.
    super::outbox::forget_application(conn, id).await?;
    Ok(true)
}

/// Withdraws consent: the application is withdrawn if open, and its data erased at once.
pub async fn withdraw_consent(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE applications SET consent_withdrawn_at = $1 WHERE id = $2")
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    erase(conn, id).await?;
    Ok(())
}

/// Adds to an anonymous counter of what retention or erasure removed.
pub async fn count_erased(conn: &mut AnyConnection, kind: &str, n: u64) -> sqlx::Result<()> {
    if n == 0 {
        return Ok(());
    }
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    sqlx::query(
        "INSERT INTO retention_counters (kind, count) VALUES ($1, $2) \
         ON CONFLICT (kind) DO UPDATE SET count = retention_counters.count + excluded.count",
    )
    .bind(kind)
    .bind(n)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn erased_count(conn: &mut AnyConnection, kind: &str) -> sqlx::Result<i64> {
    let n: Option<i64> = sqlx::query_scalar("SELECT count FROM retention_counters WHERE kind = $1")
        .bind(kind)
        .fetch_optional(conn)
        .await?;
    Ok(n.unwrap_or(0))
}

/// What retention looks at: ended applications whose data are still there.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EndedApplication {
    pub id: i64,
    pub status: String,
    pub ended_at: Option<String>,
    pub talent_pool: i64,
    pub last_contact_at: String,
    pub fiche_title: String,
}

pub async fn ended_with_data(conn: &mut AnyConnection) -> sqlx::Result<Vec<EndedApplication>> {
    sqlx::query_as(
        "SELECT a.id, a.status, a.ended_at, a.talent_pool, a.last_contact_at, f.title AS fiche_title \
         FROM applications a JOIN fiches f ON f.id = a.fiche_id \
         WHERE a.purged_at IS NULL AND a.status IN ('non_retenue', 'retiree') ORDER BY a.id",
    )
    .fetch_all(conn)
    .await
}

/// Every application of a candidate's account (for erasing the account with its data): the
/// ones the account holds, as [`push_own`] says; another's application typed with this address
/// is not the account's to erase.
pub async fn ids_for_candidate(conn: &mut AnyConnection, user_id: i64, email: &Email) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM applications WHERE (candidate_id = $1 OR (email_verified_at IS NOT NULL AND email = $2)) \
         AND purged_at IS NULL",
    )
    .bind(user_id)
    .bind(email.as_str())
    .fetch_all(conn)
    .await
}

/// Marks an application withdrawn unless its outcome is already known (an account's erasure
/// withdraws what is still open before erasing it).
pub async fn withdraw_if_open(conn: &mut AnyConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE applications SET status = 'retiree', ended_at = COALESCE(ended_at, $1), version = version + 1 \
         WHERE id = $2 AND status NOT IN ('embauchee', 'non_retenue', 'retiree')",
    )
    .bind(instant_text(OffsetDateTime::now_utc()))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The application a form's submission key already made, if any (a second click on "Envoyer").
pub async fn find_by_submission_key(conn: &mut AnyConnection, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM applications WHERE submission_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}
