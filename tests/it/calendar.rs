//! The programme's calendar: a project's rétroplanning for Bobigny 2027, a hired MSP enrolled
//! with their training weeks in a subscribed calendar, and the first year's reminders.

use crate::common;

use common::{Browser, TestApp, TestUser, content, hidden_value, location};
use icalendar::parser::{read_calendar, unfold};
use msp::domain::role::{Role, ScopeKind};
use time::macros::date;

const MSP_EMAIL: &str = "camille.msp@exemple.fr";

pub(crate) struct Scene {
    pub(crate) app: TestApp,
    establishment_id: i64,
    pub(crate) recruiter: TestUser,
    pub(crate) coordinator: TestUser,
    fiche_id: i64,
    project_id: i64,
}

/// An establishment, its recruiter and a project aiming at Bobigny, with a fiche whose deadline
/// is 10 December 2026; the CCOMS.
pub(crate) async fn scene(app: TestApp) -> Scene {
    let employer = app.establishment("CH Calendrier", "Bobigny", "93").await;
    let recruiter = app
        .user(
            Role::Recruiter,
            "rh@ch-calendrier.test",
            &[(ScopeKind::Establishment, &employer.id.to_string())],
        )
        .await;
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    let mut tx = app.db.begin().await.unwrap();
    let project = msp::domain::project::NewProject {
        establishment_id: employer.id,
        unit: "Centre médico-psychologique".into(),
        public_served: "Adultes".into(),
        quotite: msp::domain::fiche::Quotite::TempsPlein,
        track: msp::domain::fiche::Track::Bobigny,
        readiness: Default::default(),
    };
    let project_id = msp::db::projects::insert(&mut tx, &project, recruiter.id)
        .await
        .unwrap();
    let mut fiche = content("Médiateur de santé-pair en CMP");
    fiche.deadline = Some(date!(2026 - 12 - 10));
    let fiche_id = msp::db::fiches::insert_draft(&mut tx, &employer, &fiche, project_id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Scene {
        app,
        establishment_id: employer.id,
        recruiter,
        coordinator,
        fiche_id,
        project_id,
    }
}

/// The candidate retained on the fiche, then hired by the recruiter through the pipeline's
/// decision, which makes the MSP's record.
pub(crate) async fn hire(scene: &Scene, rh: &Browser) -> i64 {
    hire_as(scene, rh, MSP_EMAIL).await
}

async fn hire_as(scene: &Scene, rh: &Browser, email: &str) -> i64 {
    let now = "2026-11-23T10:00:00Z";
    let application: i64 = sqlx::query_scalar(
        "INSERT INTO applications (fiche_id, establishment_id, status, full_name, email, phone, town, message, \
         followed_by_service, talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, 'retenue', 'Camille Martin', $3, '', 'Paris', '', \
         'non', 0, $4, 'v', $3, $3, $4, $4, $4) RETURNING id",
    )
    .bind(scene.fiche_id)
    .bind(scene.establishment_id)
    .bind(email)
    .bind(now)
    .fetch_one(&scene.app.db.pool)
    .await
    .unwrap();
    let (_, detail) = rh.page(&format!("/candidatures/{application}")).await;
    let version = hidden_value(&detail, "version");
    let response = rh
        .post(
            &format!("/candidatures/{application}/etat"),
            &[
                ("version", &version),
                ("etat", "embauchee"),
                ("motif", ""),
                ("objet", "Décision"),
                ("corps", "Bonjour {nom}, bienvenue dans l'équipe."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "hired");
    sqlx::query_scalar("SELECT id FROM msp_records WHERE application_id = $1")
        .bind(application)
        .fetch_one(&scene.app.db.pool)
        .await
        .unwrap()
}

/// The id at the end of a redirect's location.
pub(crate) fn last_id(response: &reqwest::Response) -> i64 {
    let to = location(response);
    to.split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{to}"))
}

/// The CCOMS creates Bobigny 2027 with its defaults.
pub(crate) async fn bobigny_2027(ccoms: &Browser) -> i64 {
    let response = ccoms
        .post("/promotions", &[("parcours", "bobigny"), ("annee", "2027")])
        .await;
    assert_eq!(response.status(), 303);
    last_id(&response)
}

/// Moves an enrolment as its page's form would.
async fn move_to(browser: &Browser, enrolment: i64, to: &str) -> u16 {
    let (_, page) = browser.page(&format!("/inscriptions/{enrolment}")).await;
    let version = hidden_value(&page, "version");
    let response = browser
        .post(
            &format!("/inscriptions/{enrolment}/etat"),
            &[("version", &version), ("etat", to)],
        )
        .await;
    response.status().as_u16()
}

/// The events of a calendar, checked by the icalendar parser: (DTSTART, DTEND, SUMMARY).
fn events(text: &str) -> Vec<(String, String, String)> {
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    for line in text.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
    }
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).expect("valid RFC 5545");
    calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            let value = |name: &str| c.find_prop(name).unwrap().val.as_str().to_owned();
            let date_param = c
                .find_prop("DTSTART")
                .unwrap()
                .params
                .iter()
                .any(|p| p.key.as_str() == "VALUE" && p.val.as_ref().is_some_and(|v| v.as_str() == "DATE"));
            assert!(date_param, "whole days");
            (value("DTSTART"), value("DTEND"), value("SUMMARY"))
        })
        .collect()
}

