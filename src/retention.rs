//! Forgetting on time (CNIL 2023 recruitment guide): ended applications lose their personal
//! data and documents, inactive candidate accounts are warned then deleted, and files kept for
//! a refused form expire, sent mail's metadata go after a year, and teams' requests to create
//! a post go 7 days after sending when unconfirmed, 90 days after the CCOMS's answer otherwise, and
//! talent pool members `talent_pool_days` after their own last action, registrations to
//! the agenda's gatherings three months after the gathering; the MSPs' network's
//! conversations go 12 months after their last message, its reports 12 months after they were
//! made. Only anonymous counters remain, and in the audit log a pseudonym in place of a
//! deleted account's owner. Each step
//! re-reads what it acts on and is safe to run twice or on several instances at once.

use sqlx::AnyConnection;
use time::{Duration, OffsetDateTime};

use crate::db::applications::{self, EndedApplication};
use crate::db::outbox::{self, Concerns};
use crate::db::users;
use crate::db::{Db, parse_instant};
use crate::domain::application::{ApplicationStatus, Retention, RetentionFacts, RetentionPolicy};
use crate::mail::{InactivityWarning, queue};

/// What is due now, for `msp purge --dry-run` and for the job.
#[derive(Debug, Default)]
pub struct Plan {
    /// (application id, offer title, why).
    pub applications: Vec<(i64, String, &'static str)>,
    /// (account id, e-mail) to warn 30 days before deletion.
    pub warnings: Vec<(i64, String)>,
    /// (account id, e-mail) to delete.
    pub deletions: Vec<(i64, String)>,
    /// Talent pool members whose own last action is older than the pool keeps anyone.
    pub pool_members: u64,
}

fn facts(row: &EndedApplication) -> sqlx::Result<RetentionFacts> {
    Ok(RetentionFacts {
        status: ApplicationStatus::parse(&row.status).ok_or_else(|| crate::db::corrupt("état"))?,
        ended_at: row.ended_at.as_deref().map(parse_instant).transpose()?,
        talent_pool: row.talent_pool == 1,
        last_contact_at: parse_instant(&row.last_contact_at)?,
    })
}

pub async fn plan(conn: &mut AnyConnection, policy: &RetentionPolicy, now: OffsetDateTime) -> sqlx::Result<Plan> {
    let mut plan = Plan::default();
    for row in applications::ended_with_data(conn).await? {
        if policy.decide(&facts(&row)?, now) == Retention::Erase {
            let why = if row.status == ApplicationStatus::Embauchee.as_str() {
                "embauche depuis 90 jours : le dossier du personnel la garde"
            } else if row.talent_pool == 1 {
                "vivier : 2 ans après le dernier échange"
            } else {
                "fin du recrutement depuis 90 jours"
            };
            plan.applications.push((row.id, row.fiche_title, why));
        }
    }
    let pool_before = now - Duration::days(policy.talent_pool_days);
    plan.pool_members = crate::db::talent_pool::count_inactive(conn, pool_before).await?;
    let accounts = users::candidate_activity(conn).await?;
    for account in accounts {
        let last_active = parse_instant(&account.last_active_at)?;
        let (warn_at, delete_at) = policy.account_deadlines(last_active);
        let warned_this_period = account
            .inactivity_warned_at
            .as_deref()
            .is_some_and(|w| w >= account.last_active_at.as_str());
        if now >= delete_at {
            plan.deletions.push((account.id, account.email));
        } else if now >= warn_at && !warned_this_period {
            plan.warnings.push((account.id, account.email));
        }
    }
    Ok(plan)
}

/// How long the outbox keeps what remains of a message sent or abandoned (dates, kind, whom it
/// concerned): long enough to answer "did the platform write to me?", no longer.
pub const OUTBOX_METADATA_KEPT: Duration = Duration::days(365);

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub applications_erased: u64,
    pub accounts_warned: u64,
    pub accounts_deleted: u64,
    pub drafts_deleted: u64,
    pub mail_metadata_deleted: u64,
    pub team_requests_forgotten: u64,
    pub pool_members_forgotten: u64,
    /// Registrations to gatherings that ended `REGISTRATIONS_KEPT_MONTHS` ago.
    pub gathering_registrations_forgotten: u64,
    /// The MSPs' network's conversations (with their messages) and reports past 12 months.
    pub network_conversations_deleted: u64,
    pub network_reports_deleted: u64,
}

