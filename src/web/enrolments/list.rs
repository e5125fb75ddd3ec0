//! The list and new enrolments.

use super::*;

#[derive(askama::Template)]
#[template(path = "calendar/enrolments.html")]
pub(super) struct ListPage {
    layout: Layout,
    enrolments: Vec<Enrolment>,
    to_enrol: Vec<HiredMsp>,
    cohorts: Vec<cohorts::Cohort>,
    may_enrol: bool,
}

pub(super) async fn list_enrolments(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
) -> Result<Html<String>, Error> {
    let mut tx = state.db.begin().await?;
    let enrolments = enrolment_db::list_enrolments(&mut tx, &candidate_data_scope(user), user.id, &user.email).await?;
    let may_enrol = permits(user.role, Action::EnrolMsps);
    let (to_enrol, cohorts) = if may_enrol {
        (
            enrolment_db::not_enrolled(&mut tx).await?,
            cohorts::list_cohorts(&mut tx).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    visitor
        .audit(
            &mut tx,
            "inscriptions_consultees",
            "inscription",
            String::new(),
            crate::domain::french::count_f(enrolments.len(), "inscription", "inscriptions"),
        )
        .await?;
    tx.commit().await?;
    render(&ListPage {
        layout: Layout::of(&visitor),
        enrolments,
        to_enrol,
        cohorts,
        may_enrol,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct EnrolForm {
    msp: String,
    promotion: String,
    bac2: String,
}

pub(super) async fn create_enrolment(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<EnrolForm>,
) -> Result<Response, Error> {
    let bad = |m: &str| Error::bad_request("promotion", m);
    let record: i64 = form
        .msp
        .parse()
        .map_err(|_| bad("Choisissez la personne à inscrire."))?;
    let cohort_id: i64 = form.promotion.parse().map_err(|_| bad("Choisissez une promotion."))?;
    let mut tx = state.db.begin().await?;
    cohorts::lock_cohort(&mut tx, cohort_id).await?;
    let cohort = cohorts::find_cohort(&mut tx, cohort_id)
        .await?
        .ok_or_else(|| bad("Cette promotion n'existe pas."))?;
    let exists = crate::db::enrolments::msp_record_exists(&mut tx, record).await?;
    if !exists {
        return Err(bad("Cette personne n'est pas dans la liste des MSP recrutés."));
    }
    if i64::from(cohort.dates.capacity) <= cohort.enrolled {
        return Err(bad("Cette promotion est complète : choisissez-en une autre."));
    }
    let Some(id) = enrolment_db::enrol(&mut tx, record, &cohort, Some(form.bac2 == "oui")).await? else {
        return Err(bad("Cette personne est déjà inscrite dans une promotion."));
    };
    visitor
        .audit(&mut tx, "msp_inscrit", "inscription", id, cohort.dates.name())
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/inscriptions/{id}")).into_response())
}
