//! The event log, who hears of an event, how each person chose to hear of it, and what waits for
//! their daily digest (`domain::event`; the notifications themselves are `crate::notify`).

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use super::{date_text, instant_text};
use crate::domain::event::{Audience, Choice, Event, EventKind};
use crate::domain::role::Role;

/// Appends an event to the log, in the caller's transaction; returns its id.
pub async fn record(
    conn: &mut AnyConnection, event: &Event, actor_id: Option<i64>, at: OffsetDateTime,
) -> sqlx::Result<i64> {
    let people = event.people.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query_scalar(
        "INSERT INTO events (kind, occurred_at, actor_id, reference, title, place, detail, link, \
         establishment_id, region_code, fiche_id, people) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(event.kind.as_str())
    .bind(instant_text(at))
    .bind(actor_id)
    .bind(event.reference)
    .bind(&event.title)
    .bind(&event.place)
    .bind(&event.detail)
    .bind(&event.link)
    .bind(event.establishment_id)
    .bind(event.region_code.as_deref())
    .bind(event.fiche_id)
    .bind(people)
    .fetch_one(conn)
    .await
}

/// Someone who hears of an event: an account (with its role, for its choices), or the fiche's
/// application address, which has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: Option<i64>,
    pub role: Option<Role>,
    pub email: String,
    /// Why they hear of it (the first audience that named them).
    pub audience: Audience,
}

#[derive(sqlx::FromRow)]
struct Account {
    id: i64,
    role: String,
    email: String,
}

/// The accounts of one audience of `event`.
async fn accounts_of(conn: &mut AnyConnection, audience: Audience, event: &Event) -> sqlx::Result<Vec<Account>> {
    const SCOPED: &str = "SELECT u.id, u.role, u.email FROM users u JOIN user_scopes s ON s.user_id = u.id \
                          WHERE u.role = $1 AND s.kind = $2 AND s.value = $3 ORDER BY u.id";
    let scoped = |role: &'static str, kind: &'static str, value: Option<String>| {
        sqlx::query_as::<_, Account>(SCOPED)
            .bind(role)
            .bind(kind)
            .bind(value.unwrap_or_default())
    };
    match audience {
        Audience::Recruiters => {
            let establishment = event.establishment_id.map(|id| id.to_string());
            scoped("recruiter", "establishment", establishment)
                .fetch_all(conn)
                .await
        }
        Audience::ArsOfficers => {
            scoped("ars_officer", "region", event.region_code.clone())
                .fetch_all(conn)
                .await
        }
        Audience::Coordinators => {
            sqlx::query_as("SELECT id, role, email FROM users WHERE role = 'coordinator' ORDER BY id")
                .fetch_all(conn)
                .await
        }
        Audience::People => {
            let mut found = Vec::new();
            for id in &event.people {
                let account = sqlx::query_as("SELECT id, role, email FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
                found.extend(account);
            }
            Ok(found)
        }
        Audience::ApplicationAddress => Ok(Vec::new()),
    }
}

/// Everyone who hears of `event` but the person who made it happen, each address once.
pub async fn recipients(
    conn: &mut AnyConnection, event: &Event, actor_id: Option<i64>,
) -> sqlx::Result<Vec<Recipient>> {
    let mut found: Vec<Recipient> = Vec::new();
    for &audience in event.kind.audiences() {
        let mut heard = Vec::new();
        if audience == Audience::ApplicationAddress {
            let address: Option<String> = match event.fiche_id {
                Some(fiche) => {
                    sqlx::query_scalar("SELECT apply_email FROM fiches WHERE id = $1")
                        .bind(fiche)
                        .fetch_optional(&mut *conn)
                        .await?
                }
                None => None,
            };
            heard.extend(address.filter(|a| !a.trim().is_empty()).map(|email| Recipient {
                user_id: None,
                role: None,
                email: email.trim().to_lowercase(),
                audience,
            }));
        }
        for account in accounts_of(conn, audience, event).await? {
            heard.push(Recipient {
                user_id: Some(account.id),
                role: Role::parse(&account.role),
                email: account.email,
                audience,
            });
        }
        for recipient in heard {
            let is_actor = recipient.user_id.is_some() && recipient.user_id == actor_id;
            if !is_actor && !found.iter().any(|r| r.email == recipient.email) {
                found.push(recipient);
            }
        }
    }
    Ok(found)
}

/// How a person hears of each kind their role can hear of: their choice, or the role's default.
pub async fn choices(conn: &mut AnyConnection, user_id: i64, role: Role) -> sqlx::Result<Vec<(EventKind, Choice)>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, choice FROM notification_choices WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(conn)
            .await?;
    let chosen = |kind: EventKind| {
        rows.iter()
            .find(|(k, _)| k == kind.as_str())
            .and_then(|(_, c)| Choice::parse(c))
    };
    Ok(EventKind::heard_by(role)
        .into_iter()
        .map(|kind| (kind, chosen(kind).unwrap_or_else(|| kind.default_choice(role))))
        .collect())
}

