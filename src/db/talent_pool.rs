//! The talent pool's members: joining with the pool's consent, the profile they show, leaving
//! at once, and forgetting those whose own last action is older than the pool keeps anyone.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{corrupt, date_text, instant_text, parse_date};
use crate::domain::talent_pool::{Area, CONSENT_VERSION, PoolWorkingTime, Profile, Shown, Training};

/// A member as stored.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: i64,
    pub user_id: i64,
    pub profile: Profile,
    pub consent_version: String,
    pub consent_at: String,
    pub last_action_at: String,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    user_id: i64,
    consent_version: String,
    consent_at: String,
    shown_name: String,
    areas: String,
    available_from: Option<String>,
    working_time: String,
    training: String,
    training_other: String,
    presentation: String,
    show_areas: i64,
    show_availability: i64,
    show_training: i64,
    show_presentation: i64,
    last_action_at: String,
}

impl TryFrom<MemberRow> for Member {
    type Error = sqlx::Error;

    fn try_from(row: MemberRow) -> sqlx::Result<Member> {
        let training = row
            .training
            .split_whitespace()
            .map(|code| Training::parse(code).ok_or_else(|| corrupt("formation du vivier")))
            .collect::<sqlx::Result<Vec<_>>>()?;
        Ok(Member {
            id: row.id,
            user_id: row.user_id,
            profile: Profile {
                shown_name: row.shown_name,
                areas: Area::parse_list(&row.areas),
                available_from: row.available_from.as_deref().map(parse_date).transpose()?,
                working_time: PoolWorkingTime::parse(&row.working_time).ok_or_else(|| corrupt("quotité du vivier"))?,
                training,
                training_other: row.training_other,
                presentation: row.presentation,
                shown: Shown {
                    areas: row.show_areas == 1,
                    availability: row.show_availability == 1,
                    training: row.show_training == 1,
                    presentation: row.show_presentation == 1,
                },
            },
            consent_version: row.consent_version,
            consent_at: row.consent_at,
            last_action_at: row.last_action_at,
        })
    }
}

const SELECT: &str = "SELECT id, user_id, consent_version, consent_at, shown_name, areas, available_from, \
    working_time, training, training_other, presentation, show_areas, show_availability, show_training, \
    show_presentation, last_action_at FROM talent_pool_members";

/// The candidate's membership, if they are in the pool.
pub async fn find_by_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Option<Member>> {
    let row: Option<MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE user_id = $1")))
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    row.map(Member::try_from).transpose()
}

/// A current member, by number.
pub async fn find(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Member>> {
    let row: Option<MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = $1")))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Member::try_from).transpose()
}

/// Every current member, the most recently active first: the search filters them on what each
/// shows (`domain::talent_pool::search`). Whoever left or was forgotten has no row.
pub async fn list(conn: &mut AnyConnection) -> sqlx::Result<Vec<Member>> {
    let rows: Vec<MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} ORDER BY last_action_at DESC, id DESC"
    )))
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Member::try_from).collect()
}

/// Joins the pool with its consent (its version and date stored), or updates a member's
/// profile; both are the candidate's own action, from which the pool's retention counts.
pub async fn save(conn: &mut AnyConnection, user_id: i64, profile: &Profile, now: OffsetDateTime) -> sqlx::Result<i64> {
    let now = instant_text(now);
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM talent_pool_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    let id = match existing {
        Some(id) => id,
        None => {
            sqlx::query_scalar(
                "INSERT INTO talent_pool_members (user_id, consent_version, consent_at, shown_name, areas, \
                 available_from, working_time, training, training_other, presentation, show_areas, \
                 show_availability, show_training, show_presentation, joined_at, last_action_at) \
                 VALUES ($1, $2, $3, '', '', NULL, '', '', '', '', 0, 0, 0, 0, $3, $3) RETURNING id",
            )
            .bind(user_id)
            .bind(CONSENT_VERSION)
            .bind(&now)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    let training: Vec<&str> = profile.training.iter().map(|t| t.as_str()).collect();
    let shown = profile.shown;
    sqlx::query(
        "UPDATE talent_pool_members SET shown_name = $1, areas = $2, available_from = $3, working_time = $4, \
         training = $5, training_other = $6, presentation = $7, show_areas = $8, show_availability = $9, \
         show_training = $10, show_presentation = $11, last_action_at = $12 WHERE id = $13",
    )
    .bind(&profile.shown_name)
    .bind(Area::list_text(&profile.areas))
    .bind(profile.available_from.map(date_text))
    .bind(profile.working_time.as_str())
    .bind(training.join(" "))
    .bind(&profile.training_other)
    .bind(&profile.presentation)
    .bind(i64::from(shown.areas))
    .bind(i64::from(shown.availability))
    .bind(i64::from(shown.training))
    .bind(i64::from(shown.presentation))
    .bind(&now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(id)
}

/// The member acted (answered an invitation): the pool keeps them from now on.
pub async fn touch(conn: &mut AnyConnection, id: i64, now: OffsetDateTime) -> sqlx::Result<()> {
    sqlx::query("UPDATE talent_pool_members SET last_action_at = $1 WHERE id = $2")
        .bind(instant_text(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Leaves the pool: the profile and every invitation go at once. Whether they were in it.
pub async fn leave(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<bool> {
    sqlx::query(
        "DELETE FROM talent_pool_invitations WHERE member_id IN \
         (SELECT id FROM talent_pool_members WHERE user_id = $1)",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query("DELETE FROM talent_pool_members WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Forgets the members whose own last action is at or before `before`, with their
/// invitations; returns how many. Safe to run twice.
pub async fn forget_inactive(conn: &mut AnyConnection, before: OffsetDateTime) -> sqlx::Result<u64> {
    let before = instant_text(before);
    sqlx::query(
        "DELETE FROM talent_pool_invitations WHERE member_id IN \
         (SELECT id FROM talent_pool_members WHERE last_action_at <= $1)",
    )
    .bind(&before)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query("DELETE FROM talent_pool_members WHERE last_action_at <= $1")
        .bind(&before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Whether the candidate ticked the old per-application « vivier » box on one of their
/// applications still holding data: they are asked to join the new pool, never put in it.
pub async fn ticked_old_box(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE candidate_id = $1 AND talent_pool = 1 AND purged_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// How many members [`forget_inactive`] would forget, for `msp purge --dry-run`.
pub async fn count_inactive(conn: &mut AnyConnection, before: OffsetDateTime) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM talent_pool_members WHERE last_action_at <= $1")
        .bind(instant_text(before))
        .fetch_one(conn)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}
