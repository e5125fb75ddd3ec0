//! The terms of a post as real fiches state them: working time as a percentage, a range or
//! "adaptable" with a note; the contract and its length; pay as an index or in euros; how many
//! posts. Every one of them may be left unsaid: a fiche states what the establishment decided.

use serde::{Deserialize, Serialize};

use super::super::coded::coded_enum;

coded_enum! {
    /// Working time (*quotité*) as fiches name it; `AConvenir` when the fiche leaves it open.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Quotite {
        TempsPlein = ("temps_plein", "Temps plein"),
        MiTemps = ("mi_temps", "Mi-temps"),
        TempsPartiel = ("temps_partiel", "Temps partiel"),
        AConvenir = ("a_convenir", "À convenir"),
    }
}

impl Quotite {
    /// The schema.org `employmentType` search engines expect; none when left open.
    pub fn employment_type(self) -> Option<&'static str> {
        match self {
            Quotite::TempsPlein => Some("FULL_TIME"),
            Quotite::MiTemps | Quotite::TempsPartiel => Some("PART_TIME"),
            Quotite::AConvenir => None,
        }
    }
}

/// Working time: its name, its percentage or range of percentages, whether it adapts to the
/// person, and the fiche's own words about it. Field names are those the fiche's versions have
/// always stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingTime {
    pub quotite: Quotite,
    #[serde(rename = "quotite_percent")]
    pub percent: Option<u8>,
    /// The top of a range ("de 50 à 80 %").
    #[serde(rename = "quotite_percent_max", default)]
    pub percent_max: Option<u8>,
    #[serde(rename = "quotite_adaptable")]
    pub adaptable: bool,
    /// "Possibilité d'adaptation de la quotité en temps partiel selon le projet…"
    #[serde(rename = "quotite_note", default)]
    pub note: String,
}

impl WorkingTime {
    /// "Mi-temps (50 %)", "Temps partiel (de 50 à 80 %)", "Temps plein (100 %), adaptable",
    /// "À convenir".
    pub fn text(&self) -> String {
        let mut text = self.quotite.label().to_string();
        match (self.percent, self.percent_max) {
            (Some(low), Some(high)) if high > low => text.push_str(&format!(" (de {low} à {high}\u{a0}%)")),
            (Some(percent), _) => text.push_str(&format!(" ({percent}\u{a0}%)")),
            (None, _) => {}
        }
        if self.adaptable {
            text.push_str(", adaptable");
        }
        text
    }

    /// What a form shows: "50", "50 à 80", or nothing.
    pub fn percent_field(&self) -> String {
        match (self.percent, self.percent_max) {
            (Some(low), Some(high)) if high > low => format!("{low} à {high}"),
            (Some(percent), _) => percent.to_string(),
            (None, _) => String::new(),
        }
    }
}

/// Reads "50", "50 %", "50 à 80", "50-80 %" as a percentage or a range of them; the message
/// says what is wrong.
pub fn parse_percent_range(text: &str) -> Result<Option<(u8, Option<u8>)>, &'static str> {
    let message = "Indiquez un pourcentage entre 10 et 100, ou une fourchette comme « 50 à 80 ».";
    let Some((low, high)) = parse_range(&text.replace('%', "")).map_err(|()| message)? else {
        return Ok(None);
    };
    let in_bounds = |n: u32| (10..=100).contains(&n);
    match high {
        None if in_bounds(low) => Ok(Some((low as u8, None))),
        Some(high) if in_bounds(low) && in_bounds(high) && high > low => Ok(Some((low as u8, Some(high as u8)))),
        _ => Err(message),
    }
}

/// Reads a number or a range of two ("1 800 à 2 100", "1800-2100", "de 50 à 80"), spaces
/// inside numbers allowed; `Ok(None)` when empty.
pub(super) fn parse_range(text: &str) -> Result<Option<(u32, Option<u32>)>, ()> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return Ok(None);
    }
    let text = text.strip_prefix("de ").unwrap_or(&text);
    let number = |part: &str| -> Result<u32, ()> {
        let digits: String = part
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '€'))
            .collect();
        digits.parse::<u32>().map_err(|_| ())
    };
    match [" à ", "-", "–"]
        .iter()
        .find_map(|separator| text.split_once(separator))
    {
        Some((low, high)) => Ok(Some((number(low)?, Some(number(high)?)))),
        None => Ok(Some((number(text)?, None))),
    }
}

coded_enum! {
    /// How the person is employed.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Contract {
        Titulaire = ("titulaire", "Titulaire de la fonction publique"),
        Cdd = ("cdd", "Contrat à durée déterminée (CDD)"),
        Cdi = ("cdi", "Contrat à durée indéterminée (CDI)"),
    }
}

