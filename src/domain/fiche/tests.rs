use super::*;

#[test]
fn enum_codes_round_trip() {
    for q in Quotite::ALL {
        assert_eq!(Quotite::parse(q.as_str()), Some(q));
    }
    for t in Track::ALL {
        assert_eq!(Track::parse(t.as_str()), Some(t));
    }
    for s in FicheStatus::ALL {
        assert_eq!(FicheStatus::parse(s.as_str()), Some(s));
    }
    assert_eq!(Quotite::parse("plein"), None);
}

#[test]
fn only_full_time_is_full_time_for_search_engines() {
    assert_eq!(Quotite::TempsPlein.employment_type(), Some("FULL_TIME"));
    assert_eq!(Quotite::MiTemps.employment_type(), Some("PART_TIME"));
    assert_eq!(Quotite::TempsPartiel.employment_type(), Some("PART_TIME"));
}

#[test]
fn drafts_and_withdrawn_fiches_are_never_public() {
    let public: Vec<_> = FicheStatus::ALL
        .into_iter()
        .filter(|s| s.is_readable_by_public())
        .collect();
    assert_eq!(public, [FicheStatus::Publiee, FicheStatus::Close]);
}

#[test]
fn a_pay_in_euros_typed_as_an_index_is_questioned() {
    use crate::domain::fiche::form::FicheForm;
    use crate::domain::form_errors::FormErrors;
    let content = crate::domain::fiche_workflow::template("Unité", "Adultes", Quotite::MiTemps, Track::Bobigny);
    let read = |typed: &str| {
        let mut form = FicheForm::of(&content, 1, 1);
        form.pay_index = typed.into();
        let (mut changed, mut errors) = (content.clone(), FormErrors::default());
        form.apply(&mut changed, &mut errors);
        (changed.pay_index, errors.get("pay_index").map(str::to_string))
    };
    assert_eq!(read("376"), (Some(376), None));
    let (_, euros) = read("1 500");
    assert!(euros.unwrap().contains("s'agit-il d'un montant en euros ?"));
    let (_, low) = read("150");
    assert!(low.unwrap().contains("entre 200 et 1 000"));
}

#[test]
fn pay_in_euros_is_read_as_an_amount_or_a_range_and_questioned_when_too_low() {
    use crate::domain::fiche::form::FicheForm;
    use crate::domain::form_errors::FormErrors;
    let content = FicheContent::default();
    let read = |typed: &str| {
        let mut form = FicheForm::of(&content, 1, 1);
        form.pay_euros = typed.into();
        let (mut changed, mut errors) = (content.clone(), FormErrors::default());
        form.apply(&mut changed, &mut errors);
        (changed.pay_euros, errors.get("pay_euros").map(str::to_string))
    };
    assert_eq!(read("1 850 €"), (Some(EuroRange { min: 1850, max: None }), None));
    assert_eq!(
        read("1 800 à 2 100"),
        (
            Some(EuroRange {
                min: 1800,
                max: Some(2100)
            }),
            None
        )
    );
    assert!(read("376").1.unwrap().contains("s'agit-il d'un indice majoré ?"));
    assert!(read("2 100 à 1 800").1.is_some());
    assert!(read("beaucoup").1.is_some());
}

#[test]
fn working_time_may_be_a_range_adaptable_or_left_open_but_not_contradictory() {
    use crate::domain::fiche::form::FicheForm;
    use crate::domain::form_errors::FormErrors;
    let content = FicheContent::default();
    let read = |quotite: &str, percent: &str| {
        let mut form = FicheForm::of(&content, 1, 1);
        form.quotite = quotite.into();
        form.quotite_percent = percent.into();
        form.quotite_note = "Selon le projet de la personne".into();
        let (mut changed, mut errors) = (content.clone(), FormErrors::default());
        form.apply(&mut changed, &mut errors);
        (changed.working_time, errors.get("quotite_percent").is_some())
    };
    let (range, wrong) = read("temps_partiel", "50 à 80");
    assert!(!wrong);
    assert_eq!((range.percent, range.percent_max), (Some(50), Some(80)));
    assert_eq!(range.note, "Selon le projet de la personne");
    let (open, wrong) = read("a_convenir", "");
    assert!(!wrong);
    assert_eq!((open.quotite, open.percent), (Quotite::AConvenir, None));
    assert!(read("temps_plein", "80").1, "a full time at 80 % contradicts itself");
    assert!(read("mi_temps", "50 à 80").1);
    assert!(read("temps_partiel", "100").1);
}

#[test]
fn contract_posts_and_the_application_address_are_checked() {
    use crate::domain::fiche::form::FicheForm;
    use crate::domain::form_errors::FormErrors;
    let content = FicheContent::default();
    let mut form = FicheForm::of(&content, 1, 1);
    form.contract = "cdd".into();
    form.contract_months = "12".into();
    form.posts = "2".into();
    let (mut changed, mut errors) = (content.clone(), FormErrors::default());
    form.apply(&mut changed, &mut errors);
    assert!(errors.is_empty());
    assert_eq!(
        (changed.contract, changed.contract_months, changed.posts),
        (Some(Contract::Cdd), Some(12), Some(2))
    );
    form.contract = "cdi".into();
    form.posts = "0".into();
    let mut errors = FormErrors::default();
    form.apply(&mut changed, &mut errors);
    assert!(errors.get("contract_months").is_some() && errors.get("posts").is_some());

    let mut form = FicheForm::of(&content, 6, 1);
    form.apply_platform = None;
    form.apply_url = "http://hopital.fr/emplois".into();
    let mut errors = FormErrors::default();
    form.apply(&mut changed, &mut errors);
    assert!(errors.get("apply_url").unwrap().contains("https://"));
    assert!(!changed.apply_on_platform);
}

/// What a candidate reads first is searched too: the words of « En bref ».
#[test]
fn the_words_of_en_bref_are_searched() {
    let employer = Employer {
        id: 1,
        name: "CH".into(),
        legal_name: "CH".into(),
        is_public: true,
        street: String::new(),
        postal_code: "69000".into(),
        commune: "Lyon".into(),
        departement_code: "69".into(),
        article: None,
    };
    let content = FicheContent {
        in_brief: "Vous rejoignez une équipe de jardinage thérapeutique.".into(),
        ..FicheContent::default()
    };
    let (_, body) = content.search_terms(&employer);
    let stem = crate::domain::text::analyze("jardinage").remove(0);
    assert!(body.split(' ').any(|term| term == stem), "{body}");
}
