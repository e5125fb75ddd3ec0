//! The programme's calendar: a project's rétroplanning for Bobigny 2027, a hired MSP enrolled
//! with their training weeks in a subscribed calendar, and the first year's reminders.

use crate::common;

use common::{Browser, TestApp, TestUser, content, hidden_value, location};
use icalendar::parser::{read_calendar, unfold};
use msp::domain::role::{Role, ScopeKind};
use time::macros::date;

mod dashboard;
mod enrolment;
mod reminders;
mod retroplanning;

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
