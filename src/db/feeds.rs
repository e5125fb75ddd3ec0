//! Subscribed calendars of training weeks: a random token in the address, only its hash kept,
//! revocable.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{corrupt, instant_text};

/// What a feed shows: one MSP's weeks, an establishment's MSPs' weeks, a cohort's, or the
/// agenda's gatherings for MSPs (the account's id as target), whose feed is not public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Msp,
    Establishment,
    Cohort,
    MspGatherings,
}

impl FeedKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::Msp => "msp",
            FeedKind::Establishment => "etablissement",
            FeedKind::Cohort => "promotion",
            FeedKind::MspGatherings => "rendez_vous_msp",
        }
    }

    pub fn parse(value: &str) -> Option<FeedKind> {
        [
            FeedKind::Msp,
            FeedKind::Establishment,
            FeedKind::Cohort,
            FeedKind::MspGatherings,
        ]
        .into_iter()
        .find(|k| k.as_str() == value)
    }
}

/// Creates a feed; the token is returned once, only its hash is kept.
pub async fn create_feed(
    conn: &mut AnyConnection, kind: FeedKind, target_id: i64, created_by: i64,
) -> sqlx::Result<String> {
    let token = crate::secrets::random_token();
    sqlx::query(
        "INSERT INTO calendar_feeds (kind, target_id, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(kind.as_str())
    .bind(target_id)
    .bind(crate::secrets::token_hash(&token))
    .bind(created_by)
    .bind(instant_text(OffsetDateTime::now_utc()))
    .execute(conn)
    .await?;
    Ok(token)
}

/// The feed a token opens, unless revoked.
pub async fn feed_by_token(conn: &mut AnyConnection, token: &str) -> sqlx::Result<Option<(FeedKind, i64)>> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT kind, target_id FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL")
            .bind(crate::secrets::token_hash(token))
            .fetch_optional(conn)
            .await?;
    row.map(|(kind, id)| Ok((FeedKind::parse(&kind).ok_or_else(|| corrupt("agenda"))?, id)))
        .transpose()
}

/// A feed, as its owners list it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Feed {
    pub id: i64,
    pub kind: String,
    pub target_id: i64,
    pub created_at: String,
}

pub async fn live_feeds(conn: &mut AnyConnection, kind: FeedKind, target_id: i64) -> sqlx::Result<Vec<Feed>> {
    sqlx::query_as(
        "SELECT id, kind, target_id, created_at FROM calendar_feeds WHERE kind = $1 AND target_id = $2 \
         AND revoked_at IS NULL ORDER BY id",
    )
    .bind(kind.as_str())
    .bind(target_id)
    .fetch_all(conn)
    .await
}

/// A feed, revoked or not.
pub async fn find_feed(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<Feed>> {
    sqlx::query_as("SELECT id, kind, target_id, created_at FROM calendar_feeds WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn revoke_feed(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    super::stamp_once(conn, "calendar_feeds", "revoked_at", id).await
}

/// The cohorts (ids) of an establishment's live enrolments, for its feed.
pub async fn establishment_cohorts(conn: &mut AnyConnection, establishment_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT n.cohort_id, COUNT(*) FROM enrolments n JOIN msp_records r ON r.id = n.msp_record_id \
         WHERE r.establishment_id = $1 AND n.state NOT IN ('abandon', 'diplomee') GROUP BY n.cohort_id ORDER BY n.cohort_id",
    )
    .bind(establishment_id)
    .fetch_all(conn)
    .await
}

/// The cohort of one enrolment and the MSP's name, for their feed.
pub async fn enrolment_cohort(conn: &mut AnyConnection, enrolment_id: i64) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "SELECT n.cohort_id, r.full_name FROM enrolments n JOIN msp_records r ON r.id = n.msp_record_id \
         WHERE n.id = $1 AND n.state <> 'abandon'",
    )
    .bind(enrolment_id)
    .fetch_optional(conn)
    .await
}
