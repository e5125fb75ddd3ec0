use time::macros::{date, datetime};

use super::search::{PoolFilter, RawPoolQuery};
use super::*;

fn form(regions: &[&str], departements: &str) -> ProfileForm {
    ProfileForm {
        regions: regions.iter().map(|r| r.to_string()).collect(),
        departements: departements.into(),
        formations: vec!["bobigny".into()],
        ..ProfileForm::blank()
    }
}

fn query(region: &str, departement: &str) -> PoolFilter {
    let raw = RawPoolQuery {
        region: region.into(),
        departement: departement.into(),
        ..Default::default()
    };
    raw.parse().0
}

#[test]
fn a_profile_needs_a_place_and_reads_departement_numbers() {
    let errors = form(&[], "").parse().unwrap_err();
    assert!(errors.get("regions").is_some());
    let errors = form(&[], "69, 99").parse().unwrap_err();
    assert!(errors.get("departements").unwrap().contains("« 99 »"));
    let profile = form(&["53"], "69 2a").parse().unwrap();
    let codes: Vec<String> = profile.areas.iter().map(Area::code).collect();
    assert_eq!(codes, ["r53", "d69", "d2A"]);
    assert_eq!(Area::parse_list(&Area::list_text(&profile.areas)), profile.areas);
    assert_eq!(
        ProfileForm::of(&profile).parse().unwrap(),
        profile,
        "the edit form gives back the profile"
    );
}

#[test]
fn a_region_finds_its_departements_and_a_departement_its_region() {
    let lyon = form(&[], "69").parse().unwrap();
    let bretagne = form(&["53"], "").parse().unwrap();
    let today = date!(2026 - 12 - 04);
    assert!(query("84", "").matches(&lyon, today));
    assert!(query("", "69").matches(&lyon, today));
    assert!(
        !query("", "01").matches(&lyon, today),
        "another département of the region"
    );
    assert!(query("", "29").matches(&bretagne, today));
    assert!(!query("84", "").matches(&bretagne, today));
}

#[test]
fn a_hidden_part_is_never_searched() {
    let mut profile = form(&["84"], "").parse().unwrap();
    let today = date!(2026 - 12 - 04);
    let by_training = RawPoolQuery {
        formation: "bobigny".into(),
        ..Default::default()
    }
    .parse()
    .0;
    assert!(by_training.matches(&profile, today));
    profile.shown.training = false;
    assert!(!by_training.matches(&profile, today));
    profile.shown.areas = false;
    assert!(!query("84", "").matches(&profile, today));
    assert!(PoolFilter::default().matches(&profile, today));
}

#[test]
fn availability_and_working_time_filter_on_what_the_member_said() {
    let mut profile = form(&["84"], "").parse().unwrap();
    profile.available_from = Some(date!(2027 - 02 - 01));
    profile.working_time = PoolWorkingTime::TempsPartiel;
    let today = date!(2026 - 12 - 04);
    let search = |disponible: &str, quotite: &str| {
        RawPoolQuery {
            disponible: disponible.into(),
            quotite: quotite.into(),
            ..Default::default()
        }
        .parse()
        .0
    };
    assert!(!search("maintenant", "").matches(&profile, today));
    assert!(search("3_mois", "").matches(&profile, today));
    assert!(search("", "temps_partiel").matches(&profile, today));
    assert!(!search("", "temps_plein").matches(&profile, today));
    assert_eq!(profile.availability(today), "À partir du 1er février 2027");
}

#[test]
fn a_value_off_the_list_is_said_next_to_its_field() {
    let raw = RawPoolQuery {
        region: "99".into(),
        formation: "bobigny".into(),
        ..Default::default()
    };
    let (filter, errors) = raw.parse();
    assert!(errors.get("region").is_some());
    assert_eq!(filter.training, Some(Training::Bobigny));
}

#[test]
fn a_member_is_forgotten_two_years_after_their_own_last_action() {
    let last = datetime!(2024-12-01 10:00 UTC);
    assert!(!forgotten(last, datetime!(2026-11-30 10:00 UTC), 730));
    assert!(forgotten(last, datetime!(2026-12-01 10:00 UTC), 730));
}

#[test]
fn the_inviter_sees_sent_declined_or_applied_only() {
    assert_eq!(invitation_status(None, false), "Envoyée");
    assert_eq!(invitation_status(Some(InvitationAnswer::Interested), false), "Envoyée");
    assert_eq!(invitation_status(Some(InvitationAnswer::Declined), false), "Déclinée");
    assert_eq!(invitation_status(Some(InvitationAnswer::Declined), true), "A postulé");
}
