//! What the agenda tells people by mail, always through the outbox inside the transaction that
//! made it true: a gathering cancelled, a seat freed for someone waiting, the day-before reminder.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::db::Db;
use crate::db::gathering_registrations::{self as registrations, Registrant};
use crate::db::gatherings::{self, Gathering};
use crate::db::outbox::Concerns;
use crate::documents::DocumentCipher;
use crate::domain::calendar::french_instant;
use crate::domain::gathering::{Audience, reminder_due};
use crate::mail;

/// Where and when, as the mails write it.
fn where_and_when(gathering: &Gathering) -> String {
    let draft = &gathering.draft;
    let mut text = format!("Le {}", french_instant(draft.starts_at));
    if !draft.place.is_empty() {
        text.push_str(&format!(", {}", draft.place));
    }
    if !draft.video_url.is_empty() {
        text.push_str(&format!(", en visioconférence : {}", draft.video_url));
    }
    text
}

async fn send(
    conn: &mut AnyConnection, cipher: &DocumentCipher, to: &Registrant, kind: &str, subject: &str, body: &str,
) -> sqlx::Result<()> {
    let written = mail::Written {
        kind,
        subject,
        body,
        attachment: None,
        reply_to: None,
    };
    mail::queue(conn, cipher, &to.email, Concerns::user(to.user_id), &written).await
}

/// Tells everyone registered, waiting or not, that the gathering is cancelled. Mail leaves the
/// platform: it greets nobody by name and says only which gathering.
pub async fn tell_cancelled(
    conn: &mut AnyConnection, cipher: &DocumentCipher, gathering: &Gathering, people: &[Registrant],
) -> sqlx::Result<()> {
    let subject = format!("Rendez-vous annulé : {}", gathering.draft.title);
    for person in people {
        let body = format!(
            "Bonjour,\n\nLe rendez-vous « {} » est annulé.\n{}.\n\nVotre inscription est donc close : vous n'avez rien à faire.\n\nLa coordination du programme (CCOMS)",
            gathering.draft.title,
            where_and_when(gathering)
        );
        send(conn, cipher, person, "rendez_vous_annule", &subject, &body).await?;
    }
    Ok(())
}

/// Tells the person who waited that a seat is now theirs.
pub async fn tell_promoted(
    conn: &mut AnyConnection, cipher: &DocumentCipher, gathering: &Gathering, person: &Registrant, base_url: &str,
) -> sqlx::Result<()> {
    let subject = format!("Une place s'est libérée : {}", gathering.draft.title);
    let body = format!(
        "Bonjour,\n\nUne place s'est libérée au rendez-vous « {} » : vous êtes inscrit ou inscrite.\n{}.\n\nSi vous ne pouvez plus venir, annulez votre inscription pour laisser la place : {}/agenda/{}\n\nLa coordination du programme (CCOMS)",
        gathering.draft.title,
        where_and_when(gathering),
        base_url,
        gathering.id
    );
    send(conn, cipher, person, "rendez_vous_place", &subject, &body).await
}

/// One pass of the reminder job: each seat of a gathering starting tomorrow (in Paris) or
/// sooner gets its reminder once. The claim (`reminded_at`) and the outbox row are in one
/// transaction, so two runs or two instances send it once, and a failed run sends nothing.
pub async fn send_reminders(db: &Db, now: OffsetDateTime, base_url: &str) -> sqlx::Result<usize> {
    let pending = {
        let mut conn = db.pool.acquire().await?;
        registrations::unreminded(&mut conn, now).await?
    };
    let mut sent = 0;
    for (id, gathering_id, starts_at) in pending {
        if !reminder_due(starts_at, now) {
            continue;
        }
        let mut tx = db.begin().await?;
        let every = Audience::ALL.map(Audience::as_str);
        let (Some(person), Some(gathering)) = (
            registrations::claim_reminder(&mut tx, id, now).await?,
            gatherings::find(&mut tx, gathering_id, &every).await?,
        ) else {
            continue;
        };
        let subject = format!("Rappel : {} demain", gathering.draft.title);
        let body = format!(
            "Bonjour,\n\nVous êtes inscrit ou inscrite au rendez-vous « {} ».\n{}.\n\nSi vous ne pouvez pas venir, annulez votre inscription pour laisser la place : {}/agenda/{}\n\nLa coordination du programme (CCOMS)",
            gathering.draft.title,
            where_and_when(&gathering),
            base_url,
            gathering.id
        );
        send(&mut tx, db.documents()?, &person, "rendez_vous_rappel", &subject, &body).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