on_both_backends!(a_project_aiming_at_bobigny_2027_shows_its_dated_plan_with_warnings);
async fn a_project_aiming_at_bobigny_2027_shows_its_dated_plan_with_warnings(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let rh = app.signed_in(&scene.recruiter).await;
    let (_, project) = rh.page(&format!("/projets/{}", scene.project_id)).await;
    assert!(project.contains(&format!("/projets/{}/retroplanning", scene.project_id)));

    let path = format!(
        "/projets/{}/retroplanning?parcours=bobigny&annee=2027",
        scene.project_id
    );
    let (status, plan) = rh.page(&path).await;
    assert_eq!(status, 200);
    assert!(plan.contains("Rétroplanning, promotion Bobigny 2027"));
    for line in [
        "22 septembre 2026", // fiche submitted to the CCOMS
        "6 octobre 2026",    // publication
        "17 novembre 2026",  // applications close
        "24 novembre 2026",  // interviews
        "8 décembre 2026",   // decision
        "15 décembre 2026",  // registration closes
        "18 janvier 2027",   // start of the job
        "du 1er février 2027 au 5 février 2027",
        "Semaine de formation 8 (du 5 juin 2028 au 9 juin 2028)",
        "L&#39;université",
        "Le CCOMS",
    ] {
        assert!(plan.contains(line), "{line}");
    }
    // The fiche's deadline (10 December) leaves no time before registration closes.
    assert!(plan.contains("10 décembre 2026") && plan.contains("inatteignable"));
    // And whatever today is, the autumn 2026 dates are behind us.
    assert!(plan.contains("Date dépassée") || plan.contains("plus atteignable"));
    assert!(plan.contains("Prochaine promotion encore atteignable"));

    let ccoms = the_team_aims_at_it(&scene, &rh).await;
    moving_registration_moves_the_plan(&ccoms, &rh, &path).await;
    // Another establishment's recruiter does not see the project.
    let other = app.establishment("CH Ailleurs", "Lille", "59").await;
    let stranger = app
        .user(
            Role::Recruiter,
            "rh@ailleurs.test",
            &[(ScopeKind::Establishment, &other.id.to_string())],
        )
        .await;
    let (status, _) = app.signed_in(&stranger).await.page(&path).await;
    assert_eq!(status, 404);
}

/// The team aims at it; the CCOMS's dashboard follows the plan.
async fn the_team_aims_at_it(scene: &Scene, rh: &Browser) -> Browser {
    let app = &scene.app;
    let response = rh
        .post(
            &format!("/projets/{}/retroplanning", scene.project_id),
            &[("parcours", "bobigny"), ("annee", "2027")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, project) = rh.page(&format!("/projets/{}", scene.project_id)).await;
    assert!(project.contains("promotion 2027"));
    let ccoms = app.signed_in(&scene.coordinator).await;
    let (_, dashboard) = ccoms.page("/tableau-de-bord").await;
    assert!(dashboard.contains("Décision d&#39;embauche – CH Calendrier, Centre médico-psychologique (Bobigny 2027)"));

    ccoms
}

/// The CCOMS moves registration to 8 January 2027: the decision moves to 1 January.
async fn moving_registration_moves_the_plan(ccoms: &Browser, rh: &Browser, path: &str) {
    let cohort = bobigny_2027(ccoms).await;
    let (_, form) = ccoms.page(&format!("/promotions/{cohort}")).await;
    let weeks = "2027-02-01\n2027-03-01\n2027-04-05";
    let fields = |registration: &'static str, weeks: &'static str| {
        vec![
            ("version", hidden_value(&form, "version")),
            ("recruitment_opens", "2026-09-01".to_string()),
            ("recruitment_closes", "2026-12-05".to_string()),
            ("registration_closes", registration.to_string()),
            ("job_starts", "2027-01-18".to_string()),
            ("training_weeks", weeks.to_string()),
            ("capacity", "30".to_string()),
        ]
    };
    let refused = fields("2027-01-08", "2027-02-02");
    let refused: Vec<(&str, &str)> = refused.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = ccoms.post(&format!("/promotions/{cohort}"), &refused).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("n&#39;est pas un lundi") && page.contains("href=\"#champ-training_weeks\""));
    let saved = fields("2027-01-08", weeks);
    let saved: Vec<(&str, &str)> = saved.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = ccoms.post(&format!("/promotions/{cohort}"), &saved).await;
    assert_eq!(response.status(), 303);
    let (_, plan) = rh.page(path).await;
    assert!(plan.contains("1er janvier 2027") && plan.contains("8 janvier 2027"));
    assert!(plan.contains("Semaine de formation 3 (du 5 avril 2027"));
    assert!(!plan.contains("Semaine de formation 4"));
}

