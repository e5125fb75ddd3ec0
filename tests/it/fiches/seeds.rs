use super::*;

on_both_backends!(the_real_fiches_of_the_seeds_can_be_written_in_the_editor_without_losing_a_section);

/// The editor's fields for every step of a fiche, as a person would type them.
fn steps_of(content: &msp::domain::fiche::FicheContent) -> Vec<(u8, Vec<(String, String)>)> {
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    let date = |d: Option<time::Date>| d.map(msp::db::date_text).unwrap_or_default();
    let mut step1 = vec![
        pair("title", &content.title),
        pair("quotite", content.working_time.quotite.as_str()),
        pair("quotite_percent", &content.working_time.percent_field()),
        pair("quotite_note", &content.working_time.note),
        pair("contract", content.contract.map_or("", |c| c.as_str())),
        pair(
            "contract_months",
            &content.contract_months.map(|m| m.to_string()).unwrap_or_default(),
        ),
        pair("posts", &content.posts.map(|p| p.to_string()).unwrap_or_default()),
        pair("reference", &content.reference),
        pair("grade", &content.grade),
        pair(
            "pay_index",
            &content.pay_index.map(|i| i.to_string()).unwrap_or_default(),
        ),
        pair("pay_euros", &content.pay_euros.map(|r| r.field()).unwrap_or_default()),
        pair("versant", &content.public_post.versant),
        pair("nature", &content.public_post.nature),
        pair("category", &content.public_post.category),
        pair("corps", &content.public_post.corps),
        pair("vacant_from", &date(content.public_post.vacant_from)),
    ];
    if content.working_time.adaptable {
        step1.push(pair("quotite_adaptable", "oui"));
    }
    let step2 = vec![
        pair("pole", &content.pole),
        pair("service", &content.service),
        pair("unit", &content.unit),
        pair("place", &content.place),
        pair("sites", &content.sites.join("\n")),
        pair("context", &content.context),
        pair("public_served", &content.public_served),
    ];
    let mut step3 = Vec::new();
    for group in &content.missions {
        step3.push(pair("groupe_titre", &group.title));
        step3.push(pair("groupe_missions", &group.items.join("\n")));
    }
    let c = &content.competences;
    let step4 = vec![
        pair("techniques", &c.techniques.join("\n")),
        pair("experientielles", &c.experientielles.join("\n")),
        pair("organisationnelles", &c.organisationnelles.join("\n")),
        pair("adaptation", &c.adaptation.join("\n")),
    ];
    let step5 = vec![
        pair("diploma", &content.diploma),
        pair("parcours", content.track.map_or("autre", |t| t.as_str())),
        pair("training", &content.training),
    ];
    let mut step6 = vec![
        pair("how_to_apply", &content.how_to_apply),
        pair("apply_email", &content.apply_email),
        pair("apply_url", &content.apply_url),
        pair("deadline", &date(content.deadline)),
        pair("start_date", &date(content.start_date)),
        pair("start_note", &content.start_note),
    ];
    if content.apply_on_platform {
        step6.push(pair("apply_platform", "oui"));
    }
    for contact in &content.contacts {
        step6.push(pair("contact_nom", &contact.name));
        step6.push(pair("contact_fonction", &contact.role));
        step6.push(pair("contact_telephone", &contact.phone));
        step6.push(pair("contact_email", &contact.email));
    }
    vec![(1, step1), (2, step2), (3, step3), (4, step4), (5, step5), (6, step6)]
}

async fn the_real_fiches_of_the_seeds_can_be_written_in_the_editor_without_losing_a_section(app: TestApp) {
    app.load_demo().await;
    for query in ["GREMO-PASS", "SMART 73"] {
        let (_, found) = app.json(&format!("/api/v1/offres?q={}", query.replace(' ', "+"))).await;
        let slug = found["offres"][0]["slug"]
            .as_str()
            .unwrap_or_else(|| panic!("{query}: {found}"))
            .to_string();
        let real = msp::db::fiches::find_public_by_slug(&app.db, &slug)
            .await
            .unwrap()
            .unwrap();

        let email = format!("rh-{}@exemple.fr", real.employer.id);
        let recruiter = app.recruiter(&email, &real.employer).await;
        let browser = app.signed_in(&recruiter).await;
        let fiche = start_fiche(&browser, &real.employer).await;
        for (step, fields) in steps_of(&real.content) {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let response = save(&browser, &fiche, step, &fields).await;
            assert_eq!(
                response.status(),
                303,
                "{query}, step {step}: {}",
                response.text().await.unwrap()
            );
        }
        let id: i64 = fiche.rsplit('/').next().unwrap().parse().unwrap();
        let mut conn = app.db.pool.acquire().await.unwrap();
        let written = msp::db::fiches::find_for_work(&mut conn, id, &msp::domain::policy::EstablishmentScope::All)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            written.offer.content, real.content,
            "{query}: every section survives the editor"
        );
        let (status, preview) = browser.page(&format!("{fiche}/apercu")).await;
        assert_eq!(status, 200);
        for group in &real.content.missions {
            assert!(
                preview.contains(&group.title.replace('\'', "&#39;")),
                "{query}: {}",
                group.title
            );
        }
    }
}
