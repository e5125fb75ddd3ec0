//! Facts said in a sentence rather than after a label or under a heading.

use super::lines::{Line, key};
use super::place::{contact, place_line};
use super::{ImportedFiche, facts, set_working_time};

/// Terms of employment said in a sentence rather than after a label: "Contrat à durée déterminée
/// de 12 mois.", "Rémunération selon la grille…", "Poste à pourvoir le 2 mai 2025.", "Poste n° 7".
pub(super) fn terms(draft: &mut ImportedFiche, line: &Line) -> bool {
    let folded = key(&line.text);
    let text = line.text.trim();
    let contract_words = [
        "cdd",
        "cdi",
        "duree determinee",
        "duree indeterminee",
        "contractuel",
        "titulaire",
    ];
    if draft.contract.is_empty()
        && (folded.starts_with("contrat ")
            || contract_words
                .iter()
                .any(|word| folded.split(' ').any(|w| w == *word) || folded.contains(&format!("{word} "))))
        && line.words() <= 14
    {
        draft.contract = text.to_string();
        return true;
    }
    if draft.pay.is_empty() && (folded.starts_with("remuneration ") || folded.starts_with("salaire ")) {
        draft.pay = text
            .split_once(' ')
            .map(|(_, rest)| rest.trim().trim_end_matches('.'))
            .unwrap_or(text)
            .to_string();
        return true;
    }
    let start_words = ["a pourvoir", "prise de poste", "prise de fonction", "a compter du"];
    if start_words.iter().any(|words| folded.contains(words)) {
        match facts::date(text) {
            Some(date) => draft.start_date = Some(date),
            None => return false,
        }
        return true;
    }
    let reference_starts = ["poste n ", "offre n ", "reference ", "ref ", "avis de vacance n "];
    if reference_starts.iter().any(|start| folded.starts_with(start)) {
        let reference = text
            .split_whitespace()
            .rev()
            .find(|word| word.chars().any(|c| c.is_ascii_digit()));
        if let Some(reference) = reference {
            draft.reference = reference.to_string();
            return true;
        }
    }
    false
}

/// "Le Foyer Les Cèdres (Fondation Santé Mentale Ouest) recrute un pair-aidant (H/F) en CDD de
/// 6 mois.": the service, its establishment in brackets, the contract.
pub(super) fn recruiting_sentence(draft: &mut ImportedFiche, line: &Line) -> bool {
    let Some((employer, post)) = line.text.split_once(" recrute ") else {
        return false;
    };
    let employer = employer.trim();
    let employer = ["Le ", "La ", "L'", "L’"]
        .iter()
        .find_map(|article| employer.strip_prefix(article))
        .unwrap_or(employer);
    // "… recrute pour son service d'accompagnement … (SAVS) de Châtenay-Malabry."
    let post_key = key(post);
    if ["pour son ", "pour sa ", "pour ses "]
        .iter()
        .any(|start| post_key.starts_with(start))
    {
        let service = post.trim().splitn(3, ' ').nth(2).unwrap_or_default();
        draft.service = service.trim_end_matches('.').to_string();
        place_line(draft, employer);
        return true;
    }
    match employer.split_once(" (") {
        Some((service, rest)) => {
            draft.service = service.trim().to_string();
            draft.establishment = rest.trim_end_matches(')').trim().to_string();
        }
        None => place_line(draft, employer),
    }
    let folded_post = post.to_lowercase();
    let found = ["cdd", "cdi"].iter().filter_map(|word| folded_post.find(word)).min();
    if let Some(at) = found.filter(|at| post.is_char_boundary(*at)) {
        draft.contract = post[at..].trim().trim_end_matches('.').to_string();
    }
    let (percent, _) = facts::working_time(post);
    if percent.is_some() {
        set_working_time(draft, post);
    }
    true
}

/// "Candidatures à adresser à Mme Nadia Benali, directrice, n.benali@fsmo.fr, avant le …": how
/// to apply, and the person named after a civility as a contact.
pub(super) fn applying_sentence(draft: &mut ImportedFiche, line: &Line) -> bool {
    let emails = facts::emails(&line.text);
    let Some(email) = emails.first() else {
        return false;
    };
    draft.apply_email = email.clone();
    let civilities = [" M. ", " Mme ", " Madame ", " Monsieur ", " Dr ", " Docteur "];
    if let Some(at) = civilities.iter().filter_map(|civility| line.text.find(civility)).min() {
        draft.contacts.push(contact(&line.text[at..]));
    }
    draft.how_to_apply.push(line.text.clone());
    true
}
