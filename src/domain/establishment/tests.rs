use super::*;

#[test]
fn a_siret_is_fourteen_digits_with_its_luhn_key() {
    assert_eq!(parse_siret(" 267 500 452 00011 "), Ok(Some("26750045200011".into())));
    assert_eq!(parse_siret(""), Ok(None));
    let typo = parse_siret("267 500 452 00010").unwrap_err();
    assert_eq!(typo.field, "siret");
    assert!(typo.message.contains("mal recopié"), "{}", typo.message);
    assert!(
        parse_siret("2675004520001")
            .unwrap_err()
            .message
            .contains("14 chiffres")
    );
    assert!(parse_siret("2675004520001A").is_err());
}

#[test]
fn la_postes_sirets_follow_their_own_rule() {
    // Luhn fails, the sum of the digits is a multiple of 5: INSEE's rule for La Poste.
    assert_eq!(parse_siret("356 000 000 49837"), Ok(Some("35600000049837".into())));
    assert!(parse_siret("35600000000048").is_err());
}

#[test]
fn a_finess_is_nine_characters_corsica_starting_with_2a_or_2b() {
    assert_eq!(parse_finess("750 000 523"), Ok(Some("750000523".into())));
    assert_eq!(parse_finess("2a0000014"), Ok(Some("2A0000014".into())));
    assert_eq!(parse_finess("  "), Ok(None));
    for wrong in ["75000052", "7500005230", "75000052X", "2C0000014"] {
        let error = parse_finess(wrong).unwrap_err();
        assert_eq!(error.field, "finess", "{wrong}");
        assert!(error.message.contains("9 caractères"), "{wrong}");
    }
}

#[test]
fn a_commune_is_one_commune_or_a_message_saying_how_to_name_it() {
    assert_eq!(commune_field("commune", "Chambéry (73000)").unwrap().code, "73065");
    assert_eq!(commune_field("commune", "chambery").unwrap().code, "73065");
    let shared = commune_field("commune", "73000").unwrap_err();
    assert!(shared.message.contains("plusieurs communes"), "{}", shared.message);
    let missing = commune_field("commune", " ").unwrap_err();
    assert_eq!(missing.field, "commune");
    assert!(missing.message.starts_with("Indiquez la commune"));
    let several = commune_field("commune", "Saint-Denis").unwrap_err();
    assert!(
        several.message.contains("précisez le code postal"),
        "{}",
        several.message
    );
    let unknown = commune_field("commune", "Zzyzx").unwrap_err();
    assert_eq!(unknown.field, "commune");
}

fn form() -> EstablishmentForm {
    EstablishmentForm {
        nom: "CH de la Savoie".into(),
        raison_sociale: "Centre hospitalier spécialisé de la Savoie".into(),
        statut: "public".into(),
        adresse: "89 avenue de Bassens".into(),
        commune: "Bassens (73000)".into(),
        siret: String::new(),
        finess: "730000015".into(),
    }
}

#[test]
fn the_establishment_form_reads_every_field_or_says_what_is_wrong_with_each() {
    let draft = form().read().unwrap();
    assert_eq!(draft.commune.name, "Bassens");
    assert_eq!(draft.identity.finess.as_deref(), Some("730000015"));
    assert!(draft.is_public);
    let errors = EstablishmentForm {
        nom: " ".into(),
        statut: "autre".into(),
        siret: "123".into(),
        ..form()
    }
    .read()
    .unwrap_err();
    let fields: Vec<&str> = errors.list.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["nom", "statut", "siret"]);
}

fn registered(id: i64, name: &str, commune: &str, siret: Option<&str>) -> Establishment {
    Establishment {
        id,
        name: name.into(),
        legal_name: name.into(),
        is_public: true,
        street: String::new(),
        postal_code: "73000".into(),
        commune: commune.into(),
        departement_code: "73".into(),
        identity: LegalIdentity {
            siret: siret.map(Into::into),
            finess: None,
        },
    }
}

#[test]
fn a_request_is_matched_by_its_numbers_then_its_name_then_its_commune() {
    let all = [
        registered(1, "Clinique du Lac", "Chambéry", None),
        registered(2, "CHS de la Savoie", "Bassens", None),
        registered(3, "Hôpital Nord", "Lyon", Some("26750045200011")),
        registered(4, "EPSM Ailleurs", "Lille", None),
    ];
    let identity = LegalIdentity {
        siret: Some("26750045200011".into()),
        finess: None,
    };
    let sought = Sought {
        name: "chs de la savoie",
        identity: &identity,
        commune: "Chambéry",
        departement_code: "73",
    };
    let found: Vec<(i64, Likeness)> = likely_matches(&sought, &all, 5)
        .into_iter()
        .map(|(e, l)| (e.id, l))
        .collect();
    assert_eq!(
        found,
        [
            (3, Likeness::SameNumber),
            (2, Likeness::SameName),
            (1, Likeness::SameCommune)
        ]
    );
    assert_eq!(likely_matches(&sought, &all, 1).len(), 1);
    let nothing = LegalIdentity::default();
    let elsewhere = Sought {
        name: "Centre Inconnu",
        identity: &nothing,
        commune: "Brest",
        departement_code: "29",
    };
    assert!(likely_matches(&elsewhere, &all, 5).is_empty());
}

#[test]
fn a_merge_names_two_different_registered_establishments() {
    assert_eq!(Merge::read("2", "5", &[2, 5]).unwrap(), Merge { kept: 2, merged: 5 });
    let same = Merge::read("2", "2", &[2, 5]).unwrap_err();
    assert_eq!(same.get("fusionne"), Some("Choisissez deux établissements différents."));
    let unknown = Merge::read("9", "", &[2, 5]).unwrap_err();
    assert!(unknown.get("garde").is_some() && unknown.get("fusionne").is_some());
}
