//! A project's stage follows what happened (DESIGN §3): the CCOMS's meeting, the fiche started
//! and published, an application, a hire, the MSP's arrival, the post kept; nobody moves it by
//! hand, and the CCOMS's corrections say why.

use super::*;
use msp::domain::calendar::paris_today;

/// The project's page says the project is at `stage`, and the CCOMS's dashboard counts it so.
async fn at_stage(recruiter: &Browser, coordinator: &Browser, project: &str, stage: &str) {
    let (status, page) = recruiter.page(project).await;
    assert_eq!(status, 200);
    let page = unescape(&page);
    let shown = page.split("<dt>Étape</dt>").nth(1).expect("the facts name the stage");
    let shown = &shown[..shown.find("</dd>").unwrap()];
    assert!(shown.contains(stage), "{stage} expected, the page says {shown}");
    let (_, dashboard) = coordinator.page("/tableau-de-bord").await;
    let row = format!("<td data-label=\"Étape\">{stage}</td><td data-label=\"Projets\" class=\"number\">1</td>");
    assert!(unescape(&dashboard).contains(&row), "{row} not in {dashboard}");
}

async fn meet(coordinator: &Browser, project: &str, kind: &str) {
    let today = paris_today().to_string();
    let fields = [
        ("nature", kind),
        ("date", today.as_str()),
        ("note", "Équipe au complet."),
    ];
    let response = coordinator.post(&format!("{project}/reunions"), &fields).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
}

/// A team with no establishment on the platform asks through the public page; its contact
/// confirms; the CCOMS accepts, creating the establishment. The team: that establishment, a
/// recruiter of it (the contact's own invitation is the door's tests'), the coordinator.
async fn team_from_request(app: &TestApp) -> Team {
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.fr", &[]).await;
    let mut fields = crate::door::request_fields("cadre@rouvray.example");
    fields[0].1 = "CH du Rouvray".into();
    let request = crate::door::confirmed_request(app, &fields).await;
    let ccoms = app.signed_in(&coordinator).await;
    let accepted = ccoms
        .post(
            &format!("/demandes-de-poste/{request}/accepter"),
            &[("etablissement", "nouveau"), ("statut", "public")],
        )
        .await;
    assert_eq!(accepted.status(), 303, "{}", accepted.text().await.unwrap());
    let id = app
        .scalar("SELECT id FROM establishments WHERE name = 'CH du Rouvray'")
        .await;
    let employer = msp::db::establishments::find(&mut app.db.pool.acquire().await.unwrap(), id)
        .await
        .unwrap()
        .expect("the accepted request made it");
    Team {
        recruiter: app.recruiter("rh@rouvray.example", &employer).await,
        coordinator,
        employer,
    }
}

