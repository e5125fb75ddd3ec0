//! The CCOMS dashboard's figures: projects by state and département, dated deadlines, and the
//! recruitment funnel. Counts and dates only: no candidate's personal data.

use std::collections::BTreeMap;

use sqlx::AnyConnection;
use time::Date;

use super::{parse_date, parse_instant};
use crate::domain::enrolment::MilestoneKind;

pub struct Dashboard {
    /// (département, project state, count).
    pub by_state: Vec<(String, String, i64)>,
    /// (date, what, link): fiche deadlines, registration closings, integration milestones,
    /// enrolments still not registered after registration closed.
    pub deadlines: Vec<(Date, String, String)>,
    /// (offer title, applications, hires, days from publication to the first hire).
    pub funnel: Vec<(String, i64, i64, Option<i64>)>,
    /// (application state, average whole days spent in it).
    pub time_in_state: Vec<(String, i64)>,
}

pub async fn dashboard(conn: &mut AnyConnection, today: Date, horizon: Date) -> sqlx::Result<Dashboard> {
    Ok(Dashboard {
        by_state: projects_by_state(conn, today).await?,
        deadlines: deadlines(conn, today, horizon).await?,
        funnel: funnel(conn).await?,
        time_in_state: time_in_state(conn).await?,
    })
}

/// (date, what, link) of a dashboard line.
type Deadline = (Date, String, String);

/// Every project counted at the stage its events give (and the CCOMS's corrections), by
/// département: never a stage typed by hand.
async fn projects_by_state(conn: &mut AnyConnection, today: Date) -> sqlx::Result<Vec<(String, String, i64)>> {
    let departements: BTreeMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("SELECT id, departement_code FROM establishments")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    let projects = super::projects::list(conn, &crate::domain::policy::EstablishmentScope::All, today).await?;
    let mut counts: BTreeMap<(String, &'static str), i64> = BTreeMap::new();
    for project in projects {
        let departement = departements.get(&project.establishment_id).cloned().unwrap_or_default();
        *counts.entry((departement, project.state.as_str())).or_default() += 1;
    }
    Ok(counts
        .into_iter()
        .map(|((departement, state), n)| (departement, state.to_string(), n))
        .collect())
}

/// What falls due from two months ago to `horizon`, by date.
pub async fn deadlines(conn: &mut AnyConnection, today: Date, horizon: Date) -> sqlx::Result<Vec<Deadline>> {
    let (from, to) = (
        super::date_text(today - time::Duration::days(60)),
        super::date_text(horizon),
    );
    let mut deadlines = Vec::new();
    let fiches: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, title, deadline FROM fiches WHERE status = 'publiee' AND deadline IS NOT NULL \
         AND deadline >= $1 AND deadline <= $2",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(&mut *conn)
    .await?;
    for (id, title, deadline) in fiches {
        deadlines.push((
            parse_date(&deadline)?,
            format!("Clôture des candidatures : {title}"),
            format!("/fiches/{id}"),
        ));
    }
    let cohorts: Vec<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT id, track, year, registration_closes FROM cohorts WHERE registration_closes >= $1 \
         AND registration_closes <= $2",
    )
    .bind(super::date_text(today))
    .bind(&to)
    .fetch_all(&mut *conn)
    .await?;
    for (id, track, year, closes) in cohorts {
        deadlines.push((
            parse_date(&closes)?,
            format!("Clôture des inscriptions, promotion {track} {year}"),
            format!("/promotions/{id}"),
        ));
    }
    deadlines.extend(enrolment_deadlines(conn, today, &from, &to).await?);
    deadlines.sort_by_key(|d| d.0);
    Ok(deadlines)
}

/// The first year's milestones not done, and the enrolments still not registered at the
/// university once registration closed.
async fn enrolment_deadlines(
    conn: &mut AnyConnection, today: Date, from: &str, to: &str,
) -> sqlx::Result<Vec<Deadline>> {
    let mut deadlines = Vec::new();
    let milestones: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT m.enrolment_id, m.kind, m.due_on FROM integration_milestones m JOIN enrolments n \
         ON n.id = m.enrolment_id WHERE n.state <> 'abandon' AND m.done_on IS NULL AND m.due_on >= $1 AND m.due_on <= $2",
    )
    // Not done after its day: late, for two months; then the one-year review says the rest.
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    for (enrolment, kind, due) in milestones {
        let label = MilestoneKind::parse(&kind).map_or(kind.clone(), |k| k.label().to_string());
        deadlines.push((parse_date(&due)?, label, format!("/inscriptions/{enrolment}")));
    }
    let unregistered: Vec<(i64, String)> = sqlx::query_as(
        "SELECT n.id, c.registration_closes FROM enrolments n JOIN cohorts c ON c.id = n.cohort_id \
         WHERE n.state IN ('a_inscrire', 'dossier_vap') AND c.registration_closes < $1",
    )
    .bind(super::date_text(today))
    .fetch_all(&mut *conn)
    .await?;
    for (id, closes) in unregistered {
        deadlines.push((
            parse_date(&closes)?,
            "Inscription à l'université non faite avant la clôture".to_string(),
            format!("/inscriptions/{id}"),
        ));
    }
    Ok(deadlines)
}

/// The 50 latest offers: applications, hires, and days from publication to the first hire.
async fn funnel(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, i64, i64, Option<i64>)>> {
    let offers: Vec<(i64, String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT f.id, f.title, f.published_at, \
         (SELECT COUNT(*) FROM applications a WHERE a.fiche_id = f.id), \
         (SELECT COUNT(*) FROM msp_records r WHERE r.fiche_id = f.id) \
         FROM fiches f WHERE f.published_at IS NOT NULL AND f.status IN ('publiee', 'close') ORDER BY f.published_at DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut funnel = Vec::new();
    for (id, title, published_at, applications, hires) in offers.into_iter().take(50) {
        let first_hire: Option<String> =
            sqlx::query_scalar("SELECT MIN(hired_at) FROM msp_records WHERE fiche_id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
        let days = match (published_at, first_hire) {
            (Some(p), Some(h)) => Some((parse_instant(&h)? - parse_instant(&p)?).whole_days()),
            _ => None,
        };
        funnel.push((title, applications, hires, days));
    }
    Ok(funnel)
}

/// (application state, average whole days spent in it), from the applications' histories.
async fn time_in_state(conn: &mut AnyConnection) -> sqlx::Result<Vec<(String, i64)>> {
    let events: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT application_id, at, to_status FROM application_events WHERE to_status IS NOT NULL \
         ORDER BY application_id, at, id",
    )
    .fetch_all(conn)
    .await?;
    let mut spent: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for pair in events.windows(2) {
        let ((a, at, Some(status)), (b, next_at, _)) = (&pair[0], &pair[1]) else {
            continue;
        };
        if a != b {
            continue;
        }
        let days = (parse_instant(next_at)? - parse_instant(at)?).whole_days();
        let entry = spent.entry(status.clone()).or_default();
        entry.0 += days;
        entry.1 += 1;
    }
    Ok(spent.into_iter().map(|(s, (total, n))| (s, total / n.max(1))).collect())
}
