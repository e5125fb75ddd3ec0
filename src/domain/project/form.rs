//! The form that opens a post project: the establishment, the unit, the working time and
//! university considered, and the six readiness answers.

use serde::Deserialize;

use super::{NewProject, Readiness, check_text};
use crate::domain::fiche::{Quotite, Track};
use crate::domain::form_errors::FormErrors;

/// The fields as typed.
#[derive(Deserialize, Default, Clone)]
pub struct ProjectForm {
    #[serde(default)]
    pub etablissement: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub public_served: String,
    #[serde(default)]
    pub quotite: String,
    #[serde(default)]
    pub parcours: String,
    #[serde(flatten)]
    pub readiness: Readiness,
}

impl ProjectForm {
    /// The new project, for one of `establishments` (those the author may open one for), or
    /// every field's error.
    pub fn read(&self, establishments: &[(i64, String)]) -> Result<NewProject, FormErrors> {
        let mut errors = FormErrors::default();
        let establishment_id = establishments
            .iter()
            .map(|(id, _)| *id)
            .find(|id| id.to_string() == self.etablissement);
        if establishment_id.is_none() {
            errors.add("etablissement", "Choisissez l'un de vos établissements.");
        }
        let unit = errors.check(check_text(
            "unit",
            &self.unit,
            "l'unité ou le service d'accueil",
            true,
            200,
        ));
        let public_served = errors.check(check_text(
            "public_served",
            &self.public_served,
            "le public accueilli",
            true,
            1000,
        ));
        let quotite = Quotite::parse(&self.quotite);
        if quotite.is_none() {
            errors.add("quotite", "Choisissez le temps de travail envisagé.");
        }
        let track = Track::parse(&self.parcours);
        if track.is_none() {
            errors.add("parcours", "Choisissez l'université envisagée.");
        }
        let readiness = self.read_readiness(&mut errors);
        match (establishment_id, unit, public_served, quotite, track, errors.is_empty()) {
            (Some(establishment_id), Some(unit), Some(public_served), Some(quotite), Some(track), true) => {
                Ok(NewProject {
                    establishment_id,
                    unit,
                    public_served,
                    quotite,
                    track,
                    readiness,
                })
            }
            _ => Err(errors),
        }
    }

    /// The readiness answers, each optional and bounded.
    fn read_readiness(&self, errors: &mut FormErrors) -> Readiness {
        Readiness::read(&self.readiness, errors)
    }
}
