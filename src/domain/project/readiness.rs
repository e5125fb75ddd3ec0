//! The team's readiness: the FAQ's questions, asked when the project opens, and the welcome
//! deck's preparation questions (seed 002), which the team answers while the CCOMS accompanies
//! it and which the CCOMS then reviews.

use serde::{Deserialize, Serialize};
use time::Date;

use super::check_text;
use crate::domain::form_errors::FormErrors;

/// The team's answers, in its own words; every answer is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Readiness {
    pub why_now: String,
    pub carried_by: String,
    pub transition: String,
    pub team_wants: String,
    pub recovery_practices: String,
    pub funding: String,
    pub medical_record: String,
    pub home_visits: String,
    pub seeing_alone: String,
    pub former_users: String,
    pub absences: String,
    pub objections: String,
    pub manager_role: String,
    pub supervision: String,
}

/// How long an answer may be.
const MAX_ANSWER: usize = 4000;

impl Readiness {
    /// (field, question) of the FAQ, in its order: asked when the project opens.
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

    /// (field, question) of the welcome deck's preparation: what the team decides before the
    /// MSP arrives.
    pub const PREPARATION: [(&'static str, &'static str); 8] = [
        (
            "medical_record",
            "Le ou la MSP aura-t-il accès au dossier médical ? À quelles conditions ?",
        ),
        ("home_visits", "Fera-t-il ou fera-t-elle des visites à domicile ?"),
        (
            "seeing_alone",
            "Pourra-t-il ou pourra-t-elle voir seul les personnes accompagnées ?",
        ),
        (
            "former_users",
            "Comment l'équipe écarte-t-elle le recrutement d'une personne suivie par le service ?",
        ),
        (
            "absences",
            "Comment l'équipe envisage-t-elle les absences, arrêts maladie compris, comme pour tout collègue ?",
        ),
        (
            "objections",
            "Quelles réticences se sont exprimées dans l'équipe, et qu'en avez-vous dit ?",
        ),
        (
            "manager_role",
            "Quel rôle tiendra l'encadrement dans l'accueil et le suivi du ou de la MSP ?",
        ),
        (
            "supervision",
            "Quelle supervision ou quel temps d'échange entre pairs est prévu ?",
        ),
    ];

    fn fields(&self) -> [(&'static str, &String); 14] {
        [
            ("why_now", &self.why_now),
            ("carried_by", &self.carried_by),
            ("transition", &self.transition),
            ("team_wants", &self.team_wants),
            ("recovery_practices", &self.recovery_practices),
            ("funding", &self.funding),
            ("medical_record", &self.medical_record),
            ("home_visits", &self.home_visits),
            ("seeing_alone", &self.seeing_alone),
            ("former_users", &self.former_users),
            ("absences", &self.absences),
            ("objections", &self.objections),
            ("manager_role", &self.manager_role),
            ("supervision", &self.supervision),
        ]
    }

    fn fields_mut(&mut self) -> [(&'static str, &mut String); 14] {
        [
            ("why_now", &mut self.why_now),
            ("carried_by", &mut self.carried_by),
            ("transition", &mut self.transition),
            ("team_wants", &mut self.team_wants),
            ("recovery_practices", &mut self.recovery_practices),
            ("funding", &mut self.funding),
            ("medical_record", &mut self.medical_record),
            ("home_visits", &mut self.home_visits),
            ("seeing_alone", &mut self.seeing_alone),
            ("former_users", &mut self.former_users),
            ("absences", &mut self.absences),
            ("objections", &mut self.objections),
            ("manager_role", &mut self.manager_role),
            ("supervision", &mut self.supervision),
        ]
    }

    pub fn answer(&self, field: &str) -> &str {
        self.fields()
            .into_iter()
            .find(|(name, _)| *name == field)
            .map_or("", |(_, answer)| answer.as_str())
    }

    /// How many of the preparation questions have an answer.
    pub fn prepared(&self) -> usize {
        Readiness::PREPARATION
            .iter()
            .filter(|(field, _)| !self.answer(field).trim().is_empty())
            .count()
    }

    /// The answers as typed, trimmed and bounded; each too long one gets its message.
    pub fn read(typed: &Readiness, errors: &mut FormErrors) -> Readiness {
        let mut read = Readiness::default();
        for ((field, target), (_, value)) in read.fields_mut().into_iter().zip(typed.fields()) {
            if let Some(text) = errors.check(check_text(field, value, "une réponse", false, MAX_ANSWER)) {
                *target = text;
            }
        }
        read
    }
}

/// The CCOMS's review of the team's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub on: Date,
    pub by: String,
    pub comment: String,
    /// The team changed its answers since.
    pub changed_since: bool,
}

impl Review {
    /// "15 février 2027".
    pub fn day(&self) -> String {
        crate::domain::calendar::french_date(self.on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_names_a_field_that_reads_back() {
        let mut typed = Readiness::default();
        for (field, target) in typed.fields_mut() {
            *target = format!("  réponse à {field} ");
        }
        let mut errors = FormErrors::default();
        let read = Readiness::read(&typed, &mut errors);
        assert!(errors.is_empty());
        for (field, _) in Readiness::QUESTIONS.iter().chain(Readiness::PREPARATION.iter()) {
            assert_eq!(read.answer(field), format!("réponse à {field}"));
        }
        assert_eq!(read.prepared(), 8);
        assert_eq!(Readiness::default().prepared(), 0);
    }

    #[test]
    fn a_too_long_answer_gets_its_message_and_the_others_are_kept() {
        let typed = Readiness {
            supervision: "x".repeat(MAX_ANSWER + 1),
            home_visits: "Oui, en binôme.".into(),
            ..Readiness::default()
        };
        let mut errors = FormErrors::default();
        let read = Readiness::read(&typed, &mut errors);
        assert!(errors.get("supervision").is_some());
        assert_eq!(read.home_visits, "Oui, en binôme.");
    }

    #[test]
    fn answers_stored_before_the_preparation_questions_still_read() {
        let old: Readiness = serde_json::from_str(r#"{"why_now":"Le projet de service"}"#).unwrap();
        assert_eq!(old.why_now, "Le projet de service");
        assert_eq!(old.prepared(), 0);
    }
}
