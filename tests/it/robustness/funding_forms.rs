use super::*;

on_both_backends!(the_funding_forms_refuse_or_accept_every_boundary_value);

async fn the_funding_forms_refuse_or_accept_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let ars = app.signed_in(&scene.ars).await;
    let rh = app.signed_in(&scene.recruiter).await;
    let today = msp::domain::calendar::paris_today();
    let (opens, closes) = (today.to_string(), (today + time::Duration::days(30)).to_string());
    let year = today.year().to_string();
    let call = Form::new(
        "/appels/nouveau",
        &[
            ("title", "Création de postes de MSP"),
            ("description", "Huit postes pour la région."),
            ("posts", "2"),
            ("amount", "45 000"),
            ("years", "2"),
            ("first_year", &year),
            ("opens_on", &opens),
            ("closes_on", &closes),
            ("documents", "Fiche de poste\nBudget prévisionnel"),
        ],
    );
    every_field_at_its_boundaries(&ars, &call).await;
    for date in IMPOSSIBLE_DATES {
        refused(&ars, &call, "opens_on", date).await;
        refused(&ars, &call, "closes_on", date).await;
    }

    // The establishment's request on the first call.
    let call_path = format!("/appels/{}", max_id(app, "funding_calls").await);
    let response = rh
        .post(
            "/projets/nouveau",
            &[
                ("etablissement", &scene.employer.id.to_string()),
                ("unit", "Centre de réhabilitation"),
                ("public_served", "Adultes"),
                ("quotite", "temps_plein"),
                ("parcours", "bobigny"),
            ],
        )
        .await;
    let project = location(&response).trim_start_matches("/projets/").to_string();
    let request = Form::new(
        format!("{call_path}/demandes"),
        &[("projet", &project), ("summary", "Un poste à temps plein.")],
    );
    every_field_at_its_boundaries(&rh, &request).await;
}