on_both_backends!(a_new_teams_request_reaches_every_stage_by_what_happens_alone);
async fn a_new_teams_request_reaches_every_stage_by_what_happens_alone(app: TestApp) {
    let team = team_from_request(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    let project = recruiter.open_project(&team.employer, "mi_temps", "bobigny").await;
    at_stage(&recruiter, &coordinator, &project, "Exploration").await;
    // There is no way to move it by hand any more.
    let moved = recruiter
        .post(&format!("{project}/etape"), &[("etat", "perennise"), ("version", "1")])
        .await;
    assert!(matches!(moved.status().as_u16(), 404 | 405), "{}", moved.status());

    // Only the CCOMS records its meetings with the team.
    let refused = recruiter
        .post(
            &format!("{project}/reunions"),
            &[("nature", "sensibilisation"), ("date", "2026-01-05")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    meet(&coordinator, &project, "sensibilisation").await;
    at_stage(&recruiter, &coordinator, &project, "Accompagnement par le CCOMS").await;

    let started = recruiter.post(&format!("{project}/fiche"), &[]).await;
    let fiche = location(&started).trim_end_matches("/modifier").to_string();
    at_stage(&recruiter, &coordinator, &project, "Fiche de poste en rédaction").await;
    complete(&recruiter, &fiche).await;
    submit(&recruiter, &fiche).await;
    assert_eq!(decide(&coordinator, &fiche, "publier").await.status(), 303);
    at_stage(&recruiter, &coordinator, &project, "Offre publiée").await;

    let fiche_id: i64 = fiche.trim_start_matches("/fiches/").parse().unwrap();
    let offer = msp::db::fiches::find_for_work(
        &mut app.db.pool.acquire().await.unwrap(),
        fiche_id,
        &msp::domain::policy::EstablishmentScope::All,
    )
    .await
    .unwrap()
    .unwrap()
    .offer;
    let (status, body) = crate::applications::apply(&app.browser(), &offer).await;
    assert_eq!(status, 200, "{body}");
    at_stage(&recruiter, &coordinator, &project, "Recrutement en cours").await;

    let record = app
        .hire(&recruiter, fiche_id, team.employer.id, "camille@exemple.fr")
        .await;
    at_stage(&recruiter, &coordinator, &project, "Poste pourvu").await;
    arrives(&app, &coordinator, record).await;
    at_stage(&recruiter, &coordinator, &project, "Intégration").await;
    meet(&coordinator, &project, "suivi").await;
    let (_, page) = recruiter.page(&project).await;
    assert_holds(&unescape(&page), &["Suivi de la première année", "1 suivi"]);

    post_kept(&app, &recruiter, &team, &project).await;
    at_stage(&recruiter, &coordinator, &project, "Poste pérennisé").await;
}

/// The hire enrolled the MSP (the fiche names Bobigny's licence); the team records the day
/// they arrived: today.
async fn arrives(app: &TestApp, coordinator: &Browser, record: i64) {
    let today = paris_today();
    let enrolment: i64 = app
        .scalar(&format!("SELECT id FROM enrolments WHERE msp_record_id = {record}"))
        .await;
    let arrived = coordinator
        .post(
            &format!("/inscriptions/{enrolment}/arrivee"),
            &[("arrivee", &today.to_string())],
        )
        .await;
    assert_eq!(arrived.status(), 303, "{}", arrived.text().await.unwrap());
}

/// The project's subsidy (a call of last year) has ended, and the team records the post kept.
async fn post_kept(app: &TestApp, recruiter: &Browser, team: &Team, project: &str) {
    let project_id: i64 = project.trim_start_matches("/projets/").parse().unwrap();
    let last_year = paris_today().year() - 1;
    let opens_on = time::Date::from_calendar_date(last_year - 1, time::Month::March, 1).unwrap();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let call = common::store_call(&mut conn, last_year, opens_on, None).await;
    let request = common::store_request(&mut conn, call, project_id, team.employer.id, None).await;
    let subsidy = common::grant_subsidy(&mut conn, call, request).await;
    drop(conn);
    let response = recruiter
        .post(
            &format!("/subventions/{subsidy}/perennisation"),
            &[("perennise", "oui")],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
}

/// How many people's day digests hold an event of this kind.
async fn in_digests(app: &TestApp, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM notification_digest d JOIN events e ON e.id = d.event_id WHERE e.kind = '{kind}'"
    ))
    .await
}

on_both_backends!(the_ccoms_corrects_a_stage_with_a_reason_and_the_team_may_give_up);
async fn the_ccoms_corrects_a_stage_with_a_reason_and_the_team_may_give_up(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    let project = recruiter.open_project(&team.employer, "mi_temps", "bobigny").await;
    let correction = format!("{project}/correction");

    let refused = recruiter
        .post(&correction, &[("etape", "publie"), ("raison", "x")])
        .await;
    assert_eq!(refused.status(), 403);
    let unexplained = coordinator
        .post(&correction, &[("etape", "publie"), ("raison", " ")])
        .await;
    assert_eq!(unexplained.status(), 422);
    let page = says(unexplained, &["Indiquez la raison de la correction."]).await;
    assert!(
        page.contains("<option value=\"publie\" selected>"),
        "the choice is kept"
    );
    let reason = "L'offre a été diffusée par l'établissement avant la plateforme.";
    let corrected = coordinator
        .post(&correction, &[("etape", "publie"), ("raison", reason)])
        .await;
    assert_eq!(corrected.status(), 303);
    let (_, page) = recruiter.page(&project).await;
    assert_holds(&unescape(&page), &["Offre publiée", "(corrigée par le CCOMS)", reason]);
    let audited = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'projet_etape_corrigee'")
        .await;
    assert_eq!(audited, 1);
    // The team hears of it in its day's digest; the CCOMS, of the team giving up.
    assert_eq!(in_digests(&app, "projet_corrige").await, 1);

    // A meeting cannot be recorded before it was held.
    let tomorrow = (paris_today() + time::Duration::days(1)).to_string();
    let early = coordinator
        .post(
            &format!("{project}/reunions"),
            &[("nature", "fiche"), ("date", &tomorrow), ("note", "Prévue")],
        )
        .await;
    assert_eq!(early.status(), 422);
    let page = says(early, &["sa date ne peut pas être à venir"]).await;
    assert!(page.contains("Prévue"), "the note typed is kept");

    let abandon = format!("{project}/abandon");
    let (_, page) = recruiter.page(&project).await;
    let version = hidden_value(&page, "version");
    let silent = recruiter.post(&abandon, &[("motif", ""), ("version", &version)]).await;
    assert_eq!(silent.status(), 422);
    says(silent, &["Indiquez pourquoi l'équipe abandonne le projet."]).await;
    let why = "Le financement n'a pas été trouvé.";
    let given_up = recruiter.post(&abandon, &[("motif", why), ("version", &version)]).await;
    assert_eq!(given_up.status(), 303);
    let (_, page) = coordinator.page(&project).await;
    assert_holds(&unescape(&page), &["Abandonné", why]);
    assert_eq!(in_digests(&app, "projet_abandonne").await, 1);
    assert_eq!(recruiter.post(&format!("{project}/fiche"), &[]).await.status(), 409);
}

on_both_backends!(the_team_prepares_and_the_ccoms_reviews);
async fn the_team_prepares_and_the_ccoms_reviews(app: TestApp) {
    let team = team(&app).await;
    let recruiter = app.signed_in(&team.recruiter).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    let project = recruiter.open_project(&team.employer, "mi_temps", "bobigny").await;
    let preparation = format!("{project}/preparation");
    let (status, page) = recruiter.page(&preparation).await;
    assert_eq!(status, 200);
    assert!(unescape(&page).contains("accès au dossier médical"), "{page}");
    let version = hidden_value(&page, "version");
    let too_long = "x".repeat(4001);
    let refused = recruiter
        .post(
            &preparation,
            &[
                ("version", &version),
                ("home_visits", "En binôme."),
                ("supervision", &too_long),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = says(refused, &["plus de 4000 caractères"]).await;
    assert!(page.contains("En binôme."), "what was typed is kept");
    let saved = recruiter
        .post(&preparation, &[("version", &version), ("home_visits", "En binôme.")])
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(coordinator.page(&preparation).await.0, 403);

    let review = format!("{project}/preparation/relecture");
    let comment = [("commentaire", "Reste à décider de la supervision.")];
    assert_eq!(recruiter.post(&review, &comment).await.status(), 403);
    assert_eq!(coordinator.post(&review, &comment).await.status(), 303);
    // The team hears of it at once; the coordinator who reviewed does not.
    let project_id = project.trim_start_matches("/projets/");
    let subject = format!("Projet de poste n° {project_id} : préparation relue");
    assert_eq!(app.told("rh@tilleuls.fr", &subject).await, 1);
    assert_eq!(app.told("coord@ccoms.fr", &subject).await, 0);
    let (_, page) = recruiter.page(&project).await;
    assert_holds(
        &unescape(&page),
        &[
            "En binôme.",
            "Relue par le CCOMS le",
            "Reste à décider de la supervision.",
        ],
    );
    let (_, page) = recruiter.page(&preparation).await;
    let version = hidden_value(&page, "version");
    let changed = [
        ("version", version.as_str()),
        ("home_visits", "Non."),
        ("supervision", "Mensuelle."),
    ];
    assert_eq!(recruiter.post(&preparation, &changed).await.status(), 303);
    let (_, page) = coordinator.page(&project).await;
    assert!(unescape(&page).contains("modifiée par l'équipe depuis"), "{page}");
}
