//! Saved searches and their alerts: how often, and what an alert says.

use super::FieldError;

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
    fn subjects_name_one_offer_or_count_several() {
        assert_eq!(alert_subject(&["Médiateur (H/F)"]), "Nouvelle offre : Médiateur (H/F)");
        assert_eq!(
            alert_subject(&["a", "b", "c"]),
            "3 nouvelles offres pour votre recherche"
        );
    }
}