on_both_backends!(a_hired_msp_is_enrolled_and_their_training_weeks_appear_in_a_subscribed_calendar);
async fn a_hired_msp_is_enrolled_and_their_training_weeks_appear_in_a_subscribed_calendar(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let rh = app.signed_in(&scene.recruiter).await;
    let record = hire(&scene, &rh).await;
    let ccoms = app.signed_in(&scene.coordinator).await;
    let cohort = bobigny_2027(&ccoms).await;
    let (_, list) = ccoms.page("/inscriptions").await;
    assert!(list.contains("Inscrire Camille Martin"));
    let response = ccoms
        .post(
            "/inscriptions",
            &[("msp", &record.to_string()), ("promotion", &cohort.to_string())],
        )
        .await;
    assert_eq!(response.status(), 303);
    let enrolment = last_id(&response);
    let again = ccoms
        .post(
            "/inscriptions",
            &[("msp", &record.to_string()), ("promotion", &cohort.to_string())],
        )
        .await;
    assert_eq!(again.status(), 400, "enrolled once");

    let university = only_the_tracks_university_follows_it(app, enrolment).await;
    let msp_user = app.user(Role::Msp, MSP_EMAIL, &[]).await;
    let msp = app.signed_in(&msp_user).await;
    let feed_path = the_msp_subscribes_to_their_weeks(app, &msp, enrolment).await;
    let team_feed = the_teams_and_the_cohorts_calendars(&scene, &rh, &ccoms, cohort).await;
    // Revoked, the MSP's address answers nothing.
    let (_, own) = msp.page(&format!("/inscriptions/{enrolment}")).await;
    let marker = "action=\"/agendas/";
    let at = own.find(marker).unwrap() + marker.len();
    let feed_id = own[at..].split('/').next().unwrap();
    let response = msp.post(&format!("/agendas/{feed_id}/revoquer"), &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&feed_path).await.status(), 404);
    assert_eq!(app.get(&team_feed).await.status(), 200);
    assert_eq!(app.get("/agenda/pas-un-jeton").await.status(), 404);

    // The journal, shared by the MSP, their manager and the CCOMS.
    let response = msp
        .post(
            &format!("/inscriptions/{enrolment}/journal"),
            &[("texte", "Première semaine en binôme avec l'infirmière référente.")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, managed) = rh.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(managed.contains("Première semaine en binôme"));

    // Graduated: catégorie A from today.
    assert_eq!(move_to(&university, enrolment, "diplomee").await, 303);
    let (_, own) = msp.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(own.contains("Éducateur ou éducatrice (catégorie A"));
    let today = msp::domain::calendar::french_date(msp::domain::calendar::paris_today());
    assert!(own.contains(&format!("depuis le {today}")));
}

/// Bobigny's university follows the enrolment and moves it; Bordeaux's does not see it.
async fn only_the_tracks_university_follows_it(app: &TestApp, enrolment: i64) -> Browser {
    let bobigny = app
        .user(Role::University, "scol@bobigny.test", &[(ScopeKind::Track, "bobigny")])
        .await;
    let bordeaux = app
        .user(
            Role::University,
            "scol@bordeaux.test",
            &[(ScopeKind::Track, "bordeaux")],
        )
        .await;
    let bordeaux = app.signed_in(&bordeaux).await;
    let (_, theirs) = bordeaux.page("/inscriptions").await;
    assert!(!theirs.contains("Camille Martin"));
    let (status, _) = bordeaux.page(&format!("/inscriptions/{enrolment}")).await;
    assert_eq!(status, 404);
    let university = app.signed_in(&bobigny).await;
    let (status, page) = university.page(&format!("/inscriptions/{enrolment}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Camille Martin") && page.contains("Bobigny 2027"));
    assert!(
        !page.contains("Journal du parcours"),
        "the journal is not the university's"
    );
    // No Bac+2: registration goes through the VAP/VAE file first.
    assert_eq!(move_to(&university, enrolment, "inscrite").await, 400);
    for to in ["dossier_vap", "inscrite", "en_formation"] {
        assert_eq!(move_to(&university, enrolment, to).await, 303, "{to}");
    }
    let response = bordeaux
        .post(
            &format!("/inscriptions/{enrolment}/etat"),
            &[("version", "4"), ("etat", "diplomee")],
        )
        .await;
    assert_eq!(response.status(), 404);

    university
}