impl Report {
    /// What `msp purge` prints: every count of what was forgotten, one per line, in French.
    pub fn summary(&self) -> String {
        [
            (self.applications_erased, "candidature(s) effacée(s)"),
            (self.accounts_warned, "compte(s) inactif(s) averti(s)"),
            (self.accounts_deleted, "compte(s) inactif(s) effacé(s)"),
            (self.drafts_deleted, "fichier(s) en attente supprimé(s)"),
            (self.mail_metadata_deleted, "trace(s) d'e-mail envoyé effacée(s)"),
            (
                self.team_requests_forgotten,
                "demande(s) de création de poste oubliée(s)",
            ),
            (self.pool_members_forgotten, "membre(s) du vivier oublié(s)"),
            (
                self.gathering_registrations_forgotten,
                "inscription(s) à un rendez-vous oubliée(s)",
            ),
            (
                self.network_conversations_deleted,
                "conversation(s) du réseau des MSP effacée(s)",
            ),
            (
                self.network_reports_deleted,
                "signalement(s) du réseau des MSP effacé(s)",
            ),
        ]
        .iter()
        .map(|(count, what)| format!("{count} {what}"))
        .collect::<Vec<_>>()
        .join("\n")
    }
}

/// Carries out the plan, each step in its own transaction.
pub async fn run(db: &Db, policy: &RetentionPolicy, now: OffsetDateTime, base_url: &str) -> sqlx::Result<Report> {
    let mut report = Report::default();
    let plan = {
        let mut conn = db.pool.acquire().await?;
        report.drafts_deleted = applications::purge_drafts_before(&mut conn, now - Duration::days(1)).await?;
        report.mail_metadata_deleted = outbox::purge_before(&mut conn, now - OUTBOX_METADATA_KEPT).await?;
        report.team_requests_forgotten = crate::db::team_requests::forget_due(&mut conn, now).await?;
        // Invitations do not count: only the member's own actions move `last_action_at`.
        report.pool_members_forgotten =
            crate::db::talent_pool::forget_inactive(&mut conn, now - Duration::days(policy.talent_pool_days)).await?;
        let kept = Duration::days(30 * crate::domain::gathering::REGISTRATIONS_KEPT_MONTHS);
        report.gathering_registrations_forgotten =
            crate::db::gathering_registrations::forget_before(&mut conn, now - kept).await?;
        let network_before = now - Duration::days(crate::domain::network::KEPT_DAYS);
        (report.network_conversations_deleted, report.network_reports_deleted) =
            crate::db::network::conversations::forget_before(&mut conn, network_before).await?;
        plan(&mut conn, policy, now).await?
    };
    for (id, _, _) in &plan.applications {
        let mut tx = db.begin().await?;
        if applications::erase(&mut tx, *id).await? {
            applications::count_erased(&mut tx, "candidature_effacee", 1).await?;
            report.applications_erased += 1;
        }
        tx.commit().await?;
    }
    for (id, email) in &plan.warnings {
        let mut tx = db.begin().await?;
        // Only the instance whose update wins sends the warning.
        if users::claim_inactivity_warning(&mut tx, *id, now).await? {
            let login = format!("{base_url}/connexion");
            let warning = InactivityWarning { link: &login };
            queue(&mut tx, db.documents()?, email, Concerns::user(*id), &warning).await?;
            report.accounts_warned += 1;
        }
        tx.commit().await?;
    }
    for (id, email) in &plan.deletions {
        let mut tx = db.begin().await?;
        let still_inactive = users::candidate_last_active(&mut tx, *id).await?;
        let Some(last_active_at) = still_inactive else { continue };
        if now < policy.account_deadlines(parse_instant(&last_active_at)?).1 {
            continue;
        }
        let email = crate::domain::account::Email::parse("email", email).map_err(|e| crate::db::corrupt(e.field))?;
        for application in applications::ids_for_candidate(&mut tx, *id, &email).await? {
            applications::erase(&mut tx, application).await?;
        }
        crate::accounts::forget_account(&mut tx, db.documents()?, *id, &email).await?;
        users::delete(&mut tx, *id).await?;
        applications::count_erased(&mut tx, "compte_inactif_efface", 1).await?;
        tx.commit().await?;
        report.accounts_deleted += 1;
    }
    Ok(report)
}
