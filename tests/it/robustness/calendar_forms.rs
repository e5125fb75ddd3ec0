use super::*;

on_both_backends!(the_calendar_and_enrolment_forms_refuse_or_accept_every_boundary_value);

async fn the_calendar_and_enrolment_forms_refuse_or_accept_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let ccoms = app.signed_in(&scene.coordinator).await;
    let rh = app.signed_in(&scene.recruiter).await;

    let cohort = a_cohort_created_then_edited(&ccoms).await;
    a_project_aims_at_a_cohort(&scene, &rh).await;
    a_hired_msp_enrolled_moved_arriving_followed(&scene, &rh, &ccoms, &cohort).await;
}

/// A cohort created, then edited: its path.
async fn a_cohort_created_then_edited(ccoms: &Browser) -> String {
    let create = Form::new("/promotions", &[("parcours", "bobigny"), ("annee", "2027")]);
    every_field_at_its_boundaries(ccoms, &create).await;
    refused(ccoms, &create, "annee", "9999").await;
    refused(ccoms, &create, "annee", "-2027").await;
    let response = ccoms
        .post("/promotions", &[("parcours", "bordeaux"), ("annee", "2027")])
        .await;
    let cohort = location(&response);
    let edit = Form::new(
        cohort.clone(),
        &[
            ("version", ""),
            ("recruitment_opens", "2026-09-01"),
            ("recruitment_closes", "2026-12-05"),
            ("registration_closes", "2027-01-08"),
            ("job_starts", "18/01/2027"),
            ("training_weeks", "2027-02-01\n2027-03-01\n2027-04-05"),
            ("capacity", "30"),
            ("rhythm", "Une semaine entière par mois, en présentiel"),
        ],
    )
    .versioned(cohort.clone());
    every_field_at_its_boundaries(ccoms, &edit).await;
    for date in IMPOSSIBLE_DATES {
        refused(ccoms, &edit, "registration_closes", date).await;
        refused(ccoms, &edit, "training_weeks", date).await;
    }
    cohort
}

async fn a_project_aims_at_a_cohort(scene: &Scene, rh: &Browser) {
    let project = rh.open_project(&scene.employer, "temps_plein", "bobigny").await;
    let target = Form::new(
        format!("{project}/retroplanning"),
        &[("parcours", "bobigny"), ("annee", "2027")],
    );
    every_field_at_its_boundaries(rh, &target).await;
    refused(rh, &target, "annee", "99999999999999999999").await;
}

async fn a_hired_msp_enrolled_moved_arriving_followed(scene: &Scene, rh: &Browser, ccoms: &Browser, cohort: &str) {
    let app = &scene.app;
    let record = hired_msp(app, rh, &scene.employer, &scene.recruiter).await;
    let cohort_id = cohort.rsplit('/').next().unwrap().to_string();
    let enrol = Form::new(
        "/inscriptions",
        &[("msp", &record.to_string()), ("promotion", &cohort_id), ("bac2", "oui")],
    );
    every_field_at_its_boundaries(ccoms, &enrol).await;
    let enrolment = format!("/inscriptions/{}", max_id(app, "enrolments").await);
    let arrival = Form::new(format!("{enrolment}/arrivee"), &[("arrivee", "01/02/2027")]);
    every_field_at_its_boundaries(rh, &arrival).await;
    for date in IMPOSSIBLE_DATES {
        refused(rh, &arrival, "arrivee", date).await;
    }
    let milestone = Form::new(format!("{enrolment}/etapes"), &[("etape", "suivi_3_mois")]);
    every_field_at_its_boundaries(rh, &milestone).await;
    let journal = Form::new(
        format!("{enrolment}/journal"),
        &[("texte", "Première semaine en binôme.")],
    );
    every_field_at_its_boundaries(rh, &journal).await;
    let moved = Form::new(format!("{enrolment}/etat"), &[("version", ""), ("etat", "inscrite")]).versioned(enrolment);
    every_field_at_its_boundaries(ccoms, &moved).await;
}
