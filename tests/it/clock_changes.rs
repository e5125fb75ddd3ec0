//! The days the clocks change in Paris, 28 March and 31 October 2027: an interview typed at a
//! Paris time on either side is stored at the right instant, shown back at the time typed and
//! invited at that instant; a time the clocks skip is refused; the reminders leave on the right
//! day in Paris. The application stands on the days the tests choose (`TestApp::set_now`), so
//! these hold whatever day they run.

use crate::common;

use common::TestApp;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::applications::{CANDIDATE, Scene, preselected_application, scene};
use crate::{calendar, funding};

/// An application in pre-selection, seen by its recruiter, with the application standing on
/// 1 March 2027 (before both changes).
pub(crate) async fn preselected(app: TestApp) -> (Scene, i64) {
    let scene = scene(app).await;
    let id = preselected_application(&scene.app, &scene.offer).await;
    scene.app.set_now(datetime!(2027-03-01 09:00 UTC));
    (scene, id)
}

pub(crate) fn interview_form<'a>(date: &'a str, heure: &'a str, panel: &'a str) -> [(&'a str, &'a str); 7] {
    [
        ("date", date),
        ("heure", heure),
        ("duree", "45"),
        ("lieu", "Salle du conseil"),
        ("visio", ""),
        ("panel", panel),
        ("ccoms", ""),
    ]
}

