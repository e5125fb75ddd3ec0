//! Background jobs. Each re-reads the state it acts on and is safe to run twice or on several
//! instances at once.

use time::Duration;

use crate::db::outbox::Concerns;
use crate::db::{Db, audit, fiches, funding};
use crate::domain::application::RetentionPolicy;
use crate::domain::calendar::{Clock, french_date};
use crate::mail;
use crate::web::AppState;

/// Starts every background job (all but the mail worker) on the application's database and
/// clock, and loads the board's index now rather than on the first visitor's search.
pub fn spawn_all(state: &AppState, audit_retention_days: u32) {
    let (db, clock, base_url) = (&state.db, &state.clock, state.base_url.to_string());
    tokio::spawn(run_retention(
        db.clone(),
        clock.clone(),
        audit_retention_days,
        state.retention,
        base_url.clone(),
    ));
    tokio::spawn(run_funding_reminders(db.clone(), clock.clone(), base_url.clone()));
    tokio::spawn(run_alerts(
        db.clone(),
        state.board.clone(),
        clock.clone(),
        base_url.clone(),
        state.mailer.wake.clone(),
    ));
    tokio::spawn(run_integration_reminders(db.clone(), clock.clone(), base_url));
    tokio::spawn(state.board.clone().follow(db.clone(), clock.clone()));
    tokio::spawn(crate::webhooks::run_worker(
        db.clone(),
        clock.clone(),
        state.webhooks_allow_private,
    ));
    tokio::spawn(run_gathering_reminders(
        db.clone(),
        clock.clone(),
        state.base_url.to_string(),
    ));
    tokio::spawn(run_closing(db.clone(), clock.clone(), state.base_url.to_string()));
    tokio::spawn(run_digests(
        db.clone(),
        clock.clone(),
        state.base_url.to_string(),
        state.mailer.wake.clone(),
    ));
}

