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
fn pay_is_shown_in_euros_rounded_to_ten() {
    assert_eq!(
        pay_text(376, 4.92278),
        "environ 1\u{a0}850\u{a0}€ brut mensuel (indice majoré 376)"
    );
    assert_eq!(
        pay_text(100, 4.92278),
        "environ 490\u{a0}€ brut mensuel (indice majoré 100)"
    );
}

#[test]
fn only_full_time_is_full_time_for_search_engines() {
    assert_eq!(Quotite::TempsPlein.employment_type(), "FULL_TIME");
    assert_eq!(Quotite::MiTemps.employment_type(), "PART_TIME");
    assert_eq!(Quotite::TempsPartiel.employment_type(), "PART_TIME");
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
