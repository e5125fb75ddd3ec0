use super::*;

on_both_backends!(the_funding_forms_refuse_or_accept_every_boundary_value);

async fn the_funding_forms_refuse_or_accept_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let ars = app.signed_in(&scene.ars).await;
    let rh = app.signed_in(&scene.recruiter).await;
    let mut call = common::call_form("Création de postes de MSP", "2");
    call.insert(1, ("description", "Huit postes pour la région.".into()));
    let call = Form::new("/appels/nouveau", &common::pairs(&call));
    every_field_at_its_boundaries(&ars, &call).await;
    for date in IMPOSSIBLE_DATES {
        refused(&ars, &call, "opens_on", date).await;
        refused(&ars, &call, "closes_on", date).await;
    }

    // The establishment's request on the first call.
    let call_path = format!("/appels/{}", max_id(app, "funding_calls").await);
    let project = rh.open_project(&scene.employer, "temps_plein", "bobigny").await;
    let project = project.trim_start_matches("/projets/");
    let request = Form::new(
        format!("{call_path}/demandes"),
        &[("projet", project), ("summary", "Un poste à temps plein.")],
    );
    every_field_at_its_boundaries(&rh, &request).await;
}
