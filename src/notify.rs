//! Notifications, made from the event log (`domain::event`, `db::events`): recording an event
//! in the transaction of the change it tells also decides, for each person it reaches, by their
//! choice, a mail at once (through the outbox, in the same transaction, so it leaves once and
//! only if the change happened), a line in their daily digest, or nothing. The digests leave
//! once a day, each line claimed by the one run that mails it.

use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

use crate::db::events::{self, Recipient};
use crate::db::outbox::Concerns;
use crate::db::tokens::{self, NewToken, Purpose};
use crate::db::{Db, parse_date};
use crate::documents::DocumentCipher;
use crate::domain::calendar::{french_date, in_paris};
use crate::domain::event::{Choice, Event, why, wording};
use crate::mail::{self, Digest, DigestLine, Notification};

/// What recording an event needs besides the transaction: the seal of the outbox, the site's
/// address for the links, and the instant it happened (the application's clock).
pub struct Notifier<'a> {
    pub cipher: &'a DocumentCipher,
    pub base_url: &'a str,
    pub now: OffsetDateTime,
}

/// Where each person chooses what they receive.
pub const SETTINGS: &str = "/compte/notifications";

/// Records `event`, made by `actor_id`, and notifies the people it reaches as each chose.
pub async fn record(
    conn: &mut AnyConnection, notifier: &Notifier<'_>, event: Event, actor_id: Option<i64>,
) -> sqlx::Result<i64> {
    let id = events::record(conn, &event, actor_id, notifier.now).await?;
    // The establishment's webhooks hear of it in the same transaction, as the people do.
    crate::db::webhooks::queue_event(conn, id, &event, notifier.now, notifier.base_url).await?;
    for recipient in events::recipients(conn, &event, actor_id).await? {
        let choice = match (recipient.user_id, recipient.role) {
            (Some(user), Some(role)) => events::choice(conn, user, role, event.kind).await?,
            // An application address has no account to choose with: it hears at once.
            _ => Choice::AtOnce,
        };
        match (choice, recipient.user_id) {
            (Choice::AtOnce, _) => mail_at_once(conn, notifier, &event, &recipient).await?,
            (Choice::Digest, Some(user)) => {
                let day = in_paris(notifier.now).date();
                events::add_to_digest(conn, user, id, day, why(recipient.audience)).await?;
            }
            _ => {}
        }
    }
    Ok(id)
}

async fn mail_at_once(
    conn: &mut AnyConnection, notifier: &Notifier<'_>, event: &Event, recipient: &Recipient,
) -> sqlx::Result<()> {
    let words = wording(event);
    let link = format!("{}{}", notifier.base_url, event.link);
    let settings = format!("{}{SETTINGS}", notifier.base_url);
    let mail = Notification {
        subject: &words.subject,
        sentence: &words.sentence,
        action: words.action,
        link: &link,
        why: why(recipient.audience),
        settings: recipient.user_id.map(|_| settings.as_str()),
    };
    let concerns = Concerns {
        user_id: recipient.user_id,
        application_id: None,
    };
    mail::queue(conn, notifier.cipher, &recipient.email, concerns, &mail).await
}

/// Mails every digest of a day before `today` that waits: one per person and day. Safe to run
/// twice or on several instances: each line leaves in one digest only. Returns how many left.
pub async fn send_digests(db: &Db, today: Date, base_url: &str) -> sqlx::Result<u64> {
    let due = events::digests_due(&mut *db.pool.acquire().await?, today).await?;
    let mut sent = 0;
    for digest in due {
        let mut tx = db.begin().await?;
        let items = events::claim_digest(&mut tx, digest.user_id, &digest.day).await?;
        if !items.is_empty() {
            let lines: Vec<DigestLine> = items
                .iter()
                .map(|item| {
                    let words = wording(&item.event);
                    DigestLine {
                        sentence: words.sentence,
                        action: words.action,
                        link: format!("{base_url}{}", item.event.link),
                        why: item.why.clone(),
                    }
                })
                .collect();
            let token = tokens::create(
                &mut tx,
                NewToken::for_user(Purpose::UnsubscribeDigest, digest.user_id, &digest.email),
            )
            .await?;
            let (settings, unsubscribe) = (
                format!("{base_url}{SETTINGS}"),
                format!("{base_url}/notifications/desabonnement?jeton={token}"),
            );
            let day = parse_date(&digest.day).map(french_date).unwrap_or(digest.day);
            let mail = Digest {
                day: &day,
                items: &lines,
                settings: &settings,
                unsubscribe: &unsubscribe,
            };
            mail::queue(
                &mut tx,
                db.documents()?,
                &digest.email,
                Concerns::user(digest.user_id),
                &mail,
            )
            .await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// Records an "evaluation awaited" event for each panel member of an interview begun more than
/// two hours before `now` who has not written their evaluation: once each, whatever runs at
/// the same time. Returns how many were recorded.
pub async fn ask_for_evaluations(db: &Db, now: OffsetDateTime, base_url: &str) -> sqlx::Result<u64> {
    use crate::db::interviews;
    use crate::domain::event::EventKind;
    let awaited =
        interviews::evaluations_awaited(&mut *db.pool.acquire().await?, now - time::Duration::hours(2)).await?;
    let notifier = Notifier {
        cipher: db.documents()?,
        base_url,
        now,
    };
    let mut asked = 0;
    for owed in awaited {
        let mut tx = db.begin().await?;
        if interviews::claim_evaluation_ask(&mut tx, owed.interview_id, owed.user_id).await? {
            let event = Event::of_application(
                EventKind::EvaluationAwaited,
                owed.application_id,
                &owed.fiche_title,
                owed.fiche_id,
                (owed.establishment_id, &owed.establishment_name),
            )
            .to_people([owed.user_id]);
            let event = Event {
                link: format!("/candidatures/{}#entretiens", owed.application_id),
                ..event
            };
            record(&mut tx, &notifier, event, None).await?;
            asked += 1;
        }
        tx.commit().await?;
    }
    Ok(asked)
}
