use super::*;

fn form(name: &str) -> ProfileForm {
    ProfileForm {
        nom: name.into(),
        ..ProfileForm::blank()
    }
}

#[test]
fn a_member_must_choose_the_name_shown_and_nothing_else() {
    let errors = form("  ").parse(2026).unwrap_err();
    assert!(errors.get("nom").is_some());
    let profile = form("Lune").parse(2026).unwrap();
    assert_eq!(profile.shown_name, "Lune");
    assert_eq!((profile.region, profile.year, profile.track), (None, None, None));
    assert!(
        profile.accepts_messages,
        "a first visit accepts messages until unticked"
    );
}

#[test]
fn region_year_and_track_are_checked_with_a_message_each() {
    let bad = ProfileForm {
        region: "99".into(),
        annee: "2008".into(),
        parcours: "lyon".into(),
        ..form("Lune")
    };
    let errors = bad.parse(2026).unwrap_err();
    for field in ["region", "annee", "parcours"] {
        assert!(errors.get(field).is_some(), "{field}");
    }
    let good = ProfileForm {
        region: "11".into(),
        annee: "2027".into(),
        parcours: "bordeaux".into(),
        ..form("Lune")
    };
    let profile = good.parse(2026).unwrap();
    assert_eq!(profile.region.unwrap().code, "11");
    assert_eq!(profile.year, Some(2027));
    assert_eq!(profile.track, Some(Track::Bordeaux));
    assert_eq!(ProfileForm::of(&profile).parse(2026).unwrap(), profile);
}

#[test]
fn filters_keep_the_members_that_match_each_given_field() {
    let profile = ProfileForm {
        region: "84".into(),
        parcours: "bobigny".into(),
        sujets: "Pair-aidance, intervision, équipe mobile".into(),
        ..form("Lune")
    }
    .parse(2026)
    .unwrap();
    assert!(Filter::default().keeps(&profile));
    let by = |region: &str, parcours: &str, sujet: &str| Filter {
        region: region.into(),
        parcours: parcours.into(),
        sujet: sujet.into(),
    };
    assert!(by("84", "bobigny", "EQUIPE").keeps(&profile));
    assert!(!by("11", "", "").keeps(&profile));
    assert!(!by("", "bordeaux", "").keeps(&profile));
    assert!(!by("", "", "logement").keeps(&profile));
}

#[test]
fn messages_and_reasons_are_required_and_bounded() {
    assert!(parse_message(" ").is_err());
    assert!(parse_message(&"a".repeat(MESSAGE_MAX_CHARS + 1)).is_err());
    assert_eq!(parse_message(" Bonjour ").unwrap(), "Bonjour");
    assert!(parse_reason("").is_err());
}
