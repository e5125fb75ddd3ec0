use super::*;
use time::macros::{datetime, time};

#[test]
fn times_are_read_as_people_write_them() {
    assert_eq!(parse_time("14:30"), Some(time!(14:30)));
    assert_eq!(parse_time("14h30"), Some(time!(14:30)));
    assert_eq!(parse_time("14 h 30"), Some(time!(14:30)));
    assert_eq!(parse_time("9 h"), Some(time!(09:00)));
    assert_eq!(parse_time("14H"), Some(time!(14:00)));
    assert_eq!(parse_time("25:00"), None);
    assert_eq!(parse_time("14"), None);
}

const PEOPLE: Attendable<'static> = Attendable {
    recruiters: &[1, 2],
    coordinators: &[9],
};

fn form(date: &str, heure: &str) -> InterviewForm {
    InterviewForm {
        date: date.into(),
        heure: heure.into(),
        lieu: "Salle 3".into(),
        panel: vec![1],
        ccoms: "9".into(),
        ..InterviewForm::default()
    }
}

fn fields(errors: Vec<FieldError>) -> Vec<&'static str> {
    errors.into_iter().map(|e| e.field).collect()
}

#[test]
fn a_complete_form_is_a_plan_at_the_paris_instant() {
    let now = datetime!(2027-01-01 09:00 UTC);
    let plan = form("15/01/2027", "14:30").check(&PEOPLE, now).unwrap();
    assert_eq!(
        plan,
        InterviewPlan {
            starts_at: datetime!(2027-01-15 13:30 UTC),
            duration_minutes: 60,
            place: "Salle 3".into(),
            video_url: String::new(),
            panel: vec![1],
            ccoms_attendee_id: Some(9),
        }
    );
    // Summer time: two hours ahead of UTC.
    let plan = form("2027-06-15", "14h30").check(&PEOPLE, now).unwrap();
    assert_eq!(plan.starts_at, datetime!(2027-06-15 12:30 UTC));
}

#[test]
fn on_the_days_the_clocks_change_the_typed_time_is_the_time_in_paris() {
    let now = datetime!(2027-01-01 09:00 UTC);
    let at = |date, heure| form(date, heure).check(&PEOPLE, now).map(|plan| plan.starts_at);
    assert_eq!(at("27/03/2027", "14:30"), Ok(datetime!(2027-03-27 13:30 UTC)));
    assert_eq!(at("28/03/2027", "14:30"), Ok(datetime!(2027-03-28 12:30 UTC)));
    assert_eq!(at("30/10/2027", "14:30"), Ok(datetime!(2027-10-30 12:30 UTC)));
    assert_eq!(at("31/10/2027", "14:30"), Ok(datetime!(2027-10-31 13:30 UTC)));
    // Shown twice in autumn: the first time.
    assert_eq!(at("31/10/2027", "02:30"), Ok(datetime!(2027-10-31 00:30 UTC)));
}

#[test]
fn a_time_the_clocks_skip_in_spring_is_refused_on_the_hour_field() {
    let now = datetime!(2027-01-01 09:00 UTC);
    let errors = form("28/03/2027", "02:30").check(&PEOPLE, now).unwrap_err();
    assert_eq!(errors, vec![FieldError::new("heure", SkippedByClockChange::MESSAGE)]);
    assert!(SkippedByClockChange::MESSAGE.contains("n'existe pas"));
}

#[test]
fn a_past_time_and_every_missing_field_are_refused_together() {
    let now = datetime!(2027-01-20 09:00 UTC);
    assert_eq!(
        fields(form("15/01/2027", "14:30").check(&PEOPLE, now).unwrap_err()),
        vec!["date"]
    );
    let empty = InterviewForm {
        duree: String::new(),
        ..InterviewForm::default()
    };
    assert_eq!(
        fields(empty.check(&PEOPLE, now).unwrap_err()),
        vec!["date", "heure", "duree", "lieu", "panel"]
    );
    let strangers = InterviewForm {
        visio: "http://visio".into(),
        panel: vec![7],
        ccoms: "1".into(),
        ..form("15/02/2027", "10:00")
    };
    assert_eq!(
        fields(strangers.check(&PEOPLE, now).unwrap_err()),
        vec!["visio", "panel", "ccoms"]
    );
}
