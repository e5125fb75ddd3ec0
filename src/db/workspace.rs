//! What a person's home (`/espace`) reads, per role: the aggregates' own finders, each given
//! the reader's scope, so that a home never counts what its reader may not see. No SQL of its
//! own, and no candidate's data: counts, offer titles, dates.

use sqlx::AnyConnection;
use time::{Date, Duration, OffsetDateTime};

use super::{applications, enrolments, fiches, funding, interviews, projects};
use crate::domain::account::User;
use crate::domain::calendar::in_paris;
use crate::domain::enrolment::EnrolmentState;
use crate::domain::funding::RequestState;
use crate::domain::policy::{EstablishmentScope, candidate_data_scope, establishment_scope, funding_scope};
use crate::domain::workspace::{CoordinatorDesk, Pending, RecruiterDesk};

/// A recruiter's establishments: their projects, fiches, applications waiting in state
/// "Reçue", interviews of the two weeks from `now`, funding requests to complete.
pub async fn recruiter_desk(conn: &mut AnyConnection, user: &User, now: OffsetDateTime) -> sqlx::Result<RecruiterDesk> {
    let scope = establishment_scope(user);
    let requests = funding::list_requests(conn, &funding_scope(user), None).await?;
    Ok(RecruiterDesk {
        projects: projects::list(conn, &scope).await?,
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
    })
}

/// Every establishment's fiches waiting for review, oldest first, and every project; `late`
/// is what the dashboard finds overdue (`web::calendar::late_deadlines`).
pub async fn coordinator_desk(
    conn: &mut AnyConnection, late: Vec<(Date, String, String)>,
) -> sqlx::Result<CoordinatorDesk> {
    let all = EstablishmentScope::All;
    Ok(CoordinatorDesk {
        review: fiches::submitted_since(conn, &all).await?,
        submitted: fiches::list_for_work(conn, &all, Some(crate::domain::fiche::FicheStatus::Soumise))
            .await?
            .into_iter()
            .map(|f| f.offer)
            .collect(),
        projects: projects::list(conn, &all).await?,
        late,
    })
}

/// An ARS officer's region: the requests filed or in instruction, since they were filed, and
/// the subsidies not yet followed up that end before a year from `today`.
pub async fn ars_desk(
    conn: &mut AnyConnection, user: &User, today: Date,
) -> sqlx::Result<(Vec<Pending>, Vec<Pending>)> {
    let scope = funding_scope(user);
    let to_instruct = funding::list_requests(conn, &scope, None)
        .await?
        .into_iter()
        .filter(|r| matches!(r.state, RequestState::Deposee | RequestState::EnInstruction))
        .map(|r| pending_request(&r, r.committed_at.unwrap_or(r.updated_at)))
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
    Ok((to_instruct, ending))
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
