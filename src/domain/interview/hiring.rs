//! When a hire may be decided (issue 22): after at least one interview took place and every
//! member of its panel filled their evaluation, or on the CCOMS's recorded exception. The
//! dashboard's "days from publication to hire" then counts real recruitments.

/// What the rule reads of one interview of the application, not cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldInterview {
    /// Its end is past.
    pub took_place: bool,
    /// The panel members who have not filled their evaluation, by name.
    pub awaited: Vec<String>,
    /// How many evaluations it has.
    pub evaluations: usize,
}

/// Why a hire cannot be decided yet, in French; `None` when it can.
pub fn hire_blocker(interviews: &[HeldInterview], exception: bool) -> Option<String> {
    if exception {
        return None;
    }
    let held: Vec<&HeldInterview> = interviews.iter().filter(|i| i.took_place).collect();
    if held.is_empty() {
        return Some(
            "Aucun entretien n'a encore eu lieu avec cette personne : l'embauche se décide après l'entretien et l'évaluation du jury (ou sur dérogation du CCOMS)."
                .into(),
        );
    }
    let mut awaited: Vec<&str> = held.iter().flat_map(|i| i.awaited.iter().map(String::as_str)).collect();
    awaited.sort_unstable();
    awaited.dedup();
    if !awaited.is_empty() {
        return Some(format!(
            "L'évaluation de l'entretien n'est pas encore remplie par : {}. L'embauche se décide une fois les évaluations du jury remplies.",
            awaited.join(", ")
        ));
    }
    if held.iter().all(|i| i.evaluations == 0) {
        return Some("L'entretien n'a aucune évaluation : remplissez la grille d'évaluation avant l'embauche.".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interview(took_place: bool, awaited: &[&str], evaluations: usize) -> HeldInterview {
        HeldInterview {
            took_place,
            awaited: awaited.iter().map(|s| s.to_string()).collect(),
            evaluations,
        }
    }

    #[test]
    fn a_hire_follows_an_interview_held_and_evaluated_by_its_whole_panel() {
        assert!(hire_blocker(&[], false).unwrap().contains("Aucun entretien"));
        let coming = [interview(false, &[], 2)];
        assert!(hire_blocker(&coming, false).unwrap().contains("Aucun entretien"));
        let half = [interview(true, &["Léa Cadre"], 1)];
        assert!(hire_blocker(&half, false).unwrap().contains("Léa Cadre"));
        let unevaluated = [interview(true, &[], 0)];
        assert!(hire_blocker(&unevaluated, false).unwrap().contains("aucune évaluation"));
        let done = [interview(true, &[], 2), interview(false, &["Absent"], 0)];
        assert_eq!(
            hire_blocker(&done, false),
            None,
            "a later interview not yet held does not block"
        );
    }

    #[test]
    fn the_ccoms_exception_lets_a_hire_through() {
        assert_eq!(hire_blocker(&[], true), None);
    }
}
