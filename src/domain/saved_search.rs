//! Saved searches and their alerts: how often, and what an alert says.

use super::FieldError;
use super::offer_query::{OfferQuery, RawOfferQuery};

/// A search of the board as the form to save it sends it, read: what is stored and what the
/// messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchToSave {
    /// The board's query string, canonical (`RawOfferQuery::canonical`).
    pub query: String,
    /// The search in French words (`OfferQuery::describe`).
    pub label: String,
    pub frequency: Frequency,
}

impl SearchToSave {
    /// From the board's query string, as its page wrote it in the form, and the chosen
    /// frequency. A place that fits several communes must be chosen first: an alert needs one.
    pub fn parse(query_string: &str, frequency: &str) -> Result<SearchToSave, FieldError> {
        let raw: RawOfferQuery = serde_urlencoded::from_str(query_string).unwrap_or_default();
        let query = OfferQuery::try_from(raw.clone())?;
        if query.place_choices.is_some() {
            return Err(FieldError::new(
                "lieu",
                "Précisez d'abord le lieu de la recherche, puis créez l'alerte.",
            ));
        }
        Ok(SearchToSave {
            query: raw.canonical(),
            label: query.describe(),
            frequency: Frequency::parse(frequency)?,
        })
    }
}

/// When a saved search's alerts leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// One e-mail per new offer, within minutes of its publication.
    Immediate,
    /// One e-mail a week listing the new offers, if there are any.
    Weekly,
}

impl Frequency {
    pub const ALL: [Frequency; 2] = [Frequency::Immediate, Frequency::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Immediate => "immediate",
            Frequency::Weekly => "weekly",
        }
    }

    /// The form's value: `immediate` or `weekly` (nothing means immediate).
    pub fn parse(value: &str) -> Result<Frequency, FieldError> {
        match value.trim() {
            "" | "immediate" => Ok(Frequency::Immediate),
            "weekly" => Ok(Frequency::Weekly),
            _ => Err(FieldError::new(
                "frequence",
                "Choisissez de recevoir les alertes à chaque nouvelle offre ou une fois par semaine.",
            )),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Frequency::Immediate => "à chaque nouvelle offre",
            Frequency::Weekly => "une fois par semaine",
        }
    }
}

/// The subject of an alert: "Nouvelle offre : {title}" or "3 nouvelles offres pour votre
/// recherche".
pub fn alert_subject(titles: &[&str]) -> String {
    match titles {
        [title] => format!("Nouvelle offre : {title}"),
        many => format!("{} nouvelles offres pour votre recherche", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_round_trip_and_default_to_immediate() {
        for f in Frequency::ALL {
            assert_eq!(Frequency::parse(f.as_str()), Ok(f));
        }
        assert_eq!(Frequency::parse(""), Ok(Frequency::Immediate));
        assert_eq!(Frequency::parse("daily").unwrap_err().field, "frequence");
    }

    #[test]
    fn a_search_to_save_is_stored_canonical_and_named_in_french() {
        let search = SearchToSave::parse("page=2&departement=73&q=psychose", "weekly").unwrap();
        assert_eq!(search.query, "q=psychose&departement=73");
        assert_eq!(search.label, "« psychose », Savoie (73)");
        assert_eq!(search.frequency, Frequency::Weekly);
        assert_eq!(
            SearchToSave::parse("departement=999", "").unwrap_err().field,
            "departement"
        );
        assert_eq!(
            SearchToSave::parse("q=psychose", "daily").unwrap_err().field,
            "frequence"
        );
    }

    #[test]
    fn subjects_name_one_offer_or_count_several() {
        assert_eq!(alert_subject(&["Médiateur (H/F)"]), "Nouvelle offre : Médiateur (H/F)");
        assert_eq!(
            alert_subject(&["a", "b", "c"]),
            "3 nouvelles offres pour votre recherche"
        );
    }
}
