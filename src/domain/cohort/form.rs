//! The cohort form the CCOMS edits: its dates as typed, read into [`CohortDates`] with a
//! French message per field.

use serde::Deserialize;

use super::{CohortDates, parse_weeks};
use crate::domain::calendar::parse_form_date;
use crate::domain::form_errors::FormErrors;

/// Every field as typed, each optional.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CohortForm {
    pub version: String,
    pub recruitment_opens: String,
    pub recruitment_closes: String,
    pub registration_closes: String,
    pub job_starts: String,
    pub training_weeks: String,
    pub capacity: String,
    pub rhythm: String,
}

impl CohortForm {
    /// The form as the page shows a stored cohort.
    pub fn of(dates: &CohortDates, version: i64) -> CohortForm {
        CohortForm {
            version: version.to_string(),
            recruitment_opens: dates.recruitment_opens.to_string(),
            recruitment_closes: dates.recruitment_closes.to_string(),
            registration_closes: dates.registration_closes.to_string(),
            job_starts: dates.job_starts.to_string(),
            training_weeks: dates
                .training_weeks
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            capacity: dates.capacity.to_string(),
            rhythm: dates.rhythm.clone(),
        }
    }

    /// The version the form was read at; an unreadable one matches no stored version.
    pub fn version(&self) -> i64 {
        self.version.parse().unwrap_or(-1)
    }

    /// The cohort's new dates (its track and year unchanged), or every field's error.
    pub fn read(&self, cohort: &CohortDates) -> Result<CohortDates, FormErrors> {
        let mut errors = FormErrors::default();
        let mut date = |field: &'static str, value: &str, what: &str| {
            let parsed = parse_form_date(value);
            if parsed.is_none() {
                errors.add(field, format!("Indiquez {what} (par exemple 2026-12-15)."));
            }
            parsed
        };
        let opens = date(
            "recruitment_opens",
            &self.recruitment_opens,
            "l'ouverture du recrutement",
        );
        let closes = date("recruitment_closes", &self.recruitment_closes, "la fin du recrutement");
        let registration = date(
            "registration_closes",
            &self.registration_closes,
            "la clôture des inscriptions",
        );
        let job = date("job_starts", &self.job_starts, "la prise de poste");
        let weeks = parse_weeks(&self.training_weeks)
            .map_err(|m| errors.add("training_weeks", m))
            .ok();
        let capacity = self
            .capacity
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|c| (1..=500).contains(c));
        if capacity.is_none() {
            errors.add(
                "capacity",
                "Indiquez le nombre de places, un nombre entier (par exemple 30).",
            );
        }
        let rhythm = read_rhythm(&self.rhythm).map_err(|m| errors.add("rhythm", m)).ok();
        if let (Some(o), Some(c)) = (opens, closes)
            && o > c
        {
            errors.add("recruitment_closes", "La fin du recrutement doit suivre son ouverture.");
        }
        if let (Some(j), Some(w)) = (job, weeks.as_ref().and_then(|w| w.first()))
            && j > *w
        {
            errors.add(
                "job_starts",
                "La prise de poste doit précéder la première semaine de formation.",
            );
        }
        match (opens, closes, registration, job, weeks, capacity, rhythm) {
            (Some(opens), Some(closes), Some(registration), Some(job), Some(weeks), Some(capacity), Some(rhythm))
                if errors.is_empty() =>
            {
                Ok(CohortDates {
                    recruitment_opens: opens,
                    recruitment_closes: closes,
                    registration_closes: registration,
                    job_starts: job,
                    training_weeks: weeks,
                    capacity,
                    rhythm,
                    ..cohort.clone()
                })
            }
            _ => Err(errors),
        }
    }
}

/// The longest rhythm a cohort may state: one sentence, shown on each offer's cohort line.
pub const RHYTHM_MAX_CHARS: usize = 200;

/// The rhythm as typed, on one line, spaces tidied: one sentence candidates read on the offers.
pub fn read_rhythm(typed: &str) -> Result<String, String> {
    let rhythm = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if rhythm.is_empty() {
        return Err(
            "Indiquez le rythme de la formation (par exemple : Une semaine entière par mois, en présentiel).".into(),
        );
    }
    if rhythm.chars().count() > RHYTHM_MAX_CHARS {
        return Err(format!(
            "Décrivez le rythme en {RHYTHM_MAX_CHARS} caractères au plus : une phrase suffit."
        ));
    }
    Ok(rhythm)
}
