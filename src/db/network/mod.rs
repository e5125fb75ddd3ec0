//! The MSPs' network: its members, the blocks between them, and (in [`conversations`]) the
//! messages they relay and the reports the CCOMS reads. Every finder a member uses is scoped
//! in its query: a member never loads a row of a conversation that is not theirs, nor a member
//! who blocked them or whom they blocked.

pub mod conversations;

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{corrupt, instant_text};
use crate::domain::fiche::Track;
use crate::domain::geo::territory;
use crate::domain::network::Profile;

/// A member as stored.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: i64,
    pub user_id: i64,
    pub profile: Profile,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    user_id: i64,
    shown_name: String,
    region: String,
    year: Option<i64>,
    track: String,
    topics: String,
    accepts_messages: i64,
}

impl TryFrom<MemberRow> for Member {
    type Error = sqlx::Error;

    fn try_from(row: MemberRow) -> sqlx::Result<Member> {
        let track = match row.track.as_str() {
            "" => None,
            code => Some(Track::parse(code).ok_or_else(|| corrupt("parcours du réseau"))?),
        };
        Ok(Member {
            id: row.id,
            user_id: row.user_id,
            profile: Profile {
                shown_name: row.shown_name,
                region: territory::region(&row.region),
                year: row
                    .year
                    .map(|y| i32::try_from(y).map_err(|_| corrupt("année du réseau")))
                    .transpose()?,
                track,
                topics: row.topics,
                accepts_messages: row.accepts_messages == 1,
            },
        })
    }
}

const SELECT: &str = "SELECT m.id, m.user_id, m.shown_name, m.region, m.year, m.track, m.topics, m.accepts_messages \
     FROM network_members m";

/// The account's membership, if they joined.
pub async fn find_by_user(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Option<Member>> {
    let row: Option<MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.user_id = $1")))
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    row.map(Member::try_from).transpose()
}

/// A member as `viewer` may see them: `None` when there is no such member, or when either
/// blocked the other. `viewer` `None` (the CCOMS) sees every member.
pub async fn find_for(conn: &mut AnyConnection, id: i64, viewer: Option<i64>) -> sqlx::Result<Option<Member>> {
    let row: Option<MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE m.id = $1 AND {NOT_BLOCKED}"
    )))
    .bind(id)
    .bind(viewer.unwrap_or(0))
    .fetch_optional(conn)
    .await?;
    row.map(Member::try_from).transpose()
}

/// Neither the member (`m.user_id`) nor the viewer (`$2`) blocked the other.
const NOT_BLOCKED: &str = "NOT EXISTS (SELECT 1 FROM network_blocks b WHERE \
    (b.blocker_id = $2 AND b.blocked_id = m.user_id) OR (b.blocker_id = m.user_id AND b.blocked_id = $2))";

/// The directory as `viewer` sees it, by name: every member but the viewer and those blocked
/// either way. `None` (the CCOMS): every member.
pub async fn directory(conn: &mut AnyConnection, viewer: Option<i64>) -> sqlx::Result<Vec<Member>> {
    let rows: Vec<MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE m.user_id <> $1 AND {NOT_BLOCKED} ORDER BY m.shown_name, m.id"
    )))
    .bind(viewer.unwrap_or(0))
    .bind(viewer.unwrap_or(0))
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(Member::try_from).collect()
}

/// Joins the network or updates the profile; returns the member's number.
pub async fn save(conn: &mut AnyConnection, user_id: i64, profile: &Profile, now: OffsetDateTime) -> sqlx::Result<i64> {
    let now = instant_text(now);
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM network_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    let id = match existing {
        Some(id) => id,
        None => {
            sqlx::query_scalar(
                "INSERT INTO network_members (user_id, shown_name, region, year, track, topics, accepts_messages, \
                 joined_at, updated_at) VALUES ($1, '', '', NULL, '', '', 0, $2, $2) RETURNING id",
            )
            .bind(user_id)
            .bind(&now)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    sqlx::query(
        "UPDATE network_members SET shown_name = $1, region = $2, year = $3, track = $4, topics = $5, \
         accepts_messages = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(&profile.shown_name)
    .bind(profile.region.map_or("", |r| r.code))
    .bind(profile.year.map(i64::from))
    .bind(profile.track.map_or("", |t| t.as_str()))
    .bind(&profile.topics)
    .bind(i64::from(profile.accepts_messages))
    .bind(&now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Leaves the network, or is removed from it by the CCOMS: the member row is deleted at once
/// and every open conversation of the account is closed by them. Whether they were a member.
pub async fn leave(conn: &mut AnyConnection, user_id: i64, now: OffsetDateTime) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM network_members WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE network_conversations SET closed_at = $1, closed_by = $2 \
         WHERE closed_at IS NULL AND (starter_id = $2 OR recipient_id = $2)",
    )
    .bind(instant_text(now))
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// `blocker` blocks `blocked`: both ways, nothing passes any more. Safe to repeat.
pub async fn block(conn: &mut AnyConnection, blocker: i64, blocked: i64, now: OffsetDateTime) -> sqlx::Result<()> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM network_blocks WHERE blocker_id = $1 AND blocked_id = $2")
            .bind(blocker)
            .bind(blocked)
            .fetch_optional(&mut *conn)
            .await?;
    if exists.is_none() {
        sqlx::query("INSERT INTO network_blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3)")
            .bind(blocker)
            .bind(blocked)
            .bind(instant_text(now))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Whether either account blocked the other.
pub async fn blocked_between(conn: &mut AnyConnection, a: i64, b: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM network_blocks WHERE (blocker_id = $1 AND blocked_id = $2) \
         OR (blocker_id = $2 AND blocked_id = $1)",
    )
    .bind(a)
    .bind(b)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