on_both_backends!(an_interview_typed_on_either_side_of_each_2027_clock_change_keeps_its_paris_time);
async fn an_interview_typed_on_either_side_of_each_2027_clock_change_keeps_its_paris_time(app: TestApp) {
    let (scene, id) = preselected(app).await;
    let (app, panel) = (&scene.app, scene.recruiter.id.to_string());
    let rh = app.signed_in(&scene.recruiter).await;
    // (typed day, typed time, the instant as iCalendar writes it, as the page writes it)
    let cases = [
        // Saturday, winter time (UTC+1); Sunday, summer time (UTC+2) from 03:00.
        ("27/03/2027", "14:30", "20270327T133000Z", "27 mars 2027 à 14 h 30"),
        ("28/03/2027", "01:30", "20270328T003000Z", "28 mars 2027 à 1 h 30"),
        ("28/03/2027", "03:00", "20270328T010000Z", "28 mars 2027 à 3 h 00"),
        ("28/03/2027", "14:30", "20270328T123000Z", "28 mars 2027 à 14 h 30"),
        // Saturday, summer time; Sunday, winter time from 03:00, 02:00 to 03:00 shown twice
        // (02:30 is the first time, still summer time).
        ("30/10/2027", "14:30", "20271030T123000Z", "30 octobre 2027 à 14 h 30"),
        ("31/10/2027", "01:30", "20271030T233000Z", "31 octobre 2027 à 1 h 30"),
        ("31/10/2027", "02:30", "20271031T003000Z", "31 octobre 2027 à 2 h 30"),
        ("31/10/2027", "14:30", "20271031T133000Z", "31 octobre 2027 à 14 h 30"),
    ];
    for (date, heure, instant, written) in cases {
        let response = rh
            .post(
                &format!("/candidatures/{id}/entretiens"),
                &interview_form(date, heure, &panel),
            )
            .await;
        assert_eq!(
            response.status(),
            303,
            "{date} {heure}: {}",
            response.text().await.unwrap()
        );
        let stored: String = sqlx::query_scalar("SELECT starts_at FROM interviews ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(utc(msp::db::parse_instant(&stored).unwrap()), instant, "{date} {heure}");

        let (_, page) = rh.page(&format!("/candidatures/{id}")).await;
        assert!(page.contains(written), "{written} not on the page");
        // The form to move it reads the day and time back as typed.
        assert!(page.contains(&format!("value=\"{date}\"")), "{date}");
        assert!(page.contains(&format!("value=\"{heure}\"")), "{heure}");

        let mails = app.mail_to(CANDIDATE).await;
        let (_, ics) = mails.last().unwrap().attachment.clone().expect("an invitation");
        let start = format!("DTSTART:{instant}");
        assert!(ics.contains(&start), "{start} not in {ics}");
        assert!(mails.last().unwrap().text.contains(written), "{written}");
    }
}

/// `YYYYMMDDTHHMMSSZ`, as iCalendar writes an instant.
fn utc(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    at.format(&format).unwrap()
}

on_both_backends!(a_time_the_clocks_skip_is_refused_next_to_the_field_and_what_was_typed_is_kept);
async fn a_time_the_clocks_skip_is_refused_next_to_the_field_and_what_was_typed_is_kept(app: TestApp) {
    let (scene, id) = preselected(app).await;
    let (app, panel) = (&scene.app, scene.recruiter.id.to_string());
    let rh = app.signed_in(&scene.recruiter).await;
    let response = rh
        .post(
            &format!("/candidatures/{id}/entretiens"),
            &interview_form("28/03/2027", "02:30", &panel),
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    let message = "Cette heure n&#39;existe pas à Paris ce jour-là";
    let next_to_the_field = format!("<p class=\"field-error\" id=\"erreur-heure\">{message}");
    assert!(page.contains(&next_to_the_field), "{page}");
    for typed in ["28/03/2027", "02:30", "45", "Salle du conseil"] {
        assert!(page.contains(&format!("value=\"{typed}\"")), "{typed} not kept");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interviews")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

/// The first year's reminders and the subsidy's, run as the jobs run them: on the day the
/// application's clock shows in Paris.
async fn run_reminders(app: &TestApp) -> (usize, u64) {
    let base = app.url("");
    let today = app.clock.today();
    let funding = msp::jobs::send_funding_reminders(&app.db, &base, today).await.unwrap();
    let integration = msp::jobs::send_integration_reminders(&app.db, today, &base)
        .await
        .unwrap();
    (funding, integration)
}

on_both_backends!(reminders_leave_on_the_paris_day_around_the_2027_clock_changes);
async fn reminders_leave_on_the_paris_day_around_the_2027_clock_changes(app: TestApp) {
    // A hired MSP enrolled in Bobigny 2027, and a subsidy in another region.
    let region = funding::region(&app).await;
    let (subsidy, _) = funding::past_subsidy(&app, &region).await;
    let scene = calendar::scene(app).await;
    let app = &scene.app;
    let (_, ccoms, record, cohort) = calendar::hired(&scene).await;
    let enrolment = calendar::last_id(&calendar::enrol(&ccoms, record, cohort, false).await);
    // One milestone a week after the spring change, another a week after the autumn one, the
    // others done; the subsidy's reminder due on the day of the autumn change.
    let milestones = "SELECT id FROM integration_milestones WHERE enrolment_id = $1 ORDER BY id";
    let milestones: Vec<i64> = sqlx::query_scalar(milestones)
        .bind(enrolment)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let (spring, autumn) = (milestones[0], milestones[1]);
    for (id, due_on) in [(spring, "2027-04-04"), (autumn, "2027-11-07")] {
        let due = sqlx::query("UPDATE integration_milestones SET due_on = $1 WHERE id = $2");
        app.exec(due.bind(due_on).bind(id)).await;
    }
    let others_done = sqlx::query(
        "UPDATE integration_milestones SET done_on = '2027-01-18' WHERE enrolment_id = $1 AND id NOT IN ($2, $3)",
    );
    app.exec(others_done.bind(enrolment).bind(spring).bind(autumn)).await;
    let subsidy_due = sqlx::query("UPDATE subsidies SET reminder_due_on = '2027-10-31' WHERE id = $1");
    app.exec(subsidy_due.bind(subsidy)).await;

    // 23:30 on Saturday 27 March in Paris (22:30 UTC, winter time): eight days before, nothing.
    app.set_now(datetime!(2027-03-27 22:30 UTC));
    assert_eq!(run_reminders(app).await, (0, 0));
    // 00:30 on Sunday 28 March in Paris, though still the 27th in UTC: a week before, it leaves.
    app.set_now(datetime!(2027-03-27 23:30 UTC));
    assert_eq!(run_reminders(app).await, (0, 1));
    // 23:30 on Saturday 30 October in Paris (21:30 UTC, summer time): nothing yet.
    app.set_now(datetime!(2027-10-30 21:30 UTC));
    assert_eq!(run_reminders(app).await, (0, 0));
    // 00:30 on Sunday 31 October in Paris (22:30 UTC on the 30th): the autumn milestone's and
    // the subsidy's, once each.
    app.set_now(datetime!(2027-10-30 22:30 UTC));
    assert_eq!(run_reminders(app).await, (1, 1));
    assert_eq!(run_reminders(app).await, (0, 0));
}
