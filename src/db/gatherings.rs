//! The programme's gatherings (the agenda). Every finder takes the audiences the reader may see
//! (`Audience::seen_by`), so that an MSPs' group never reaches anyone else's page or feed.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::{corrupt, instant_text, parse_instant};
use crate::domain::gathering::{Audience, GatheringDraft, GatheringKind};

/// A stored gathering.
#[derive(Debug, Clone)]
pub struct Gathering {
    pub id: i64,
    pub draft: GatheringDraft,
    pub sequence: i64,
    pub cancelled: bool,
    /// Seats taken, and people waiting.
    pub registered: i64,
    pub waiting: i64,
}

impl Gathering {
    /// Full: the next registration waits.
    pub fn full(&self) -> bool {
        self.draft.capacity.is_some_and(|c| self.registered >= c)
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    title: String,
    description: String,
    starts_at: String,
    ends_at: String,
    place: String,
    region_code: String,
    video_url: String,
    audience: String,
    capacity: Option<i64>,
    registration_open: i64,
    sequence: i64,
    cancelled_at: Option<String>,
    registered: i64,
    waiting: i64,
}

impl TryFrom<Row> for Gathering {
    type Error = sqlx::Error;

    fn try_from(row: Row) -> sqlx::Result<Gathering> {
        Ok(Gathering {
            id: row.id,
            draft: GatheringDraft {
                kind: GatheringKind::parse(&row.kind).ok_or_else(|| corrupt("type de rendez-vous"))?,
                title: row.title,
                description: row.description,
                starts_at: parse_instant(&row.starts_at)?,
                ends_at: parse_instant(&row.ends_at)?,
                place: row.place,
                region_code: row.region_code,
                video_url: row.video_url,
                audience: Audience::parse(&row.audience).ok_or_else(|| corrupt("public d'un rendez-vous"))?,
                capacity: row.capacity,
                registration_open: row.registration_open != 0,
            },
            sequence: row.sequence,
            cancelled: row.cancelled_at.is_some(),
            registered: row.registered,
            waiting: row.waiting,
        })
    }
}

const SELECT: &str = "SELECT g.id, g.kind, g.title, g.description, g.starts_at, g.ends_at, g.place, g.region_code, \
     g.video_url, g.audience, g.capacity, g.registration_open, g.sequence, g.cancelled_at, \
     (SELECT COUNT(*) FROM gathering_registrations r WHERE r.gathering_id = g.id AND r.state = 'inscrit') AS registered, \
     (SELECT COUNT(*) FROM gathering_registrations r WHERE r.gathering_id = g.id AND r.state = 'attente') AS waiting \
     FROM gatherings g";

/// `g.audience IN ($from, …)` for the audiences given, or a condition nothing meets.
fn audience_filter(audiences: &[&str], from: usize) -> String {
    if audiences.is_empty() {
        return "1 = 0".into();
    }
    let marks: Vec<String> = (from..from + audiences.len()).map(|i| format!("${i}")).collect();
    format!("g.audience IN ({})", marks.join(", "))
}

pub async fn insert(
    conn: &mut AnyConnection, draft: &GatheringDraft, by: i64, now: OffsetDateTime,
) -> sqlx::Result<i64> {
    let at = instant_text(now);
    sqlx::query_scalar(
        "INSERT INTO gatherings (kind, title, description, starts_at, ends_at, place, region_code, video_url, \
         audience, capacity, registration_open, sequence, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $13, $14) RETURNING id",
    )
    .bind(draft.kind.as_str())
    .bind(&draft.title)
    .bind(&draft.description)
    .bind(instant_text(draft.starts_at))
    .bind(instant_text(draft.ends_at))
    .bind(&draft.place)
    .bind(&draft.region_code)
    .bind(&draft.video_url)
    .bind(draft.audience.as_str())
    .bind(draft.capacity)
    .bind(i64::from(draft.registration_open))
    .bind(by)
    .bind(&at)
    .bind(&at)
    .fetch_one(conn)
    .await
}

/// Changes a gathering not cancelled; the calendars' sequence grows so that subscribers see it.
pub async fn update(
    conn: &mut AnyConnection, id: i64, draft: &GatheringDraft, now: OffsetDateTime,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE gatherings SET kind = $1, title = $2, description = $3, starts_at = $4, ends_at = $5, place = $6, \
         region_code = $7, video_url = $8, audience = $9, capacity = $10, registration_open = $11, \
         sequence = sequence + 1, updated_at = $12 WHERE id = $13 AND cancelled_at IS NULL",
    )
    .bind(draft.kind.as_str())
    .bind(&draft.title)
    .bind(&draft.description)
    .bind(instant_text(draft.starts_at))
    .bind(instant_text(draft.ends_at))
    .bind(&draft.place)
    .bind(&draft.region_code)
    .bind(&draft.video_url)
    .bind(draft.audience.as_str())
    .bind(draft.capacity)
    .bind(i64::from(draft.registration_open))
    .bind(instant_text(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels a gathering once; false when it was already.
pub async fn cancel(conn: &mut AnyConnection, id: i64, now: OffsetDateTime) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE gatherings SET cancelled_at = $1, updated_at = $2, sequence = sequence + 1 \
         WHERE id = $3 AND cancelled_at IS NULL",
    )
    .bind(instant_text(now))
    .bind(instant_text(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the gathering's row for the rest of the transaction, so that two registrations or a
/// registration and a cancellation do not both count the same free seat (PostgreSQL holds the
/// row until commit; SQLite's write transactions are serial already).
pub async fn lock(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE gatherings SET sequence = sequence WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A gathering, if its audience is among those given.
pub async fn find(conn: &mut AnyConnection, id: i64, audiences: &[&str]) -> sqlx::Result<Option<Gathering>> {
    let sql = format!("{SELECT} WHERE g.id = $1 AND {}", audience_filter(audiences, 2));
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(id);
    for audience in audiences {
        query = query.bind(*audience);
    }
    query.fetch_optional(conn).await?.map(Gathering::try_from).transpose()
}

/// The gatherings of these audiences that end after `from`, soonest first; cancelled ones too
/// when `with_cancelled` (the feeds say STATUS:CANCELLED, the agenda says « annulé »).
pub async fn upcoming(
    conn: &mut AnyConnection, audiences: &[&str], from: OffsetDateTime, with_cancelled: bool,
) -> sqlx::Result<Vec<Gathering>> {
    let cancelled = if with_cancelled {
        ""
    } else {
        " AND g.cancelled_at IS NULL"
    };
    let sql = format!(
        "{SELECT} WHERE g.ends_at > $1{cancelled} AND {} ORDER BY g.starts_at, g.id",
        audience_filter(audiences, 2)
    );
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(instant_text(from));
    for audience in audiences {
        query = query.bind(*audience);
    }
    query
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(Gathering::try_from)
        .collect()
}

/// Every gathering, past and cancelled ones too, latest first: the CCOMS's record.
pub async fn all(conn: &mut AnyConnection) -> sqlx::Result<Vec<Gathering>> {
    let sql = format!("{SELECT} ORDER BY g.starts_at DESC, g.id DESC");
    sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(Gathering::try_from)
        .collect()
}
