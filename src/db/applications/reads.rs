//! Finding applications: staff within their scope, candidates through their account or their
//! follow link, and the same person's other applications.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{Application, fetch_all, fetch_one, select};
use crate::db::{Sql, Value, instant_text};
use crate::domain::application::ApplicationStatus;
use crate::domain::policy::EstablishmentScope;

/// An application in a staff member's scope; another establishment's does not exist for them.
pub async fn find_in_scope(
    conn: &mut AnyConnection, id: i64, scope: &EstablishmentScope,
) -> sqlx::Result<Option<Application>> {
    let mut sql = select();
    crate::db::projects::push_id_in_scope(&mut sql, "a", id, scope);
    fetch_one(conn, &sql).await
}

/// The applications to one offer, oldest first, in the scope.
pub async fn list_for_fiche(
    conn: &mut AnyConnection, fiche_id: i64, scope: &EstablishmentScope,
) -> sqlx::Result<Vec<Application>> {
    let mut sql = select();
    sql.push(" AND a.fiche_id = ").bind(Value::Int(fiche_id));
    crate::db::projects::push_scope(&mut sql, "a.establishment_id", scope);
    sql.push(" ORDER BY a.id");
    fetch_all(conn, &sql).await
}

/// The same person's other applications to the same establishment: the same address, proved
/// on both sides. Anyone can type an address; an application whose applicant did not prove it
/// is nobody's "same person", so a stranger's CV never joins someone else's file.
pub async fn others_of_same_person(
    conn: &mut AnyConnection, application: &Application,
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
pub(super) fn push_own(sql: &mut Sql, user_id: i64, email: &str) {
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
    conn: &mut AnyConnection, id: i64, user_id: i64, email: &str,
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

/// How many applications wait in state "Reçue", per offer (fiche id, count), in the scope: a
/// home counts them without reading any candidate's data.
pub async fn received_per_fiche(conn: &mut AnyConnection, scope: &EstablishmentScope) -> sqlx::Result<Vec<(i64, i64)>> {
    let mut sql = Sql::new("SELECT a.fiche_id, COUNT(*) AS n FROM applications a WHERE a.status = ");
    sql.bind(Value::Text(ApplicationStatus::Recue.as_str().into()));
    crate::db::projects::push_scope(&mut sql, "a.establishment_id", scope);
    sql.push(" GROUP BY a.fiche_id ORDER BY a.fiche_id");
    sql.query_as::<(i64, i64)>().fetch_all(conn).await
}
