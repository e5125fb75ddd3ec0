use super::*;
use time::macros::date;

fn facts(today: Date) -> PlanFacts {
    PlanFacts {
        today,
        fiche_deadline: None,
        published: false,
        hired: false,
        enrolled: 0,
    }
}

#[test]
fn bobigny_recruits_in_the_autumn_before_and_trains_into_the_next_year() {
    let c = defaults(Track::Bobigny, 2027);
    assert_eq!(c.recruitment_opens, date!(2026 - 09 - 01));
    assert_eq!(c.recruitment_closes, date!(2026 - 12 - 05));
    assert_eq!(c.registration_closes, date!(2026 - 12 - 15));
    assert_eq!(c.training_weeks.len(), 8);
    assert_eq!(c.training_starts(), Some(date!(2027 - 02 - 01)));
    assert_eq!(c.job_starts, date!(2027 - 01 - 18));
    // Into June of the next year, never in July or August.
    assert_eq!(c.training_weeks.last().unwrap().year(), 2028);
    assert_eq!(c.training_weeks.last().unwrap().month(), Month::June);
    assert_eq!(c.training_ends(), Some(date!(2028 - 06 - 09)));
    assert!(c.training_weeks.iter().all(|w| w.weekday() == Weekday::Monday));
    assert!(
        c.training_weeks
            .iter()
            .all(|w| !matches!(w.month(), Month::July | Month::August))
    );
    assert!(c.training_weeks.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(c.capacity, 30);
}

#[test]
fn bordeaux_trains_nine_weeks_from_september_to_june_one_a_month() {
    let c = defaults(Track::Bordeaux, 2027);
    assert_eq!(c.recruitment_opens, date!(2027 - 05 - 01));
    assert_eq!(c.recruitment_closes, date!(2027 - 08 - 31));
    assert_eq!(c.training_weeks.len(), 9);
    assert_eq!(c.training_starts(), Some(date!(2027 - 09 - 06)));
    assert_eq!(c.job_starts, date!(2027 - 08 - 23));
    assert_eq!(c.training_weeks.last().unwrap().month(), Month::June);
    assert_eq!(c.training_weeks.last().unwrap().year(), 2028);
    let mut months: Vec<(i32, Month)> = c.training_weeks.iter().map(|d| (d.year(), d.month())).collect();
    months.dedup();
    assert_eq!(months.len(), 9, "one week a month at most");
}

#[test]
fn weeks_are_spread_one_a_month_when_there_are_as_many_months() {
    let weeks = spread_weeks((2026, Month::September), (2026, Month::December), 4);
    assert_eq!(
        weeks,
        [
            date!(2026 - 09 - 07),
            date!(2026 - 10 - 05),
            date!(2026 - 11 - 02),
            date!(2026 - 12 - 07)
        ]
    );
    assert_eq!(spread_weeks((2026, Month::July), (2026, Month::August), 2), []);
}

#[test]
fn months_are_added_to_the_last_day_of_shorter_months_in_leap_years_too() {
    assert_eq!(add_months(date!(2027 - 01 - 31), 1), date!(2027 - 02 - 28));
    assert_eq!(add_months(date!(2028 - 01 - 31), 1), date!(2028 - 02 - 29));
    assert_eq!(add_months(date!(2028 - 02 - 29), 12), date!(2029 - 02 - 28));
    assert_eq!(add_months(date!(2027 - 11 - 15), 3), date!(2028 - 02 - 15));
    assert_eq!(add_months(date!(2027 - 11 - 15), 0), date!(2027 - 11 - 15));
}

#[test]
fn a_leap_year_shifts_the_first_mondays() {
    // 1 February 2028 is a Tuesday: the first week starts on the 7th.
    let c = defaults(Track::Bobigny, 2028);
    assert_eq!(c.training_starts(), Some(date!(2028 - 02 - 07)));
    assert_eq!(c.job_starts, date!(2028 - 01 - 24));
    // Bobigny 2028's registration closes in December 2027.
    assert_eq!(c.registration_closes, date!(2027 - 12 - 15));
}

#[test]
fn the_plan_for_bobigny_2027_counts_back_from_registration() {
    let c = defaults(Track::Bobigny, 2027);
    let p = plan(&c, &facts(date!(2026 - 06 - 01)));
    let date_of = |step| p.milestones.iter().find(|m| m.step == step).unwrap().date;
    assert_eq!(date_of(Step::Decision), date!(2026 - 12 - 08));
    assert_eq!(date_of(Step::Interviews), date!(2026 - 11 - 24));
    assert_eq!(date_of(Step::ApplicationsClose), date!(2026 - 11 - 17));
    assert_eq!(date_of(Step::Publication), date!(2026 - 10 - 06));
    assert_eq!(date_of(Step::Submission), date!(2026 - 09 - 22));
    assert_eq!(date_of(Step::JobStarts), date!(2027 - 01 - 18));
    assert_eq!(date_of(Step::TrainingWeek(8)), *c.training_weeks.last().unwrap());
    assert_eq!(p.milestones.len(), 7 + 8);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert!(p.reachable && !p.full);
    assert!(p.milestones.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn missed_dates_are_warned_until_the_decision_date_makes_the_cohort_unreachable() {
    let c = defaults(Track::Bobigny, 2027);
    let p = plan(&c, &facts(date!(2026 - 11 - 23)));
    assert!(p.reachable);
    let missed: Vec<Step> = p.milestones.iter().filter(|m| m.missed).map(|m| m.step).collect();
    assert_eq!(missed, [Step::Submission, Step::Publication, Step::ApplicationsClose]);
    assert_eq!(p.warnings.len(), 3);
    assert!(p.warnings[0].contains("Date dépassée") && p.warnings[0].contains("22 septembre 2026"));
    let statuses: Vec<&str> = p.milestones[..3]
        .iter()
        .map(|m| m.status(date!(2026 - 11 - 23)))
        .collect();
    assert_eq!(statuses, ["En retard"; 3]);
    assert_eq!(p.milestones[3].status(date!(2026 - 11 - 23)), "À venir");
    // Published already: those steps are done, only the closing is late.
    let published = plan(
        &c,
        &PlanFacts {
            published: true,
            ..facts(date!(2026 - 11 - 23))
        },
    );
    assert_eq!(published.warnings.len(), 1);
    let late = plan(&c, &facts(date!(2026 - 12 - 09)));
    assert!(!late.reachable);
    assert!(
        late.warnings[0].contains("n'est plus atteignable"),
        "{:?}",
        late.warnings
    );
    // A hire made in time keeps it reachable.
    assert!(
        plan(
            &c,
            &PlanFacts {
                hired: true,
                ..facts(date!(2026 - 12 - 09))
            }
        )
        .reachable
    );
}

#[test]
fn a_fiche_deadline_too_late_makes_the_track_unreachable() {
    let c = defaults(Track::Bobigny, 2027);
    let mut f = facts(date!(2026 - 09 - 01));
    f.fiche_deadline = Some(date!(2026 - 12 - 01));
    let p = plan(&c, &f);
    assert!(!p.reachable);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("1er décembre 2026") && w.contains("inatteignable"))
    );
    f.fiche_deadline = Some(date!(2026 - 11 - 17));
    assert!(plan(&c, &f).reachable);
}

#[test]
fn a_full_cohort_is_warned_and_the_next_reachable_one_is_proposed() {
    let bobigny = defaults(Track::Bobigny, 2027);
    let p = plan(
        &bobigny,
        &PlanFacts {
            enrolled: 30,
            ..facts(date!(2026 - 06 - 01))
        },
    );
    assert!(
        p.full
            && p.warnings
                .iter()
                .any(|w| w.contains("complète : 30 inscriptions pour 30 places"))
    );
    let cohorts = vec![
        (defaults(Track::Bordeaux, 2027), 0),
        (bobigny.clone(), 30),
        (defaults(Track::Bobigny, 2028), 0),
    ];
    let next = next_reachable(&cohorts, &facts(date!(2026 - 06 - 01))).unwrap();
    assert_eq!(next.name(), "Bordeaux 2027");
    // Late in 2026, Bobigny 2027 is out of reach whatever its places.
    let cohorts = vec![(bobigny, 0), (defaults(Track::Bobigny, 2028), 0)];
    let next = next_reachable(&cohorts, &facts(date!(2026 - 12 - 20))).unwrap();
    assert_eq!(next.name(), "Bobigny 2028");
}

#[test]
fn edited_dates_move_the_plan() {
    let mut c = defaults(Track::Bordeaux, 2027);
    c.registration_closes = date!(2027 - 07 - 15);
    let p = plan(&c, &facts(date!(2027 - 01 - 10)));
    let decision = p.milestones.iter().find(|m| m.step == Step::Decision).unwrap();
    assert_eq!(decision.date, date!(2027 - 07 - 08));
    c.training_weeks = parse_weeks("2027-09-13\n11/10/2027").unwrap();
    let p = plan(&c, &facts(date!(2027 - 01 - 10)));
    assert_eq!(p.milestones.len(), 7 + 2);
    assert!(
        p.milestones
            .last()
            .unwrap()
            .label
            .contains("du 11 octobre 2027 au 15 octobre 2027")
    );
}

#[test]
fn typed_weeks_must_be_mondays_in_order() {
    assert!(parse_weeks("2027-09-14").unwrap_err().contains("n'est pas un lundi"));
    assert!(
        parse_weeks("2027-10-11\n2027-09-13")
            .unwrap_err()
            .contains("dans l'ordre")
    );
    assert!(parse_weeks("bientôt").unwrap_err().contains("n'est pas une date"));
    assert!(parse_weeks("  \n").is_err());
    assert!(parse_weeks("9999-12-27").unwrap_err().contains("n'est pas une date"));
}

#[test]
fn in_every_plan_the_steps_come_in_order_and_the_decision_before_the_job_starts() {
    for track in Track::ALL {
        for year in 2026..=2030 {
            let cohort = defaults(track, year);
            let plan = plan(&cohort, &facts(date!(2020 - 01 - 01)));
            let date_of = |step: Step| plan.milestones.iter().find(|m| m.step == step).map(|m| m.date).unwrap();
            let decision = date_of(Step::Decision);
            assert!(
                decision + DECISION_BEFORE_JOB_START <= date_of(Step::JobStarts),
                "{track:?} {year}: decision {decision} too close to the job's start"
            );
            assert!(decision < date_of(Step::RegistrationCloses), "{track:?} {year}");
            let recruitment = [
                Step::Submission,
                Step::Publication,
                Step::ApplicationsClose,
                Step::Interviews,
                Step::Decision,
            ]
            .map(date_of);
            assert!(
                recruitment.windows(2).all(|w| w[0] < w[1]),
                "{track:?} {year}: {recruitment:?}"
            );
        }
    }
}

#[test]
fn a_deadline_past_the_soonest_cohort_is_warned_with_the_cohort_it_leads_to() {
    let cohorts: Vec<(CohortDates, u32)> = [2027, 2028, 2029]
        .into_iter()
        .flat_map(|year| Track::ALL.map(|track| (defaults(track, year), 0)))
        .collect();
    let today = date!(2026 - 10 - 01);
    // Bobigny 2027's registration closes on 15 December 2026: a January deadline misses it.
    let warning = deadline_warning(&cohorts, Track::Bobigny, today, date!(2027 - 01 - 15)).unwrap();
    assert!(warning.contains("promotion Bobigny 2027"), "{warning}");
    assert!(
        warning.contains("elle rejoindrait la promotion Bobigny 2028"),
        "{warning}"
    );
    assert!(warning.contains("15 décembre 2026"), "{warning}");
    // An early enough deadline reaches it; Bordeaux 2027 is still open in January.
    assert_eq!(
        deadline_warning(&cohorts, Track::Bobigny, today, date!(2026 - 11 - 01)),
        None
    );
    assert_eq!(
        deadline_warning(&cohorts, Track::Bordeaux, today, date!(2027 - 01 - 15)),
        None
    );
}

#[test]
fn the_bordeaux_plan_decides_two_weeks_before_the_job_starts_every_year_from_2026_to_2030() {
    for year in 2026..=2030 {
        let cohort = defaults(Track::Bordeaux, year);
        let plan = plan(&cohort, &facts(date!(2020 - 01 - 01)));
        let date_of = |step: Step| plan.milestones.iter().find(|m| m.step == step).map(|m| m.date).unwrap();
        // The job starts in late August, before registration closes: the start leads.
        assert!(cohort.job_starts < cohort.registration_closes, "{year}");
        assert_eq!(
            date_of(Step::Decision),
            cohort.job_starts - DECISION_BEFORE_JOB_START,
            "{year}"
        );
        assert!(date_of(Step::Decision) < date_of(Step::JobStarts), "{year}");
        // The plan reads in the order of its dates.
        let index = |step: Step| plan.milestones.iter().position(|m| m.step == step).unwrap();
        assert!(index(Step::Decision) < index(Step::JobStarts), "{year}");
    }
    let bordeaux_2027 = plan(&defaults(Track::Bordeaux, 2027), &facts(date!(2027 - 01 - 01)));
    let decision = bordeaux_2027
        .milestones
        .iter()
        .find(|m| m.step == Step::Decision)
        .unwrap();
    assert_eq!(decision.date, date!(2027 - 08 - 09));
}

#[test]
fn a_cohort_edited_with_an_early_start_still_decides_before_it() {
    let mut c = defaults(Track::Bobigny, 2027);
    c.job_starts = date!(2026 - 12 - 01);
    let p = plan(&c, &facts(date!(2026 - 06 - 01)));
    let date_of = |step: Step| p.milestones.iter().find(|m| m.step == step).map(|m| m.date).unwrap();
    assert_eq!(date_of(Step::Decision), date!(2026 - 11 - 17));
    assert!(date_of(Step::Decision) + DECISION_BEFORE_JOB_START <= date_of(Step::JobStarts));
}
