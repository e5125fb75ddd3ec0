//! The programme's agenda (issue 26): the CCOMS creates a gathering (bad input comes back next
//! to its fields), people register until it is full then wait in order, a seat left goes to
//! the first waiting (told by mail), a cancellation tells everyone, the reminder leaves once the
//! day before, the MSPs' groups stay theirs, and the feeds read with an iCalendar parser.

use crate::common;

use common::{Browser, TestApp, location};
use icalendar::parser::{read_calendar, unfold};
use msp::domain::gathering::{Audience, GatheringDraft, GatheringKind};
use msp::domain::role::Role;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

mod feeds;
mod registration;

/// The day the stories stand on: a Tuesday, in winter time (Paris is UTC+1).
const NOW: OffsetDateTime = datetime!(2026-12-01 10:00 UTC);

/// A gathering for `audience`, stored straight, ten days after the app's "now", 14:00–16:00 in
/// Paris. Returns its id.
pub(crate) async fn store_gathering(app: &TestApp, audience: &str, capacity: Option<i64>) -> i64 {
    let day = app.clock.now() + Duration::days(10);
    let starts_at = day.replace_time(time::macros::time!(13:00));
    let draft = GatheringDraft {
        kind: GatheringKind::Awareness,
        title: format!("Rendez-vous pour {audience}"),
        description: "Une MSP expérimentée présente le métier.".into(),
        starts_at,
        ends_at: starts_at + Duration::hours(2),
        place: "CCOMS, Lille".into(),
        region_code: "32".into(),
        video_url: String::new(),
        audience: Audience::parse(audience).expect("an audience"),
        capacity,
        registration_open: true,
    };
    let organiser = organiser(app).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    msp::db::gatherings::insert(&mut conn, &draft, organiser, app.clock.now())
        .await
        .unwrap()
}

/// The CCOMS account that stores the gatherings: the first made, kept for the next ones.
async fn organiser(app: &TestApp) -> i64 {
    const EMAIL: &str = "organisation@ccoms.test";
    let mut conn = app.db.pool.acquire().await.unwrap();
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(EMAIL)
        .fetch_optional(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    match found {
        Some(id) => id,
        None => app.user(Role::Coordinator, EMAIL, &[]).await.id,
    }
}

/// The CCOMS, signed in.
async fn ccoms(app: &TestApp) -> Browser {
    let coordinator = app.user(Role::Coordinator, "coord@ccoms.test", &[]).await;
    app.signed_in(&coordinator).await
}

/// Someone of `role` signed in, with this address.
async fn person(app: &TestApp, role: Role, email: &str) -> Browser {
    let user = app.user(role, email, &[]).await;
    app.signed_in(&user).await
}

fn creation_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("titre", "Réunion de sensibilisation à Lille"),
        ("nature", "sensibilisation"),
        ("description", "Une MSP expérimentée présente le métier à l'équipe."),
        ("date", "15/12/2026"),
        ("debut", "14:00"),
        ("fin", "16:30"),
        ("lieu", "CCOMS, 211 rue Roger Salengro, Lille"),
        ("region", "32"),
        ("visio", ""),
        ("public", "equipes"),
        ("capacite", "20"),
        ("inscriptions", "oui"),
    ]
}

on_both_backends!(the_ccoms_creates_a_gathering_and_bad_input_comes_back_next_to_its_fields);
async fn the_ccoms_creates_a_gathering_and_bad_input_comes_back_next_to_its_fields(app: TestApp) {
    app.set_now(NOW);
    let ccoms = ccoms(&app).await;
    let (status, home) = ccoms.page("/espace").await;
    assert_eq!(status, 200);
    assert!(
        home.contains("href=\"/rendez-vous/nouveau\""),
        "linked from the CCOMS's home"
    );
    let mut bad = creation_form();
    bad.retain(|(name, _)| !["nature", "date", "visio"].contains(name));
    bad.push(("visio", "http://visio.exemple.fr"));
    bad.push(("date", "01/11/2026"));
    let response = ccoms.post("/rendez-vous", &bad).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for message in [
        "Choisissez le type de rendez-vous.",
        "Le lien de visioconférence doit commencer par https://.",
        "Cette date est passée",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert!(page.contains("id=\"erreur-nature\"") && page.contains("aria-invalid=\"true\""));
    assert!(
        page.contains("value=\"Réunion de sensibilisation à Lille\""),
        "what was typed is kept"
    );

    let response = ccoms.post("/rendez-vous", &creation_form()).await;
    assert_eq!(response.status(), 303);
    let at = location(&response);
    assert!(at.starts_with("/agenda/"), "{at}");
    let (status, page) = app.page(&at).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("15 décembre 2026, de 14 h 00 à 16 h 30"),
        "on the Paris clock"
    );
    let (_, agenda) = app.page("/agenda").await;
    assert!(agenda.contains("Réunion de sensibilisation à Lille"));
    let created = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'rendez_vous_cree'")
        .await;
    assert_eq!(created, 1);

    let id = at.trim_start_matches("/agenda/");
    let mut changed = creation_form();
    changed[0] = ("titre", "Réunion de sensibilisation à Roubaix");
    let response = ccoms.post(&format!("/rendez-vous/{id}/modifier"), &changed).await;
    assert_eq!(response.status(), 303);
    let (_, page) = app.page(&at).await;
    assert!(page.contains("Réunion de sensibilisation à Roubaix"));
}

on_both_backends!(the_msps_groups_are_seen_only_by_msps_and_the_ccoms);
async fn the_msps_groups_are_seen_only_by_msps_and_the_ccoms(app: TestApp) {
    let group = store_gathering(&app, "msp", None).await;
    let path = format!("/agenda/{group}");
    assert_eq!(app.page(&path).await.0, 404, "a visitor");
    let recruiter = person(&app, Role::Recruiter, "rh@ch.test").await;
    assert_eq!(recruiter.page(&path).await.0, 404, "a recruiter");
    let (_, agenda) = recruiter.page("/agenda").await;
    assert!(!agenda.contains("Rendez-vous pour msp"));
    let msp = person(&app, Role::Msp, "msp@ch.test").await;
    let (status, page) = msp.page(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("M&#39;inscrire") || page.contains("M'inscrire"));
    assert_eq!(ccoms(&app).await.page(&path).await.0, 200);
    let response = recruiter.post(&format!("/rendez-vous/{group}/inscription"), &[]).await;
    assert_eq!(response.status(), 404, "nobody registers to what they cannot see");
    assert_eq!(
        app.page("/agenda/msp.ics").await.0,
        404,
        "no public feed of the MSPs' groups"
    );
}
