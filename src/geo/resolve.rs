//! What a place typed by a visitor designates in the commune table: one commune, several to
//! choose from, or none, with the French message the page shows.

use super::{Commune, Communes};
use crate::domain::FieldError;
use crate::domain::geo::{PlaceText, name_key};

/// A place to search around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub commune: &'static Commune,
    /// What the page says the distances are measured from: "Chambéry (73000)", or for a postal
    /// code shared by several communes "73000 (Chambéry et 4 autres communes)".
    pub label: String,
}

/// What a place typed by a visitor designates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(Place),
    /// Several communes fit: the visitor chooses. `message` says why, in French.
    Choices {
        message: String,
        communes: Vec<&'static Commune>,
    },
    Unknown(FieldError),
}

/// Most choices shown for an ambiguous or misspelt name.
const MAX_CHOICES: usize = 12;

impl Communes {
    /// The commune a place designates, the choices when several fit, or why none does.
    pub fn resolve(&'static self, place: &PlaceText) -> Resolution {
        match place {
            PlaceText::PostalCode(code) => self.resolve_postal_code(code),
            PlaceText::NameAndPostalCode(key, code) => {
                match self
                    .with_postal_code(code)
                    .into_iter()
                    .find(|c| name_key(c.name) == *key)
                {
                    Some(commune) => Resolution::Found(Place {
                        commune,
                        label: format!("{} ({code})", commune.name),
                    }),
                    None => self.resolve_name(key),
                }
            }
            PlaceText::Name(key) => self.resolve_name(key),
        }
    }

    fn resolve_postal_code(&'static self, code: &str) -> Resolution {
        let communes = self.with_postal_code(code);
        match communes.as_slice() {
            [] => Resolution::Unknown(FieldError::new(
                "lieu",
                format!("Le code postal {code} n'existe pas. Vérifiez-le, ou indiquez le nom de la commune."),
            )),
            [only] => Resolution::Found(Place {
                commune: only,
                label: only.label(),
            }),
            // Communes sharing a postal code are neighbours: distances are measured from the
            // largest, which the label names.
            [largest, others @ ..] => Resolution::Found(Place {
                commune: largest,
                label: format!(
                    "{code} ({} et {} autre{} commune{})",
                    largest.name,
                    others.len(),
                    if others.len() > 1 { "s" } else { "" },
                    if others.len() > 1 { "s" } else { "" },
                ),
            }),
        }
    }

    fn resolve_name(&'static self, key: &str) -> Resolution {
        let named = self.named(key);
        match named.as_slice() {
            [only] => Resolution::Found(Place {
                commune: only,
                label: only.label(),
            }),
            [] => {
                let near = self.starting_with(key, MAX_CHOICES);
                if near.is_empty() {
                    Resolution::Unknown(FieldError::new(
                        "lieu",
                        "Aucune commune de ce nom n'est connue. Vérifiez l'orthographe, ou indiquez le code postal.",
                    ))
                } else {
                    Resolution::Choices {
                        message: "Aucune commune ne porte exactement ce nom. Vouliez-vous dire :".into(),
                        communes: near,
                    }
                }
            }
            several => Resolution::Choices {
                message: format!("{} communes portent ce nom. Choisissez la vôtre :", several.len()),
                communes: several.iter().copied().take(MAX_CHOICES).collect(),
            },
        }
    }
}