/// The MSP subscribes to their weeks; returns the feed's path.
async fn the_msp_subscribes_to_their_weeks(app: &TestApp, msp: &Browser, enrolment: i64) -> String {
    let response = msp.get("/mon-parcours").await;
    assert_eq!(location(&response), format!("/inscriptions/{enrolment}"));
    let (_, own) = msp.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(own.contains("En formation") && own.contains("Animateur"));
    assert!(own.contains("jamais d'information sur un patient"));
    let response = msp.post(&format!("/inscriptions/{enrolment}/agenda"), &[]).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let start = page.find(&app.url("/agenda/")).expect("the feed's address") + app.url("").len();
    let feed_path = page[start..].split('<').next().unwrap().to_string();
    let feed = app.get(&feed_path).await;
    assert_eq!(feed.status(), 200);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let weeks = events(&feed.text().await.unwrap());
    assert_eq!(weeks.len(), 8);
    assert_eq!((weeks[0].0.as_str(), weeks[0].1.as_str()), ("20270201", "20270206"));
    assert!(weeks[0].2.contains("semaine 1 sur 8") && weeks[0].2.contains("Bobigny 2027"));
    assert_eq!(weeks[7].0, "20280605");

    feed_path
}

/// The team's calendar shows the weeks its MSP is away, without their name; the cohort's has
/// them all. Returns the team feed's path.
async fn the_teams_and_the_cohorts_calendars(scene: &Scene, rh: &Browser, ccoms: &Browser, cohort: i64) -> String {
    let app = &scene.app;
    let response = rh
        .post(&format!("/etablissements/{}/agenda", scene.establishment_id), &[])
        .await;
    let page = response.text().await.unwrap();
    let start = page.find(&app.url("/agenda/")).unwrap() + app.url("").len();
    let team_feed = page[start..].split('<').next().unwrap().to_string();
    let team = events(&app.get(&team_feed).await.text().await.unwrap());
    assert_eq!(team.len(), 8);
    assert!(team[0].2.contains("absent") && !team[0].2.contains("Camille"));
    let response = ccoms.post(&format!("/promotions/{cohort}/agenda"), &[]).await;
    let page = response.text().await.unwrap();
    let start = page.find(&app.url("/agenda/")).unwrap() + app.url("").len();
    let cohort_feed = page[start..].split('<').next().unwrap().to_string();
    let whole = events(&app.get(&cohort_feed).await.text().await.unwrap());
    assert_eq!(whole.len(), 8);
    assert_eq!(whole[7].1, "20280610");

    team_feed
}

