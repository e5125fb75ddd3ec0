//! Which cohort a fiche leads to, and what in the fiche contradicts it: the line each offer
//! shows, the warnings on a start date the recruiter and the CCOMS read, and the cohort a hire
//! enrols in.

use time::Date;

use super::plan::{APPLICATIONS_CLOSE_BEFORE_INTERVIEWS, DECISION_BEFORE_JOB_START, INTERVIEWS_BEFORE_DECISION};
use super::{CohortDates, PlanFacts, candidate_years, defaults, next_reachable};
use crate::domain::calendar::french_date;
use crate::domain::fiche::Track;

/// Every cohort a fiche or a project may aim at: the stored ones (with how many are enrolled),
/// and DESIGN's defaults for the coming years the CCOMS has not set yet.
pub fn with_defaults(mut stored: Vec<(CohortDates, u32)>, today: Date) -> Vec<(CohortDates, u32)> {
    for track in Track::ALL {
        for year in candidate_years(today) {
            if !stored.iter().any(|(c, _)| c.track == track && c.year == year) {
                stored.push((defaults(track, year), 0));
            }
        }
    }
    stored
}

/// The cohort a fiche of this licence leads to, seen on `today`: the soonest one of its track
/// still reachable with its deadline (when it has one), with a place left.
pub fn cohort_led_to(
    cohorts: &[(CohortDates, u32)], track: Track, today: Date, deadline: Option<Date>,
) -> Option<CohortDates> {
    next_reachable(&of_track(cohorts, track), &facts(today, deadline))
}

fn of_track(cohorts: &[(CohortDates, u32)], track: Track) -> Vec<(CohortDates, u32)> {
    cohorts.iter().filter(|(c, _)| c.track == track).cloned().collect()
}

fn facts(today: Date, deadline: Option<Date>) -> PlanFacts {
    PlanFacts {
        today,
        fiche_deadline: deadline,
        published: false,
        hired: false,
        enrolled: 0,
    }
}

/// The line an offer shows of the cohort it leads to: « Prise de poste vers le 18 janvier 2027,
/// première semaine de formation le 1er février 2027 (promotion Bobigny 2027). » and the
/// cohort's rhythm. `None` for a cohort without training weeks, which says nothing useful.
pub fn offer_line(cohort: &CohortDates) -> Option<String> {
    let first_week = cohort.training_starts()?;
    let rhythm = cohort.rhythm.trim().trim_end_matches('.');
    let rhythm = if rhythm.is_empty() {
        String::new()
    } else {
        format!(" Rythme de la formation : {}.", lower_first(rhythm))
    };
    Some(format!(
        "Prise de poste vers le {}, première semaine de formation le {} (promotion {}).{rhythm}",
        french_date(cohort.job_starts),
        french_date(first_week),
        cohort.name()
    ))
}

/// "Une semaine…" read inside a sentence: "une semaine…". A word in capitals (an acronym) stays.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

/// The earliest day a hiring decision can be made on a fiche: after its deadline, the
/// applications are read, the interviews held and the panel decides; never before today.
pub fn earliest_decision(today: Date, deadline: Option<Date>) -> Date {
    deadline
        .map(|d| d + APPLICATIONS_CLOSE_BEFORE_INTERVIEWS + INTERVIEWS_BEFORE_DECISION)
        .map_or(today, |decision| decision.max(today))
}

/// When a fiche's start date contradicts the cohort its licence and deadline lead to: the job
/// starts after the first training week (the person would miss it), or before the decision
/// can be made and the two weeks the person needs. The warning, in French, names the cohort,
/// proposes the start date that fits it and, for a late start, the cohort that start would
/// reach. `None` when the start fits, or no cohort is reachable (the deadline's warning says so).
pub fn start_date_warning(
    cohorts: &[(CohortDates, u32)], track: Track, today: Date, deadline: Option<Date>, start: Date,
) -> Option<String> {
    let cohort = cohort_led_to(cohorts, track, today, deadline)?;
    let first_week = cohort.training_starts()?;
    let proposal = format!(
        "Pour la promotion {}, prévoyez la prise de poste vers le {}, deux semaines avant la première semaine de formation du {}.",
        cohort.name(),
        french_date(cohort.job_starts),
        french_date(first_week)
    );
    if start > first_week {
        let later = of_track(cohorts, track)
            .into_iter()
            .filter(|(c, _)| c.training_starts().is_some_and(|w| w >= start))
            .collect::<Vec<_>>();
        let later = next_reachable(&later, &facts(today, deadline))
            .and_then(|c| Some(format!(" Avec cette date de prise de poste, la personne recrutée rejoindrait plutôt la promotion {}, dont la formation commence le {}.", c.name(), french_date(c.training_starts()?))))
            .unwrap_or_default();
        return Some(format!(
            "La prise de poste du {} tombe après la première semaine de formation de la promotion {} ({}), à laquelle mène la fiche : la personne recrutée en manquerait le début. {proposal}{later}",
            french_date(start),
            cohort.name(),
            french_date(first_week)
        ));
    }
    let decision = earliest_decision(today, deadline);
    if start < decision + DECISION_BEFORE_JOB_START {
        let after_deadline = deadline
            .map(|d| format!(" avec la date limite de candidature du {}", french_date(d)))
            .unwrap_or_default();
        return Some(format!(
            "La prise de poste du {} vient trop tôt : la décision d'embauche ne peut pas être prise avant le {}{after_deadline}, et la personne recrutée a besoin d'au moins deux semaines ensuite pour arriver. {proposal}",
            french_date(start),
            french_date(decision)
        ));
    }
    None
}

/// The cohort a person hired on `today` on a fiche of this licence joins: the first of its
/// track, in order of training start, whose registration is still open and which has a place.
/// The hire is made, so the recruitment's own deadlines no longer matter; registration does.
pub fn cohort_at_hire(cohorts: &[(CohortDates, u32)], track: Track, today: Date) -> Option<CohortDates> {
    let mut open: Vec<&(CohortDates, u32)> = cohorts
        .iter()
        .filter(|(c, enrolled)| c.track == track && c.registration_closes >= today && *enrolled < c.capacity)
        .collect();
    open.sort_by_key(|(c, _)| (c.training_starts(), c.year));
    open.first().map(|(c, _)| c.clone())
}

#[cfg(test)]
mod tests;
