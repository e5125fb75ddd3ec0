//! What a person's home (`/espace`) reads, per role: the aggregates' own finders, each given
//! the reader's scope, so that a home never counts what its reader may not see. No SQL of its
//! own, and no candidate's data: counts, offer titles, dates.

use sqlx::AnyConnection;
use time::{Date, Duration, OffsetDateTime};

use super::{applications, cohorts, enrolments, fiches, funding, interviews, projects, tokens};
use crate::accounts::Grant;
use crate::domain::account::User;
use crate::domain::calendar::in_paris;
use crate::domain::enrolment::EnrolmentState;
use crate::domain::fiche::Track;
use crate::domain::funding::{RequestState, euros};
use crate::domain::policy::{EstablishmentScope, candidate_data_scope, establishment_scope, funding_scope};
use crate::domain::role::ScopeKind;
use crate::domain::workspace::{ArsDesk, CohortFill, CoordinatorDesk, Pending, RecruiterDesk};

/// How far ahead a home shows the first year's milestones to come.
const MILESTONES_AHEAD_DAYS: i64 = 30;

/// A recruiter's establishments: their projects, fiches, applications waiting in state
/// "Reçue", interviews of the two weeks from `now`, funding requests to complete; the
/// evaluations they owe, and their MSPs' milestones late or due within a month.
pub async fn recruiter_desk(conn: &mut AnyConnection, user: &User, now: OffsetDateTime) -> sqlx::Result<RecruiterDesk> {
    let scope = establishment_scope(user);
    let requests = funding::list_requests(conn, &funding_scope(user), None).await?;
    Ok(RecruiterDesk {
        projects: projects::list(conn, &scope, now.date()).await?,
        fiches: fiches::list_for_work(conn, &scope, None)
            .await?
            .into_iter()
            .map(|f| f.offer)
            .collect(),
        received: applications::received_per_fiche(conn, &scope).await?,
        interviews: interviews::coming(conn, &scope, now, now + Duration::weeks(2)).await?,
        to_complete: requests
            .into_iter()
            .filter(|r| r.state == RequestState::ACompleter)
            .map(|r| pending_request(&r, r.updated_at))
            .collect(),
        owed: interviews::evaluations_owed(conn, user.id, now).await?,
        milestones: milestones_of(conn, user, in_paris(now).date()).await?,
    })
}

/// The first-year milestones not done of the enrolments the user may see, late or due within
/// [`MILESTONES_AHEAD_DAYS`], by date; each named by its enrolment's number, not the person.
async fn milestones_of(conn: &mut AnyConnection, user: &User, today: Date) -> sqlx::Result<Vec<Pending>> {
    let scope = candidate_data_scope(user);
    let mut due = Vec::new();
    for enrolment in enrolments::list_enrolments(conn, &scope, user.id, &user.email).await? {
        if enrolment.state == EnrolmentState::Abandon {
            continue;
        }
        for m in enrolments::milestones(conn, enrolment.id).await? {
            if m.done_on.is_none() && m.due_on <= today + Duration::days(MILESTONES_AHEAD_DAYS) {
                due.push(Pending {
                    url: format!("/inscriptions/{}", enrolment.id),
                    text: format!("{} (inscription n° {})", m.kind.label(), enrolment.id),
                    on: m.due_on,
                });
            }
        }
    }
    due.sort_by_key(|p| p.on);
    Ok(due)
}

/// Every establishment's fiches waiting for review, oldest first (one query), the interviews
/// of the two weeks from `now` the coordinator attends, and every project; `late` is what the
/// dashboard finds overdue (`web::calendar::late_deadlines`).
pub async fn coordinator_desk(
    conn: &mut AnyConnection, user: &User, now: OffsetDateTime, late: Vec<(Date, String, String)>,
) -> sqlx::Result<CoordinatorDesk> {
    let all = EstablishmentScope::All;
    Ok(CoordinatorDesk {
        review: fiches::submitted_since(conn, &all).await?,
        attend: interviews::to_attend(conn, user.id, now, now + Duration::weeks(2)).await?,
        projects: projects::list(conn, &all, now.date()).await?,
        late,
    })
}