on_both_backends!(first_year_milestones_send_their_reminders_once_even_on_two_instances);
async fn first_year_milestones_send_their_reminders_once_even_on_two_instances(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let rh = app.signed_in(&scene.recruiter).await;
    let record = hire(&scene, &rh).await;
    let ccoms = app.signed_in(&scene.coordinator).await;
    let cohort = bobigny_2027(&ccoms).await;
    let response = ccoms
        .post(
            "/inscriptions",
            &[
                ("msp", &record.to_string()),
                ("promotion", &cohort.to_string()),
                ("bac2", "oui"),
            ],
        )
        .await;
    let enrolment = last_id(&response);

    // With one place, the cohort is now full: a second hire goes elsewhere, and the plan says so.
    sqlx::query("UPDATE cohorts SET capacity = 1 WHERE id = $1")
        .bind(cohort)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let second = hire_as(&scene, &rh, "dominique@exemple.fr").await;
    let response = ccoms
        .post(
            "/inscriptions",
            &[("msp", &second.to_string()), ("promotion", &cohort.to_string())],
        )
        .await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("complète"));
    let plan = format!(
        "/projets/{}/retroplanning?parcours=bobigny&annee=2027",
        scene.project_id
    );
    let (_, plan) = ccoms.page(&plan).await;
    assert!(plan.contains("La promotion Bobigny 2027 est complète : 1 inscription pour 1 place."));

    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    for (label, date) in [
        ("Arrivée dans l&#39;équipe", "18 janvier 2027"),
        ("Rencontre de suivi avec le CCOMS (1 mois)", "18 février 2027"),
        ("Rencontre de suivi avec le CCOMS (6 mois)", "18 juillet 2027"),
        (
            "bilan de la première année et positionnement sur des références",
            "18 janvier 2028",
        ),
    ] {
        assert!(page.contains(label) && page.contains(date), "{label}");
    }

    let reminders = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            // The address is sealed: reminders are counted by their kind.
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'rappel_parcours'")
                .fetch_one(&db.pool)
                .await
                .unwrap()
        }
    };
    let base = app.url("");
    // Three days before arrival: arrival and pairing are due, on two instances at once, twice.
    let other = app.another_instance().await;
    let day = date!(2027 - 01 - 15);
    let (a, b) = tokio::join!(
        msp::jobs::send_integration_reminders(&app.db, day, &base),
        msp::jobs::send_integration_reminders(&other.db, day, &base),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    assert_eq!(
        msp::jobs::send_integration_reminders(&app.db, day, &base)
            .await
            .unwrap(),
        0
    );
    assert_eq!(reminders(app).await, 2);
    // Too early for the others; a week before the first follow-up, that one only.
    let day = date!(2027 - 02 - 11);
    assert_eq!(
        msp::jobs::send_integration_reminders(&app.db, day, &base)
            .await
            .unwrap(),
        1
    );
    assert_eq!(reminders(app).await, 3);
    // Either instance's worker may send them: the outbox holds what was queued.
    let mails: Vec<(String, String)> = TestApp::delivered(&[app, &other])
        .await
        .into_iter()
        .filter(|m| m.to == MSP_EMAIL && m.subject.starts_with("Rappel"))
        .map(|m| (m.subject, m.text))
        .collect();
    let subjects: Vec<&str> = mails.iter().map(|(s, _)| s.as_str()).collect();
    assert!(subjects.contains(&"Rappel : Arrivée dans l'équipe"), "{subjects:?}");
    let follow_up = mails.iter().find(|(s, _)| s.contains("(1 mois)"));
    assert!(follow_up.is_some_and(|(_, text)| text.contains("18 février 2027") && text.contains("/mon-parcours")));
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    assert_eq!(page.matches("envoyé").count(), 3);

    // The manager records the real day of arrival, 1 February: the year not yet done follows it.
    let response = rh
        .post(
            &format!("/inscriptions/{enrolment}/arrivee"),
            &[("arrivee", "01/02/2027")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    assert!(page.contains("1er mars 2027"), "the 1-month follow-up moved");
    assert!(!page.contains("18 février 2027"));
    let day = date!(2027 - 01 - 29);
    assert_eq!(
        msp::jobs::send_integration_reminders(&app.db, day, &base)
            .await
            .unwrap(),
        2
    );
    let response = rh
        .post(
            &format!("/inscriptions/{enrolment}/arrivee"),
            &[("arrivee", "le premier")],
        )
        .await;
    assert_eq!(response.status(), 400);

    // A milestone marked done is never reminded.
    let response = ccoms
        .post(
            &format!("/inscriptions/{enrolment}/etapes"),
            &[("etape", "suivi_3_mois")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = ccoms.page(&format!("/inscriptions/{enrolment}")).await;
    let today = msp::domain::calendar::french_date(msp::domain::calendar::paris_today());
    assert!(page.contains(&format!("le {today}")));
    let day = date!(2027 - 04 - 25); // a week before 1 May, the 3-month follow-up
    assert_eq!(
        msp::jobs::send_integration_reminders(&app.db, day, &base)
            .await
            .unwrap(),
        0
    );
}

on_both_backends!(the_ccoms_dashboard_shows_projects_deadlines_and_the_funnel);
async fn the_ccoms_dashboard_shows_projects_deadlines_and_the_funnel(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let mut tx = app.db.pool.begin().await.unwrap();
    let employer = msp::db::establishments::find_by_name(&mut tx, "CH Calendrier")
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    app.publish(&employer, "Médiatrice de santé-pair en équipe mobile", 3)
        .await;
    let ccoms = app.signed_in(&scene.coordinator).await;
    let (status, page) = ccoms.page("/tableau-de-bord").await;
    assert_eq!(status, 200);
    assert!(page.contains("Île-de-France") && page.contains("Exploration"));
    assert!(page.contains("Clôture des candidatures : Médiatrice de santé-pair en équipe mobile"));
    assert!(page.contains("Recrutements"));
    let (status, _) = app.signed_in(&scene.recruiter).await.page("/tableau-de-bord").await;
    assert_eq!(status, 403);
}
