//! Hiring (the MSP's record), erasure, and what retention reads and counts.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::Application;
use crate::db::instant_text;
use crate::domain::account::Email;

/// What the programme keeps of a hired candidate: the MSP's record (enrolment, first year); its id.
pub async fn record_hire(conn: &mut AnyConnection, application: &Application) -> sqlx::Result<i64> {
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
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT id FROM msp_records WHERE application_id = $1")
        .bind(application.id)
        .fetch_one(conn)
        .await
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
    crate::db::outbox::forget_application(conn, id).await?;
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
         WHERE a.purged_at IS NULL AND a.status IN ('non_retenue', 'retiree', 'embauchee') ORDER BY a.id",
    )
    .fetch_all(conn)
    .await
}

/// Every application of a candidate's account (for erasing the account with its data): the
/// ones the account holds, as [`push_own`](super::reads::push_own) says; another's application typed with this address
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
