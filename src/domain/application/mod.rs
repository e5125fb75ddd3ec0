//! Applications to an offer (DESIGN §3): their states and who may move them, what an applicant
//! gives (and never gives), the decision e-mails' templates, and when personal data must go.

mod applicant;
mod retention;
pub mod stored_document;
mod templates;

pub use applicant::{Applicant, ApplicantInput, MAX_MESSAGE_CHARS, parse_phone};
pub use retention::{Retention, RetentionFacts, RetentionPolicy};
pub use templates::{MailTemplate, TemplateKind, TemplateValues};

use super::coded::coded_enum;

coded_enum! {
    /// `recue` → `preselectionnee` → `entretien` → `retenue` → `embauchee`, or `non_retenue`, or
    /// `retiree` by the candidate. Listed in the pipeline's order, the columns of the recruiter's
    /// page; labelled as the candidate and the recruiter read it.
    pub enum ApplicationStatus {
        Recue = ("recue", "Reçue"),
        Preselectionnee = ("preselectionnee", "Présélectionnée"),
        Entretien = ("entretien", "Entretien"),
        Retenue = ("retenue", "Retenue"),
        Embauchee = ("embauchee", "Embauché·e"),
        NonRetenue = ("non_retenue", "Non retenue"),
        Retiree = ("retiree", "Retirée"),
    }
}

impl ApplicationStatus {
    /// Nothing follows: the recruitment is over for this application.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Embauchee | ApplicationStatus::NonRetenue | ApplicationStatus::Retiree
        )
    }

    /// Where a recruiter may send an application from here. Moves go forward only, so that each
    /// one is a decision the candidate is told about once; a refusal is possible at every step.
    pub fn recruiter_moves(self) -> &'static [ApplicationStatus] {
        use ApplicationStatus::*;
        match self {
            Recue => &[Preselectionnee, NonRetenue],
            Preselectionnee => &[Entretien, NonRetenue],
            Entretien => &[Retenue, NonRetenue],
            Retenue => &[Embauchee, NonRetenue],
            Embauchee | NonRetenue | Retiree => &[],
        }
    }

    /// A recruiter's move, or why not, in French.
    pub fn move_to(self, to: ApplicationStatus) -> Result<ApplicationStatus, String> {
        if self.recruiter_moves().contains(&to) {
            Ok(to)
        } else if self.is_final() {
            Err(format!(
                "Cette candidature est close (« {} ») : son état ne change plus.",
                self.label()
            ))
        } else {
            Err(format!(
                "Une candidature « {} » ne peut pas passer à « {} ».",
                self.label(),
                to.label()
            ))
        }
    }

    /// The candidate withdraws: possible until the recruitment is over for them.
    pub fn withdraw(self) -> Result<ApplicationStatus, String> {
        if self.is_final() {
            Err("Cette candidature est déjà close : il n'y a plus rien à retirer.".into())
        } else {
            Ok(ApplicationStatus::Retiree)
        }
    }

    /// The decision e-mail a move to this state sends the candidate.
    pub fn template(self) -> Option<TemplateKind> {
        match self {
            ApplicationStatus::Preselectionnee => Some(TemplateKind::Preselection),
            ApplicationStatus::Entretien => Some(TemplateKind::Entretien),
            ApplicationStatus::Retenue => Some(TemplateKind::Retenue),
            ApplicationStatus::Embauchee => Some(TemplateKind::Embauche),
            ApplicationStatus::NonRetenue => Some(TemplateKind::NonRetenue),
            ApplicationStatus::Recue | ApplicationStatus::Retiree => None,
        }
    }
}

coded_enum! {
    /// A panel member's recommendation after an interview.
    pub enum Recommendation {
        Favorable = ("favorable", "Favorable"),
        Reserve = ("reserve", "Favorable avec réserves"),
        Defavorable = ("defavorable", "Défavorable"),
    }
}

/// How a panel member rates one competence of the fiche: words, not scores, so that nothing
/// adds up into an automatic ranking.
pub const RATINGS: [(&str, &str); 4] = [
    ("a_approfondir", "À approfondir"),
    ("en_partie", "En partie"),
    ("oui", "Oui"),
    ("point_fort", "Point fort"),
];

pub fn rating_label(code: &str) -> &'static str {
    RATINGS.iter().find(|(c, _)| *c == code).map_or("—", |(_, label)| label)
}

#[cfg(test)]
mod tests;
