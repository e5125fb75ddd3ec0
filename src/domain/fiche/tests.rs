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
