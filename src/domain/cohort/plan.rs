//! The backward plan (*rétroplanning*): the dated steps of a recruitment for one cohort, what
//! is late, and which cohort a project can still join.

use time::{Date, Duration};

use super::{CohortDates, week_end};
use crate::domain::calendar::french_date;
use crate::domain::fiche::Track;

/// Who must act for a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Establishment,
    Ccoms,
    EstablishmentAndCcoms,
    University,
    Msp,
}

impl Owner {
    pub fn label(self) -> &'static str {
        match self {
            Owner::Establishment => "L'établissement",
            Owner::Ccoms => "Le CCOMS",
            Owner::EstablishmentAndCcoms => "L'établissement, avec le CCOMS",
            Owner::University => "L'université",
            Owner::Msp => "Le ou la MSP",
        }
    }
}

/// The steps of a recruitment, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submission,
    Publication,
    ApplicationsClose,
    Interviews,
    Decision,
    RegistrationCloses,
    JobStarts,
    TrainingWeek(usize),
}

impl Step {
    /// The plan's line for the step falling on `date`.
    fn label(self, date: Date) -> String {
        match self {
            Step::Submission => "Fiche de poste soumise au CCOMS".into(),
            Step::Publication => "Publication de l'offre".into(),
            Step::ApplicationsClose => "Clôture des candidatures".into(),
            Step::Interviews => "Entretiens de recrutement".into(),
            Step::Decision => "Décision d'embauche".into(),
            Step::RegistrationCloses => "Clôture des inscriptions à l'université".into(),
            Step::JobStarts => "Prise de poste".into(),
            Step::TrainingWeek(n) => format!(
                "Semaine de formation {n} (du {} au {})",
                french_date(date),
                french_date(week_end(date))
            ),
        }
    }

    fn owner(self) -> Owner {
        match self {
            Step::Submission | Step::ApplicationsClose | Step::Decision | Step::JobStarts => Owner::Establishment,
            Step::Publication => Owner::Ccoms,
            Step::Interviews => Owner::EstablishmentAndCcoms,
            Step::RegistrationCloses | Step::TrainingWeek(_) => Owner::University,
        }
    }

    /// A step a team or the CCOMS acts on: when its date passes undone, the team is late.
    /// The university's dates and the training happen whatever the project does.
    fn is_actionable(self) -> bool {
        matches!(
            self,
            Step::Submission | Step::Publication | Step::ApplicationsClose | Step::Interviews | Step::Decision
        )
    }
}

/// One dated line of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub step: Step,
    pub label: String,
    pub date: Date,
    pub owner: Owner,
    /// Already done, from what the platform knows of the project.
    pub done: bool,
    /// The date has passed and the step is not done: a team's action came too late.
    pub missed: bool,
}

impl Milestone {
    pub fn french_date(&self) -> String {
        french_date(self.date)
    }

    /// Where the step stands, as the plan's last column says it.
    pub fn status(&self, today: Date) -> &'static str {
        if self.done {
            "Fait"
        } else if self.missed {
            "En retard"
        } else if self.date < today {
            "Passé"
        } else {
            "À venir"
        }
    }
}

/// How long each step of a recruitment takes, counted backwards from registration closing.
pub const DECISION_BEFORE_REGISTRATION: Duration = Duration::days(7);
/// The person hired needs time to leave a job or arrange their life before starting: the
/// decision comes at least two weeks before the first day in the post.
pub const DECISION_BEFORE_JOB_START: Duration = Duration::days(14);
pub const INTERVIEWS_BEFORE_DECISION: Duration = Duration::days(14);
pub const APPLICATIONS_CLOSE_BEFORE_INTERVIEWS: Duration = Duration::days(7);
/// An offer stays online six weeks.
pub const PUBLICATION_BEFORE_CLOSE: Duration = Duration::days(42);
/// The CCOMS reviews a submitted fiche within two weeks.
pub const SUBMISSION_BEFORE_PUBLICATION: Duration = Duration::days(14);

/// What the platform knows of the project when it draws the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanFacts {
    pub today: Date,
    /// The deadline written in the project's fiche, if any.
    pub fiche_deadline: Option<Date>,
    /// The fiche has been published.
    pub published: bool,
    /// Someone has been hired on the post.
    pub hired: bool,
    /// How many MSPs are already enrolled in the cohort.
    pub enrolled: u32,
}

