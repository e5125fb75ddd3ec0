use super::*;

on_both_backends!(the_project_and_fiche_editor_forms_refuse_or_accept_every_boundary_value);

async fn the_project_and_fiche_editor_forms_refuse_or_accept_every_boundary_value(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let rh = app.signed_in(&scene.recruiter).await;
    let fields = common::project_form(&scene.employer, "mi_temps", "bordeaux");
    let new_project = Form::new("/projets/nouveau", &common::pairs(&fields));
    every_field_at_its_boundaries(&rh, &new_project).await;
    let project = format!("/projets/{}", max_id(app, "post_projects").await);
    let prepared = Form::new(
        format!("{project}/preparation"),
        &[("why_now", "Maintenant"), ("version", "")],
    )
    .versioned(format!("{project}/preparation"));
    every_field_at_its_boundaries(&rh, &prepared).await;
    let response = rh.post(&format!("{project}/fiche"), &[]).await;
    let editor = location(&response);
    assert!(editor.ends_with("/modifier"), "{editor}");

    let deadline = (msp::domain::calendar::paris_today() + time::Duration::days(30)).to_string();
    for (step, fields) in fiche_steps(&deadline) {
        let step_text = step.to_string();
        let mut all = vec![("etape", step_text.as_str()), ("version", ""), ("suite", "rester")];
        all.extend(fields);
        let form = Form::new(editor.clone(), &all).versioned(format!("{editor}?etape={step}"));
        every_field_at_its_boundaries(&rh, &form).await;
        if step == 4 {
            refused(&rh, &form, "techniques", &"Animer un groupe\n".repeat(1000)).await;
            refused(&rh, &form, "adaptation", &"x".repeat(1 << 20)).await;
        }
        if step == 6 {
            for date in IMPOSSIBLE_DATES {
                refused(&rh, &form, "deadline", date).await;
                refused(&rh, &form, "start_date", date).await;
            }
        }
    }
}

/// The fiche editor's six steps, each with valid values for every field.
fn fiche_steps(deadline: &str) -> [(u8, Vec<(&'static str, &str)>); 6] {
    [
        (
            1,
            vec![
                ("title", "Médiateur de santé-pair"),
                ("quotite", "temps_plein"),
                ("quotite_percent", "100"),
                ("quotite_adaptable", "oui"),
                ("grade", "Animateur"),
                ("pay_index", "376"),
                ("versant", ""),
                ("nature", ""),
                ("category", "B"),
                ("corps", ""),
                ("vacant_from", "01/03/2027"),
            ],
        ),
        (
            2,
            vec![
                ("pole", "Pôle de psychiatrie adulte"),
                ("service", "Réhabilitation psychosociale"),
                ("unit", "Centre de réhabilitation"),
                ("place", "Bobigny"),
                ("context", "Le centre accompagne des adultes."),
                ("public_served", "Adultes"),
            ],
        ),
        (
            3,
            vec![
                ("groupe_titre", "Auprès des personnes"),
                (
                    "groupe_missions",
                    "Soutenir le rétablissement\nAccompagner vers le logement",
                ),
                ("groupe_titre", ""),
                ("groupe_missions", ""),
            ],
        ),
        (
            4,
            vec![
                ("techniques", "Animer un groupe"),
                ("experientielles", "Savoir partager son expérience du rétablissement"),
                ("organisationnelles", "Travailler en équipe"),
                ("adaptation", "S'adapter aux situations"),
            ],
        ),
        (
            5,
            vec![
                ("diploma", "Bac+2"),
                ("training", "Licence à Bobigny, financée par l'établissement."),
                ("parcours", "bobigny"),
            ],
        ),
        (
            6,
            vec![
                ("how_to_apply", "Lettre de motivation et CV."),
                ("apply_email", "recrutement@ch-robuste.test"),
                ("contact_nom", "Camille Exemple"),
                ("contact_fonction", "Cadre de santé"),
                ("contact_telephone", "01 00 00 00 00"),
                ("contact_email", ""),
                ("deadline", deadline),
                ("start_date", "2027-02-01"),
                ("start_note", "dès que possible"),
            ],
        ),
    ]
}
