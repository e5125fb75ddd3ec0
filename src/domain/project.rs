//! A post project (DESIGN §3): a team's project to create an MSP post, accompanied by the CCOMS
//! from the first questions to the post made permanent.

pub mod form;

use serde::{Deserialize, Serialize};

use super::FieldError;
use super::coded::coded_enum;
use super::fiche::{Quotite, Track};

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

impl ProjectState {
    /// The state that follows in the pipeline, if any.
    pub fn next(self) -> Option<ProjectState> {
        let pipeline = &ProjectState::ALL[..8];
        let at = pipeline.iter().position(|s| *s == self)?;
        pipeline.get(at + 1).copied()
    }

    /// Where a project may go from here: the next step, or abandon from any live state.
    pub fn allowed_moves(self) -> Vec<ProjectState> {
        let mut moves: Vec<ProjectState> = self.next().into_iter().collect();
        if !matches!(self, ProjectState::Abandonne | ProjectState::Perennise) {
            moves.push(ProjectState::Abandonne);
        }
        moves
    }

    /// Checks a move; an illegal one is refused with a message that says why.
    pub fn move_to(self, to: ProjectState) -> Result<ProjectState, String> {
        if self.allowed_moves().contains(&to) {
            Ok(to)
        } else {
            Err(format!(
                "Un projet à l'étape « {} » ne peut pas passer à « {} ».",
                self.label(),
                to.label()
            ))
        }
    }
}

/// The readiness questions of the FAQ, answered by the team in its own words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Readiness {
    /// Why now?
    pub why_now: String,
    /// Who carries the initiative?
    pub carried_by: String,
    /// Is it a period of transition (direction, head of department, premises)?
    pub transition: String,
    /// Does the team clearly want it?
    pub team_wants: String,
    /// Are its practices oriented towards recovery?
    pub recovery_practices: String,
    /// Is the money there: salary, training, travel?
    pub funding: String,
}

impl Readiness {
    /// (field, question) in the order the FAQ asks them.
    pub const QUESTIONS: [(&'static str, &'static str); 6] = [
        ("why_now", "Pourquoi maintenant ?"),
        ("carried_by", "Qui porte le projet ?"),
        (
            "transition",
            "L'équipe traverse-t-elle une période de transition (direction, chef de service, locaux) ?",
        ),
        (
            "team_wants",
            "L'équipe souhaite-t-elle clairement accueillir un ou une MSP ?",
        ),
        (
            "recovery_practices",
            "Les pratiques de l'équipe sont-elles orientées rétablissement ?",
        ),
        (
            "funding",
            "Le financement est-il prévu : salaire, formation, déplacements ?",
        ),
    ];

    pub fn answer(&self, field: &str) -> &str {
        match field {
            "why_now" => &self.why_now,
            "carried_by" => &self.carried_by,
            "transition" => &self.transition,
            "team_wants" => &self.team_wants,
            "recovery_practices" => &self.recovery_practices,
            "funding" => &self.funding,
            _ => "",
        }
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
    pub state: ProjectState,
    pub unit: String,
    pub public_served: String,
    pub quotite: Quotite,
    pub track: Track,
    pub readiness: Readiness,
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
    fn a_project_moves_one_step_at_a_time_or_is_abandoned() {
        use ProjectState::*;
        assert_eq!(Exploration.move_to(Accompagnement), Ok(Accompagnement));
        assert_eq!(Publie.move_to(Recrutement), Ok(Recrutement));
        assert_eq!(Recrutement.move_to(Abandonne), Ok(Abandonne));
        let refused = Exploration.move_to(Publie).unwrap_err();
        assert!(refused.contains("« Exploration »") && refused.contains("« Offre publiée »"));
        assert!(Abandonne.move_to(Exploration).is_err());
        assert!(Perennise.allowed_moves().is_empty());
        assert!(Abandonne.allowed_moves().is_empty());
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