/// The backward plan for one cohort, with its warnings in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub cohort: CohortDates,
    pub milestones: Vec<Milestone>,
    pub warnings: Vec<String>,
    /// The project can still join this cohort.
    pub reachable: bool,
    pub full: bool,
}

/// The latest dates of the recruitment's steps, counted backwards from registration closing.
struct Deadlines {
    submission: Date,
    publication: Date,
    applications_close: Date,
    interviews: Date,
    decision: Date,
}

impl Deadlines {
    /// Counted back from whichever comes first: registration closing, or the job's start (at
    /// Bordeaux, registration closes after the job starts).
    fn of(cohort: &CohortDates) -> Deadlines {
        let decision = (cohort.registration_closes - DECISION_BEFORE_REGISTRATION)
            .min(cohort.job_starts - DECISION_BEFORE_JOB_START);
        let interviews = decision - INTERVIEWS_BEFORE_DECISION;
        let applications_close = cohort
            .recruitment_closes
            .min(interviews - APPLICATIONS_CLOSE_BEFORE_INTERVIEWS);
        let publication = applications_close - PUBLICATION_BEFORE_CLOSE;
        Deadlines {
            submission: publication - SUBMISSION_BEFORE_PUBLICATION,
            publication,
            applications_close,
            interviews,
            decision,
        }
    }
}

/// Derives the dated milestones of a recruitment for a cohort, backwards from registration
/// closing, and says what is already missed, whether the fiche's deadline leaves time enough,
/// and whether the cohort is full.
pub fn plan(cohort: &CohortDates, facts: &PlanFacts) -> Plan {
    let deadlines = Deadlines::of(cohort);
    let milestones = milestones(cohort, &deadlines, facts);
    let mut warnings = Vec::new();
    let in_time = match lateness(cohort, &deadlines, &milestones, facts) {
        Lateness::TooLate(warning) => {
            warnings.push(warning);
            false
        }
        Lateness::Missed(missed) => {
            warnings.extend(missed);
            true
        }
    };
    let deadline_warning = deadline_too_late(cohort, &deadlines, facts);
    let reachable = in_time && deadline_warning.is_none();
    warnings.extend(deadline_warning);
    let full = facts.enrolled >= cohort.capacity;
    if full {
        warnings.push(full_warning(cohort, facts.enrolled));
    }
    Plan {
        cohort: cohort.clone(),
        milestones,
        warnings,
        reachable,
        full,
    }
}

/// The recruitment's steps, then the university's dates and the training weeks, each marked
/// done from what the platform knows, and missed when its date passed undone.
fn milestones(cohort: &CohortDates, deadlines: &Deadlines, facts: &PlanFacts) -> Vec<Milestone> {
    let published = facts.published || facts.hired;
    let steps = [
        (Step::Submission, deadlines.submission, published),
        (Step::Publication, deadlines.publication, published),
        (Step::ApplicationsClose, deadlines.applications_close, facts.hired),
        (Step::Interviews, deadlines.interviews, facts.hired),
        (Step::Decision, deadlines.decision, facts.hired),
        (Step::RegistrationCloses, cohort.registration_closes, false),
        (Step::JobStarts, cohort.job_starts, false),
    ];
    let weeks = cohort.training_weeks.iter().enumerate();
    let weeks = weeks.map(|(i, monday)| (Step::TrainingWeek(i + 1), *monday, false));
    let mut milestones: Vec<Milestone> = steps
        .into_iter()
        .chain(weeks)
        .map(|(step, date, done)| Milestone {
            label: step.label(date),
            owner: step.owner(),
            missed: step.is_actionable() && !done && date < facts.today,
            step,
            date,
            done,
        })
        .collect();
    // In the order of their dates: at Bordeaux the job starts before registration closes. The
    // sort is stable, so steps of the same day keep the order they happen in.
    milestones.sort_by_key(|m| m.date);
    milestones
}

/// Whether the project is late for the cohort.
enum Lateness {
    /// The decision date has passed with nobody hired: the cohort is out of reach.
    TooLate(String),
    /// Still in time; one warning per step whose date passed undone.
    Missed(Vec<String>),
}