/// How a person hears of one kind: their choice, or their role's default.
pub async fn choice(conn: &mut AnyConnection, user_id: i64, role: Role, kind: EventKind) -> sqlx::Result<Choice> {
    let chosen: Option<String> =
        sqlx::query_scalar("SELECT choice FROM notification_choices WHERE user_id = $1 AND kind = $2")
            .bind(user_id)
            .bind(kind.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(chosen
        .as_deref()
        .and_then(Choice::parse)
        .unwrap_or_else(|| kind.default_choice(role)))
}

/// Stores every choice of a person at once.
pub async fn set_choices(conn: &mut AnyConnection, user_id: i64, chosen: &[(EventKind, Choice)]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM notification_choices WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for (kind, choice) in chosen {
        sqlx::query("INSERT INTO notification_choices (user_id, kind, choice) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(kind.as_str())
            .bind(choice.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Stops a person's digests: every kind they receive in it (by choice or by default) becomes
/// "never", and what waits for the next digest is dropped.
pub async fn stop_digest(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<()> {
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(role) = role.as_deref().and_then(Role::parse) else {
        return Ok(());
    };
    let now: Vec<(EventKind, Choice)> = choices(conn, user_id, role)
        .await?
        .into_iter()
        .map(|(kind, choice)| {
            (
                kind,
                if choice == Choice::Digest {
                    Choice::Never
                } else {
                    choice
                },
            )
        })
        .collect();
    set_choices(conn, user_id, &now).await?;
    sqlx::query("DELETE FROM notification_digest WHERE user_id = $1 AND sent_at IS NULL")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps an event for a person's digest of `day`.
pub async fn add_to_digest(
    conn: &mut AnyConnection, user_id: i64, event_id: i64, day: Date, why: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO notification_digest (user_id, event_id, day, why) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(event_id)
        .bind(date_text(day))
        .bind(why)
        .execute(conn)
        .await?;
    Ok(())
}

/// A digest that waits: to whom (their account and address) and of which day.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueDigest {
    pub user_id: i64,
    pub email: String,
    pub day: String,
}

/// The digests of days before `today` that wait to be sent, one per person and day.
pub async fn digests_due(conn: &mut AnyConnection, today: Date) -> sqlx::Result<Vec<DueDigest>> {
    sqlx::query_as(
        "SELECT DISTINCT d.user_id, u.email, d.day FROM notification_digest d JOIN users u ON u.id = d.user_id \
         WHERE d.sent_at IS NULL AND d.day < $1 ORDER BY d.day, d.user_id",
    )
    .bind(date_text(today))
    .fetch_all(conn)
    .await
}

/// One line of a digest: the event and why its reader gets it.
pub struct DigestItem {
    pub event: Event,
    pub why: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    kind: String,
    reference: i64,
    title: String,
    place: String,
    detail: String,
    link: String,
    why: String,
}

/// Claims what waits for a person's digest of `day` and returns it: of two runs (or two
/// instances) each line goes to one only, in the caller's transaction with the digest's mail.
pub async fn claim_digest(conn: &mut AnyConnection, user_id: i64, day: &str) -> sqlx::Result<Vec<DigestItem>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.id, e.kind, e.reference, e.title, e.place, e.detail, e.link, d.why \
         FROM notification_digest d JOIN events e ON e.id = d.event_id \
         WHERE d.user_id = $1 AND d.sent_at IS NULL AND d.day = $2 ORDER BY e.id",
    )
    .bind(user_id)
    .bind(day)
    .fetch_all(&mut *conn)
    .await?;
    let mut claimed = Vec::new();
    for row in rows {
        let done = sqlx::query(
            "UPDATE notification_digest SET sent_at = $1 WHERE user_id = $2 AND event_id = $3 AND sent_at IS NULL",
        )
        .bind(instant_text(OffsetDateTime::now_utc()))
        .bind(user_id)
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
        let Some(kind) = EventKind::parse(&row.kind) else {
            continue;
        };
        if done.rows_affected() == 1 {
            let event = Event::new(kind, row.reference, row.title, row.link).detail(row.detail);
            let event = Event {
                place: row.place,
                ..event
            };
            claimed.push(DigestItem { event, why: row.why });
        }
    }
    Ok(claimed)
}

/// Forgets events (and what their digests kept) older than `cutoff`, as the audit log is.
pub async fn purge_before(conn: &mut AnyConnection, cutoff: OffsetDateTime) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM notification_digest WHERE event_id IN (SELECT id FROM events WHERE occurred_at < $1)")
        .bind(instant_text(cutoff))
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM events WHERE occurred_at < $1")
        .bind(instant_text(cutoff))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
