//! The enrolment a hire makes (issue 22): a person hired on a fiche naming one of the two
//! licences is enrolled, in the same transaction as the hire, in the cohort of that licence
//! whose registration is still open and which has a place.

use super::*;
use crate::domain::cohort;

/// Enrols the person of the MSP record just made by a hire on `fiche_id`, in the caller's
/// transaction, with the Bac+2 unknown: the CCOMS or the university says it by the next step
/// they choose on the enrolment's page. A cohort DESIGN's defaults foresee but nobody stored
/// yet is stored then, for the CCOMS to edit. Returns the enrolment, or `None` when the fiche
/// names no licence, or no cohort of it has registration open and a place: the hire then waits
/// on /inscriptions for the CCOMS to enrol it by hand, as it says.
pub(crate) async fn enrol_on_hire(
    conn: &mut sqlx::AnyConnection, visitor: &Visitor, record_id: i64, fiche_id: i64, today: time::Date,
) -> Result<Option<i64>, Error> {
    let Some(track) = enrolment_db::fiche_track(conn, fiche_id).await? else {
        return Ok(None);
    };
    let stored = cohorts::list_for_track(conn, track).await?;
    let already_stored = |year: i32| stored.iter().any(|c| c.dates.year == year);
    let known = cohort::with_defaults(crate::web::calendar::with_enrolled(stored.clone()), today);
    let Some(dates) = cohort::cohort_at_hire(&known, track, today) else {
        return Ok(None);
    };
    let created = !already_stored(dates.year);
    let cohort_id = cohorts::insert_cohort(conn, &dates).await?;
    if created {
        visitor
            .audit(
                conn,
                "promotion_creee",
                "promotion",
                cohort_id,
                format!("{} (à l'embauche)", dates.name()),
            )
            .await?;
    }
    // Its last place may have gone to a hire made at the same moment: then the CCOMS decides.
    cohorts::lock_cohort(conn, cohort_id).await?;
    let Some(cohort) = cohorts::find_cohort(conn, cohort_id).await? else {
        return Ok(None);
    };
    if i64::from(cohort.dates.capacity) <= cohort.enrolled {
        return Ok(None);
    }
    let Some(enrolment) = enrolment_db::enrol(conn, record_id, &cohort, None).await? else {
        return Ok(None);
    };
    visitor
        .audit(
            conn,
            "msp_inscrit",
            "inscription",
            enrolment,
            format!("{} (à l'embauche)", cohort.dates.name()),
        )
        .await?;
    Ok(Some(enrolment))
}