fn lateness(cohort: &CohortDates, deadlines: &Deadlines, milestones: &[Milestone], facts: &PlanFacts) -> Lateness {
    if !facts.hired && facts.today > deadlines.decision {
        return Lateness::TooLate(format!(
            "La promotion {} n'est plus atteignable : la décision d'embauche devait être prise au plus tard le {}, avant la clôture des inscriptions du {}.",
            cohort.name(),
            french_date(deadlines.decision),
            french_date(cohort.registration_closes)
        ));
    }
    Lateness::Missed(
        milestones
            .iter()
            .filter(|m| m.missed)
            .map(|m| {
                format!(
                    "Date dépassée : « {} » était prévue au plus tard le {}. Le calendrier devient serré ; parlez-en au CCOMS.",
                    m.label,
                    m.french_date()
                )
            })
            .collect(),
    )
}

/// The warning when the fiche's deadline for applications leaves no time for the interviews
/// and the decision before registration closes; a hire already made ends the question.
fn deadline_too_late(cohort: &CohortDates, deadlines: &Deadlines, facts: &PlanFacts) -> Option<String> {
    let deadline = facts
        .fiche_deadline
        .filter(|deadline| !facts.hired && *deadline > deadlines.applications_close)?;
    Some(format!(
        "La date limite de candidature de la fiche ({}) est postérieure au {} : il ne resterait pas assez de temps pour les entretiens et la décision avant la clôture des inscriptions du {}. La promotion {} est inatteignable avec cette date.",
        french_date(deadline),
        french_date(deadlines.applications_close),
        french_date(cohort.registration_closes),
        cohort.name()
    ))
}

fn full_warning(cohort: &CohortDates, enrolled: u32) -> String {
    let places = |n: u32, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    format!(
        "La promotion {} est complète : {} pour {}.",
        cohort.name(),
        places(enrolled, "inscription", "inscriptions"),
        places(cohort.capacity, "place", "places")
    )
}

/// The first cohort, in order of training start, that the project can still join and that has
/// a place left. `cohorts` holds each cohort with the number already enrolled.
pub fn next_reachable(cohorts: &[(CohortDates, u32)], facts: &PlanFacts) -> Option<CohortDates> {
    let mut sorted: Vec<&(CohortDates, u32)> = cohorts.iter().collect();
    sorted.sort_by_key(|(c, _)| (c.training_starts(), c.track.as_str()));
    sorted
        .into_iter()
        .map(|(cohort, enrolled)| {
            plan(
                cohort,
                &PlanFacts {
                    enrolled: *enrolled,
                    ..*facts
                },
            )
        })
        .find(|p| p.reachable && !p.full)
        .map(|p| p.cohort)
}

/// When a fiche's deadline leads past the soonest cohort its licence could reach: the warning
/// in French, naming the cohort the person hired would join and the deadline that would reach
/// the soonest one. `None` when the deadline reaches the soonest cohort, or no cohort is known.
pub fn deadline_warning(cohorts: &[(CohortDates, u32)], track: Track, today: Date, deadline: Date) -> Option<String> {
    let of_track: Vec<(CohortDates, u32)> = cohorts.iter().filter(|(c, _)| c.track == track).cloned().collect();
    let facts = PlanFacts {
        today,
        fiche_deadline: None,
        published: false,
        hired: false,
        enrolled: 0,
    };
    let soonest = next_reachable(&of_track, &facts)?;
    let with_deadline = PlanFacts {
        fiche_deadline: Some(deadline),
        ..facts
    };
    let joins = next_reachable(&of_track, &with_deadline);
    if joins.as_ref() == Some(&soonest) {
        return None;
    }
    let latest = Deadlines::of(&soonest).applications_close;
    let then = match &joins {
        Some(later) => format!(
            "elle rejoindrait la promotion {}{}",
            later.name(),
            later
                .training_starts()
                .map(|d| format!(", dont la formation commence le {}", french_date(d)))
                .unwrap_or_default()
        ),
        None => "aucune promotion connue ne l'accueillerait encore".into(),
    };
    Some(format!(
        "Avec cette date limite ({}), la personne recrutée ne pourra pas rejoindre la promotion {} (inscriptions closes le {}) : {then}. Pour la promotion {}, la date limite doit tomber le {} au plus tard.",
        french_date(deadline),
        soonest.name(),
        french_date(soonest.registration_closes),
        soonest.name(),
        french_date(latest)
    ))
}

/// The cohorts a project may aim at from `today`: for each track, this year's and the next two,
/// with the defaults where the CCOMS has not set them yet.
pub fn candidate_years(today: Date) -> [i32; 3] {
    [today.year(), today.year() + 1, today.year() + 2]
}