/// An ARS officer's region: the requests filed or in instruction, since they were filed; those
/// sent back to complete, since then; the years of subsidies due and not paid; the subsidies
/// not yet followed up that end before a year from `today`.
pub async fn ars_desk(conn: &mut AnyConnection, user: &User, today: Date) -> sqlx::Result<ArsDesk> {
    let scope = funding_scope(user);
    let requests = funding::list_requests(conn, &scope, None).await?;
    let to_instruct = requests
        .iter()
        .filter(|r| matches!(r.state, RequestState::Deposee | RequestState::EnInstruction))
        .map(|r| pending_request(r, r.committed_at.unwrap_or(r.updated_at)))
        .collect();
    let awaited = requests
        .iter()
        .filter(|r| r.state == RequestState::ACompleter)
        .map(|r| pending_request(r, r.updated_at))
        .collect();
    let payments = funding::payments_due(conn, &scope, today)
        .await?
        .into_iter()
        .map(|p| Pending {
            url: format!("/subventions/{}", p.subsidy_id),
            text: format!(
                "{} ({}), année {} : {} à verser",
                p.project_unit,
                p.establishment_name,
                p.year,
                euros(p.left_cents)
            ),
            on: p.due_on,
        })
        .collect();
    let ending = funding::list_subsidies(conn, &scope)
        .await?
        .into_iter()
        .filter(|s| s.post_kept.is_none() && s.ends_on <= today + Duration::days(365))
        .map(|s| Pending {
            url: format!("/subventions/{}", s.id),
            text: format!("{} ({})", s.project_unit, s.establishment_name),
            on: s.ends_on,
        })
        .collect();
    Ok(ArsDesk {
        to_instruct,
        awaited,
        ending,
        payments,
    })
}

/// A university's enrolments still to process (to register, or a VAP file under way), in its
/// track: (cohort, state), without the people's names.
pub async fn university_desk(conn: &mut AnyConnection, user: &User) -> sqlx::Result<Vec<(String, EnrolmentState)>> {
    let all = enrolments::list_enrolments(conn, &candidate_data_scope(user), user.id, &user.email).await?;
    Ok(all
        .into_iter()
        .filter(|e| matches!(e.state, EnrolmentState::AInscrire | EnrolmentState::DossierVap))
        .map(|e| (e.cohort_name, e.state))
        .collect())
}

/// The next cohort of the university's track (the first whose training has not started by
/// `today`), with its places taken.
pub async fn next_cohort(conn: &mut AnyConnection, user: &User, today: Date) -> sqlx::Result<Option<CohortFill>> {
    let tracks: Vec<Track> = user.scope_values(ScopeKind::Track).filter_map(Track::parse).collect();
    let mut coming: Vec<_> = cohorts::list_cohorts(conn)
        .await?
        .into_iter()
        .filter(|c| tracks.contains(&c.dates.track))
        .filter(|c| c.dates.training_weeks.first().is_none_or(|first| *first > today))
        .collect();
    coming.sort_by_key(|c| (c.dates.year, c.id));
    Ok(coming.into_iter().next().map(|c| CohortFill {
        name: format!("{}, {}", c.dates.year, c.dates.track.label()),
        enrolled: c.enrolled,
        capacity: c.dates.capacity,
        starts: c.dates.training_weeks.first().copied(),
    }))
}

/// The invitations sent and not yet accepted: to whom and which role, until when.
pub async fn pending_invitations(conn: &mut AnyConnection, now: OffsetDateTime) -> sqlx::Result<Vec<Pending>> {
    Ok(tokens::pending_invitations(conn, now)
        .await?
        .into_iter()
        .map(|(email, payload, expires)| {
            let role = serde_json::from_str::<Grant>(&payload).map_or("rôle inconnu", |g| g.role.label());
            Pending {
                url: "/admin/invitations".to_string(),
                text: format!("{email} ({role})"),
                on: in_paris(expires).date(),
            }
        })
        .collect())
}

/// An MSP's own enrolment, if any, and its first-year milestones not yet done, by date.
pub async fn msp_desk(conn: &mut AnyConnection, user: &User) -> sqlx::Result<Option<(i64, Vec<Pending>)>> {
    let own = enrolments::list_enrolments(conn, &candidate_data_scope(user), user.id, &user.email).await?;
    let Some(enrolment) = own.first() else { return Ok(None) };
    let url = format!("/inscriptions/{}", enrolment.id);
    let coming = enrolments::milestones(conn, enrolment.id)
        .await?
        .into_iter()
        .filter(|m| m.done_on.is_none())
        .map(|m| Pending {
            url: url.clone(),
            text: m.kind.label().to_string(),
            on: m.due_on,
        })
        .collect();
    Ok(Some((enrolment.id, coming)))
}

fn pending_request(request: &funding::Request, since: OffsetDateTime) -> Pending {
    Pending {
        url: format!("/demandes/{}", request.id),
        text: format!(
            "{} ({}), {}",
            request.project_unit, request.establishment_name, request.call_title
        ),
        on: in_paris(since).date(),
    }
}
