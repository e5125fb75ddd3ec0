//! The hired demo MSP's path: this year's cohort (dates set), next year's to fill, their
//! enrolment and first year (some milestones done, one late, others to come, a journal line);
//! and an invitation the admin sent that nobody accepted yet.

use sqlx::{Any, Transaction};
use time::{Date, Duration};

use super::accounts::{self, DemoAccount};
use crate::accounts::Grant;
use crate::db::tokens::{self, NewToken, Purpose};
use crate::db::{cohorts, enrolments};
use crate::domain::cohort;
use crate::domain::enrolment::MilestoneKind;
use crate::domain::fiche::Track;
use crate::domain::role::Role;

/// The MSP arrived about three months ago: the 3-month follow-up is a few days late.
const ARRIVED_DAYS_AGO: i64 = 100;

pub(super) async fn load(tx: &mut Transaction<'_, Any>, people: &[DemoAccount], today: Date) -> sqlx::Result<()> {
    let this_year = cohort_of(tx, today.year()).await?;
    cohort_of(tx, today.year() + 1).await?;
    let msp = accounts::of(people, Role::Msp);
    let record = enrolments::not_enrolled(tx)
        .await?
        .into_iter()
        .find(|r| r.full_name == msp.name);
    if let Some(record) = record {
        let cohort = cohorts::find_cohort(tx, this_year).await?.expect("just made");
        if let Some(enrolment) = enrolments::enrol(tx, record.id, &cohort, Some(true)).await? {
            first_year(tx, enrolment, people, today).await?;
        }
    }
    invitation(tx, accounts::of(people, Role::Admin)).await
}

/// The Bobigny cohort of `year`, made with the default dates unless there is one.
async fn cohort_of(tx: &mut Transaction<'_, Any>, year: i32) -> sqlx::Result<i64> {
    let existing = cohorts::list_cohorts(tx)
        .await?
        .into_iter()
        .find(|c| c.dates.track == Track::Bobigny && c.dates.year == year);
    match existing {
        Some(cohort) => Ok(cohort.id),
        None => cohorts::insert_cohort(tx, &cohort::defaults(Track::Bobigny, year)).await,
    }
}

async fn first_year(
    tx: &mut Transaction<'_, Any>, enrolment: i64, people: &[DemoAccount], today: Date,
) -> sqlx::Result<()> {
    let arrival = today - Duration::days(ARRIVED_DAYS_AGO);
    enrolments::set_arrival(tx, enrolment, arrival).await?;
    for kind in [
        MilestoneKind::Arrival,
        MilestoneKind::Pairing,
        MilestoneKind::Discovery,
        MilestoneKind::FollowUp1,
    ] {
        enrolments::mark_milestone_done(tx, enrolment, kind, kind.due(arrival)).await?;
    }
    let recruiter = accounts::of(people, Role::Recruiter);
    let body = "Premier mois réussi : le binôme fonctionne bien, les temps d'échange avec l'équipe sont réguliers.";
    enrolments::add_journal(tx, enrolment, (recruiter.id, recruiter.name), body).await
}

/// An invitation for the university's registrar, valid a week.
async fn invitation(tx: &mut Transaction<'_, Any>, admin: &DemoAccount) -> sqlx::Result<()> {
    let grant = Grant {
        role: Role::University,
        scopes: vec![("track".to_string(), Track::Bobigny.as_str().to_string())],
    };
    let payload = serde_json::to_string(&grant).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    tokens::create(
        tx,
        NewToken {
            purpose: Purpose::Invitation,
            user_id: None,
            email: "scolarite@demo.msp.example",
            payload,
            created_by: Some(admin.id),
        },
    )
    .await?;
    Ok(())
}
