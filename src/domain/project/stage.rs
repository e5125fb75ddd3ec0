//! A project's stage, derived from what happened (DESIGN §3): nobody moves a project by hand
//! past its events; the CCOMS may correct the derived stage, with a written reason.

use time::Date;

use super::ProjectState;

/// What the records of the other modules say happened to a project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// A meeting of the CCOMS with the team is on record.
    pub met: bool,
    /// A fiche was started for the project.
    pub fiche_started: bool,
    /// One of its fiches was published.
    pub published: bool,
    /// Someone applied to one of its fiches.
    pub applied: bool,
    /// Someone was hired on one of its fiches.
    pub hired: bool,
    /// The first day of a hired MSP in the team, once set.
    pub arrival: Option<Date>,
    /// What the establishment recorded at the end of the subsidy: the post kept, or not.
    pub kept: Option<bool>,
    /// The team gave the project up.
    pub abandoned: bool,
}

/// A correction by the CCOMS: the stage it set, and the stage the events gave when it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correction {
    pub derived: ProjectState,
    pub stage: ProjectState,
}

/// Where a stage sits in the pipeline; an abandoned project is off it.
fn rank(stage: ProjectState) -> Option<usize> {
    ProjectState::ALL[..8].iter().position(|s| *s == stage)
}

/// The stage the events alone give, on `today`.
pub fn from_events(facts: &Facts, today: Date) -> ProjectState {
    use ProjectState::*;
    if facts.abandoned || facts.kept == Some(false) {
        return Abandonne;
    }
    let reached = [
        (facts.kept == Some(true), Perennise),
        (facts.arrival.is_some_and(|day| day <= today), Integration),
        (facts.hired, Pourvu),
        (facts.applied, Recrutement),
        (facts.published, Publie),
        (facts.fiche_started, FicheEnRedaction),
        (facts.met, Accompagnement),
    ];
    reached
        .into_iter()
        .find_map(|(happened, stage)| happened.then_some(stage))
        .unwrap_or(Exploration)
}

/// The project's stage: the events', unless the CCOMS corrected it. A correction holds while
/// the events still give what they gave when it was made; once they move on, a correction that
/// went backwards gives way to them, and one that went further stays the least the project is at.
pub fn stage(facts: &Facts, today: Date, correction: Option<&Correction>) -> ProjectState {
    let derived = from_events(facts, today);
    let Some(correction) = correction else {
        return derived;
    };
    if correction.derived == derived {
        return correction.stage;
    }
    match (rank(correction.stage), rank(derived)) {
        (Some(corrected), Some(now)) if corrected > now => correction.stage,
        _ => derived,
    }
}

/// What moves a project on from `stage`, said to the people who follow it.
pub fn what_moves_it(stage: ProjectState) -> Option<&'static str> {
    use ProjectState::*;
    Some(match stage {
        Exploration => "la première réunion du CCOMS avec l'équipe, une fois enregistrée par le CCOMS.",
        Accompagnement => "la fiche de poste, dès qu'elle est commencée.",
        FicheEnRedaction => "la publication de l'offre par le CCOMS.",
        Publie => "la première candidature reçue.",
        Recrutement => "l'embauche d'une personne candidate.",
        Pourvu => "le jour d'arrivée du ou de la MSP dans l'équipe.",
        Integration => "le poste déclaré maintenu à la fin de la subvention.",
        Perennise | Abandonne => return None,
    })
}

