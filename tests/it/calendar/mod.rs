//! The programme's calendar: a project's rétroplanning for Bobigny 2027, a hired MSP enrolled
//! with their training weeks in a subscribed calendar, and the first year's reminders.

use crate::common;

use common::{Browser, TestApp, TestUser, content, hidden_value, location};
use icalendar::parser::{read_calendar, unfold};
use msp::domain::role::{Role, ScopeKind};
use time::macros::date;

mod dashboard;
mod enrolment;
mod notifications;
mod offer_line;
mod on_hire;
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
/// is 10 December 2026; the CCOMS. The fiche names no licence, so that a hire on it waits for the
/// CCOMS to enrol it by hand, as these tests do (`on_hire` covers the enrolment a hire makes).
pub(crate) async fn scene(app: TestApp) -> Scene {
    let employer = app.establishment("CH Calendrier", "Bobigny", "93").await;
    let recruiter = app.recruiter("rh@ch-calendrier.test", &employer).await;
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    let mut fiche = content("Médiateur de santé-pair en CMP");
    fiche.deadline = Some(date!(2026 - 12 - 10));
    fiche.track = None;
    let mut tx = app.db.begin().await.unwrap();
    let (project_id, fiche_id) = common::store_draft(&mut tx, &employer, recruiter.id, &fiche).await;
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
    scene.app.hire(rh, scene.fiche_id, scene.establishment_id, email).await
}

/// The recruiter, signed in, hires the candidate retained on the fiche; the CCOMS, signed in,
/// creates Bobigny 2027: (the recruiter, the CCOMS, the MSP's record, the cohort).
pub(crate) async fn hired(scene: &Scene) -> (Browser, Browser, i64, i64) {
    let rh = scene.app.signed_in(&scene.recruiter).await;
    let record = hire(scene, &rh).await;
    let ccoms = scene.app.signed_in(&scene.coordinator).await;
    let cohort = bobigny_2027(&ccoms).await;
    (rh, ccoms, record, cohort)
}

/// The CCOMS enrols a hired MSP in a cohort, saying whether they hold a Bac+2.
pub(crate) async fn enrol(ccoms: &Browser, record: i64, cohort: i64, bac2: bool) -> reqwest::Response {
    let (record, cohort) = (record.to_string(), cohort.to_string());
    let mut fields = vec![("msp", record.as_str()), ("promotion", cohort.as_str())];
    if bac2 {
        fields.push(("bac2", "oui"));
    }
    ccoms.post("/inscriptions", &fields).await
}

/// Sends one of the forms of an enrolment's page ("journal", "etapes", "arrivee"…).
async fn post_to_enrolment(
    browser: &Browser, enrolment: i64, form: &str, fields: &[(&str, &str)],
) -> reqwest::Response {
    browser.post(&format!("/inscriptions/{enrolment}/{form}"), fields).await
}

/// Runs the first year's reminders job for that day, as the server does: how many it queued.
async fn remind_on(app: &TestApp, day: time::Date) -> u64 {
    msp::jobs::send_integration_reminders(&app.db, day, &app.url(""))
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