/// "Contrat à durée déterminée (CDD) de 12 mois".
pub fn contract_text(contract: Contract, months: Option<u16>) -> String {
    match (contract, months) {
        (Contract::Cdd, Some(months)) => format!("{} de {months}\u{a0}mois", contract.label()),
        _ => contract.label().to_string(),
    }
}

/// A monthly gross pay in euros, or a range of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EuroRange {
    pub min: u32,
    pub max: Option<u32>,
}

impl EuroRange {
    /// Lower than any monthly gross pay of a post of the programme, even part-time: a number
    /// this small is an index typed in the wrong field, or a typing slip.
    pub const PLAUSIBLE: std::ops::RangeInclusive<u32> = 400..=10_000;

    /// "1 850 € brut mensuel", "de 1 800 à 2 100 € brut mensuel".
    pub fn text(self) -> String {
        match self.max {
            Some(max) if max > self.min => {
                format!("de {} à {}\u{a0}€ brut mensuel", thousands(self.min), thousands(max))
            }
            _ => format!("{}\u{a0}€ brut mensuel", thousands(self.min)),
        }
    }

    /// What a form shows: "1800", "1800 à 2100".
    pub fn field(self) -> String {
        match self.max {
            Some(max) if max > self.min => format!("{} à {max}", self.min),
            _ => self.min.to_string(),
        }
    }
}

/// "1 850", "12 000": thousands apart, with a no-break space.
pub fn thousands(n: u32) -> String {
    match n {
        0..1000 => n.to_string(),
        _ => format!("{}\u{a0}{:03}", thousands(n / 1000), n % 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_alone_or_as_a_range() {
        assert_eq!(parse_percent_range(""), Ok(None));
        assert_eq!(parse_percent_range("50"), Ok(Some((50, None))));
        assert_eq!(parse_percent_range("80 %"), Ok(Some((80, None))));
        assert_eq!(parse_percent_range("50 à 80"), Ok(Some((50, Some(80)))));
        assert_eq!(parse_percent_range("de 50 à 80 %"), Ok(Some((50, Some(80)))));
        assert_eq!(parse_percent_range("50-100"), Ok(Some((50, Some(100)))));
        for wrong in ["5", "120", "80 à 50", "beaucoup", "50 à"] {
            assert!(parse_percent_range(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn amounts_read_with_spaces_and_euro_signs() {
        assert_eq!(parse_range("1 850"), Ok(Some((1850, None))));
        assert_eq!(parse_range("1850 €"), Ok(Some((1850, None))));
        assert_eq!(parse_range("1 800 à 2 100 €"), Ok(Some((1800, Some(2100)))));
        assert_eq!(parse_range("1800-2100"), Ok(Some((1800, Some(2100)))));
        assert_eq!(parse_range("environ 1800"), Err(()));
    }

    #[test]
    fn working_time_says_what_the_fiche_decided() {
        let time = |quotite, percent, percent_max, adaptable| WorkingTime {
            quotite,
            percent,
            percent_max,
            adaptable,
            note: String::new(),
        };
        assert_eq!(
            time(Quotite::MiTemps, Some(50), None, false).text(),
            "Mi-temps (50\u{a0}%)"
        );
        assert_eq!(
            time(Quotite::TempsPartiel, Some(50), Some(80), false).text(),
            "Temps partiel (de 50 à 80\u{a0}%)"
        );
        assert_eq!(
            time(Quotite::TempsPlein, Some(100), None, true).text(),
            "Temps plein (100\u{a0}%), adaptable"
        );
        assert_eq!(
            time(Quotite::AConvenir, None, None, true).text(),
            "À convenir, adaptable"
        );
        assert_eq!(
            time(Quotite::TempsPartiel, Some(50), Some(80), false).percent_field(),
            "50 à 80"
        );
    }

    #[test]
    fn pay_in_euros_reads_as_a_monthly_gross_amount() {
        let one = EuroRange { min: 1850, max: None };
        assert_eq!(one.text(), "1\u{a0}850\u{a0}€ brut mensuel");
        let range = EuroRange {
            min: 1800,
            max: Some(2100),
        };
        assert_eq!(range.text(), "de 1\u{a0}800 à 2\u{a0}100\u{a0}€ brut mensuel");
        assert_eq!(range.field(), "1800 à 2100");
        assert_eq!(thousands(12_000), "12\u{a0}000");
    }

    #[test]
    fn a_fixed_term_contract_says_its_length() {
        assert_eq!(
            contract_text(Contract::Cdd, Some(12)),
            "Contrat à durée déterminée (CDD) de 12\u{a0}mois"
        );
        assert_eq!(
            contract_text(Contract::Titulaire, Some(12)),
            "Titulaire de la fonction publique"
        );
        assert_eq!(Quotite::AConvenir.employment_type(), None);
    }
}