/// Checks a correction before it is recorded: it changes something and it says why.
pub fn check_correction(current: ProjectState, to: ProjectState, reason: &str) -> Result<(), (&'static str, String)> {
    if to == current {
        return Err((
            "etape",
            format!(
                "Le projet est déjà à l'étape « {} » : choisissez une autre étape.",
                to.label()
            ),
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(("raison", "Indiquez la raison de la correction.".into()));
    }
    if reason.chars().count() > 500 {
        return Err((
            "raison",
            "La raison compte plus de 500 caractères : raccourcissez-la.".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectState::*;
    use time::macros::date;

    const TODAY: Date = date!(2027 - 03 - 01);

    /// The facts of a project that went as far as `stage` by the events alone.
    fn reached(stage: ProjectState) -> Facts {
        let at = rank(stage).unwrap_or(0);
        Facts {
            met: at >= 1,
            fiche_started: at >= 2,
            published: at >= 3,
            applied: at >= 4,
            hired: at >= 5,
            arrival: (at >= 6).then_some(date!(2027 - 02 - 01)),
            kept: (at >= 7).then_some(true),
            abandoned: false,
        }
    }

    #[test]
    fn every_stage_of_the_pipeline_is_reached_by_its_event() {
        for stage in &ProjectState::ALL[..8] {
            assert_eq!(from_events(&reached(*stage), TODAY), *stage);
        }
        assert_eq!(from_events(&Facts::default(), TODAY), Exploration);
    }

    #[test]
    fn a_later_event_counts_even_when_an_earlier_one_is_missing() {
        // A fiche written without a recorded meeting, a hire before any recorded application
        // (an imported one): the furthest event sets the stage.
        let facts = Facts {
            fiche_started: true,
            ..Facts::default()
        };
        assert_eq!(from_events(&facts, TODAY), FicheEnRedaction);
        let facts = Facts {
            hired: true,
            ..Facts::default()
        };
        assert_eq!(from_events(&facts, TODAY), Pourvu);
    }

    #[test]
    fn the_arrival_counts_from_its_day() {
        let facts = Facts {
            arrival: Some(date!(2027 - 03 - 02)),
            ..reached(Pourvu)
        };
        assert_eq!(from_events(&facts, TODAY), Pourvu);
        assert_eq!(from_events(&facts, date!(2027 - 03 - 02)), Integration);
    }

    #[test]
    fn giving_up_or_not_keeping_the_post_ends_the_project() {
        for stage in ProjectState::ALL {
            let abandoned = Facts {
                abandoned: true,
                ..reached(stage)
            };
            assert_eq!(from_events(&abandoned, TODAY), Abandonne);
        }
        let not_kept = Facts {
            kept: Some(false),
            ..reached(Integration)
        };
        assert_eq!(from_events(&not_kept, TODAY), Abandonne);
    }

    #[test]
    fn a_correction_holds_until_the_events_move_on() {
        // The hire fell through: the CCOMS puts the project back to recruiting.
        let back = Correction {
            derived: Pourvu,
            stage: Recrutement,
        };
        assert_eq!(stage(&reached(Pourvu), TODAY, Some(&back)), Recrutement);
        // The next event (the MSP's arrival) gives way to the events again.
        assert_eq!(stage(&reached(Integration), TODAY, Some(&back)), Integration);

        // The offer was published elsewhere: the CCOMS moves it on; the next events do not take
        // it back, and those past it count.
        let further = Correction {
            derived: FicheEnRedaction,
            stage: Publie,
        };
        assert_eq!(stage(&reached(FicheEnRedaction), TODAY, Some(&further)), Publie);
        let met_later = Facts {
            met: true,
            ..reached(FicheEnRedaction)
        };
        assert_eq!(stage(&met_later, TODAY, Some(&further)), Publie);
        assert_eq!(stage(&reached(Pourvu), TODAY, Some(&further)), Pourvu);

        // An abandonment set by the CCOMS lasts while nothing happens, and a project the team
        // gave up stays so unless corrected.
        let ended = Correction {
            derived: Publie,
            stage: Abandonne,
        };
        assert_eq!(stage(&reached(Publie), TODAY, Some(&ended)), Abandonne);
        assert_eq!(stage(&reached(Recrutement), TODAY, Some(&ended)), Recrutement);
        let given_up = Facts {
            abandoned: true,
            ..reached(Publie)
        };
        assert_eq!(stage(&given_up, TODAY, None), Abandonne);
        let reopened = Correction {
            derived: Abandonne,
            stage: Publie,
        };
        assert_eq!(stage(&given_up, TODAY, Some(&reopened)), Publie);
    }

    #[test]
    fn every_path_of_events_and_corrections_gives_a_stage_the_rule_predicts() {
        // Every combination of facts, with and without a correction to every stage made at every
        // derived stage: the result is the correction exactly when it was made at the stage the
        // events give, or when it is further along the pipeline; else the events' stage.
        let bools = [false, true];
        for bits in 0u16..(1 << 9) {
            let bit = |i: u16| bools[usize::from((bits >> i) & 1)];
            let facts = Facts {
                met: bit(0),
                fiche_started: bit(1),
                published: bit(2),
                applied: bit(3),
                hired: bit(4),
                arrival: bit(5).then_some(date!(2027 - 01 - 04)),
                kept: if bit(6) { Some(bit(7)) } else { None },
                abandoned: bit(8),
            };
            let derived = from_events(&facts, TODAY);
            assert_eq!(stage(&facts, TODAY, None), derived);
            for made_at in ProjectState::ALL {
                for to in ProjectState::ALL {
                    let correction = Correction {
                        derived: made_at,
                        stage: to,
                    };
                    let got = stage(&facts, TODAY, Some(&correction));
                    let further = matches!((rank(to), rank(derived)), (Some(a), Some(b)) if a > b);
                    let expected = if made_at == derived || further { to } else { derived };
                    assert_eq!(got, expected, "{facts:?} {correction:?}");
                }
            }
        }
    }

    #[test]
    fn a_correction_changes_the_stage_and_says_why() {
        assert!(check_correction(Publie, Recrutement, "L'offre a circulé par mail.").is_ok());
        assert_eq!(check_correction(Publie, Publie, "x").unwrap_err().0, "etape");
        assert_eq!(check_correction(Publie, Pourvu, "  ").unwrap_err().0, "raison");
        assert_eq!(
            check_correction(Publie, Pourvu, &"x".repeat(501)).unwrap_err().0,
            "raison"
        );
    }
}
