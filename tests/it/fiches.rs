//! From a team's project to a published offer: the recruiter writes the fiche, the CCOMS asks
//! for a correction, then publishes it; with the checks of the FAQ and concurrent reviewers.

use crate::common;

use common::{Browser, TestApp, TestUser, content, location, pdf, pdf_header, pdf_text};
use msp::domain::fiche::{Employer, FicheStatus};
use msp::domain::role::{Role, ScopeKind};

on_both_backends!(
    a_project_becomes_a_published_offer_after_a_review_round_trip,
    the_checks_of_the_faq_stop_a_submission_and_show_next_to_their_fields,
    a_failed_step_keeps_what_was_typed,
    two_coordinators_cannot_both_decide,
    another_establishment_cannot_read_or_change_a_project_or_a_draft,
    a_filled_post_closes_its_offer_and_expired_offers_close_by_themselves,
    the_real_fiches_of_the_seeds_can_be_written_in_the_editor_without_losing_a_section,
    a_drafts_pdf_says_brouillon_and_stays_within_its_establishment,
);

async fn contains(response: reqwest::Response, text: &str) -> String {
    let body = response.text().await.unwrap().replace("&#39;", "'");
    assert!(body.contains(text), "{text:?} not in {body}");
    body
}

struct Team {
    employer: Employer,
    recruiter: TestUser,
    coordinator: TestUser,
}

async fn team(app: &TestApp) -> Team {
    let employer = app.establishment("CH Les Tilleuls", "Lyon", "69").await;
    let recruiter = app
        .user(
            Role::Recruiter,
            "rh@tilleuls.fr",
            &[(ScopeKind::Establishment, &employer.id.to_string())],
        )
        .await;
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.fr", &[]).await;
    Team {
        employer,
        recruiter,
        coordinator,
    }
}

