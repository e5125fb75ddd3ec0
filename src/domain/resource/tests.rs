use super::*;

fn input() -> ResourceInput {
    ResourceInput {
        title: "Accueillir un médiateur de santé-pair".into(),
        summary: "Comment préparer l'équipe avant l'arrivée.".into(),
        audiences: vec!["equipes".into(), "encadrement".into()],
        themes: vec!["accueil".into()],
        dated: "2026-03-15".into(),
        visibility: "public".into(),
        link: String::new(),
    }
}

#[test]
fn a_complete_file_form_is_accepted_with_its_codes_in_the_lists_order() {
    let mut typed = input();
    typed.audiences = vec!["encadrement".into(), "equipes".into(), "inconnu".into()];
    let fields = check_resource(&typed, false).unwrap();
    assert_eq!(fields.audiences, vec!["equipes", "encadrement"]);
    assert_eq!(fields.visibility, Visibility::Public);
    assert_eq!(fields.dated.to_string(), "2026-03-15");
}

#[test]
fn every_missing_field_gets_its_own_message() {
    let errors = check_resource(&ResourceInput::default(), false).unwrap_err();
    for field in ["titre", "resume", "publics", "themes", "date", "visibilite"] {
        assert!(errors.get(field).is_some(), "{field}");
    }
}

#[test]
fn a_link_must_be_https_and_is_required_only_for_a_link() {
    let mut typed = input();
    typed.link = "http://exemple.fr/guide.pdf".into();
    assert!(check_resource(&typed, true).unwrap_err().get("lien").is_some());
    typed.link = String::new();
    assert!(check_resource(&typed, true).unwrap_err().get("lien").is_some());
    typed.link = "https://exemple.fr/guide".into();
    assert_eq!(check_resource(&typed, true).unwrap().link, "https://exemple.fr/guide");
    assert!(check_resource(&typed, false).unwrap_err().get("lien").is_some());
}

#[test]
fn sizes_read_in_french() {
    assert_eq!(french_size(820), "820 octets");
    assert_eq!(french_size(34 * 1024), "34 Ko");
    assert_eq!(french_size(1_258_291), "1,2 Mo");
    assert_eq!(french_size(1024 * 1024), "1 Mo");
}
