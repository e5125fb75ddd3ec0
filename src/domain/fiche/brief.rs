//! « En bref » (issue 23): three to five plain sentences the recruiter writes, shown first on
//! the offer's page. The editor guides and measures it; a fiche without it may still be
//! published, with a warning.

use super::FicheContent;
use crate::domain::readability::Readability;

/// The longest « En bref » the editor keeps: five sentences leave room to spare.
pub const MAX_BRIEF_CHARS: usize = 1200;

/// The editor's example, from the demo's CMP offer of Haute-Vienne.
pub const EXAMPLE: &str = "Vous rejoignez l'équipe d'un centre de consultation, en ville et à la campagne. Vous accompagnez des adultes qui vivent avec des troubles psychiques. Votre propre parcours de rétablissement est votre force dans ce travail. Vous êtes formé à l'université pendant le poste, sans frais pour vous.";

/// The fiche's warning when « En bref » is empty: a warning, never a block.
pub fn missing_warning(content: &FicheContent) -> Option<&'static str> {
    content.in_brief.trim().is_empty().then_some(
        "« En bref » est vide : sans ces trois à cinq phrases simples en tête de l'offre, une personne qui lit difficilement doit tout lire pour comprendre le poste. La fiche peut être publiée sans.",
    )
}

/// What the editor says of the saved « En bref »: how easy it reads, and whether it holds
/// three to five sentences.
pub fn note(content: &FicheContent) -> Option<String> {
    let measure = Readability::of(&content.in_brief)?;
    let mut note = format!("Texte enregistré : {}.", measure.verdict());
    if let Some(advice) = measure.length_advice() {
        note.push(' ');
        note.push_str(&advice);
    }
    Some(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_brief_warns_and_a_written_one_is_measured() {
        let mut content = FicheContent::default();
        assert!(missing_warning(&content).is_some());
        assert_eq!(note(&content), None);
        content.in_brief = EXAMPLE.into();
        assert_eq!(missing_warning(&content), None);
        assert_eq!(note(&content).as_deref(), Some("Texte enregistré : facile à lire."));
        content.in_brief = "Un poste. Deux lieux.".into();
        assert_eq!(
            note(&content).as_deref(),
            Some("Texte enregistré : facile à lire. 2 phrases : écrivez trois à cinq phrases.")
        );
    }
}
