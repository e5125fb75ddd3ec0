use super::*;
use time::macros::date;

/// The cohorts the platform knows on `today` when the CCOMS stored none.
fn known(today: Date) -> Vec<(CohortDates, u32)> {
    with_defaults(Vec::new(), today)
}

#[test]
fn stored_cohorts_stand_and_defaults_fill_the_coming_years() {
    let mut edited = defaults(Track::Bobigny, 2027);
    edited.rhythm = "Huit semaines sur l'année, en présentiel".into();
    let all = with_defaults(vec![(edited.clone(), 3)], date!(2026 - 10 - 01));
    assert_eq!(all.len(), 6, "this year and the next two, both tracks, once each");
    assert!(all.contains(&(edited, 3)));
    assert!(all.contains(&(defaults(Track::Bordeaux, 2028), 0)));
}

#[test]
fn an_offer_leads_to_the_soonest_cohort_its_deadline_reaches() {
    let today = date!(2026 - 10 - 01);
    let cohorts = known(today);
    let name = |deadline| cohort_led_to(&cohorts, Track::Bobigny, today, deadline).map(|c| c.name());
    assert_eq!(name(Some(date!(2026 - 11 - 01))).as_deref(), Some("Bobigny 2027"));
    assert_eq!(name(None).as_deref(), Some("Bobigny 2027"));
    // Past Bobigny 2027's registration (15 December 2026): the next one.
    assert_eq!(name(Some(date!(2027 - 01 - 15))).as_deref(), Some("Bobigny 2028"));
    let late = date!(2026 - 12 - 20);
    let next = cohort_led_to(&known(late), Track::Bobigny, late, None).unwrap();
    assert_eq!(next.name(), "Bobigny 2028");
    let bordeaux = cohort_led_to(&cohorts, Track::Bordeaux, today, Some(date!(2027 - 06 - 15))).unwrap();
    assert_eq!(bordeaux.name(), "Bordeaux 2027");
}

#[test]
fn the_offer_line_gives_the_start_the_first_week_the_cohort_and_its_rhythm() {
    let line = offer_line(&defaults(Track::Bobigny, 2027)).unwrap();
    assert_eq!(
        line,
        "Prise de poste vers le 18 janvier 2027, première semaine de formation le 1er février 2027 \
         (promotion Bobigny 2027). Rythme de la formation : une semaine entière par mois, en présentiel."
    );
    let mut set = defaults(Track::Bordeaux, 2027);
    set.rhythm = "CM et TD à distance, une semaine par mois.".into();
    let line = offer_line(&set).unwrap();
    assert!(line.contains("(promotion Bordeaux 2027)"), "{line}");
    assert!(
        line.ends_with("Rythme de la formation : CM et TD à distance, une semaine par mois."),
        "{line}"
    );
    set.training_weeks.clear();
    assert_eq!(offer_line(&set), None);
}

#[test]
fn a_start_after_the_first_training_week_is_warned_with_the_right_date_and_the_cohort_it_would_reach() {
    let today = date!(2026 - 10 - 01);
    let cohorts = known(today);
    let deadline = Some(date!(2026 - 11 - 01));
    assert_eq!(
        start_date_warning(&cohorts, Track::Bobigny, today, deadline, date!(2027 - 01 - 18)),
        None
    );
    let warning = start_date_warning(&cohorts, Track::Bobigny, today, deadline, date!(2027 - 03 - 01)).unwrap();
    assert!(
        warning
            .contains("tombe après la première semaine de formation de la promotion Bobigny 2027 (1er février 2027)"),
        "{warning}"
    );
    assert!(
        warning.contains("prévoyez la prise de poste vers le 18 janvier 2027"),
        "{warning}"
    );
    assert!(
        warning.contains("rejoindrait plutôt la promotion Bobigny 2028"),
        "{warning}"
    );
}

#[test]
fn a_start_before_the_decision_can_be_made_is_warned() {
    let today = date!(2026 - 10 - 01);
    let cohorts = known(today);
    // Applications close on 1 November: interviews, then the decision on 22 November at best,
    // and two weeks for the person to arrive: not before 6 December.
    let deadline = Some(date!(2026 - 11 - 01));
    assert_eq!(earliest_decision(today, deadline), date!(2026 - 11 - 22));
    let warning = start_date_warning(&cohorts, Track::Bobigny, today, deadline, date!(2026 - 12 - 05)).unwrap();
    assert!(warning.contains("vient trop tôt"), "{warning}");
    assert!(
        warning.contains("pas être prise avant le 22 novembre 2026"),
        "{warning}"
    );
    assert!(
        warning.contains("date limite de candidature du 1er novembre 2026"),
        "{warning}"
    );
    assert!(warning.contains("Pour la promotion Bobigny 2027, prévoyez la prise de poste vers le 18 janvier 2027"));
    assert_eq!(
        start_date_warning(&cohorts, Track::Bobigny, today, deadline, date!(2026 - 12 - 06)),
        None
    );
    // Without a deadline, today is the earliest decision.
    assert_eq!(earliest_decision(today, None), today);
    assert!(start_date_warning(&cohorts, Track::Bobigny, today, None, date!(2026 - 10 - 10)).is_some());
}

#[test]
fn a_bordeaux_start_is_checked_against_september() {
    let today = date!(2027 - 01 - 10);
    let cohorts = known(today);
    let deadline = Some(date!(2027 - 06 - 15));
    assert_eq!(
        start_date_warning(&cohorts, Track::Bordeaux, today, deadline, date!(2027 - 08 - 23)),
        None
    );
    let warning = start_date_warning(&cohorts, Track::Bordeaux, today, deadline, date!(2027 - 09 - 20)).unwrap();
    assert!(
        warning.contains("promotion Bordeaux 2027 (6 septembre 2027)"),
        "{warning}"
    );
    assert!(warning.contains("vers le 23 août 2027"), "{warning}");
    // No cohort of the track known: nothing to contradict.
    let bobigny_only: Vec<_> = cohorts.into_iter().filter(|(c, _)| c.track == Track::Bobigny).collect();
    assert_eq!(
        start_date_warning(&bobigny_only, Track::Bordeaux, today, deadline, date!(2027 - 09 - 20)),
        None
    );
}

#[test]
fn a_hire_joins_the_first_cohort_still_open_to_registration_with_a_place() {
    let today = date!(2026 - 12 - 04);
    let mut cohorts = known(today);
    let name = |cohorts: &[(CohortDates, u32)], track, today| cohort_at_hire(cohorts, track, today).map(|c| c.name());
    assert_eq!(name(&cohorts, Track::Bobigny, today).as_deref(), Some("Bobigny 2027"));
    // Registration closes on 15 December: the day after, the next cohort.
    let after = date!(2026 - 12 - 16);
    assert_eq!(name(&cohorts, Track::Bobigny, after).as_deref(), Some("Bobigny 2028"));
    assert_eq!(name(&cohorts, Track::Bordeaux, today).as_deref(), Some("Bordeaux 2027"));
    // Full, it is skipped.
    for (cohort, enrolled) in &mut cohorts {
        if cohort.name() == "Bobigny 2027" {
            *enrolled = cohort.capacity;
        }
    }
    assert_eq!(name(&cohorts, Track::Bobigny, today).as_deref(), Some("Bobigny 2028"));
    assert_eq!(cohort_at_hire(&[], Track::Bobigny, today), None);
}
