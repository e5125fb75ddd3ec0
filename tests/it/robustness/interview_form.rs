use super::*;

on_both_backends!(the_interview_form_refuses_or_accepts_every_boundary_value);

async fn the_interview_form_refuses_or_accepts_every_boundary_value(app: TestApp) {
    let (scene, offer) = scene_with_an_offer(app).await;
    let app = &scene.app;
    let form = apply_form(&offer.slug);
    let status = send(&app.browser(), &form, &form.fields, &form.files, None).await;
    assert_eq!(status, 200);
    let application = max_id(app, "applications").await;
    app.exec(sqlx::query("UPDATE applications SET status = 'preselectionnee'"))
        .await;
    let rh = app.signed_in(&scene.recruiter).await;
    let schedule = Form::new(
        format!("/candidatures/{application}/entretiens"),
        &[
            ("date", "15/01/2099"),
            ("heure", "14:30"),
            ("duree", "60"),
            ("lieu", "Bâtiment B, salle 2"),
            ("visio", "https://visio.example/salle"),
            ("panel", &scene.recruiter.id.to_string()),
            ("ccoms", &scene.coordinator.id.to_string()),
        ],
    );
    every_field_at_its_boundaries(&rh, &schedule).await;
    for date in IMPOSSIBLE_DATES {
        refused(&rh, &schedule, "date", date).await;
    }
    let interview = max_id(app, "interviews").await;
    let mut reschedule = schedule;
    reschedule.path = format!("/entretiens/{interview}/modifier");
    every_field_at_its_boundaries(&rh, &reschedule).await;
}
