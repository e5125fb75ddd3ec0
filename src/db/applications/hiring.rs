//! What a hire is checked against: the application's interviews as the hiring rule reads them
//! ([`crate::domain::interview::hiring`]), and the CCOMS's exception to it.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::db::{instant_text, parse_instant};
use crate::domain::interview::hiring::HeldInterview;

/// The application's interviews not cancelled: whether each took place by `now`, who of its
/// panel has not evaluated, and how many evaluations it has.
pub async fn held_interviews(
    conn: &mut AnyConnection, application_id: i64, now: OffsetDateTime,
) -> sqlx::Result<Vec<HeldInterview>> {
    let interviews: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, starts_at, duration_minutes FROM interviews WHERE application_id = $1 AND cancelled_at IS NULL \
         ORDER BY starts_at",
    )
    .bind(application_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut held = Vec::with_capacity(interviews.len());
    for (id, starts_at, minutes) in interviews {
        let ends = parse_instant(&starts_at)? + time::Duration::minutes(minutes);
        let awaited: Vec<String> = sqlx::query_scalar(
            "SELECT u.display_name FROM interview_panel p JOIN users u ON u.id = p.user_id \
             WHERE p.interview_id = $1 AND NOT EXISTS \
             (SELECT 1 FROM evaluations e WHERE e.interview_id = p.interview_id AND e.evaluator_id = p.user_id) \
             ORDER BY u.display_name",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let evaluations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluations WHERE interview_id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
        held.push(HeldInterview {
            took_place: ends <= now,
            awaited,
            evaluations: usize::try_from(evaluations).unwrap_or_default(),
        });
    }
    Ok(held)
}

/// The CCOMS's exception for this application, if any: (reason, who).
pub async fn hire_exception(conn: &mut AnyConnection, application_id: i64) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT reason, user_name FROM hire_exceptions WHERE application_id = $1")
        .bind(application_id)
        .fetch_optional(conn)
        .await
}

/// Records the CCOMS's exception once; a second one changes nothing.
pub async fn record_hire_exception(
    conn: &mut AnyConnection, application_id: i64, reason: &str, by: (i64, &str),
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO hire_exceptions (application_id, reason, user_id, user_name, at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(application_id)
    .bind(reason)
    .bind(by.0)
    .bind(by.1)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many applications to the offer still wait for a decision, once someone was hired on it.
pub async fn undecided_on(conn: &mut AnyConnection, fiche_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE fiche_id = $1 \
         AND status IN ('recue', 'preselectionnee', 'entretien', 'retenue')",
    )
    .bind(fiche_id)
    .fetch_one(conn)
    .await
}
