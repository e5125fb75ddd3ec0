//! From the words an imported fiche uses for its terms to the model's values: "Contrat à durée
//! déterminée de 12 mois" is a CDD of 12 months, "Indice majoré 366" an index, "1 850 € brut" an
//! amount. What cannot be read stays as the document's words, for the recruiter to place.

use super::lines::key;
use crate::domain::fiche::{Contract, EuroRange};

/// The contract and, for a fixed term, its length in months.
pub fn contract(text: &str) -> Option<(Contract, Option<u16>)> {
    let folded = key(text);
    let has = |word: &str| folded.split(' ').any(|w| w == word) || folded.contains(word);
    let contract = if has("cdi") || has("duree indeterminee") {
        Contract::Cdi
    } else if has("cdd") || has("duree determinee") {
        Contract::Cdd
    } else if has("titulaire") || has("fonctionnaire") || has("mutation") || has("detachement") {
        Contract::Titulaire
    } else {
        return None;
    };
    let months = (contract == Contract::Cdd).then(|| length_in_months(&folded)).flatten();
    Some((contract, months))
}

/// "12 mois" → 12, "1 an" → 12, "2 ans" → 24.
fn length_in_months(folded: &str) -> Option<u16> {
    let words: Vec<&str> = folded.split(' ').collect();
    words.windows(2).find_map(|pair| {
        let n: u16 = pair[0].parse().ok()?;
        match pair[1] {
            "mois" => Some(n),
            "an" | "ans" => n.checked_mul(12),
            _ => None,
        }
    })
}

/// The pay as an index (when the text names one) or an amount or range in euros.
pub fn pay(text: &str) -> Option<Pay> {
    let folded = key(text);
    let numbers = numbers(text);
    if folded.contains("indice") {
        return numbers
            .iter()
            .find(|n| (200..=1000).contains(*n))
            .map(|n| Pay::Index(*n as u16));
    }
    let amounts: Vec<u32> = numbers
        .into_iter()
        .filter(|n| EuroRange::PLAUSIBLE.contains(n))
        .collect();
    let euros = text.contains('€') || folded.split(' ').any(|w| w == "euros" || w == "eur");
    match amounts.as_slice() {
        [min, max, ..] if euros && max > min => Some(Pay::Euros(EuroRange {
            min: *min,
            max: Some(*max),
        })),
        [amount, ..] if euros => Some(Pay::Euros(EuroRange {
            min: *amount,
            max: None,
        })),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pay {
    Index(u16),
    Euros(EuroRange),
}

/// The whole numbers of a text, thousands written with a space ("1 850") read as one; decimals
/// ("1 850,50") keep their whole part.
fn numbers(text: &str) -> Vec<u32> {
    let mut found = Vec::new();
    let mut digits = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        // A space between groups of three digits is a thousands separator.
        let groups = matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.') && !digits.is_empty();
        let next_is_digit = chars.peek().is_some_and(char::is_ascii_digit);
        if groups && next_is_digit && digits.len() <= 3 {
            continue;
        }
        if c == ',' && next_is_digit {
            // The decimals: skipped.
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        }
        if let Ok(n) = digits.parse() {
            found.push(n);
        }
        digits.clear();
    }
    if let Ok(n) = digits.parse() {
        found.push(n);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contracts_read_as_their_kind_and_length() {
        assert_eq!(
            contract("Contrat à durée déterminée de 12 mois"),
            Some((Contract::Cdd, Some(12)))
        );
        assert_eq!(contract("CDD d'un an renouvelable"), Some((Contract::Cdd, None)));
        assert_eq!(contract("CDD 2 ans"), Some((Contract::Cdd, Some(24))));
        assert_eq!(contract("CDI"), Some((Contract::Cdi, None)));
        assert_eq!(
            contract("Poste ouvert aux titulaires et aux contractuels"),
            Some((Contract::Titulaire, None))
        );
        assert_eq!(contract("Selon profil"), None);
    }

    #[test]
    fn pay_reads_as_an_index_or_euros() {
        assert_eq!(pay("Indice majoré 366"), Some(Pay::Index(366)));
        assert_eq!(
            pay("1 850 € brut mensuel"),
            Some(Pay::Euros(EuroRange { min: 1850, max: None }))
        );
        assert_eq!(
            pay("entre 1800 et 2 100 euros bruts"),
            Some(Pay::Euros(EuroRange {
                min: 1800,
                max: Some(2100)
            }))
        );
        assert_eq!(
            pay("2 045,50 € brut"),
            Some(Pay::Euros(EuroRange { min: 2045, max: None }))
        );
        assert_eq!(pay("Selon la grille de la fonction publique hospitalière"), None);
    }
}
