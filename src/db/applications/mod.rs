//! Applications, their sealed documents, history, notes and decision templates; the hired
//! MSPs' records; what retention erases. Staff reads take an [`EstablishmentScope`]; candidates
//! read only through their account or their follow link.
//!
//! Here the application itself (its row, how it is stored and moved); finders in [`reads`], its
//! [`documents`], its [`history`] and notes, hiring and erasure in [`retention`]; what a
//! submitted form stores in [`submit`].

mod documents;
mod hiring;
mod history;
mod reads;
mod retention;
mod submit;

pub use super::notes::Note;
pub use documents::{
    SEALED_TABLES, StaleDocument, StoredDocument, delete_draft, delete_drafts_sealed_with_other_key, document,
    documents, find_draft, insert_document, purge_drafts_before, replace_seal, save_draft, sealed_with_other_key,
};
pub use hiring::{held_interviews, hire_exception, record_hire_exception, undecided_on};
pub use history::{Event, NewEvent, add_event, add_note, events, notes, save_template, template};
pub use reads::{
    find_by_follow_token, find_for_candidate, find_in_scope, list_for_candidate, list_for_fiche, others_of_same_person,
    prove_email_by_follow_token, received_per_fiche,
};
pub use retention::{
    EndedApplication, count_erased, ended_with_data, erase, erased_count, ids_for_candidate, record_hire,
    withdraw_consent, withdraw_if_open,
};
pub use submit::record_submission;

use sqlx::{Any, AnyConnection, Transaction};
use time::OffsetDateTime;

use super::{Sql, corrupt, instant_text, parse_instant};
use crate::domain::application::{Applicant, ApplicationStatus};
use crate::domain::french::{Article, a_name};

/// An application as the pages show it, with its offer's title and establishment.
#[derive(Debug, Clone)]
pub struct Application {
    pub id: i64,
    pub fiche_id: i64,
    pub fiche_title: String,
    pub fiche_slug: Option<String>,
    pub establishment_id: i64,
    pub establishment_name: String,
    /// How the establishment's name takes "à" and "de", if chosen (see [`Article`]).
    pub establishment_article: Option<Article>,
    /// The fiche's application address: where a candidate's reply to a decision or an
    /// interview goes (`Reply-To`); empty when the fiche gives none.
    pub apply_email: String,
    pub candidate_id: Option<i64>,
    pub status: ApplicationStatus,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub town: String,
    pub message: String,
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
    establishment_article: Option<String>,
    apply_email: String,
    candidate_id: Option<i64>,
    status: String,
    full_name: String,
    email: String,
    phone: String,
    town: String,
    message: String,
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
            establishment_article: row.establishment_article.as_deref().and_then(Article::parse),
            apply_email: row.apply_email,
            candidate_id: row.candidate_id,
            status: ApplicationStatus::parse(&row.status).ok_or_else(|| corrupt("état de candidature"))?,
            full_name: row.full_name,
            email: row.email,
            phone: row.phone,
            town: row.town,
            message: row.message,
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

impl Application {
    /// "au Centre hospitalier…", "à l'EPSM…": where the candidate applied.
    pub fn at_establishment(&self) -> String {
        a_name(&self.establishment_name, self.establishment_article)
    }
}

fn select() -> Sql {
    Sql::new(
        "SELECT a.id, a.fiche_id, f.title AS fiche_title, f.slug AS fiche_slug, a.establishment_id, \
         e.name AS establishment_name, e.name_article AS establishment_article, f.apply_email, a.candidate_id, a.status, a.full_name, a.email, a.phone, a.town, \
         a.message, a.talent_pool, a.consent_at, a.consent_version, a.version, \
         a.created_at, a.last_contact_at, a.ended_at, a.purged_at, a.email_verified_at \
         FROM applications a JOIN fiches f ON f.id = a.fiche_id \
         JOIN establishments e ON e.id = a.establishment_id WHERE 1 = 1",
    )
}

async fn fetch_all(conn: &mut AnyConnection, sql: &Sql) -> sqlx::Result<Vec<Application>> {
    sql.fetch_all_as::<Row, _>(conn).await
}

async fn fetch_one(conn: &mut AnyConnection, sql: &Sql) -> sqlx::Result<Option<Application>> {
    sql.fetch_optional_as::<Row, _>(conn).await
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
         town, message, talent_pool, consent_at, consent_version, follow_token_hash, \
         submission_key, created_at, updated_at, last_contact_at, email_verified_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $10, $10, $10, $14) \
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

/// Moves an application if nobody changed it since `version` was read.
pub async fn set_status(conn: &mut AnyConnection, id: i64, version: i64, to: ApplicationStatus) -> sqlx::Result<bool> {
    let now = instant_text(OffsetDateTime::now_utc());
    let ended = to.is_final().then(|| now.clone());
    let change = sqlx::query(
        "UPDATE applications SET status = $1, version = version + 1, updated_at = $2, last_contact_at = $2, \
         ended_at = COALESCE($3, ended_at) WHERE id = $4 AND version = $5",
    )
    .bind(to.as_str())
    .bind(&now)
    .bind(ended);
    super::update_if_version(conn, change, id, version).await
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

/// The application a form's submission key already made, if any (a second click on "Envoyer").
pub async fn find_by_submission_key(conn: &mut AnyConnection, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM applications WHERE submission_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}