/// Opens a project for the team's establishment and returns its path.
async fn open_project(browser: &Browser, employer: &Employer) -> String {
    let id = employer.id.to_string();
    let response = browser
        .post(
            "/projets/nouveau",
            &[
                ("etablissement", &id),
                ("unit", "Centre de réhabilitation"),
                ("public_served", "Adultes présentant des troubles psychotiques"),
                ("quotite", "mi_temps"),
                ("parcours", "bordeaux"),
                ("why_now", "Le projet de service mise sur le rétablissement."),
                ("team_wants", "Oui, toute l'équipe."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    location(&response)
}

/// Moves a project one step.
async fn move_project(browser: &Browser, project: &str, to: &str) {
    let (_, page) = browser.page(project).await;
    let version = hidden(&page, "version");
    let response = browser
        .post(&format!("{project}/etape"), &[("etat", to), ("version", &version)])
        .await;
    assert_eq!(response.status(), 303, "{project} to {to}");
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in {body}"))
        + marker.len();
    body[start..].split('"').next().unwrap().to_string()
}

/// Opens a project, takes it to writing, starts the fiche; returns the fiche's path.
async fn start_fiche(app: &TestApp, team: &Team, recruiter: &Browser) -> String {
    let project = open_project(recruiter, &team.employer).await;
    // The fiche is written once the CCOMS accompanies the project.
    let response = recruiter.post(&format!("{project}/fiche"), &[]).await;
    assert_eq!(response.status(), 409);
    move_project(recruiter, &project, "accompagnement").await;
    let response = recruiter.post(&format!("{project}/fiche"), &[]).await;
    let editor = location(&response);
    assert!(editor.ends_with("/modifier"), "{editor}");
    let (_, page) = recruiter.page(&project).await;
    assert!(page.contains("Fiche de poste en rédaction"), "{page}");
    let _ = app;
    editor.trim_end_matches("/modifier").to_string()
}

/// Saves one editor step with these fields.
async fn save(browser: &Browser, fiche: &str, step: u8, fields: &[(&str, &str)]) -> reqwest::Response {
    let (_, page) = browser.page(&format!("{fiche}/modifier?etape={step}")).await;
    let version = hidden(&page, "version");
    let step = step.to_string();
    let mut all = vec![
        ("etape", step.as_str()),
        ("version", version.as_str()),
        ("suite", "suivante"),
    ];
    all.extend_from_slice(fields);
    browser.post(&format!("{fiche}/modifier"), &all).await
}

async fn complete(browser: &Browser, fiche: &str) {
    let response = save(
        browser,
        fiche,
        2,
        &[
            ("pole", "Pôle de psychiatrie adulte"),
            ("service", "Réhabilitation psychosociale"),
            ("unit", "Centre de réhabilitation"),
            ("place", "Lyon 8e"),
            (
                "context",
                "Le centre accompagne des adultes.\n\nIl travaille avec la cité.",
            ),
            ("public_served", "Adultes présentant des troubles psychotiques"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = save(
        browser,
        fiche,
        3,
        &[
            ("groupe_titre", "Auprès des personnes"),
            (
                "groupe_missions",
                "Soutenir le rétablissement\nAccompagner vers le logement",
            ),
            ("groupe_titre", "Auprès de l'équipe"),
            ("groupe_missions", "- Participer aux réunions cliniques"),
            ("groupe_titre", ""),
            ("groupe_missions", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = save(
        browser,
        fiche,
        6,
        &[
            ("how_to_apply", "Lettre de motivation et CV."),
            ("apply_email", "recrutement@tilleuls.fr"),
            ("contact_nom", "Camille Exemple"),
            ("contact_fonction", "Cadre de santé"),
            ("contact_telephone", "04 00 00 00 00"),
            ("contact_email", ""),
            ("deadline", &next_month()),
            ("start_date", ""),
            ("start_note", "dès que possible"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
}

/// The recruiter submits the fiche as their page shows it.
async fn submit(recruiter: &Browser, fiche: &str) -> reqwest::Response {
    let (_, page) = recruiter.page(fiche).await;
    recruiter
        .post(&format!("{fiche}/soumettre"), &[("version", &hidden(&page, "version"))])
        .await
}

/// The coordinator decides ("publier", "a_corriger") on the version their page shows.
async fn decide(coordinator: &Browser, fiche: &str, decision: &str) -> reqwest::Response {
    let (_, page) = coordinator.page(fiche).await;
    coordinator
        .post(
            &format!("{fiche}/decision"),
            &[("decision", decision), ("version", &hidden(&page, "version"))],
        )
        .await
}

fn next_month() -> String {
    let date = msp::domain::calendar::paris_today() + time::Duration::days(30);
    msp::db::date_text(date)
}

async fn a_project_becomes_a_published_offer_after_a_review_round_trip(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    let fiche = start_fiche(&app, &team, &recruiter).await;
    the_recruiter_writes_from_the_template(&recruiter, &fiche).await;
    the_draft_is_previewed_never_public(&app, &recruiter, &fiche).await;
    a_submitted_fiche_is_frozen(&recruiter, &fiche).await;
    the_ccoms_asks_for_a_correction_and_gets_it(&recruiter, &coordinator, &fiche).await;
    the_ccoms_publishes(&app, &recruiter, &coordinator, &fiche).await;
}

async fn the_recruiter_writes_from_the_template(recruiter: &Browser, fiche: &str) {
    // The template follows the structure of the real fiches, filled from the project.
    let (status, page) = recruiter.page(&format!("{fiche}/modifier?etape=1")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Médiateur ou médiatrice de santé-pair"));
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=4")).await;
    assert!(page.contains("Avoir eu recours aux soins en santé mentale"), "{page}");
    complete(recruiter, &fiche).await;
}

async fn the_draft_is_previewed_never_public(app: &TestApp, recruiter: &Browser, fiche: &str) {
    // The preview is the public page, before publication.
    let (status, preview) = recruiter.page(&format!("{fiche}/apercu")).await;
    assert_eq!(status, 200);
    for text in [
        "Auprès des personnes",
        "Accompagner vers le logement",
        "Participer aux réunions cliniques",
        "Mi-temps",
        "Lyon 8e",
    ] {
        assert!(preview.contains(text), "{text} in the preview");
    }
    assert!(
        preview.contains("brut mensuel (indice majoré 366)"),
        "the template's pay, in euros"
    );
    let (_, board) = app.page("/offres").await;
    assert!(!board.contains("Lyon 8e"), "a draft is never public");

    // Ready to copy to Place de l'emploi public, in that site's order.
    let (status, export) = recruiter.page(&format!("{fiche}/place-emploi-public")).await;
    assert_eq!(status, 200);
    let export = export.replace("&#39;", "'");
    assert!(
        export.contains("Fonction publique hospitalière") && export.contains("CH Les Tilleuls (employeur)"),
        "{export}"
    );
    assert!(
        export.contains("Date de vacance de l'emploi") && export.contains("À compléter"),
        "{export}"
    );
}

/// Submitted, the fiche is under review: the editor sends back to it and refuses any change.
async fn a_submitted_fiche_is_frozen(recruiter: &Browser, fiche: &str) {
    let response = submit(recruiter, &fiche).await;
    assert_eq!(response.status(), 303);
    let (_, page) = recruiter.page(fiche).await;
    assert!(
        page.contains("Soumise au CCOMS") && page.contains("Version 1"),
        "{page}"
    );
    let response = recruiter.get(&format!("{fiche}/modifier")).await;
    assert_eq!(
        location(&response),
        fiche,
        "under review, the editor sends back to the fiche"
    );
    let response = recruiter
        .post(
            &format!("{fiche}/modifier"),
            &[("etape", "1"), ("version", "99"), ("title", "Autre")],
        )
        .await;
    assert_eq!(response.status(), 409);
    contains(
        response,
        "Impossible de modifier une fiche dont l'état est « Soumise au CCOMS »",
    )
    .await;
}

async fn the_ccoms_asks_for_a_correction_and_gets_it(recruiter: &Browser, coordinator: &Browser, fiche: &str) {
    // The CCOMS finds it in its queue, comments a section and asks for a correction.
    let (_, queue) = coordinator.page("/projets").await;
    assert!(
        queue.contains("Fiches soumises au CCOMS") && queue.contains(&format!("href=\"{fiche}\"")),
        "{queue}"
    );
    let response = coordinator
        .post(
            &format!("{fiche}/commentaires"),
            &[
                ("section", "missions"),
                ("commentaire", "Précisez le travail avec les familles."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = decide(coordinator, &fiche, "a_corriger").await;
    assert_eq!(response.status(), 303);

    // The recruiter sees the comment, corrects, submits again.
    let (_, page) = recruiter.page(fiche).await;
    assert!(
        page.contains("À corriger") && page.contains("Précisez le travail avec les familles."),
        "{page}"
    );
    let response = save(
        recruiter,
        fiche,
        3,
        &[
            ("groupe_titre", "Auprès des personnes"),
            (
                "groupe_missions",
                "Soutenir le rétablissement\nAccompagner vers le logement\nSoutenir les familles",
            ),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    submit(recruiter, &fiche).await;

    // Both versions are kept and can be compared.
    let response = coordinator.get(&format!("{fiche}/versions?de=1&a=2")).await;
    let body = contains(response, "Soutenir les familles").await;
    assert!(
        body.contains("Missions") && !body.contains("Date limite"),
        "only what changed: {body}"
    );
}

async fn the_ccoms_publishes(app: &TestApp, recruiter: &Browser, coordinator: &Browser, fiche: &str) {
    // The CCOMS publishes: the offer is on the board, the project follows.
    let (_, page) = coordinator.page(fiche).await;
    assert!(
        page.contains("Place de l'emploi public"),
        "public employers are reminded"
    );
    let response = decide(coordinator, fiche, "publier").await;
    assert_eq!(response.status(), 303);
    let (_, board) = app.page("/offres").await;
    assert!(
        board.contains("Médiateur ou médiatrice de santé-pair") && board.contains("CH Les Tilleuls"),
        "{board}"
    );
    let (_, page) = recruiter.page("/projets").await;
    assert!(page.contains("Offre publiée"), "{page}");
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    for expected in [
        "projet_ouvert",
        "fiche_commencee",
        "fiche_soumise",
        "fiche_a_corriger",
        "fiche_publiee",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
}

async fn the_checks_of_the_faq_stop_a_submission_and_show_next_to_their_fields(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let fiche = start_fiche(&app, &team, &recruiter).await;
    let response = save(
        &recruiter,
        &fiche,
        5,
        &[
            ("diploma", "Master de psychologie"),
            ("parcours", "bobigny"),
            ("training", "Prise en charge par l'établissement."),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    let response = submit(&recruiter, &fiche).await;
    assert_eq!(response.status(), 422);
    let body = contains(response, "Indiquez une date limite de candidature.").await;
    assert!(body.contains("un diplôme au-delà de Bac+2"), "{body}");
    assert!(body.contains("Indiquez le lieu de travail."), "{body}");
    assert!(body.contains("Brouillon"), "nothing changed: {body}");
    assert!(
        body.contains(&format!(
            "href=\"{fiche}/modifier?etape=5&#38;verifier=1#champ-diploma\""
        )),
        "each check links to its field in the editor: {body}"
    );

    // Without a step, the checks open at the first step that has one (the place, step 2).
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?verifier=1")).await;
    assert!(
        page.contains("<title>Erreur – Le service") && page.contains("id=\"erreur-place\""),
        "{page}"
    );

    // Reopening a step with the checks shows each message next to its field.
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=5&verifier=1")).await;
    let page = page.replace("&#39;", "'");
    assert!(
        page.contains("id=\"erreur-diploma\"") && page.contains("au-delà de Bac+2"),
        "{page}"
    );
    assert!(!page.contains("erreur-deadline"), "only this step's fields");
}

async fn a_failed_step_keeps_what_was_typed(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let fiche = start_fiche(&app, &team, &recruiter).await;
    let response = save(
        &recruiter,
        &fiche,
        6,
        &[
            ("how_to_apply", "Écrire à la direction des soins."),
            ("apply_email", "pas-une-adresse"),
            ("deadline", "31/02/2027"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let body = contains(response, "Indiquez une date valide").await;
    assert!(
        body.contains("Écrire à la direction des soins.") && body.contains("value=\"31/02/2027\""),
        "{body}"
    );
    assert!(body.contains("<title>Erreur – "));
    // Nothing of that step was saved.
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=6")).await;
    assert!(!page.contains("Écrire à la direction des soins."));
}

async fn two_coordinators_cannot_both_decide(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let fiche = start_fiche(&app, &team, &recruiter).await;
    complete(&recruiter, &fiche).await;
    submit(&recruiter, &fiche).await;

    let other = app.user(Role::Coordinator, "autre@ccoms.fr", &[]).await;
    let first = app.signed_in(&team.coordinator).await;
    let second = app.signed_in(&other).await;
    // The second coordinator opened the fiche, then the first sent it back and the recruiter
    // submitted it again: the second's decision rests on a state that no longer exists.
    let (_, page) = second.page(&fiche).await;
    let stale = hidden(&page, "version");
    let response = first
        .post(
            &format!("{fiche}/decision"),
            &[("decision", "a_corriger"), ("version", &stale)],
        )
        .await;
    assert_eq!(response.status(), 303);
    submit(&recruiter, &fiche).await;
    let response = second
        .post(
            &format!("{fiche}/decision"),
            &[("decision", "publier"), ("version", &stale)],
        )
        .await;
    assert_eq!(response.status(), 409);
    contains(response, "modifiée entre-temps").await;
    let (_, board) = app.page("/offres").await;
    assert!(!board.contains("CH Les Tilleuls"), "nothing was published");

    // Acting at once on the same state: one decision wins, the other is refused.
    let (_, page) = first.page(&fiche).await;
    let version = hidden(&page, "version");
    let publish = first
        .post(
            &format!("{fiche}/decision"),
            &[("decision", "publier"), ("version", &version)],
        )
        .await;
    let reject = second
        .post(
            &format!("{fiche}/decision"),
            &[("decision", "a_corriger"), ("version", &version)],
        )
        .await;
    assert_eq!(publish.status(), 303);
    assert_eq!(reject.status(), 409);
    let (_, page) = first.page(&fiche).await;
    assert!(page.contains("Publiée"));
}

async fn another_establishment_cannot_read_or_change_a_project_or_a_draft(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let fiche = start_fiche(&app, &team, &recruiter).await;
    let elsewhere = app.establishment("CH Ailleurs", "Lille", "59").await;
    let stranger = app
        .user(
            Role::Recruiter,
            "rh@ailleurs.fr",
            &[(ScopeKind::Establishment, &elsewhere.id.to_string())],
        )
        .await;
    let stranger = app.signed_in(&stranger).await;
    assert_eq!(stranger.get(&fiche).await.status(), 404);
    assert_eq!(stranger.get(&format!("{fiche}/apercu")).await.status(), 404);
    let response = stranger
        .post(
            &format!("{fiche}/modifier"),
            &[("etape", "1"), ("version", "1"), ("title", "Piraté")],
        )
        .await;
    assert_eq!(response.status(), 404);
    let (_, list) = stranger.page("/projets").await;
    assert!(!list.contains("CH Les Tilleuls"), "{list}");
    // Nor can they open a project for an establishment that is not theirs.
    let id = team.employer.id.to_string();
    let response = stranger
        .post(
            "/projets/nouveau",
            &[
                ("etablissement", &id),
                ("unit", "U"),
                ("public_served", "P"),
                ("quotite", "mi_temps"),
                ("parcours", "bobigny"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let (_, page) = recruiter.page(&format!("{fiche}/modifier?etape=1")).await;
    assert!(!page.contains("Piraté"));
}

async fn a_filled_post_closes_its_offer_and_expired_offers_close_by_themselves(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let fiche = start_fiche(&app, &team, &recruiter).await;
    complete(&recruiter, &fiche).await;
    submit(&recruiter, &fiche).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    decide(&coordinator, &fiche, "publier").await;

    let (_, page) = recruiter.page(&fiche).await;
    let response = recruiter
        .post(
            &format!("{fiche}/fin"),
            &[("fin", "pourvu"), ("version", &hidden(&page, "version"))],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = recruiter.page(&fiche).await;
    assert!(page.contains("Close"));
    let (_, projects) = recruiter.page("/projets").await;
    assert!(projects.contains("Poste pourvu"), "{projects}");
    let (_, board) = app.page("/offres").await;
    assert!(!board.contains("CH Les Tilleuls"));

    // An offer whose deadline passed is closed by the job.
    let other = app.publish(&team.employer, "Offre expirée", 10).await;
    sqlx::query("UPDATE fiches SET deadline = '2020-01-01' WHERE id = $1")
        .bind(other.id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let closed = msp::db::fiches::close_expired(&mut conn, msp::domain::calendar::paris_today())
        .await
        .unwrap();
    assert_eq!(closed, 1);
    let status: String = sqlx::query_scalar("SELECT status FROM fiches WHERE id = $1")
        .bind(other.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "close");
}

/// The editor's fields for every step of a fiche, as a person would type them.
fn steps_of(content: &msp::domain::fiche::FicheContent) -> Vec<(u8, Vec<(String, String)>)> {
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    let date = |d: Option<time::Date>| d.map(msp::db::date_text).unwrap_or_default();
    let mut step1 = vec![
        pair("title", &content.title),
        pair("quotite", content.quotite.as_str()),
        pair("quotite_percent", &content.quotite_percent.to_string()),
        pair("grade", &content.grade),
        pair(
            "pay_index",
            &content.pay_index.map(|i| i.to_string()).unwrap_or_default(),
        ),
        pair("versant", &content.public_post.versant),
        pair("nature", &content.public_post.nature),
        pair("category", &content.public_post.category),
        pair("corps", &content.public_post.corps),
        pair("vacant_from", &date(content.public_post.vacant_from)),
    ];
    if content.quotite_adaptable {
        step1.push(pair("quotite_adaptable", "oui"));
    }
    let step2 = vec![
        pair("pole", &content.pole),
        pair("service", &content.service),
        pair("unit", &content.unit),
        pair("place", &content.place),
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
        pair("parcours", content.track.as_str()),
        pair("training", &content.training),
    ];
    let mut step6 = vec![
        pair("how_to_apply", &content.how_to_apply),
        pair("apply_email", &content.apply_email),
        pair("deadline", &date(content.deadline)),
        pair("start_date", &date(content.start_date)),
        pair("start_note", &content.start_note),
    ];
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

        let recruiter = app
            .user(
                Role::Recruiter,
                &format!("rh-{}@exemple.fr", real.employer.id),
                &[(ScopeKind::Establishment, &real.employer.id.to_string())],
            )
            .await;
        let browser = app.signed_in(&recruiter).await;
        let team = Team {
            employer: real.employer.clone(),
            recruiter,
            coordinator: app
                .user(Role::Coordinator, &format!("c-{}@exemple.fr", real.employer.id), &[])
                .await,
        };
        let fiche = start_fiche(&app, &team, &browser).await;
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

async fn a_drafts_pdf_says_brouillon_and_stays_within_its_establishment(app: TestApp) {
    let team = team(&app).await;
    let draft = app
        .fiche(
            &team.employer,
            content("Médiateur de santé-pair en équipe mobile"),
            FicheStatus::Brouillon,
            0,
        )
        .await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let (_, page) = recruiter.page(&format!("/fiches/{}", draft.id)).await;
    assert!(page.contains(&format!(
        "<a href=\"/fiches/{}/pdf\" type=\"application/pdf\">Télécharger la fiche en PDF (A4)</a>",
        draft.id
    )));

    let (status, content_type, disposition, bytes) =
        pdf(recruiter.get(&format!("/fiches/{}/pdf", draft.id)).await).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/pdf");
    assert_eq!(disposition, format!("inline; filename=\"{}.pdf\"", draft.slug));
    assert!(bytes.starts_with(b"%PDF-"));
    let header = pdf_header(&bytes);
    assert!(
        header.starts_with("Brouillon – document de travail, non publié"),
        "{header}"
    );
    let text = pdf_text(&bytes);
    assert!(text.contains("Médiateur de santé-pair en équipe mobile"), "{text}");

    let coordinator = app.signed_in(&team.coordinator).await;
    assert_eq!(
        coordinator.get(&format!("/fiches/{}/pdf", draft.id)).await.status(),
        200
    );
    assert_eq!(app.get(&format!("/offres/{}/pdf", draft.slug)).await.status(), 404);

    let elsewhere = app.establishment("CH Ailleurs", "Lille", "59").await;
    let stranger = app
        .user(
            Role::Recruiter,
            "rh@ailleurs.fr",
            &[(ScopeKind::Establishment, &elsewhere.id.to_string())],
        )
        .await;
    let stranger = app.signed_in(&stranger).await;
    assert_eq!(stranger.get(&format!("/fiches/{}/pdf", draft.id)).await.status(), 404);
}
