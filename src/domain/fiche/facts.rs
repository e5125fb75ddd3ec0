//! The key facts an offer states first, in the order its page and its PDF show them: each only
//! when the fiche says it, except those a candidate always looks for.

use super::FicheContent;
use crate::domain::calendar::french_date;

impl FicheContent {
    /// Label and value of each key fact; `pay` is the pay as [`FicheContent::pay_text`] reads it.
    pub fn key_facts(&self, pay: Option<String>) -> Vec<(&'static str, String)> {
        let said = |text: &str, unsaid: &str| {
            if text.is_empty() {
                unsaid.to_string()
            } else {
                text.to_string()
            }
        };
        let mut working_time = self.quotite_text();
        if !self.working_time.note.is_empty() {
            working_time = format!("{working_time}. {}", self.working_time.note);
        }
        let mut facts = vec![("Temps de travail", working_time)];
        if let Some(contract) = self.contract_text() {
            facts.push(("Contrat", contract));
        }
        if let Some(posts) = self.posts {
            facts.push(("Nombre de postes", posts.to_string()));
        }
        facts.push(("Grade", said(&self.grade, "non précisé")));
        facts.push(("Rémunération", pay.unwrap_or_else(|| "non précisée".into())));
        let nature = self.public_post.nature_label();
        if !nature.is_empty() {
            facts.push(("Nature du poste", nature.to_string()));
        }
        if !self.reference.is_empty() {
            facts.push(("Référence", self.reference.clone()));
        }
        let deadline = self.deadline.map(french_date);
        facts.push((
            "Date limite de candidature",
            deadline.unwrap_or_else(|| "non précisée".into()),
        ));
        facts.push(("Prise de poste", self.start_text()));
        facts
    }

    /// Whether the fiche has anything to say under "Diplôme et formation".
    pub fn has_training_section(&self) -> bool {
        !self.diploma.is_empty() || self.track.is_some() || !self.training.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Contract, FicheContent, PublicPost, Quotite, WorkingTime};

    #[test]
    fn facts_say_what_the_fiche_says_and_nothing_more() {
        let content = FicheContent {
            working_time: WorkingTime {
                quotite: Quotite::TempsPlein,
                percent: Some(100),
                percent_max: None,
                adaptable: true,
                note: "Possibilité de temps partiel selon le projet de la personne".into(),
            },
            contract: Some(Contract::Cdd),
            contract_months: Some(12),
            posts: Some(2),
            reference: "AV-2024-17".into(),
            public_post: PublicPost {
                nature: "vacance".into(),
                ..PublicPost::default()
            },
            ..FicheContent::default()
        };
        let facts = content.key_facts(None);
        let labels: Vec<&str> = facts.iter().map(|(label, _)| *label).collect();
        assert_eq!(
            labels,
            [
                "Temps de travail",
                "Contrat",
                "Nombre de postes",
                "Grade",
                "Rémunération",
                "Nature du poste",
                "Référence",
                "Date limite de candidature",
                "Prise de poste"
            ]
        );
        assert_eq!(
            facts[0].1,
            "Temps plein (100\u{a0}%), adaptable. Possibilité de temps partiel selon le projet de la personne"
        );
        assert_eq!(facts[5].1, "Vacance de poste");
        let bare: Vec<&str> = FicheContent::default()
            .key_facts(None)
            .into_iter()
            .map(|(label, _)| label)
            .collect();
        assert_eq!(
            bare,
            [
                "Temps de travail",
                "Grade",
                "Rémunération",
                "Date limite de candidature",
                "Prise de poste"
            ]
        );
    }
}
