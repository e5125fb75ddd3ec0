//! Teams' requests to create an MSP post (issue 22): stored unconfirmed, confirmed by the link
//! mailed to their contact, then accepted or answered by the CCOMS, and forgotten on time.

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use super::instant_text;
use super::tokens::{self, NewToken, Purpose};
use crate::domain::establishment::LegalIdentity;
use crate::domain::team_request::{CLOSED_KEPT_DAYS, NewTeamRequest, TeamRequestStatus, UNCONFIRMED_KEPT_DAYS};

/// A request as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TeamRequest {
    pub id: i64,
    pub establishment_name: String,
    pub siret: Option<String>,
    pub finess: Option<String>,
    pub commune: String,
    pub postal_code: String,
    pub departement_code: String,
    pub team: String,
    pub contact_name: String,
    pub contact_function: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub project: String,
    pub status: String,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub closed_at: Option<String>,
    pub reply: String,
    pub establishment_id: Option<i64>,
}

impl TeamRequest {
    pub fn status(&self) -> TeamRequestStatus {
        TeamRequestStatus::parse(&self.status).unwrap_or(TeamRequestStatus::Unconfirmed)
    }

    pub fn identity(&self) -> LegalIdentity {
        LegalIdentity {
            siret: self.siret.clone(),
            finess: self.finess.clone(),
        }
    }
}

const SELECT: &str = "SELECT id, establishment_name, siret, finess, commune, postal_code, departement_code, team, \
    contact_name, contact_function, contact_email, contact_phone, project, status, created_at, confirmed_at, \
    closed_at, reply, establishment_id FROM team_requests";

/// Stores a request, unconfirmed, and the single-use link that confirms it: (its id, the
/// link's token).
pub async fn insert(
    conn: &mut AnyConnection, new: &NewTeamRequest, now: OffsetDateTime,
) -> sqlx::Result<(i64, String)> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO team_requests (establishment_name, siret, finess, commune_code, commune, postal_code, \
         departement_code, team, contact_name, contact_function, contact_email, contact_phone, project, status, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(&new.establishment_name)
    .bind(new.identity.siret.as_deref())
    .bind(new.identity.finess.as_deref())
    .bind(new.commune.code)
    .bind(new.commune.name)
    .bind(new.commune.postal_code())
    .bind(new.commune.departement)
    .bind(&new.team)
    .bind(&new.contact.name)
    .bind(&new.contact.function)
    .bind(new.contact.email.as_str())
    .bind(&new.contact.phone)
    .bind(&new.project)
    .bind(TeamRequestStatus::Unconfirmed.as_str())
    .bind(instant_text(now))
    .fetch_one(&mut *conn)
    .await?;
    let token = tokens::create(
        conn,
        NewToken {
            purpose: Purpose::ConfirmTeamRequest,
            user_id: None,
            email: new.contact.email.as_str(),
            payload: id.to_string(),
            created_by: None,
        },
    )
    .await?;
    Ok((id, token))
}

/// Any request by id, confirmed or not (for its confirmation link).
pub async fn find(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<TeamRequest>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A request the CCOMS may see: confirmed by its contact.
pub async fn find_confirmed(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<TeamRequest>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1 AND status <> $2")))
        .bind(id)
        .bind(TeamRequestStatus::Unconfirmed.as_str())
        .fetch_optional(conn)
        .await
}

/// The confirmed requests: those waiting first, oldest first, then the closed ones, latest first.
pub async fn list_confirmed(conn: &mut AnyConnection) -> sqlx::Result<Vec<TeamRequest>> {
    let rows: Vec<TeamRequest> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE status <> $1 ORDER BY confirmed_at, id"
    )))
    .bind(TeamRequestStatus::Unconfirmed.as_str())
    .fetch_all(conn)
    .await?;
    let (waiting, mut closed): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|r| r.status() == TeamRequestStatus::Waiting);
    closed.sort_by(|a, b| b.closed_at.cmp(&a.closed_at));
    Ok(waiting.into_iter().chain(closed).collect())
}

/// How many confirmed requests wait for the CCOMS.
pub async fn count_waiting(conn: &mut AnyConnection) -> sqlx::Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM team_requests WHERE status = $1")
        .bind(TeamRequestStatus::Waiting.as_str())
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// The contact confirmed the address: the request now reaches the CCOMS. `false` when it was
/// already confirmed (or forgotten).
pub async fn confirm(conn: &mut AnyConnection, id: i64, now: OffsetDateTime) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE team_requests SET status = $1, confirmed_at = $2 WHERE id = $3 AND status = $4")
        .bind(TeamRequestStatus::Waiting.as_str())
        .bind(instant_text(now))
        .bind(id)
        .bind(TeamRequestStatus::Unconfirmed.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How the CCOMS closes a request.
pub enum Closing<'a> {
    /// Accepted for this establishment (matched or created).
    Accepted(i64),
    /// Answered with this text, mailed to the contact.
    Answered(&'a str),
}

/// Closes a waiting request; `false` when someone else closed it first.
pub async fn close(
    conn: &mut AnyConnection, id: i64, closing: Closing<'_>, by: i64, now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let (status, establishment, reply) = match closing {
        Closing::Accepted(establishment) => (TeamRequestStatus::Accepted, Some(establishment), ""),
        Closing::Answered(reply) => (TeamRequestStatus::Answered, None, reply),
    };
    let done = sqlx::query(
        "UPDATE team_requests SET status = $1, establishment_id = $2, reply = $3, closed_by = $4, closed_at = $5 \
         WHERE id = $6 AND status = $7",
    )
    .bind(status.as_str())
    .bind(establishment)
    .bind(reply)
    .bind(by)
    .bind(instant_text(now))
    .bind(id)
    .bind(TeamRequestStatus::Waiting.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets the requests whose time is up (`domain::team_request::forgotten`), with their
/// confirmation links: how many requests went.
pub async fn forget_due(conn: &mut AnyConnection, now: OffsetDateTime) -> sqlx::Result<u64> {
    let unconfirmed_before = instant_text(now - Duration::days(UNCONFIRMED_KEPT_DAYS));
    let closed_before = instant_text(now - Duration::days(CLOSED_KEPT_DAYS));
    let done = sqlx::query(
        "DELETE FROM team_requests WHERE (status = $1 AND created_at <= $2) OR (status IN ($3, $4) AND closed_at <= $5)",
    )
    .bind(TeamRequestStatus::Unconfirmed.as_str())
    .bind(unconfirmed_before.as_str())
    .bind(TeamRequestStatus::Accepted.as_str())
    .bind(TeamRequestStatus::Answered.as_str())
    .bind(closed_before)
    .execute(&mut *conn)
    .await?;
    // The links hold the contact's address: they go with the requests they confirm.
    tokens::forget_before(conn, Purpose::ConfirmTeamRequest, &unconfirmed_before).await?;
    Ok(done.rows_affected())
}