/// Asks for the evaluations of past interviews, and mails the daily digests of the days before
/// today, at start and then every ten minutes (so digests leave soon after midnight). Safe on
/// several instances (`notify`).
pub async fn run_digests(db: Db, clock: Clock, base_url: String, wake: std::sync::Arc<tokio::sync::Notify>) {
    loop {
        match crate::notify::ask_for_evaluations(&db, clock.now(), &base_url).await {
            Ok(n) if n > 0 => tracing::info!(asked = n, "evaluations awaited"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "evaluations awaited failed"),
        }
        match crate::notify::send_digests(&db, clock.today(), &base_url).await {
            Ok(n) if n > 0 => {
                tracing::info!(sent = n, "daily digests");
                wake.notify_one();
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "daily digests failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}

/// Deletes audit entries older than the retention period and forgets candidates' data on time
/// (`crate::retention`), at start and then daily. Both are idempotent, so two instances doing
/// it is harmless.
pub async fn run_retention(db: Db, clock: Clock, audit_retention_days: u32, policy: RetentionPolicy, base_url: String) {
    loop {
        match crate::retention::run(&db, &policy, clock.now(), &base_url).await {
            Ok(report) if report != Default::default() => tracing::info!(?report, "candidate data retention"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "candidate data retention failed"),
        }
        let cutoff = clock.now() - Duration::days(i64::from(audit_retention_days));
        match db.pool.acquire().await {
            Ok(mut conn) => match purge_logs(&mut conn, cutoff).await {
                Ok(n) if n > 0 => tracing::info!(deleted = n, "audit log retention"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "audit log retention failed"),
            },
            Err(error) => tracing::error!(%error, "audit log retention: no connection"),
        }
        forget_webhook_attempts(&db, clock.now()).await;
        tokio::time::sleep(std::time::Duration::from_secs(24 * 3600)).await;
    }
}

/// The webhooks' delivery log is kept 90 days (`domain::webhook::LOG_DAYS`).
pub async fn forget_webhook_attempts(db: &Db, now: time::OffsetDateTime) {
    let cutoff = now - Duration::days(crate::domain::webhook::LOG_DAYS);
    let purged = match db.pool.acquire().await {
        Ok(mut conn) => crate::db::webhooks::purge_before(&mut conn, cutoff).await,
        Err(error) => Err(error),
    };
    match purged {
        Ok(n) if n > 0 => tracing::info!(deleted = n, "webhook log retention"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "webhook log retention failed"),
    }
}

/// The audit log and the event log keep the same period; the board's change log only what an
/// instance behind may still apply.
async fn purge_logs(conn: &mut sqlx::AnyConnection, cutoff: time::OffsetDateTime) -> sqlx::Result<u64> {
    crate::db::board_changes::forget_old(conn).await?;
    let audited = audit::purge_before(conn, cutoff).await?;
    Ok(audited + crate::db::events::purge_before(conn, cutoff).await?)
}

/// Closes published offers whose deadline has passed, at start and then hourly, so that the
/// board and the recruiters' pages agree. Idempotent.
pub async fn run_closing(db: Db, clock: Clock, base_url: String) {
    loop {
        match close_expired_offers(&db, &clock, &base_url).await {
            Ok(n) if n > 0 => tracing::info!(closed = n, "offers past their deadline closed"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "closing offers failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// Closes the offers past their deadline and tells each one's recruiters, in one transaction;
/// returns how many closed.
pub async fn close_expired_offers(db: &Db, clock: &Clock, base_url: &str) -> sqlx::Result<usize> {
    use crate::domain::event::{Event, EventKind};
    let mut tx = db.begin().await?;
    let closed = fiches::close_expired(&mut tx, clock.today()).await?;
    let notifier = crate::notify::Notifier {
        cipher: db.documents()?,
        base_url,
        now: clock.now(),
    };
    for offer in &closed {
        let event = Event::new(
            EventKind::FicheClosed,
            offer.id,
            &offer.title,
            format!("/fiches/{}", offer.id),
        )
        .at(offer.establishment_id, &offer.establishment_name)
        .of_fiche(offer.id)
        .detail("la date limite de candidature est passée");
        crate::notify::record(&mut tx, &notifier, event, None).await?;
    }
    tx.commit().await?;
    Ok(closed.len())
}

/// Reminds each establishment and its ARS of the commitment to keep the post, six months before
/// its subsidy ends, hourly. The reminder is claimed and its mails queued in one transaction:
/// of two runs, or two instances, exactly one claims it, and a failed run claims nothing.
pub async fn run_funding_reminders(db: Db, clock: Clock, base_url: String) {
    loop {
        match send_funding_reminders(&db, &base_url, clock.today()).await {
            Ok(n) if n > 0 => tracing::info!(reminded = n, "subsidy reminders queued"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "subsidy reminders failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// One pass of the reminder job; returns how many subsidies were reminded.
pub async fn send_funding_reminders(db: &Db, base_url: &str, today: time::Date) -> sqlx::Result<usize> {
    let due = {
        let mut conn = db.pool.acquire().await?;
        funding::due_reminders(&mut conn, today).await?
    };
    let mut reminded = 0;
    for id in due {
        let mut tx = db.begin().await?;
        if !funding::claim_reminder(&mut tx, id).await? {
            continue;
        }
        let scope = crate::domain::policy::FundingScope::All;
        let Some(subsidy) = funding::find_subsidy(&mut tx, id, &scope).await? else {
            continue;
        };
        let recipients = funding::reminder_recipients(&mut tx, subsidy.establishment_id, &subsidy.region_code).await?;
        let link = format!("{base_url}/subventions/{}", subsidy.id);
        let reminder = mail::SubsidyReminder {
            establishment: &subsidy.establishment_name,
            unit: &subsidy.project_unit,
            ends_on: &french_date(subsidy.ends_on),
            link: &link,
        };
        for recipient in &recipients {
            mail::queue(&mut tx, db.documents()?, recipient, Concerns::NOBODY, &reminder).await?;
        }
        audit::record(
            &mut tx,
            &audit::Actor {
                id: None,
                email: "(tâche planifiée)".into(),
                ip: "-".into(),
            },
            audit::Entry {
                action: "subvention_rappel",
                target_kind: "subvention",
                target_id: id.to_string(),
                detail: format!("{} destinataire(s)", recipients.len()),
            },
        )
        .await?;
        tx.commit().await?;
        reminded += 1;
    }
    Ok(reminded)
}

/// Places the offers stored before they had coordinates, then sends the saved searches' alerts
/// every minute ("at once" is within a minute of publication; weekly digests when due). Safe
/// on several instances: see `crate::alerts`.
pub async fn run_alerts(
    db: Db, board: std::sync::Arc<crate::board::Board>, clock: Clock, base_url: String,
    mailer_wake: std::sync::Arc<tokio::sync::Notify>,
) {
    match crate::db::places::place_unplaced(&db).await {
        Ok(n) if n > 0 => tracing::info!(placed = n, "offers placed at their commune"),
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "placing offers failed"),
    }
    loop {
        match crate::alerts::send_due(&db, &board, &clock, &base_url).await {
            Ok(n) if n > 0 => {
                tracing::info!(queued = n, "saved-search alerts queued");
                mailer_wake.notify_one();
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "saved-search alerts failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    }
}

/// Sends the reminders of the first year's milestones due from today to a week ahead. Each is
/// claimed by a conditional update in the same transaction as its outbox row, so that it leaves
/// once even when two runs or two instances meet.
pub async fn send_integration_reminders(db: &Db, today: time::Date, base_url: &str) -> sqlx::Result<u64> {
    use crate::db::enrolments as enrolment_db;
    use crate::domain::enrolment::{MilestoneKind, REMINDER_DAYS_BEFORE, reminder_due};
    let pending = {
        let mut conn = db.pool.acquire().await?;
        enrolment_db::pending_reminders(&mut conn, today, today + Duration::days(REMINDER_DAYS_BEFORE)).await?
    };
    let mut sent = 0;
    for reminder in pending {
        let (Some(kind), Ok(due_on)) = (
            MilestoneKind::parse(&reminder.kind),
            crate::db::parse_date(&reminder.due_on),
        ) else {
            continue;
        };
        if !reminder_due(due_on, today) {
            continue;
        }
        let mut tx = db.begin().await?;
        if enrolment_db::claim_reminder(&mut tx, reminder.id).await? {
            remind_milestone(&mut tx, db, &reminder, (kind, due_on), base_url).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// A milestone comes: the event tells the MSP's establishment and, if they have an account, the
/// MSP as they chose; an MSP without an account gets the reminder at their address.
async fn remind_milestone(
    tx: &mut sqlx::AnyConnection, db: &Db, reminder: &crate::db::enrolments::PendingReminder,
    (kind, due_on): (crate::domain::enrolment::MilestoneKind, time::Date), base_url: &str,
) -> sqlx::Result<()> {
    use crate::domain::enrolment::reminder_text;
    use crate::domain::event::{Event, EventKind};
    let on = format!("le {}", french_date(due_on));
    let msp = crate::db::enrolments::msp_account(tx, reminder.msp_record_id).await?;
    let enrolment = format!("/inscriptions/{}", reminder.enrolment_id);
    let coming = Event::new(
        EventKind::MilestoneComing,
        reminder.enrolment_id,
        kind.label(),
        enrolment,
    )
    .at(reminder.establishment_id, &reminder.establishment_name)
    .detail(on)
    .to_people(msp);
    let notifier = crate::notify::Notifier {
        cipher: db.documents()?,
        base_url,
        now: time::OffsetDateTime::now_utc(),
    };
    crate::notify::record(tx, &notifier, coming, None).await?;
    if msp.is_none() {
        let link = format!("{base_url}/mon-parcours");
        let concerns = Concerns {
            user_id: reminder.user_id,
            application_id: Some(reminder.application_id),
        };
        let milestone = mail::MilestoneReminder {
            milestone: kind.label(),
            due: &reminder_text(kind, due_on),
            link: &link,
        };
        mail::queue(tx, db.documents()?, &reminder.email, concerns, &milestone).await?;
    }
    Ok(())
}

/// Sends the integration reminders at start and then hourly. Safe on several instances.
pub async fn run_integration_reminders(db: Db, clock: Clock, base_url: String) {
    loop {
        match send_integration_reminders(&db, clock.today(), &base_url).await {
            Ok(n) if n > 0 => tracing::info!(sent = n, "integration reminders"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "integration reminders failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// Sends the agenda's day-before reminders every ten minutes (`crate::agenda::send_reminders`).
/// Safe on several instances.
pub async fn run_gathering_reminders(db: Db, clock: Clock, base_url: String) {
    loop {
        match crate::agenda::send_reminders(&db, clock.now(), &base_url).await {
            Ok(n) if n > 0 => tracing::info!(sent = n, "gathering reminders"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "gathering reminders failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}
