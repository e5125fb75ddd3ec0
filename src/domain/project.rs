//! A post project (DESIGN §3): a team's project to create an MSP post, accompanied by the CCOMS
//! from the first questions to the post made permanent.

pub mod accompaniment;
pub mod form;
pub mod readiness;
pub mod stage;

pub use readiness::Readiness;

use serde::{Deserialize, Serialize};

use super::FieldError;
use super::coded::coded_enum;
use super::fiche::{Quotite, Track};
use super::funding::RequestState;

coded_enum! {
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ProjectState {
        Exploration = ("exploration", "Exploration"),
        Accompagnement = ("accompagnement", "Accompagnement par le CCOMS"),
        FicheEnRedaction = ("fiche_en_redaction", "Fiche de poste en rédaction"),
        Publie = ("publie", "Offre publiée"),
        Recrutement = ("recrutement", "Recrutement en cours"),
        Pourvu = ("pourvu", "Poste pourvu"),
        Integration = ("integration", "Intégration"),
        Perennise = ("perennise", "Poste pérennisé"),
        Abandonne = ("abandonne", "Abandonné"),
    }
}

/// What a recruiter states when opening a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProject {
    pub establishment_id: i64,
    pub unit: String,
    pub public_served: String,
    pub quotite: Quotite,
    pub track: Track,
    pub readiness: Readiness,
}

/// A project as stored.
#[derive(Debug, Clone)]
pub struct Project {
    pub id: i64,
    pub establishment_id: i64,
    pub establishment_name: String,
    /// Derived from `facts` and the CCOMS's latest correction ([`stage::stage`]).
    pub state: ProjectState,
    pub facts: stage::Facts,
    /// The CCOMS corrected the stage the events gave.
    pub corrected: bool,
    /// Why the team gave the project up, if it did.
    pub abandon_reason: String,
    /// The latest funding request's state, shown beside the stage (it is not one).
    pub funding: Option<RequestState>,
    pub unit: String,
    pub public_served: String,
    pub quotite: Quotite,
    pub track: Track,
    pub readiness: Readiness,
    pub review: Option<readiness::Review>,
    /// Incremented at every change: a change based on an older version is refused.
    pub version: i64,
    /// The project's fiche, once writing has begun.
    pub fiche_id: Option<i64>,
    /// The year of the cohort of `track` the project aims at, once chosen on its rétroplanning.
    pub target_year: Option<i32>,
}

/// Length limits that keep a field a field.
pub fn check_text(
    field: &'static str, value: &str, label: &str, required: bool, max: usize,
) -> Result<String, FieldError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(FieldError::new(field, format!("Indiquez {label}.")));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("Ce champ compte plus de {max} caractères : raccourcissez-le."),
        ));
    }
    Ok(value.to_string())
}

/// A list typed one item a line (missions, competences): bullets and blank lines dropped, at
/// most `max_lines` items of at most `max_chars` characters each, so that what is stored,
/// versioned and printed stays the size of a fiche.
pub fn check_lines(
    field: &'static str, text: &str, max_lines: usize, max_chars: usize,
) -> Result<Vec<String>, FieldError> {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > max_lines {
        return Err(FieldError::new(
            field,
            format!("Cette liste compte plus de {max_lines} lignes : regroupez-les."),
        ));
    }
    if lines.iter().any(|l| l.chars().count() > max_chars) {
        return Err(FieldError::new(
            field,
            format!("Une ligne compte plus de {max_chars} caractères : raccourcissez-la."),
        ));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lists_are_bounded() {
        assert_eq!(
            check_lines("l", "- un\n\n• deux \n", 2, 10),
            Ok(vec!["un".to_string(), "deux".to_string()])
        );
        assert!(check_lines("l", "a\nb\nc", 2, 10).is_err());
        assert!(check_lines("l", &"x".repeat(11), 2, 10).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for state in ProjectState::ALL {
            assert_eq!(ProjectState::parse(state.as_str()), Some(state));
        }
    }

    #[test]
    fn texts_are_trimmed_required_and_bounded() {
        assert_eq!(check_text("unit", "  HDJ ", "l'unité", true, 10), Ok("HDJ".into()));
        assert_eq!(
            check_text("unit", " ", "l'unité", true, 10).unwrap_err().message,
            "Indiquez l'unité."
        );
        assert!(check_text("unit", "abcdefghijk", "l'unité", false, 10).is_err());
    }
}
