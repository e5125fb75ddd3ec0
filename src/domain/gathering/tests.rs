use time::macros::datetime;

use super::*;

fn form() -> GatheringForm {
    GatheringForm {
        titre: "Réunion de sensibilisation à Lille".into(),
        nature: "sensibilisation".into(),
        description: "Une MSP expérimentée présente le métier à l'équipe.".into(),
        date: "15/01/2027".into(),
        debut: "14:00".into(),
        fin: "16h30".into(),
        lieu: "CCOMS, 211 rue Roger Salengro, Lille".into(),
        region: "32".into(),
        visio: String::new(),
        public: "equipes".into(),
        capacite: "2".into(),
        inscriptions: "oui".into(),
    }
}

const NOW: OffsetDateTime = datetime!(2026-12-01 10:00 UTC);

#[test]
fn a_complete_form_gives_a_gathering_on_the_paris_clock() {
    let draft = form().check(NOW).unwrap();
    assert_eq!(draft.starts_at, datetime!(2027-01-15 13:00 UTC));
    assert_eq!(draft.ends_at, datetime!(2027-01-15 15:30 UTC));
    assert_eq!(draft.capacity, Some(2));
    assert!(draft.registration_open);
    assert_eq!(GatheringForm::of(&draft).debut, "14:00");
}

#[test]
fn every_missing_or_wrong_field_has_its_message() {
    let empty = GatheringForm {
        visio: "http://visio.exemple.fr".into(),
        capacite: "zéro".into(),
        region: "99".into(),
        ..Default::default()
    };
    let errors = empty.check(NOW).unwrap_err();
    for field in [
        "titre",
        "description",
        "nature",
        "public",
        "visio",
        "region",
        "capacite",
        "date",
        "debut",
        "fin",
    ] {
        assert!(errors.get(field).is_some(), "{field}");
    }
}

#[test]
fn a_gathering_ends_after_it_starts_and_starts_in_the_future() {
    let backwards = GatheringForm {
        fin: "13:00".into(),
        ..form()
    };
    assert!(backwards.check(NOW).unwrap_err().get("fin").is_some());
    let past = GatheringForm {
        date: "15/11/2026".into(),
        ..form()
    };
    assert!(past.check(NOW).unwrap_err().get("date").is_some());
}

#[test]
fn the_msps_groups_are_seen_only_by_msps_and_the_ccoms() {
    assert!(!Audience::Msps.visible_to(None));
    assert!(!Audience::Msps.visible_to(Some(Role::Recruiter)));
    assert!(Audience::Msps.visible_to(Some(Role::Msp)));
    assert!(Audience::Msps.visible_to(Some(Role::Coordinator)));
    assert!(Audience::Teams.visible_to(None));
    assert!(!Audience::seen_by(Some(Role::Candidate)).contains(&"msp"));
    assert!(!Audience::Msps.has_public_feed() && Audience::Public.has_public_feed());
}

#[test]
fn each_audience_admits_its_roles_and_the_ccoms() {
    assert!(Audience::Teams.admits(Role::Recruiter) && !Audience::Teams.admits(Role::Candidate));
    assert!(Audience::Msps.admits(Role::Msp) && !Audience::Msps.admits(Role::Recruiter));
    assert!(Audience::Public.admits(Role::Candidate));
    assert!(Audience::Ars.admits(Role::Coordinator));
}

#[test]
fn a_full_gathering_puts_newcomers_on_the_waiting_list() {
    assert_eq!(Place::for_newcomer(Some(2), 1), Place::Registered);
    assert_eq!(Place::for_newcomer(Some(2), 2), Place::Waiting);
    assert_eq!(Place::for_newcomer(None, 500), Place::Registered);
}

#[test]
fn the_reminder_is_due_from_the_day_before_in_paris_until_the_start() {
    let starts = datetime!(2027-01-15 13:00 UTC);
    assert!(!reminder_due(starts, datetime!(2027-01-13 22:59 UTC)));
    // Midnight in Paris on the 14th is 23:00 UTC on the 13th.
    assert!(reminder_due(starts, datetime!(2027-01-13 23:00 UTC)));
    assert!(reminder_due(starts, datetime!(2027-01-15 08:00 UTC)));
    assert!(!reminder_due(starts, starts));
}
