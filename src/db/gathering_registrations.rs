//! Who registered to a gathering: a seat (`inscrit`) or a place on the waiting list
//! (`attente`, in the order of registration). Callers lock the gathering first
//! (`gatherings::lock`) so that counting the seats and taking one are one step.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{instant_text, parse_instant};
use crate::domain::gathering::Place;

/// Someone registered, as the CCOMS's list and the mails need them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Registrant {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub state: String,
    pub registered_at: String,
}

/// The place of `user_id` at a gathering, if registered.
pub async fn place_of(conn: &mut AnyConnection, gathering_id: i64, user_id: i64) -> sqlx::Result<Option<Place>> {
    let state: Option<String> =
        sqlx::query_scalar("SELECT state FROM gathering_registrations WHERE gathering_id = $1 AND user_id = $2")
            .bind(gathering_id)
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(state.map(|s| {
        if s == "inscrit" {
            Place::Registered
        } else {
            Place::Waiting
        }
    }))
}

/// Registers `user_id` at `place`; false when they already were.
pub async fn register(
    conn: &mut AnyConnection, gathering_id: i64, user_id: i64, place: Place, now: OffsetDateTime,
) -> sqlx::Result<bool> {
    if place_of(conn, gathering_id, user_id).await?.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO gathering_registrations (gathering_id, user_id, state, registered_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(gathering_id)
    .bind(user_id)
    .bind(place.as_str())
    .bind(instant_text(now))
    .execute(conn)
    .await?;
    Ok(true)
}

/// Removes a registration; returns the place it held.
pub async fn unregister(conn: &mut AnyConnection, gathering_id: i64, user_id: i64) -> sqlx::Result<Option<Place>> {
    let place = place_of(conn, gathering_id, user_id).await?;
    sqlx::query("DELETE FROM gathering_registrations WHERE gathering_id = $1 AND user_id = $2")
        .bind(gathering_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(place)
}

/// Gives the first person waiting the seat freed; returns them, if anyone waited.
pub async fn promote_first(conn: &mut AnyConnection, gathering_id: i64) -> sqlx::Result<Option<Registrant>> {
    let first: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM gathering_registrations WHERE gathering_id = $1 AND state = 'attente' ORDER BY id LIMIT 1",
    )
    .bind(gathering_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = first else { return Ok(None) };
    sqlx::query("UPDATE gathering_registrations SET state = 'inscrit' WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query_as(
        "SELECT r.user_id, u.display_name, u.email, r.state, r.registered_at FROM gathering_registrations r \
         JOIN users u ON u.id = r.user_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Everyone registered to a gathering, seats first then the waiting list, each in order.
pub async fn registrants(conn: &mut AnyConnection, gathering_id: i64) -> sqlx::Result<Vec<Registrant>> {
    sqlx::query_as(
        "SELECT r.user_id, u.display_name, u.email, r.state, r.registered_at FROM gathering_registrations r \
         JOIN users u ON u.id = r.user_id WHERE r.gathering_id = $1 ORDER BY r.state DESC, r.id",
    )
    .bind(gathering_id)
    .fetch_all(conn)
    .await
}

/// One's registrations to gatherings still to come: (gathering id, title, start, state).
pub async fn of_user(
    conn: &mut AnyConnection, user_id: i64, now: OffsetDateTime,
) -> sqlx::Result<Vec<(i64, String, OffsetDateTime, String)>> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT g.id, g.title, g.starts_at, r.state FROM gathering_registrations r JOIN gatherings g ON g.id = r.gathering_id \
         WHERE r.user_id = $1 AND g.ends_at > $2 AND g.cancelled_at IS NULL ORDER BY g.starts_at",
    )
    .bind(user_id)
    .bind(instant_text(now))
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, title, at, state)| Ok((id, title, parse_instant(&at)?, state)))
        .collect()
}

/// A seat whose day-before reminder has not left: (registration id, gathering id, start).
pub async fn unreminded(
    conn: &mut AnyConnection, now: OffsetDateTime,
) -> sqlx::Result<Vec<(i64, i64, OffsetDateTime)>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT r.id, g.id, g.starts_at FROM gathering_registrations r JOIN gatherings g ON g.id = r.gathering_id \
         WHERE r.state = 'inscrit' AND r.reminded_at IS NULL AND g.cancelled_at IS NULL AND g.starts_at > $1 \
         ORDER BY r.id",
    )
    .bind(instant_text(now))
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, gathering, at)| Ok((id, gathering, parse_instant(&at)?)))
        .collect()
}

/// Claims a registration's reminder: of two runs, exactly one gets true. Returns the person.
pub async fn claim_reminder(
    conn: &mut AnyConnection, id: i64, now: OffsetDateTime,
) -> sqlx::Result<Option<Registrant>> {
    let done = sqlx::query("UPDATE gathering_registrations SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query_as(
        "SELECT r.user_id, u.display_name, u.email, r.state, r.registered_at FROM gathering_registrations r \
         JOIN users u ON u.id = r.user_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Forgets the registrations to gatherings that ended before `cutoff`; the gatherings stay.
pub async fn forget_before(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM gathering_registrations WHERE gathering_id IN (SELECT id FROM gatherings WHERE ends_at < $1)",
    )
    .bind(instant_text(cutoff))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
